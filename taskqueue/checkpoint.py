"""Per-page checkpoints: a page read by a worker is saved before the next page starts.

A checkpoint is the page's upright colour image (the one the reviewer's page
view shows; JPEG for colour, PNG for gray scans) plus the reading as JSON in the
``page`` row; the seal-free gray copy the field extractor looks for ink in is
rebuilt from it on reload. A redelivered task loads them
back and reads only the pages nobody finished, so a worker killed on page 4
of 5 costs one page, not five. The blob is written before the row commits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ingest.blobs import BlobStore
from kernel.reading import PageReading, SourceFrame
from kernel.settings import Settings
from store import timings
from store.db import session_scope
from store.models import Page
from taskqueue.lease import Lease, fence


def reading_to_json(reading: PageReading) -> dict[str, Any]:
    return {
        "page": reading.page,
        "width": reading.width,
        "height": reading.height,
        "rotation": reading.rotation,
        "skew": reading.skew,
        "from_text_layer": reading.from_text_layer,
        "cleaned": reading.colour is not None,  # the stored image is the colour page; rebuild the gray copy
        "lines": [
            {"text": ln.text, "box": list(ln.box), "confidence": ln.confidence, "polygon": ln.polygon}
            for ln in reading.lines
        ],
        "seals": [
            {
                "box": list(s.box),
                "shape": s.shape,
                "color": s.color,
                "confidence": s.confidence,
                "text": s.text,
            }
            for s in reading.seals
        ],
        "frame": _frame_to_json(reading.frame),
    }


def _frame_to_json(frame: SourceFrame | None) -> dict[str, Any] | None:
    """The input page → upright page transform, kept with the page so a resumed task still reports it."""
    if frame is None:
        return None
    return {
        "source_width": frame.source_width,
        "source_height": frame.source_height,
        "source_dpi": frame.source_dpi,
        "matrix": [list(row) for row in frame.matrix],
    }


def _frame_from_json(data: dict[str, Any] | None) -> SourceFrame | None:
    if not data:
        return None
    rows = [tuple(float(v) for v in row) for row in data["matrix"]]
    return SourceFrame(
        source_width=int(data["source_width"]),
        source_height=int(data["source_height"]),
        matrix=(rows[0], rows[1], rows[2]),  # type: ignore[arg-type]
        source_dpi=int(data.get("source_dpi", 0)),
    )


def reading_from_json(data: dict[str, Any], image: Any) -> PageReading:
    from extract.display import clean_copy
    from kernel.reading import PageReading, SealFound, TextLine

    return PageReading(
        page=int(data["page"]),
        width=int(data["width"]),
        height=int(data["height"]),
        lines=[
            TextLine(
                text=ln["text"],
                box=tuple(ln["box"]),
                confidence=float(ln["confidence"]),
                polygon=tuple(tuple(p) for p in ln.get("polygon") or ()),
            )
            for ln in data.get("lines", [])
        ],
        seals=[
            SealFound(
                box=tuple(s["box"]),
                shape=s["shape"],
                color=s["color"],
                confidence=float(s["confidence"]),
                text=s.get("text", ""),
            )
            for s in data.get("seals", [])
        ],
        rotation=int(data.get("rotation", 0)),
        skew=float(data.get("skew", 0.0)),
        from_text_layer=bool(data.get("from_text_layer", False)),
        image=clean_copy(image) if data.get("cleaned") and image is not None else image,
        colour=None,
        frame=_frame_from_json(data.get("frame")),
    )


def save_page(
    settings: Settings,
    blobs: BlobStore,
    source_file_id: int,
    page_no: int,
    reading: PageReading,
    lease: Lease | None = None,
) -> bool:
    """Store one page's checkpoint; False when another delivery of the same task stored it first.

    With ``lease`` the write is fenced (and the lease renewed) in the same
    transaction: a holder whose lease was taken over gets ``LeaseLost``.
    """
    from extract.display import display_image

    shown = display_image(reading)
    sha = blobs.put(encode_page(shown)) if shown is not None else None
    try:
        with session_scope(settings) as session:
            if lease is not None:
                fence(session, lease)
            row = session.scalars(
                select(Page).where(Page.source_file_id == source_file_id, Page.page_no == page_no)
            ).first()
            if row is None:
                row = Page(source_file_id=source_file_id, page_no=page_no)
                session.add(row)
            elif row.reading is not None:
                return False
            row.blob_sha256, row.width, row.height = sha, reading.width, reading.height
            row.reading, row.read_at = reading_to_json(reading), datetime.now(UTC)
            timings.record(session, timings.page_stage_seconds(reading.timings))
    except IntegrityError:
        return False
    return True


class SavedPages(Mapping[int, PageReading]):
    """Readings saved by earlier deliveries, each decoded only when its page comes up.

    A resumed 200-page file must not hold 200 page images at once: the page
    loop asks for one page at a time and lets it go once its document is built.
    """

    def __init__(self, blobs: BlobStore, saved: dict[int, tuple[dict[str, Any], str | None]]) -> None:
        self.blobs, self.saved = blobs, saved

    def __getitem__(self, page_no: int) -> PageReading:
        data, sha = self.saved[page_no]
        return reading_from_json(data, decode_page(self.blobs.get(sha)) if sha else None)

    def __iter__(self) -> Iterator[int]:
        return iter(self.saved)

    def __len__(self) -> int:
        return len(self.saved)


def load_pages(settings: Settings, blobs: BlobStore, source_file_id: int) -> SavedPages:
    """Readings saved by earlier deliveries of this file's task, by page number (decoded when asked)."""
    with session_scope(settings) as session:
        rows = session.scalars(
            select(Page).where(Page.source_file_id == source_file_id, Page.reading.is_not(None))
        ).all()
        saved = {r.page_no: (r.reading or {}, r.blob_sha256) for r in rows}
    return SavedPages(blobs, saved)


def encode_page(image: Any) -> bytes:
    """A colour page as JPEG (a PNG of a noisy colour scan is several MB), a gray one as PNG."""
    import cv2

    if image.ndim == 3:
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    else:
        ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:
        raise ValueError("could not encode the page image")
    return bytes(buf.tobytes())


def decode_page(data: bytes) -> Any:
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError("stored page image cannot be decoded")
    return image
