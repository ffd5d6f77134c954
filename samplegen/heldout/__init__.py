"""Held-out sample packets: scans the extractor was never tuned on, with ground truth.

``generate(out, n, seed)`` writes ``out/packet_NNN/`` (scan files plus ``truth.json`` in the
RESULT.json format) and ``out/manifest.json``; the same seed gives the same bytes. See
README.md beside this file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from samplegen.heldout.packet import generate_packet


def generate(out: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """Write ``n`` packets and the manifest under ``out``; returns the manifest entries."""
    out.mkdir(parents=True, exist_ok=True)
    entries = [generate_packet(out, i, seed) for i in range(1, n + 1)]
    manifest = {"generator": "samplegen.heldout", "seed": seed, "packets": entries}
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return entries
