"""Unseen test packets: filings whose layouts, wordings, fonts and scan damage differ from the
main synthetic samples, to measure how the extractor generalises (a stand-in for the hidden set).

``generate(out, n, seed)`` writes ``out/packet_001`` … in the main generator's format (scan
files plus ``truth.json``) and ``out/manifest.json``. Same seed, same bytes.
"""

from __future__ import annotations

from samplegen.unseen.generate import generate

__all__ = ["generate"]
