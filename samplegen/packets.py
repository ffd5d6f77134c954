"""Write packet folders: scan files with damage, packaging tricks and a truth.json.

Packaging mirrors what a window scanner produces: one JPEG per page, two documents in one
PDF, a born-digital PDF with a text layer, a multi-page TIFF, the same sheet scanned twice.
Truth is assembled from what the builders recorded (clean-page fractions) and written as
a ``ProcessResult`` with sources relative to the packet folder.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import numpy as np
from PIL import Image

from kernel.domain import FilingStatus, Severity
from kernel.schema import DocumentResult, FieldValue, FilingResult, ProcessResult, Stamp
from samplegen import scan, writers
from samplegen.model import Rendered
from samplegen.plan import SCENARIOS, Planned, Scenario, build_documents, expected_issues


@dataclass
class Placed:
    """Where a rendered document ended up: file, 1-based page, and whether the scan is gray."""

    doc: Rendered
    source: str
    page: int
    gray: bool
    duplicate_of: int | None = None


def _damaged(plan: Planned, i: int, nrng: np.random.Generator) -> tuple[Image.Image, bool, int]:
    """The damaged scan image of document ``i``, its gray flag and JPEG quality."""
    sc = plan.scenario
    gray = i in sc.gray
    turns = dict(sc.turns).get(i, 0)
    phone = i in sc.phone
    heavy = phone or nrng.random() < 0.2
    d = scan.random_damage(nrng, gray=gray, quarter_turns=turns, phone=phone, heavy=heavy)
    img = scan.apply(plan.docs[i].page.img, d, nrng)
    quality = int(nrng.integers(68, 74)) if phone else int(nrng.integers(70, 80))
    return img, gray, quality


def _write_files(plan: Planned, folder: Path, nrng: np.random.Generator) -> list[Placed]:
    sc = plan.scenario
    docs = plan.docs
    placed: list[Placed] = []
    n = len(docs)
    bundle = {"pdf_bundle": (0, 1), "tiff": tuple(range(1, n))}.get(sc.packaging, ())
    bundle = tuple(i for i in bundle if i < n) if len(bundle) > 1 else ()
    counter = 0
    bundled_pages: list[tuple[int, Image.Image, bool, int]] = []
    for i in range(n):
        if i in bundle:
            img, gray, q = _damaged(plan, i, nrng)
            bundled_pages.append((i, img, gray, q))
            if i == bundle[-1]:
                counter += 1
                ext = "pdf" if sc.packaging == "pdf_bundle" else "tif"
                name = f"scan_{counter:02d}.{ext}"
                if ext == "pdf":
                    writers.save_pdf(
                        [writers.PdfPage(im, None, q) for _, im, _, q in bundled_pages], folder / name
                    )
                else:
                    writers.save_tiff([im for _, im, _, _ in bundled_pages], folder / name, sc.dpi)
                for page_no, (j, _, g, _) in enumerate(bundled_pages, 1):
                    placed.append(Placed(docs[j], name, page_no, g or ext == "tif"))
            continue
        counter += 1
        if i == 0 and sc.packaging == "digital_pdf":
            name = f"form_{counter:02d}.pdf"
            writers.save_pdf([writers.PdfPage(docs[i].page.img, docs[i].page.runs, 82)], folder / name)
            placed.append(Placed(docs[i], name, 1, False))
            continue
        img, gray, q = _damaged(plan, i, nrng)
        name = f"IMG_2026{counter:02d}{i + 11:02d}.jpg" if i in sc.phone else f"scan_{counter:02d}.jpg"
        writers.save_image(img, folder / name, q)
        placed.append(Placed(docs[i], name, 1, gray))
    placed.sort(key=lambda p: (p.source, p.page))
    if sc.duplicate:
        last = next(p for p in reversed(placed) if p.source.endswith(".jpg"))
        copy = last.source.replace(".jpg", "_copy.jpg")
        shutil.copyfile(folder / last.source, folder / copy)
        placed.append(Placed(last.doc, copy, 1, last.gray, duplicate_of=placed.index(last)))
    return placed


def _document(p: Placed, doc_id: str, dup_id: str | None) -> DocumentResult:
    page = p.doc.page
    fields = {
        k: FieldValue(value=v, confidence=1.0, page=p.page, bbox=page.frac(box), source="truth")
        for k, (v, box) in p.doc.fields.items()
    }
    stamps = [
        Stamp(
            page=p.page,
            bbox=page.frac(s.box) or [0, 0, 0, 0],
            confidence=1.0,
            shape=cast(Literal["round", "oval", "square"], s.shape),
            text=s.text,
            color="gray" if p.gray else "red",
            role=cast(Literal["agency", "issuer", "unknown"], s.role),
        )
        for s in p.doc.seals
    ]
    return DocumentResult(
        id=doc_id,
        source=p.source,
        pages=[p.page],
        doc_type=p.doc.doc_type,
        fields=fields,
        stamps=stamps,
        duplicate_of=dup_id,
    )


def write_packet(folder: Path, sc: Scenario, seed: int, index: int) -> Path:
    """Render, damage and write one packet with its truth.json."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    r = random.Random(f"{seed}-{index}")
    nrng = np.random.default_rng([seed, index])
    plan = build_documents(sc, r, nrng)
    placed = _write_files(plan, folder, nrng)
    tag = f"p{index:03d}"
    order = {id(d): k for k, d in enumerate(plan.docs)}
    ids = [f"{tag}-{k + 1}" for k in range(len(placed))]
    by_doc = {}
    for k, p in enumerate(placed):
        if p.duplicate_of is None:
            by_doc[order[id(p.doc)]] = ids[k]
    documents = [
        _document(p, ids[k], ids[p.duplicate_of] if p.duplicate_of is not None else None)
        for k, p in enumerate(placed)
    ]
    doc_ids = [by_doc[k] for k in range(len(plan.docs))]
    issues = expected_issues(plan, doc_ids)
    errors = any(i.severity == Severity.ERROR for i in issues)
    filing = FilingResult(
        id=f"{tag}-f1",
        id_number=plan.decl.id_number,
        name=plan.decl.name,
        filing_category=sc.category,
        documents=sorted(by_doc.values()),
        status=FilingStatus.INCOMPLETE if errors else FilingStatus.COMPLETE,
        issues=issues,
    )
    result = ProcessResult(documents=documents, filings=[filing])
    text = result.model_dump_json(indent=2)
    (folder / "truth.json").write_text(text + "\n", encoding="utf-8")
    return folder


def generate(out: Path, n: int, seed: int) -> list[Path]:
    """Write ``n`` packets ``out/packet_001`` … (cycling through the scenarios); same seed, same bytes."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    folders = []
    for i in range(n):
        sc = SCENARIOS[i % len(SCENARIOS)]
        folders.append(write_packet(out / f"packet_{i + 1:03d}", sc, seed, i + 1))
    return folders
