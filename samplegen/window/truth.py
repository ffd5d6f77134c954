"""Truth files: the RESULT.json models filled from what was drawn and how it was scanned.

Why: evaluation compares truth and prediction with the same pydantic models,
so truth is built with them and validated on write.
"""

from __future__ import annotations

from kernel.domain import DocType, FilingStatus, Severity
from kernel.schema import (
    NOT_A_FILING_DOCUMENT,
    DocumentResult,
    FieldValue,
    FilingResult,
    ProcessResult,
    Stamp,
    UnfiledDocument,
)
from samplegen.window.damage import Scan
from samplegen.window.package import Placed
from samplegen.window.packet_model import Packet


def build_truth(pk: Packet, scans: dict[str, list[Scan]], placed: dict[str, Placed]) -> ProcessResult:
    """ProcessResult for one packet: documents in file/page order, one filing, unfiled strays."""
    ordered = sorted(pk.docs, key=lambda d: (placed[d.key].source, placed[d.key].pages[0], d.key))
    ids = {d.key: f"d{i}" for i, d in enumerate(ordered, 1)}
    result = ProcessResult()
    for d in ordered:
        where = placed[d.key]
        fields: dict[str, FieldValue] = {}
        stamps: list[Stamp] = []
        for page_no, scan in zip(where.pages, scans[d.key], strict=True):
            for key, (value, bbox) in scan.fields.items():
                if key.startswith("_"):
                    continue
                default = key == "hospitals" and bbox is None and bool(value)  # the first-hospital default
                fields[key] = FieldValue(
                    value=value,
                    confidence=1.0,
                    page=page_no,
                    bbox=bbox,
                    source="default" if default else "truth",
                )
            if d.shares_page_with is None:
                for (bbox, shape, color, role, _copied), txt in zip(
                    scan.stamps, scan.stamp_text, strict=True
                ):
                    stamps.append(
                        Stamp.model_validate(
                            {
                                "page": page_no,
                                "bbox": bbox,
                                "confidence": 1.0,
                                "shape": shape,
                                "text": txt,
                                "color": color,
                                "role": role,
                            }
                        )
                    )
        result.documents.append(
            DocumentResult(
                id=ids[d.key],
                source=where.source,
                pages=where.pages,
                doc_type=d.doc_type,
                fields=fields,
                stamps=stamps,
            )
        )
        if not d.in_filing:
            result.unfiled.append(
                UnfiledDocument(
                    document=ids[d.key],
                    source=where.source,
                    pages=where.pages,
                    doc_type=DocType.UNKNOWN,
                    reason=NOT_A_FILING_DOCUMENT,
                    message="不属于任何备案的材料",
                )
            )
    issues = pk.issue_objects(ids)
    f = pk.filing
    status = (
        FilingStatus.INCOMPLETE
        if any(i.severity == Severity.ERROR for i in issues)
        else FilingStatus.COMPLETE
    )
    result.filings.append(
        FilingResult(
            id="f1",
            id_number=f.form_id_number,
            name=f.person.name,
            filing_category=f.category.value,
            documents=[ids[d.key] for d in ordered if d.in_filing],
            status=status,
            issues=issues,
        )
    )
    return ProcessResult.model_validate_json(result.model_dump_json())
