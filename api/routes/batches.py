"""Scanning stations: upload a batch of scans, follow its processing."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile as StarletteUpload

from api.deps import DB, AppSettings, IntId, allow, commit, roles_doc
from api.errors import ApiError, responses
from api.keys import Principal
from api.models import BatchListOut, BatchProgressOut, BatchReceiptOut, BatchSummaryOut, FileReceiptOut
from api.station import batch_summary
from ingest.sniff import HEAD_BYTES, sniff_kind
from store.models import Batch
from store.progress import BatchNotFound, BatchProgress, batch_progress
from taskqueue.intake import IdempotencyKeyReused, Upload, accept_batch

router = APIRouter(prefix="/v1", tags=["stations"])

STATION = allow("station")
READERS = ("station", "reviewer", "admin")


@router.post(
    "/batches",
    status_code=202,
    response_model=BatchReceiptOut,
    summary="Upload a batch of scans",
    description=(
        "Multipart `files` (one or more scans; a ZIP of scans or a multi-page PDF is fine) and `station_id`. "
        "The real type is sniffed from the bytes. Bad files (empty, wrong type, corrupt, too many pages) are "
        "listed with an `error_code` while the good ones are queued; a file seen before is marked "
        "`duplicate` (per station). Each file may have `FILINGDESK_MAX_UPLOAD_BYTES` (over it: "
        "`too_large` on that file); the whole request `FILINGDESK_MAX_BATCH_BYTES` (over it: 413). "
        "Retrying with the same `Idempotency-Key` and the same files returns the first receipt "
        "(`created: false`); the same key with other files is refused with 422 `idempotency_key_reused`."
    ),
    responses=responses(401, 403, 413, 415, 422),
    openapi_extra=roles_doc("station"),
)
def upload_batch(
    request: Request,
    session: DB,
    settings: AppSettings,
    principal: Annotated[Principal, Depends(STATION)],
    files: Annotated[list[UploadFile], File(description="The scans (PDF, PNG, JPEG, TIFF or ZIP).")],
    station_id: Annotated[str, Form(min_length=1, max_length=100, description="The uploading station.")],
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", max_length=200, description="Same key, same batch.")
    ] = None,
) -> BatchReceiptOut:
    if principal.station != station_id:
        raise ApiError(403, "wrong_station", f"This key uploads for station {principal.station!r} only.")
    if len(files) > settings.max_batch_files:
        raise ApiError(413, "too_many_files", f"At most {settings.max_batch_files} files per batch.")
    kinds = [_sniff(f) for f in files]
    if not any(kinds):
        raise ApiError(
            415,
            "unsupported_media_type",
            "None of the files is a PDF, PNG, JPEG, TIFF or ZIP (judged by content, not by name).",
            {"files": [f.filename or "" for f in files]},
        )
    with tempfile.TemporaryDirectory(prefix="filingdesk-api-") as tmp:
        uploads = [
            Upload(filename=f.filename or "", path=_to_disk(f, Path(tmp), i)) for i, f in enumerate(files)
        ]
        try:
            receipt = accept_batch(
                session,
                settings,
                station=station_id,
                uploads=uploads,
                idempotency_key=idempotency_key,
                celery_app=request.app.state.celery,
            )
        except IdempotencyKeyReused as exc:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was sent before with other files; a retry must repeat the same "
                "files, and a new upload needs a new key.",
            ) from exc
        commit(session)  # the receipt means stored: commit (and queue the work) before answering
    return BatchReceiptOut(
        batch_id=receipt.batch_id,
        created=receipt.created,
        station=station_id,
        files=[FileReceiptOut.model_validate(asdict(f)) for f in receipt.files],
        status_url=f"/v1/batches/{receipt.batch_id}",
    )


@router.get(
    "/batches",
    response_model=BatchListOut,
    summary="List batches, newest first",
    description=(
        "A station key lists its own station's batches; reviewer and admin keys list all, or one "
        "station's with `station`. Page with `before` = the previous answer's `next_before`."
    ),
    responses=responses(401, 403, 422),
    openapi_extra=roles_doc(*READERS),
)
def list_batches(
    session: DB,
    principal: Annotated[Principal, Depends(allow(*READERS))],
    station: Annotated[str | None, Query(max_length=100, description="Only this station's batches.")] = None,
    before: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="Batches older than this id.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50, description="Batches per page.")] = 20,
) -> BatchListOut:
    query = select(Batch.id).order_by(Batch.id.desc()).limit(limit + 1)
    if principal.role == "station":
        query = query.where(Batch.station == principal.station)
    elif station is not None:
        query = query.where(Batch.station == station)
    if before is not None:
        query = query.where(Batch.id < before)
    ids = list(session.scalars(query))
    items = [BatchProgressOut.model_validate(asdict(batch_progress(session, i))) for i in ids[:limit]]
    return BatchListOut(items=items, next_before=ids[limit - 1] if len(ids) > limit else None)


@router.get(
    "/batches/{batch_id}",
    response_model=BatchProgressOut,
    summary="Progress of a batch",
    description="A station key sees its own station's batches only.",
    responses=responses(401, 403, 404, 422),
    openapi_extra=roles_doc(*READERS),
)
def get_batch(
    batch_id: IntId, session: DB, principal: Annotated[Principal, Depends(allow(*READERS))]
) -> BatchProgressOut:
    return BatchProgressOut.model_validate(asdict(_readable_progress(session, principal, batch_id)))


@router.get(
    "/batches/{batch_id}/summary",
    response_model=BatchSummaryOut,
    summary="What the station must know of a packet",
    description=(
        "Progress plus, per filing made from the packet, the document types found, the name, the ID "
        "number **masked**, what the filing still lacks (missing papers, seals, signature; Chinese "
        "`message`), documents that went into no filing, and files or pages to scan again with the "
        "reason (refused files; pages read with no text or low OCR confidence). A station key sees "
        "its own station's batches only."
    ),
    responses=responses(401, 403, 404, 422),
    openapi_extra=roles_doc(*READERS),
)
def get_batch_summary(
    batch_id: IntId, session: DB, principal: Annotated[Principal, Depends(allow(*READERS))]
) -> BatchSummaryOut:
    return batch_summary(session, _readable_progress(session, principal, batch_id))


def _readable_progress(session: Session, principal: Principal, batch_id: int) -> BatchProgress:
    """The batch's progress; 404 when there is none or it is another station's (no hint which)."""
    try:
        progress = batch_progress(session, batch_id)
    except BatchNotFound as exc:
        raise ApiError(404, "not_found", f"No batch {batch_id}.") from exc
    if principal.role == "station" and progress.station != principal.station:
        raise ApiError(404, "not_found", f"No batch {batch_id}.")
    return progress


def _sniff(upload: StarletteUpload) -> str | None:
    upload.file.seek(0)
    head = upload.file.read(HEAD_BYTES)
    upload.file.seek(0)
    return sniff_kind(head)


def _to_disk(upload: StarletteUpload, folder: Path, index: int) -> Path:
    """The upload copied in 1 MB chunks to a named file (the parser's spool file has no usable name)."""
    target = folder / f"upload-{index}"
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, 1 << 20)
    return target
