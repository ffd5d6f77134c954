"""Write unseen packets: ``generate(out, n, seed)`` → ``out/packet_NNN/`` plus ``manifest.json``.

Each packet folder holds the scan files and a ``truth.json`` (a ``kernel.schema.ProcessResult``)
in exactly the main generator's conventions; ``manifest.json`` records per packet the layout,
document variants, damage and defects, so scores can be broken down by layout.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from kernel.domain import FilingStatus, Severity
from kernel.schema import FilingResult, ProcessResult
from samplegen.unseen import package, plan
from validate.codes import make_issue


def truth(built: plan.Built, placed: list[package.Placed], tag: str) -> ProcessResult:
    """The truth of a built packet as placed in files: documents, and the filing with its verdict."""
    ids = [f"{tag}-{k + 1}" for k in range(len(placed))]
    documents = []
    for k, p in enumerate(placed):
        src = p.duplicate_of if p.duplicate_of is not None else k
        dup = ids[p.duplicate_of] if p.duplicate_of is not None else None
        documents.append(package.document(built.docs[src], p, ids[k], dup))
    doc_ids = ids[: len(built.docs)]
    issues = [
        make_issue(code, field=fld, document=doc_ids[i] if i is not None else None, **params)
        for code, fld, i, params in built.issues
    ]
    errors = any(i.severity == Severity.ERROR for i in issues)
    filing = FilingResult(
        id=f"{tag}-f1",
        id_number=built.decl.id_number,
        name=built.decl.name,
        filing_category=built.recipe.category,
        documents=sorted(doc_ids),
        status=FilingStatus.INCOMPLETE if errors else FilingStatus.COMPLETE,
        issues=issues,
    )
    return ProcessResult(documents=documents, filings=[filing])


def write_packet(folder: Path, seed: int, index: int, defects: tuple[str, ...]) -> dict[str, Any]:
    """Render, damage and write packet ``index`` (1-based); returns its manifest entry."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    r = random.Random(f"unseen-{seed}-{index}")
    nrng = np.random.default_rng([seed, index, 2027])
    recipe = plan.draw(index - 1, defects, seed, r)
    built = plan.build(recipe, r, nrng)
    placed = package.write_files(built.docs, folder, r, nrng)
    result = truth(built, placed, f"u{index:03d}")
    (folder / "truth.json").write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    filing = result.filings[0]
    return {
        "packet": folder.name,
        "category": recipe.category,
        "layout": recipe.layout,
        "insured_region": built.decl.insured_region,
        "dpi": recipe.dpi,
        "typed": built.docs[0].typed,
        "documents": [
            {
                "id": d.id,
                "source": d.source,
                "pages": d.pages,
                "doc_type": d.doc_type.value,
                "variant": built.docs[k if p.duplicate_of is None else p.duplicate_of].variant,
                "damage": package.describe(p),
                "duplicate_of": d.duplicate_of,
            }
            for k, (d, p) in enumerate(zip(result.documents, placed, strict=True))
        ],
        "expected": filing.status.value,
        "issues": [i.code for i in filing.issues],
    }


def generate(out: Path, n: int, seed: int) -> list[Path]:
    """Write ``n`` packets ``out/packet_001`` … and ``out/manifest.json``; same seed, same bytes."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    schedule = plan.schedule(n, seed)
    folders, manifest = [], []
    for i in range(n):
        folder = out / f"packet_{i + 1:03d}"
        manifest.append(write_packet(folder, seed, i + 1, schedule[i]))
        folders.append(folder)
    text = json.dumps({"seed": seed, "packets": manifest}, ensure_ascii=False, indent=2)
    (out / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return folders
