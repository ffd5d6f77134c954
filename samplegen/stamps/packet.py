"""One packet: plan the person and documents, draw, scan, write the files and ``truth.json``."""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from kernel.domain import DOC_FIELDS, DocType, FilingCategory, FilingStatus, Severity
from kernel.schema import (
    NOT_A_FILING_DOCUMENT,
    DocumentResult,
    FieldValue,
    FilingResult,
    Issue,
    PageFrame,
    ProcessResult,
    Stamp,
    UnfiledDocument,
)
from samplegen.stamps import cards, foreign, forms, proofs
from samplegen.stamps.page import Page
from samplegen.stamps.people import Person, make_person
from samplegen.stamps.scan import ScanPlan, plan, scan

CATEGORY_WEIGHTS = {
    FilingCategory.RETIREE_RESETTLED: 0.22,
    FilingCategory.LONG_TERM_RESIDENT: 0.2,
    FilingCategory.STATIONED_WORKER: 0.2,
    FilingCategory.REFERRAL: 0.2,
    FilingCategory.EMERGENCY: 0.06,
    FilingCategory.OTHER_TEMPORARY: 0.12,
}


@dataclass
class Doc:
    """A drawn one-page document of the packet and how it is scanned."""

    doc_type: DocType
    page: Page
    filed: bool = True
    scan: ScanPlan | None = None


def _documents(rng: random.Random, p: Person, defect: str | None) -> list[Doc]:
    docs = [
        Doc(DocType.DECLARATION_FORM, forms.declaration(rng, p, stamped=defect != "agency_stamp_missing"))
    ]
    c = p.category
    if c in (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT):
        docs.append(
            Doc(DocType.RESIDENCE_CERTIFICATE, proofs.residence_certificate(rng, p, sealed=True, unit=False))
        )
    elif c == FilingCategory.STATIONED_WORKER:
        sealed = defect != "certificate_unstamped"
        docs.append(
            Doc(DocType.RESIDENCE_CERTIFICATE, proofs.residence_certificate(rng, p, sealed=sealed, unit=True))
        )
    elif c == FilingCategory.REFERRAL:
        docs.append(Doc(DocType.REFERRAL_CERTIFICATE, proofs.referral_certificate(rng, p)))
    elif c == FilingCategory.OTHER_TEMPORARY:
        docs.append(Doc(DocType.PERSONAL_COMMITMENT, proofs.statement(rng, p, commitment=True)))
    extras: list[Doc] = []
    day = p.signed
    if rng.random() < 0.75:
        issuer = p.home.city + "公安局" + rng.choice(p.home.districts)[1].removesuffix("区") + "分局"
        front = cards.id_front(rng, p.name, p.gender, p.ethnicity, p.birth, p.home_address, p.id_number)
        back = cards.id_back(rng, issuer, p.id_valid_from, p.id_valid_to)
        sheet = cards.card_sheet(rng, [front, back], stamped=rng.random() < 0.75, holder=p.name, day=day)
        extras.append(Doc(DocType.ID_CARD, sheet))
    if rng.random() < 0.45:
        valid_to = p.signed.replace(year=p.signed.year + 8) if rng.random() < 0.5 else None
        card = cards.ss_card(rng, p.name, p.ssn, p.card_number, p.home.city, valid_to)
        sheet = cards.card_sheet(rng, [card], stamped=rng.random() < 0.6, holder=p.name, day=day)
        extras.append(Doc(DocType.SOCIAL_SECURITY_CARD, sheet))
    if rng.random() < 0.3:
        unit = c == FilingCategory.STATIONED_WORKER and rng.random() < 0.6
        page = proofs.statement(
            rng, p, commitment=False, letterhead=not unit and rng.random() < 0.5, unit_seal=unit
        )
        extras.append(Doc(DocType.WRITTEN_APPLICATION, page))
    if rng.random() < 0.35:
        when = p.signed - timedelta(days=rng.randint(1, 60))
        kind = rng.choice(["invoice", "bank", "notice"])
        page = (
            foreign.invoice(rng, p, when)
            if kind == "invoice"
            else foreign.bank_slip(rng, p, when)
            if kind == "bank"
            else foreign.notice(rng, p)
        )
        extras.append(Doc(DocType.UNKNOWN, page, filed=False))
    rng.shuffle(extras)
    docs.extend(extras[: 5 - len(docs)])
    if len(docs) < 2:
        docs.append(Doc(DocType.WRITTEN_APPLICATION, proofs.statement(rng, p, commitment=False)))
    return docs


def _files(rng: random.Random, n: int, docs: list[Doc]) -> list[tuple[str, list[int]]]:
    """Group doc indexes into files: (file name, doc indexes in page order)."""
    out: list[tuple[str, list[int]]] = []
    i = 0
    while i < len(docs):
        sp = docs[i].scan
        assert sp is not None
        nxt = docs[i + 1].scan if i + 1 < len(docs) else None
        if sp.photo:
            out.append((f"IMG_2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}_{i + 1:02d}.jpg", [i]))
            i += 1
            continue
        if (
            nxt is not None
            and not nxt.photo
            and sp.mode != "bilevel"
            and nxt.mode != "bilevel"
            and rng.random() < 0.3
        ):
            ext = rng.choice(["pdf", "pdf", "tif"])
            out.append((f"scan_{i + 1:02d}.{ext}", [i, i + 1]))
            i += 2
            continue
        if sp.mode == "bilevel":
            ext = rng.choice(["tif", "png", "pdf"])
        else:
            ext = rng.choices(["jpg", "png", "pdf", "tif"], [0.6, 0.1, 0.2, 0.1])[0]
        out.append((f"scan_{i + 1:02d}.{ext}", [i]))
        i += 1
    return out


def _save(path: Path, images: list[Image.Image], plans: list[ScanPlan]) -> None:
    sp = plans[0]
    dpi = (sp.dpi, sp.dpi)
    ext = path.suffix
    if ext == ".jpg":
        img = images[0].convert("L" if images[0].mode == "1" else images[0].mode)
        if sp.photo:
            img.save(path, quality=sp.jpeg_quality + 15)
        else:
            img.save(path, quality=sp.jpeg_quality, dpi=dpi)
    elif ext == ".png":
        images[0].save(path, dpi=dpi)
    elif ext == ".tif":
        if len(images) == 1 and images[0].mode == "1":
            images[0].save(path, compression="group4", dpi=dpi)
        else:
            images[0].save(path, save_all=True, append_images=images[1:], compression="tiff_deflate", dpi=dpi)
    else:
        rgb = [im if im.mode in ("1", "L") else im.convert("RGB") for im in images]
        fixed = time.strptime("2026-01-01", "%Y-%m-%d")  # no wall-clock dates: same seed, same bytes
        quality: dict[str, Any] = (
            {} if any(im.mode == "1" for im in rgb) else {"quality": sp.jpeg_quality + 20}
        )
        rgb[0].save(
            path,
            save_all=True,
            append_images=rgb[1:],
            resolution=float(sp.dpi),
            # a bilevel page goes into the PDF as CCITT, which takes no JPEG quality (seed 14 failed)
            **quality,
            creationDate=fixed,
            modDate=fixed,
        )


def _frac(box: tuple[float, float, float, float], w: int, h: int) -> list[float]:
    x0, y0, x1, y1 = box
    clip = [max(0.0, min(1.0, v)) for v in (x0 / w, y0 / h, x1 / w, y1 / h)]
    return [round(v, 4) for v in clip]


def _document(
    doc: Doc, doc_id: str, source: str, page_no: int, sp: ScanPlan, frame: PageFrame
) -> DocumentResult:
    pg = doc.page
    w, h = pg.img.size
    fields: dict[str, FieldValue] = {}
    agency_box: list[float] | None = None
    stamps: list[Stamp] = []
    for m in pg.marks:
        bbox = _frac(m.box, w, h)
        gray = sp.mode != "color" or m.ink == "black"
        stamps.append(
            Stamp.model_validate(
                {
                    "page": page_no,
                    "bbox": bbox,
                    "confidence": 1.0,
                    "shape": m.shape,
                    "text": m.text,
                    "color": "gray" if gray else "red",
                    "role": m.role,
                    "ink": m.ink,
                    "kind": m.kind,
                    "double_struck": m.double,
                }
            )
        )
        if m.role == "agency":
            agency_box = bbox
    for key in DOC_FIELDS[doc.doc_type]:
        value, box = pg.fields.get(key, (None, None))
        fbox = _frac(box, w, h) if box else None
        if key == "agency_stamp":
            fbox = agency_box
        fields[key] = FieldValue(value=value, confidence=1.0, page=page_no, bbox=fbox, source="truth")
    return DocumentResult(
        id=doc_id,
        source=source,
        pages=[page_no],
        doc_type=doc.doc_type,
        fields=fields,
        stamps=stamps,
        page_frames=[frame],
    )


def _issues(defect: str | None, docs: list[DocumentResult]) -> list[Issue]:
    if defect == "agency_stamp_missing":
        decl = next(d for d in docs if d.doc_type == DocType.DECLARATION_FORM)
        return [
            Issue(
                code=defect,
                severity=Severity.ERROR,
                field="agency_stamp",
                document=decl.id,
                message="登记备案表缺少经办机构（单位）盖章",
                message_en="declaration form lacks the agency (or unit) seal",
            )
        ]
    if defect == "certificate_unstamped":
        cert = next(d for d in docs if d.doc_type == DocType.RESIDENCE_CERTIFICATE)
        return [
            Issue(
                code=defect,
                severity=Severity.ERROR,
                field=None,
                document=cert.id,
                message="居住证明未加盖出具单位公章，无效",
                message_en="residence certificate carries no issuer seal and is void",
            )
        ]
    return []


def build(out: Path, index: int, seed: int) -> ProcessResult:
    """Draw, scan and write ``out/packet_NNN``; returns its truth (also written as truth.json)."""
    rng = random.Random(seed * 100_003 + index)
    np_rng = np.random.default_rng(seed * 100_003 + index)
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    person = make_person(rng, category)
    roll = rng.random()
    defect = None
    if roll < 0.12:
        defect = "agency_stamp_missing"
    elif roll < 0.2 and category == FilingCategory.STATIONED_WORKER:
        defect = "certificate_unstamped"
    docs = _documents(rng, person, defect)
    for d in docs:
        d.scan = plan(rng)
    folder = out / f"packet_{index:03d}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    results: list[DocumentResult] = []
    unfiled: list[UnfiledDocument] = []
    for name, members in _files(rng, index, docs):
        images, plans = [], []
        for di in members[1:]:  # one file, one resolution
            first, this = docs[members[0]].scan, docs[di].scan
            assert first is not None and this is not None
            this.dpi = first.dpi
        for page_no, di in enumerate(members, start=1):
            doc = docs[di]
            sp = doc.scan
            assert sp is not None
            upload, inv = scan(doc.page.finish(np_rng), sp, rng, np_rng)
            images.append(upload)
            plans.append(sp)
            w, h = doc.page.img.size
            frame = PageFrame(
                page=page_no,
                width=w,
                height=h,
                source_width=upload.width,
                source_height=upload.height,
                source_dpi=0 if sp.photo else sp.dpi,
                matrix=[[round(float(v), 8) for v in row] for row in inv],
            )
            result = _document(doc, f"p{index:03d}-{di + 1}", name, page_no, sp, frame)
            results.append(result)
            if not doc.filed:
                unfiled.append(
                    UnfiledDocument(
                        document=result.id,
                        source=name,
                        pages=[page_no],
                        doc_type=DocType.UNKNOWN,
                        reason=NOT_A_FILING_DOCUMENT,
                        message=f"{name}: 不是备案材料 — not a filing document",
                    )
                )
        _save(folder / name, images, plans)
    results.sort(key=lambda r: int(r.id.rsplit("-", 1)[1]))
    issues = _issues(defect, results)
    filing = FilingResult(
        id=f"p{index:03d}-f1",
        id_number=person.id_number,
        name=person.name,
        filing_category=str(category),
        documents=[r.id for r in results if r.doc_type != DocType.UNKNOWN],
        status=FilingStatus.INCOMPLETE if issues else FilingStatus.COMPLETE,
        issues=issues,
    )
    truth = ProcessResult(documents=results, filings=[filing], unfiled=unfiled)
    (folder / "truth.json").write_text(truth.model_dump_json(indent=1), encoding="utf-8")
    return truth
