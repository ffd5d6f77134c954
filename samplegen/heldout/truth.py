"""A packet's truth.json from its plan and its drawn pages: documents, boxes, stamps, filings.

Boxes and stamps come from what the pages recorded while being drawn and scanned, so the
truth follows the packaging (files, page numbers, turns) whatever it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from kernel.domain import DOC_FIELDS, DocType, FilingStatus
from kernel.schema import (
    NO_MATCHING_FILING,
    DocumentResult,
    FieldValue,
    FilingResult,
    ProcessResult,
    Stamp,
    UnfiledDocument,
)
from samplegen.heldout.defects import DEFECTS, MISSING_PROOF_CODE
from samplegen.heldout.plan import PacketPlan
from samplegen.heldout.proof_plans import DocPlan
from validate.codes import make_issue

if TYPE_CHECKING:
    from samplegen.heldout.packet import PageJob

# seal inks truth calls "red" on a colour scan; black ink, and any ink on a gray scan, is "gray"
CHROMATIC = {"red", "orange_red", "blue", "purple"}


def build_truth(plan: PacketPlan, jobs: list[PageJob], prefix: str) -> tuple[ProcessResult, dict[str, str]]:
    """The packet's ProcessResult: documents with fields, boxes and stamps; filings with issues."""
    pages_of: dict[str, list[PageJob]] = {}
    for job in jobs:
        for ref in job.refs:
            pages_of.setdefault(ref, []).append(job)
    by_doc = {d.ref: d for d in plan.docs}
    ordered = sorted(pages_of, key=lambda r: min((_file_rank(jobs, j.file), j.page_no) for j in pages_of[r]))
    ids = {ref: f"{prefix}-{k}" for k, ref in enumerate(ordered, start=1)}
    documents = []
    for ref in ordered:
        doc, its = by_doc[ref], sorted(pages_of[ref], key=lambda j: j.page_no)
        fields = _doc_fields(doc, plan, its)
        stamps = []
        for job in its:
            assert job.scanned is not None
            for seal, box in job.scanned.seals:
                if seal.doc != ref:
                    continue
                gray = job.damage.mode != "rgb" or seal.ink not in CHROMATIC
                stamps.append(
                    Stamp(
                        page=job.page_no,
                        bbox=box,
                        confidence=1.0,
                        shape=cast(Any, seal.shape),
                        text=seal.text,
                        color="gray" if gray else "red",
                        role=cast(Any, seal.role),
                    )
                )
        documents.append(
            DocumentResult(
                id=ids[ref],
                source=its[0].file,
                pages=[j.page_no for j in its],
                doc_type=doc.doc_type,
                fields=fields,
                stamps=stamps,
            )
        )
    filings = [_main_filing(plan, ids, prefix, {d.id: d for d in documents})]
    unfiled = []
    if "other" in ids:  # another person's paper in a packet with a declaration: left for triage
        other = next(d for d in documents if d.id == ids["other"])
        unfiled.append(
            UnfiledDocument(
                document=other.id,
                source=other.source,
                pages=list(other.pages),
                doc_type=other.doc_type,
                reason=NO_MATCHING_FILING,
            )
        )
    return ProcessResult(documents=documents, filings=filings, unfiled=unfiled), ids


def _file_rank(jobs: list[PageJob], name: str) -> int:
    return [j.file for j in jobs].index(name)


def _doc_fields(doc: DocPlan, plan: PacketPlan, its: list[PageJob]) -> dict[str, FieldValue]:
    values = dict(doc.fields)
    if doc.doc_type == DocType.DECLARATION_FORM:
        values = _declaration_values(plan)
    out: dict[str, FieldValue] = {}
    for key in DOC_FIELDS[doc.doc_type]:
        if key not in values:
            continue
        value = values[key]
        box, page = None, its[0].page_no
        for job in its:
            assert job.scanned is not None
            if (doc.ref, key) in job.scanned.boxes:
                box, page = job.scanned.boxes[(doc.ref, key)], job.page_no
                break
        printed = any((doc.ref, key) in j.sheet.marks for j in its)
        if not printed and not isinstance(value, bool) and value not in (None, []):
            value = None  # the layout has no place for it: nothing printed, nothing to read
        out[key] = FieldValue(value=value, confidence=1.0, page=page, bbox=box, source="truth")
    return out


def _declaration_values(plan: PacketPlan) -> dict[str, Any]:
    v = plan.decl
    return {
        "name": v.name,
        "gender": v.gender,
        "id_number": v.id_number,
        "social_security_number": v.ssn,
        "phone": v.phone,
        "insured_region": v.insured,
        "insurance_type": v.insurance,
        "employer": v.employer,
        "filing_category": v.category,
        "destination_region": v.destination,
        "residence_address": v.residence_address,
        "hospitals": list(v.hospitals),
        "start_date": v.start.isoformat(),
        "end_date": v.end.isoformat() if v.end else None,
        "reason": v.reason,
        "applicant_signature": v.signed,
        "signed_date": v.signed_date.isoformat(),
        "agency_stamp": v.agency is not None,
    }


def _main_filing(
    plan: PacketPlan, ids: dict[str, str], prefix: str, docs: dict[str, DocumentResult]
) -> FilingResult:
    from kernel.refdata import hospitals_in, match_region

    issues = []
    decl_id = ids["decl"]
    for name in plan.defects:
        code, fld, _ = DEFECTS[name]
        ref = plan.rule_doc.get(name, "decl")
        doc_id = ids.get(ref, decl_id)
        params: dict[str, Any] = {}
        if name == "missing_proof":
            code = MISSING_PROOF_CODE[plan.category]  # type: ignore[index]
        elif name == "hospitals_none":
            region = match_region(plan.decl.destination)
            params["hospital"] = hospitals_in(region[0].code)[0] if region else ""
        elif name == "hospitals_too_many":
            params.update(count=len(plan.decl.hospitals), max=3)
        elif name in ("name_mismatch", "id_mismatch", "address_outside", "certificate_unstamped"):
            params["doc"] = docs[doc_id].doc_type.value if doc_id in docs else ""
        issues.append(make_issue(code, field=fld, document=doc_id, **params))
    blocking = any(i.severity == "error" for i in issues)
    members = [ids[d.ref] for d in plan.docs if d.filing == "main" and d.ref in ids]
    return FilingResult(
        id=f"{prefix}-f1",
        id_number=plan.decl.id_number,
        name=plan.decl.name,
        filing_category=plan.category,
        documents=members,
        status=FilingStatus.INCOMPLETE if blocking else FilingStatus.COMPLETE,
        issues=issues,
    )
