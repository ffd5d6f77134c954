"""Scan, package and write one unseen packet with its truth.json.

Every page gets a damage grade (about a third each clean, moderate, bad). Packagings:
``separate`` (one file per document: JPEG, PNG, or a PDF/TIFF when it has several pages),
``pdf_bundle`` (declaration and first proof in one scanned PDF), ``all_pdf`` (everything in
one PDF), ``mixed_pdf`` (a born-digital declaration page with its text layer followed by
scanned proofs), ``tiff`` (proofs in one bilevel G4 TIFF); sometimes a byte-identical
duplicate. File names vary the way scanning stations and phones name them.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import numpy as np
from PIL import Image

from kernel.domain import DocType
from kernel.schema import DocumentResult, FieldValue, Stamp
from samplegen import writers
from samplegen.unseen import damage
from samplegen.unseen.doc import UDoc

NAMES = {
    DocType.DECLARATION_FORM: ("备案表", "登记表", "申请表"),
    DocType.HOUSEHOLD_REGISTER: ("户口本", "户口簿"),
    DocType.RESIDENCE_PERMIT: ("居住证",),
    DocType.RESIDENCE_CERTIFICATE: ("居住证明", "证明"),
    DocType.REFERRAL_CERTIFICATE: ("转诊单", "转诊审批表"),
    DocType.PERSONAL_COMMITMENT: ("承诺书",),
    DocType.WRITTEN_APPLICATION: ("申请书",),
}


@dataclass
class Scanned:
    """A page as it will be stored: image, damage, whether it keeps a text layer."""

    doc: int
    page: int
    image: Image.Image
    dmg: damage.Damage | None  # None: born-digital page
    size: tuple[int, int]  # clean page size in px (before crop)


@dataclass
class Placed:
    """Where one document's pages went."""

    source: str
    pages: list[int]
    scans: list[Scanned]
    tiff: bool = False
    duplicate_of: int | None = None


@dataclass
class Packaging:
    kind: str
    grades: list[str]
    placed: list[Placed] = field(default_factory=list)


def _grade(r: random.Random) -> str:
    return r.choice(("clean", "moderate", "bad"))


def _scan(
    doc: UDoc, i: int, r: random.Random, nrng: np.random.Generator, digital: bool = False, fax: bool = False
) -> list[Scanned]:
    out = []
    turns = r.choice((0,) * 14 + (1, 2, 3))
    grade = _grade(r)
    gray = True if r.random() < 0.15 else None
    for k, page in enumerate(doc.pages):
        if digital:
            out.append(Scanned(i, k, page.img, None, page.size))
            continue
        d = damage.draw(nrng, grade, turns=turns if k == 0 else 0, gray=gray, fax=fax)
        out.append(Scanned(i, k, damage.apply(page.img, d, nrng), d, page.size))
    return out


def _name(doc: UDoc, n: int, style: str, ext: str, r: random.Random) -> str:
    if style == "zh":
        return f"{r.choice(NAMES[doc.doc_type])}{n}.{ext}"
    if style == "phone" and ext == "jpg":
        stamp = f"{r.randint(1, 11):02d}{r.randint(1, 28):02d}_{r.randint(8, 17):02d}{r.randint(0, 59):02d}"
        return f"IMG_2026{stamp}{n * 7 % 60:02d}.jpg"
    return f"{'scan' if style == 'phone' else style}_{n:02d}.{ext}"


def write_files(docs: list[UDoc], folder: Path, r: random.Random, nrng: np.random.Generator) -> list[Placed]:
    """Damage and store every page; return where each document went (in document order)."""
    kind = r.choice(("separate", "separate", "pdf_bundle", "all_pdf", "mixed_pdf", "tiff"))
    if kind == "mixed_pdf" and (not docs[0].typed or len(docs) < 2):
        kind = "separate"
    if kind == "tiff" and len(docs) < 3:
        kind = "pdf_bundle"
    style = r.choice(("scan", "zh", "phone", "DOC", "scan"))
    placed: list[Placed | None] = [None] * len(docs)
    counter = 0

    def pdf(group: list[int], name: str, digital_first: bool = False) -> None:
        pages: list[writers.PdfPage] = []
        for i in group:
            scans = _scan(docs[i], i, r, nrng, digital=digital_first and i == group[0])
            start = len(pages) + 1
            for s in scans:
                runs = docs[i].pages[s.page].runs if s.dmg is None else None
                pages.append(writers.PdfPage(s.image, runs, 85 if s.dmg is None else s.dmg.quality))
            placed[i] = Placed(name, list(range(start, start + len(scans))), scans)
        writers.save_pdf(pages, folder / name)

    groups: list[list[int]] = []
    if kind in ("pdf_bundle", "mixed_pdf") and len(docs) > 1:
        groups.append([0, 1])
    elif kind == "all_pdf":
        groups.append(list(range(len(docs))))
    elif kind == "tiff":
        groups.append(list(range(1, len(docs))))
    grouped = {i for g in groups for i in g}
    for g in groups:
        counter += 1
        if kind == "tiff":
            scans = [s for i in g for s in _scan(docs[i], i, r, nrng, fax=True)]
            name = _name(docs[g[0]], counter, style, "tif", r)
            writers.save_tiff([s.image for s in scans], folder / name, docs[g[0]].pages[0].dpi)
            page_no = 1
            for i in g:
                own = [s for s in scans if s.doc == i]
                placed[i] = Placed(name, list(range(page_no, page_no + len(own))), own, tiff=True)
                page_no += len(own)
        else:
            pdf(g, _name(docs[g[0]], counter, style, "pdf", r), digital_first=kind == "mixed_pdf")
    for i, doc in enumerate(docs):
        if i in grouped:
            continue
        counter += 1
        if len(doc.pages) > 1:
            if r.random() < 0.6:
                pdf([i], _name(doc, counter, style, "pdf", r))
            else:
                scans = _scan(doc, i, r, nrng, fax=True)
                name = _name(doc, counter, style, "tif", r)
                writers.save_tiff([s.image for s in scans], folder / name, doc.pages[0].dpi)
                placed[i] = Placed(name, list(range(1, len(scans) + 1)), scans, tiff=True)
            continue
        if i == 0 and doc.typed and r.random() < 0.5:
            pdf([i], _name(doc, counter, style, "pdf", r), digital_first=True)
            continue
        scans = _scan(doc, i, r, nrng)
        ext = "png" if r.random() < 0.1 else "jpg"
        name = _name(doc, counter, style, ext, r)
        writers.save_image(scans[0].image, folder / name, scans[0].dmg.quality if scans[0].dmg else 85)
        placed[i] = Placed(name, [1], scans)
    out = [p for p in placed if p is not None]
    singles = [k for k, p in enumerate(out) if p.source.endswith(".jpg")]
    if singles and r.random() < 0.2:
        k = r.choice(singles)
        src = out[k].source
        copy = src.replace(".jpg", r.choice(("_副本.jpg", "(1).jpg", "_copy.jpg")))
        shutil.copyfile(folder / src, folder / copy)
        out.append(Placed(copy, [1], out[k].scans, duplicate_of=k))
    return out


def unplaced(docs: list[UDoc]) -> list[Placed]:
    """Every document in its own clean, undamaged file (for checks that need no scans)."""
    return [
        Placed(
            f"doc_{i + 1:02d}.png",
            list(range(1, len(d.pages) + 1)),
            [Scanned(i, k, pg.img, None, pg.size) for k, pg in enumerate(d.pages)],
        )
        for i, d in enumerate(docs)
    ]


def _frac(box: tuple[int, int, int, int] | None, s: Scanned) -> list[float] | None:
    if box is None:
        return None
    b, (w, h) = damage.crop_box(box, s.size, s.dmg.crop if s.dmg else None)
    vals = [b[0] / w, b[1] / h, b[2] / w, b[3] / h]
    return [round(min(1.0, max(0.0, v)), 4) for v in vals]


def document(doc: UDoc, p: Placed, doc_id: str, dup_id: str | None) -> DocumentResult:
    """The truth DocumentResult of ``doc`` as placed."""
    fields = {}
    for key, (value, page_idx, box) in doc.fields.items():
        s = p.scans[page_idx]
        fields[key] = FieldValue(
            value=value, confidence=1.0, page=p.pages[page_idx], bbox=_frac(box, s), source="truth"
        )
    stamps = []
    for page_idx, mark in doc.seals:
        s = p.scans[page_idx]
        gray = p.tiff or (s.dmg is not None and (s.dmg.gray or s.dmg.bilevel))
        stamps.append(
            Stamp(
                page=p.pages[page_idx],
                bbox=_frac(mark.box, s) or [0, 0, 0, 0],
                confidence=1.0,
                shape=cast(Literal["round", "oval", "square"], mark.shape),
                text=mark.text,
                color="gray" if gray else "red",
                role=cast(Literal["agency", "issuer", "unknown"], mark.role),
            )
        )
    return DocumentResult(
        id=doc_id,
        source=p.source,
        pages=p.pages,
        doc_type=doc.doc_type,
        fields=fields,
        stamps=stamps,
        duplicate_of=dup_id,
    )


def describe(p: Placed) -> str:
    """A short damage/packaging note for the manifest."""
    bits = []
    for s in p.scans:
        if s.dmg is None:
            bits.append("digital")
            continue
        d = s.dmg
        tags = [d.grade]
        tags += [
            t
            for t, on in (
                ("phone", d.phone),
                ("fax", d.bilevel),
                ("gray", d.gray and not d.bilevel),
                ("crease", d.crease),
                ("holes", d.holes),
                ("faded", d.contrast < 0.62),
                ("lowres", d.scale < 0.82),
            )
            if on
        ]
        if d.crop:
            tags.append(f"crop-{d.crop[0]}")
        if d.quarter_turns:
            tags.append(f"turn{d.quarter_turns * 90}")
        if abs(d.skew) > 4:
            tags.append(f"skew{d.skew:+.0f}")
        tags.append(f"q{d.quality}")
        bits.append("+".join(tags))
    return " / ".join(bits)
