"""What a scanning station may see of its own packet: found documents, what is lacking, what to rescan.

The station operator stands at the scanner with the applicant's papers in hand,
so the answer names what to do there and then: which paper is still missing,
which page to put on the glass again. It never carries a full ID number (the
station's key is a device key at a public window) nor other issues' free text,
which may quote names and numbers read from other papers.

No pipeline step measures blur itself; what the stored readings do tell is how
sure the OCR was of each line. A page with no text at all, or whose lines were
read with low average confidence, is what a blurred, dark or empty scan looks
like to the reader, so those pages are listed for a rescan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.masking import mask_id_number, mask_text
from api.models import (
    BatchHead,
    BatchSummaryOut,
    RescanItem,
    StationDocument,
    StationFiling,
    StationNotice,
)
from store.models import Document, Filing, FilingDocument, IssueRow, Page, SourceFile
from store.progress import BatchProgress

# Issues that say a paper, seal or signature is absent: things the applicant can bring or add at
# the window. Field-level findings (misread values, dates) are the reviewer's, not the station's.
MISSING_CODES = frozenset(
    {
        "declaration_missing",
        "residence_proof_missing",
        "employer_certificate_missing",
        "referral_certificate_missing",
        "commitment_missing",
        "certificate_unstamped",
        "agency_stamp_missing",
        "signature_missing",
    }
)

# A page whose lines the OCR read with less average confidence than this is shown for a rescan;
# clean sample scans read well above 0.9, a blurred photo of a form falls far below.
BLURRED_CONFIDENCE = 0.6

# Why intake or a worker refused a file, for the person at the scanner (codes from ingest/taskqueue).
FILE_ERROR_ZH: dict[str, str] = {
    "empty_file": "文件为空（0字节），请重新扫描",
    "too_large": "文件过大，请降低分辨率后重新扫描",
    "image_too_large": "图像尺寸过大，请降低分辨率后重新扫描",
    "not_an_image": "文件不是可识别的图像，请重新扫描",
    "type_mismatch": "文件内容与扩展名不符，请重新扫描或导出",
    "unsupported_type": "不支持的文件类型（仅支持PDF、PNG、JPEG、TIFF、ZIP）",
    "unreadable": "文件无法读取，请重新扫描",
    "image_corrupt": "图像已损坏或不完整，请重新扫描",
    "pdf_corrupt": "PDF文件已损坏，请重新扫描",
    "pdf_encrypted": "PDF文件已加密，请导出未加密的文件",
    "too_many_pages": "文件页数过多，请分成多个文件扫描",
    "file_name_too_long": "文件名过长，请改短后重新上传",
    "archive_too_large": "压缩包过大，请分批上传",
    "archive_empty": "压缩包中没有文件",
    "archive_corrupt": "压缩包已损坏，请重新打包",
    "archive_encrypted": "压缩包已加密，请上传未加密的压缩包",
    "unsafe_archive_path": "压缩包中有不安全的路径，已拒收",
    "nested_archive": "压缩包中不能再套压缩包",
    "unpack_failed": "压缩包无法解开，请重新打包",
    "processing_failed": "文件多次处理失败，请重新扫描；如仍失败请联系管理员",
    "duplicate": "此文件已上传过，未重复处理",
}
PAGE_UNREADABLE = (
    "page_unreadable",
    "页面无法识别（空白或过于模糊），请重新扫描",
    "no text found on the page",
)
PAGE_BLURRED = ("page_blurred", "页面模糊，请重新扫描", "page read with low confidence (blurred?)")


def file_error_zh(code: str | None) -> str:
    """The Chinese reason for a refused file's code; unknown codes fall back to a plain request."""
    return FILE_ERROR_ZH.get(code or "", "文件无法处理，请重新扫描")


def batch_summary(session: Session, progress: BatchProgress) -> BatchSummaryOut:
    """The packet as its station sees it, from the stored rows (no full ID number anywhere)."""
    files = list(
        session.scalars(
            select(SourceFile).where(SourceFile.batch_id == progress.batch_id).order_by(SourceFile.id)
        )
    )
    docs = list(
        session.scalars(
            select(Document)
            .where(Document.batch_id == progress.batch_id, Document.duplicate_of.is_(None))
            .order_by(Document.id)
        )
    )
    by_id = {d.id: d for d in docs}
    filings = list(
        session.scalars(select(Filing).where(Filing.batch_id == progress.batch_id).order_by(Filing.id))
    )
    members: dict[str, list[str]] = defaultdict(list)
    for filing_id, doc_id in session.execute(
        select(FilingDocument.filing_id, FilingDocument.document_id)
        .where(FilingDocument.filing_id.in_([f.id for f in filings]))
        .order_by(FilingDocument.position)
    ):
        members[filing_id].append(doc_id)
    missing = _missing(session, [f.id for f in filings])
    filed = {doc_id for ids in members.values() for doc_id in ids}
    unfiled_ids = {d.id for d in progress.documents if d.reason is not None}
    head = BatchHead.model_validate(asdict(progress))  # the fields every view of a batch shares
    return BatchSummaryOut(
        **dict(head),
        filings=[
            StationFiling(
                id=f.id,
                name=f.name,
                id_number_masked=mask_id_number(f.id_number),
                filing_category=f.filing_category,
                status=f.status,
                review_status=f.review_status,
                documents=[_document(by_id[i]) for i in members[f.id] if i in by_id],
                missing=missing.get(f.id, []),
            )
            for f in filings
        ],
        unfiled=[_document(d) for d in docs if d.id in unfiled_ids and d.id not in filed],
        rescan=_refused_files(files) + _weak_pages(session, files),
    )


def _document(doc: Document) -> StationDocument:
    return StationDocument(id=doc.id, doc_type=doc.doc_type, source=doc.source, pages=list(doc.pages or []))


def _missing(session: Session, filing_ids: list[str]) -> dict[str, list[StationNotice]]:
    found: dict[str, list[StationNotice]] = defaultdict(list)
    rows = session.scalars(
        select(IssueRow)
        .where(IssueRow.filing_id.in_(filing_ids), IssueRow.code.in_(MISSING_CODES))
        .order_by(IssueRow.id)
    )
    for row in rows:
        found[row.filing_id].append(
            StationNotice(code=row.code, message=mask_text(row.message), message_en=mask_text(row.message_en))
        )
    return found


def _refused_files(files: list[SourceFile]) -> list[RescanItem]:
    """Files refused at intake or given up by the workers (duplicates are no reason to rescan)."""
    return [
        RescanItem(
            source=f.source,
            code=f.error_code or "processing_failed",
            message=file_error_zh(f.error_code),
            message_en=mask_text(f.error_message or ""),
        )
        for f in files
        if f.state in ("failed", "dead")
    ]


def _weak_pages(session: Session, files: list[SourceFile]) -> list[RescanItem]:
    """Pages read with no text, or with low average line confidence, in file and page order."""
    names = {f.id: f.source for f in files}
    rows = session.execute(
        select(Page.source_file_id, Page.page_no, Page.reading)
        .where(Page.source_file_id.in_(names), Page.reading.is_not(None))
        .order_by(Page.source_file_id, Page.page_no)
    )
    items = []
    for file_id, page_no, reading in rows:
        verdict = page_verdict(reading)
        if verdict is not None:
            code, zh, en = verdict
            items.append(
                RescanItem(source=names[file_id], page=page_no, code=code, message=zh, message_en=en)
            )
    return items


def page_verdict(reading: dict[str, Any]) -> tuple[str, str, str] | None:
    """Why a stored page reading asks for a rescan, or None when it read well enough."""
    if reading.get("from_text_layer"):
        return None  # a born-digital PDF page: its text is exact, whatever OCR would have said
    confidences = [
        float(line.get("confidence", 0.0)) for line in reading.get("lines") or [] if line.get("text")
    ]
    if not confidences:
        return PAGE_UNREADABLE
    if sum(confidences) / len(confidences) < BLURRED_CONFIDENCE:
        return PAGE_BLURRED
    return None
