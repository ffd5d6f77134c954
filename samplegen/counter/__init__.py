"""Counter packets: paper as it reaches an agency window.

Synthetic 异地就医备案 packets drawn independently of the extractor: stamps of every kind where
they really land (over rules, text, signatures and card copies, cut by the edge, worn, any ink),
card photocopies on A4 sheets in any orientation, declaration forms in invented layouts, proofs
and foreign pages, scanner and phone effects, and planted defects whose verdict follows DOMAIN.md.

``generate(out, n, seed)`` writes ``out/packet_001 …`` with the scans and a ``truth.json``
(``kernel.schema.ProcessResult``) each.
"""

from __future__ import annotations

from pathlib import Path

from kernel.schema import ProcessResult
from samplegen.counter.packet import build


def generate(out: Path, n: int, seed: int) -> list[ProcessResult]:
    """Write ``n`` packets under ``out``; the same ``seed`` writes the same bytes."""
    out = Path(out)
    return [build(out / f"packet_{i:03d}", i, seed) for i in range(1, n + 1)]


__all__ = ["generate"]
