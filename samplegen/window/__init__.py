"""A fourth, independent generator of scanned filing packets with ground truth.

Drawn without looking at the extractor or the other generators, to find
general weaknesses. ``generate(out, n, seed)`` writes ``out/packet_NNN/`` (scan
files and ``truth.json``) and ``out/manifest.json``; same seed, same bytes.
See README.md beside this file for what varies.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from samplegen.window.damage import PROFILES, Scan, scan
from samplegen.window.package import package
from samplegen.window.packet import build
from samplegen.window.truth import build_truth


def generate_packet(out: Path, seed: int, index: int) -> dict[str, object]:
    """One packet folder; returns its manifest entry."""
    rng = random.Random(f"window/{seed}/{index}")
    pk = build(rng)
    station = rng.choice(PROFILES)
    scans: dict[str, list[Scan]] = {}
    for d in pk.docs:
        if d.shares_page_with is not None:
            continue
        profile = station if rng.random() < 0.7 else rng.choice(PROFILES)
        scans[d.key] = [scan(p, rng, profile) for p in d.pages]
    for d in pk.docs:  # a second card on the same sheet: its fields ("ss:" keys) ride on the host's scan
        if d.shares_page_with is not None:
            host = scans[d.shares_page_with][0]
            mine = {k[3:]: v for k, v in host.fields.items() if k.startswith("ss:")}
            host.fields = {k: v for k, v in host.fields.items() if not k.startswith("ss:")}
            scans[d.key] = [Scan(host.image, host.dpi, mine, [], host.ops, [])]
    keyed = [(d.key, scans[d.key]) for d in pk.docs if d.shares_page_with is None]
    placed, mode = package(rng, keyed, out)
    for d in pk.docs:
        if d.shares_page_with is not None:
            placed[d.key] = placed[d.shares_page_with]
    truth = build_truth(pk, scans, placed)
    (out / "truth.json").write_text(truth.model_dump_json(indent=2), encoding="utf-8")
    return {
        "packet": out.name,
        "category": pk.filing.category.value,
        "defects": pk.defects,
        "packaging": mode,
        "documents": [
            {
                "key": d.key,
                "doc_type": d.doc_type.value,
                "variant": d.variant,
                "source": placed[d.key].source,
                "pages": placed[d.key].pages,
                "scan": [s.ops for s in scans[d.key]],
            }
            for d in pk.docs
        ],
        "issues": [i.code for i in truth.filings[0].issues],
    }


def generate(out: Path, n: int, seed: int) -> list[Path]:
    """Write ``n`` packets and a manifest into ``out``; returns the packet folders."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    folders: list[Path] = []
    entries = []
    for i in range(1, n + 1):
        folder = out / f"packet_{i:03d}"
        entries.append(generate_packet(folder, seed, i))
        folders.append(folder)
    manifest = {"generator": "samplegen.window", "seed": seed, "packets": entries}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folders
