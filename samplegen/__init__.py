"""Synthetic filing packets: realistic scans of 异地就医备案 paperwork with truth.json files.

``generate(out, n, seed)`` writes ``out/packet_001`` … each holding scan files (JPEG, PDF,
TIFF) and a ``truth.json`` (a ``kernel.schema.ProcessResult``). Same seed, same bytes.
"""

from __future__ import annotations

from samplegen.packets import generate

__all__ = ["generate"]
