"""The truth file of a packet: documents with their fields and seals on the upright pages,
filings with the verdict DOMAIN.md's rules give, papers of no filing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kernel.domain import DOC_FIELDS, DocType, FilingStatus, Severity
from kernel.schema import (
    NO_MATCHING_FILING,
    NOT_A_FILING_DOCUMENT,
    DocumentResult,
    FieldValue,
    FilingResult,
    PageFrame,
    ProcessResult,
    Stamp,
    UnfiledDocument,
)
from samplegen.counter import rules
from samplegen.counter.geometry import normalised
from samplegen.counter.marks import Val
from samplegen.counter.seals import StampMark

if TYPE_CHECKING:
    from samplegen.counter.packet import BoundPage
    from samplegen.counter.plantypes import PacketPlan


@dataclass
class _Doc:
    key: str
    doc_type: DocType
    source: str
    pages: list[int] = field(default_factory=list)
    fields: dict[str, tuple[Val, int, Any]] = field(default_factory=dict)  # key -> (val, page, bound page)
    stamps: list[tuple[StampMark, BoundPage]] = field(default_factory=list)
    frames: list[PageFrame] = field(default_factory=list)


def assemble(prefix: str, plan: PacketPlan, pages: Sequence[BoundPage]) -> ProcessResult:
    docs = _collect(pages)
    ids = {d.key: f"{prefix}-{i + 1}" for i, d in enumerate(docs)}
    recipes = {r.key: r for r in plan.recipes()}
    results = [_document(ids[d.key], d) for d in docs]
    filings: list[FilingResult] = []
    for n, fp in enumerate(plan.filings, start=1):
        members = [d for d in docs if recipes[d.key].filing == fp.key]
        form = next(d for d in members if d.doc_type == DocType.DECLARATION_FORM)
        facts_form = _facts(ids[form.key], form, hospitals_printed=bool(fp.filing.hospitals))
        proofs = [_facts(ids[d.key], d) for d in members if d is not form]
        issues = rules.judge(facts_form, proofs)
        status = (
            FilingStatus.INCOMPLETE
            if any(i.severity == Severity.ERROR for i in issues)
            else FilingStatus.COMPLETE
        )
        filings.append(
            FilingResult.model_validate(
                {
                    "id": f"{prefix}-f{n}",
                    "id_number": facts_form.fields.get("id_number"),
                    "name": facts_form.fields.get("name"),
                    "filing_category": facts_form.fields.get("filing_category"),
                    "documents": [ids[d.key] for d in members],
                    "status": status,
                    "issues": issues,
                    "planted": sorted(fp.defects),  # extra: the defects this generator planted
                }
            )
        )
    unfiled = [
        UnfiledDocument(
            document=ids[d.key],
            source=d.source,
            pages=d.pages,
            doc_type=d.doc_type,
            reason=recipes[d.key].unfiled,
            message="与本批次任何申报无关的页面"
            if recipes[d.key].unfiled == NOT_A_FILING_DOCUMENT
            else "材料上的人员与本批次任何申报表不符",
        )
        for d in docs
        if recipes[d.key].filing is None
    ]
    assert all(u.reason in (NOT_A_FILING_DOCUMENT, NO_MATCHING_FILING) for u in unfiled)
    return ProcessResult(documents=results, filings=filings, unfiled=unfiled)


def _collect(pages: Sequence[BoundPage]) -> list[_Doc]:
    docs: dict[str, _Doc] = {}
    order: list[str] = []
    for bp in pages:
        frame = PageFrame(
            page=bp.number,
            width=bp.page.sheet.width,
            height=bp.page.sheet.height,
            source_width=bp.scan.image.width,
            source_height=bp.scan.image.height,
            source_dpi=0 if bp.scan.phone else bp.page.sheet.dpi,
            matrix=bp.scan.matrix,
        )
        for part in bp.page.parts:
            d = docs.get(part.key)
            if d is None:
                d = docs[part.key] = _Doc(part.key, DocType(part.doc_type), bp.source)
                order.append(part.key)
            if d.source != bp.source:
                raise AssertionError(f"document {part.key} spans two files")
            if bp.number not in d.pages:
                d.pages.append(bp.number)
                d.frames.append(frame)
            for k, v in part.fields.items():
                if k not in d.fields or (d.fields[k][0].value is None and v.value is not None):
                    d.fields[k] = (v, bp.number, bp)
            for m in part.stamps:
                d.stamps.append((m, bp))
    return [docs[k] for k in order]


def _document(doc_id: str, d: _Doc) -> DocumentResult:
    fields: dict[str, FieldValue] = {}
    for key in DOC_FIELDS[d.doc_type]:
        if key in d.fields:
            val, page, bp = d.fields[key]
            box = normalised(val.box, bp.page.sheet.width, bp.page.sheet.height)
            fields[key] = FieldValue(value=val.value, confidence=1.0, page=page, bbox=box, source="truth")
        else:
            fields[key] = FieldValue(value=None, confidence=1.0, page=d.pages[0], bbox=None, source="truth")
    stamps = []
    for m, bp in d.stamps:
        box = normalised(m.box, bp.page.sheet.width, bp.page.sheet.height)
        if box is None:
            continue
        colour = "red" if m.spec.ink == "red" and bp.mode == "color" else "gray"
        stamps.append(
            Stamp.model_validate(
                {
                    "page": bp.number,
                    "bbox": box,
                    "confidence": 1.0,
                    "shape": m.spec.shape,
                    "text": m.spec.text,
                    "color": colour,
                    "role": m.spec.role,
                    "ink": m.spec.ink,  # extra: the ink itself (the schema's colour says red or gray)
                }
            )
        )
    return DocumentResult(
        id=doc_id,
        source=d.source,
        pages=sorted(d.pages),
        doc_type=d.doc_type,
        doc_type_confidence=1.0,
        fields=fields if d.doc_type != DocType.UNKNOWN else {},
        stamps=stamps,
        page_frames=d.frames,
    )


def _facts(doc_id: str, d: _Doc, hospitals_printed: bool = True) -> rules.Facts:
    values = {k: v[0].value for k, v in d.fields.items()}
    sealed = any(m.spec.role == "issuer" for m, _ in d.stamps)
    return rules.Facts(doc_id, d.doc_type, values, sealed, hospitals_printed)
