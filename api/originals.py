"""A document's page as it was uploaded: the input page the page frame's matrix starts from.

Boxes are given on the upright page; ``page_frames`` say how that page lies on
the upload. To draw them there, a client (the review page's 原件 view, too)
needs the very pixels the matrix was computed on: the uploaded image decoded
as ingest decodes it (EXIF orientation applied, the page's frame of a TIFF),
or the PDF page rendered at the same dpi. Those come from the stored upload
through ``ingest.pages``, the one door from files to pixels, on each request:
the upload is kept, a rendering of it is not (retention deletes the upload,
and then this answers 410 like the page images).
"""

from __future__ import annotations

from itertools import islice

from sqlalchemy.orm import Session

from api.errors import ApiError
from ingest.blobs import BlobNotFound, blob_store_from_settings
from kernel.inputs import IngestError, InputFile
from kernel.settings import Settings
from store.models import Document, SourceFile

PAGED_KINDS = frozenset({"pdf", "png", "jpeg", "tiff"})


def document_with_page(session: Session, document_id: str, page_no: int) -> Document:
    """The document whose page image or upload is asked for, when it has that page and its uploaded
    file is known; else 404 (the stored page image and the page as uploaded both start here)."""
    doc = session.get(Document, document_id)
    if doc is None or page_no not in (doc.pages or []) or doc.source_file_id is None:
        raise ApiError(404, "not_found", f"Document {document_id!r} has no page {page_no}.")
    return doc


def original_page_png(session: Session, settings: Settings, document_id: str, page_no: int) -> bytes:
    """Page ``page_no`` of a document's uploaded file as PNG, in the frame ``page_frames`` start from.

    404 when the document has no such page or its upload was not kept (a ``filingdesk process``
    run stores page images only), 410 when retention deleted the upload.
    """
    import cv2  # the decoders load on the first original asked for, not with the app

    from ingest.pages import open_pages

    doc = document_with_page(session, document_id, page_no)
    source = session.get(SourceFile, doc.source_file_id)
    if source is not None and source.purged_at is not None:
        raise ApiError(
            410,
            "image_purged",
            f"原件已按保存期限删除 — the uploaded file of {document_id!r} was deleted after the retention "
            "period (FILINGDESK_RETENTION_DAYS); the filing record and its audit trail are kept.",
        )
    if source is None or not source.blob_sha256 or (source.kind or "") not in PAGED_KINDS:
        raise ApiError(404, "not_found", f"The uploaded file of {document_id!r} is not stored.")
    try:
        with blob_store_from_settings(settings).as_file(source.blob_sha256) as path:
            f = InputFile(path=path, source=source.source, sha256=source.blob_sha256, kind=source.kind or "")
            page = next(islice(open_pages(f, settings), page_no - 1, None), None)
    except BlobNotFound as exc:
        raise ApiError(404, "not_found", f"The uploaded file of {document_id!r} is missing.") from exc
    except IngestError as exc:
        raise ApiError(404, "not_found", f"The uploaded file cannot be paged again: {exc.message}") from exc
    if page is None:
        raise ApiError(404, "not_found", f"The uploaded file of {document_id!r} has no page {page_no}.")
    ok, buf = cv2.imencode(".png", page.image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise ApiError(500, "internal_error", "The page could not be encoded.")
    return bytes(buf.tobytes())
