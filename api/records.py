"""One filing as the reviewer sees it: the record, its documents with page images, corrections.

Page images are the upright page blobs the workers stored; thumbnails are made
on first request and kept in the cache folder, so the queue's previews cost one
resize per page, ever.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.models import CorrectionOut, DocumentOut, FilingDetail, FilingOut, HistoryEvent, PageImage
from api.originals import PAGED_KINDS, document_with_page
from ingest.blobs import BlobNotFound, blob_store_from_settings
from kernel.settings import Settings
from store.access import FieldCorrection
from store.models import Batch, Document, Filing, Page, SourceFile
from store.repository import FilingNotFound, aware, load_filing, status_history
from store.retention import cached_page_path

THUMB_SIDE = 320


def filing_row(session: Session, filing_id: str) -> Filing:
    row = session.get(Filing, filing_id)
    if row is None:
        raise ApiError(404, "not_found", f"No filing {filing_id!r}.")
    return row


def filing_detail(session: Session, filing_id: str) -> FilingDetail:
    """The filing, its documents (with page-image links) and the correction trail."""
    row = filing_row(session, filing_id)
    try:
        filing, documents = load_filing(session, filing_id)
    except FilingNotFound as exc:
        raise ApiError(404, "not_found", f"No filing {filing_id!r}.") from exc
    station = session.scalar(select(Batch.station).where(Batch.id == row.batch_id)) if row.batch_id else None
    history = [
        HistoryEvent(from_status=e.from_status, to_status=e.to_status, who=e.who, why=e.why, at=aware(e.at))
        for e in status_history(session, filing_id)
    ]
    out = FilingOut.model_validate(
        {
            **filing.model_dump(),
            "review_status": row.review_status,
            "version": row.version,
            "batch_id": row.batch_id,
            "station": station,
            "created_at": aware(row.created_at),
            "updated_at": aware(row.updated_at),
            "history": history,
        }
    )
    images = page_images(session, [d.id for d in documents])
    docs = [
        DocumentOut.model_validate({**d.model_dump(), "page_images": images.get(d.id, [])}) for d in documents
    ]
    corrections = [
        CorrectionOut(
            document=c.document_id, field=c.field, old=c.old_value, new=c.new_value, who=c.who, at=aware(c.at)
        )
        for c in session.scalars(
            select(FieldCorrection).where(FieldCorrection.filing_id == filing_id).order_by(FieldCorrection.id)
        )
    ]
    return FilingDetail(filing=out, documents=docs, corrections=corrections)


def page_images(session: Session, document_ids: list[str]) -> dict[str, list[PageImage]]:
    if not document_ids:
        return {}
    docs = session.execute(
        select(Document.id, Document.source_file_id, Document.pages).where(Document.id.in_(document_ids))
    ).all()
    file_ids = {d.source_file_id for d in docs if d.source_file_id is not None}
    pages: dict[tuple[int, int], Page] = {}
    kept: set[int] = set()  # files whose upload is stored: their pages have an original
    if file_ids:
        for p in session.scalars(select(Page).where(Page.source_file_id.in_(file_ids))):
            pages[(p.source_file_id, p.page_no)] = p
        kept = set(
            session.scalars(
                select(SourceFile.id).where(
                    SourceFile.id.in_(file_ids),
                    SourceFile.blob_sha256.is_not(None),
                    SourceFile.kind.in_(PAGED_KINDS),
                )
            )
        )
    out: dict[str, list[PageImage]] = {}
    for doc_id, file_id, numbers in docs:
        images = []
        for number in numbers or []:
            page = pages.get((file_id, number)) if file_id is not None else None
            purged = page is not None and page.purged_at is not None
            if page is None or not (page.blob_sha256 or purged):
                continue
            url = f"/v1/pages/{quote(doc_id, safe='')}/{number}.png"
            original = f"/v1/pages/{quote(doc_id, safe='')}/{number}/original.png"
            images.append(
                PageImage(
                    page=number,
                    url=url,
                    thumb_url=url + "?thumb=1",
                    width=page.width,
                    height=page.height,
                    purged=purged,
                    original_url=original if file_id in kept else None,
                )
            )
        out[doc_id] = images
    return out


def page_png(session: Session, settings: Settings, document_id: str, page_no: int, *, thumb: bool) -> bytes:
    """A document's page as PNG (or its thumbnail); 404 when the page or its image does not exist,
    410 when retention deleted it (the record stays, the picture is gone on purpose)."""
    doc = document_with_page(session, document_id, page_no)
    page = session.scalars(
        select(Page).where(Page.source_file_id == doc.source_file_id, Page.page_no == page_no)
    ).first()
    if page is not None and page.purged_at is not None:
        raise ApiError(
            410,
            "image_purged",
            f"图像已按保存期限删除 — the image of page {page_no} was deleted after the retention period "
            "(FILINGDESK_RETENTION_DAYS); the filing record and its audit trail are kept.",
        )
    if page is None or not page.blob_sha256:
        raise ApiError(404, "not_found", f"No image stored for page {page_no} of {document_id!r}.")
    sha = page.blob_sha256
    cached = cached_page_path(settings, sha, thumb=thumb)
    if cached.is_file():
        return cached.read_bytes()
    try:
        data = blob_store_from_settings(settings).get(sha)
    except BlobNotFound as exc:
        raise ApiError(
            404, "not_found", f"The image of page {page_no} is missing from the blob store."
        ) from exc
    if not thumb and data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data
    png = _to_png(data, THUMB_SIDE if thumb else None)
    _store(cached, png)
    return png


def _to_png(data: bytes, side: int | None) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        picture = img.convert("RGB") if img.mode not in ("RGB", "L") else img
        if side is not None:
            picture.thumbnail((side, side))
        out = io.BytesIO()
        picture.save(out, format="PNG", optimize=side is not None)
        return out.getvalue()


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)
