"""Synthetic packets for developing the stamp (seal) detector.

``generate(out, n, seed)`` writes ``out/packet_001`` … with scans of declaration forms, residence
and referral certificates, card copies, applications and foreign pages, stamped in every ink and
shape a window sees (or left seal-free with look-alikes), and a ``truth.json`` per packet in the
``kernel.schema.ProcessResult`` shape. Deterministic per seed. Run ``python -m samplegen.stamps OUT N SEED``.
"""

from __future__ import annotations

from pathlib import Path

from kernel.schema import ProcessResult
from samplegen.stamps.packet import build


def generate(out: Path, n: int, seed: int) -> list[ProcessResult]:
    """Write ``n`` packets under ``out``; returns their truths."""
    out.mkdir(parents=True, exist_ok=True)
    return [build(out, i, seed) for i in range(1, n + 1)]


__all__ = ["generate"]
