"""Page images of a `process` run, kept for the reviewer's page view.

The queue stores each page's upright image as a PNG blob while it reads
(taskqueue.checkpoint); `filingdesk process` does the same here, so a filing
stored from the command line shows its pages on the review page too. The blobs
are written while reading, before the rows that point at them commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from extract.display import display_image
from ingest.blobs import blob_store_from_settings
from kernel.reading import PageReading
from kernel.settings import Settings
from store.models import Page, SourceFile
from taskqueue.checkpoint import encode_page


class PageImages:
    """Collects (source, page) → blob checksum and size; ``save`` adds the ``page`` rows."""

    def __init__(self, settings: Settings) -> None:
        self.blobs = blob_store_from_settings(settings)
        self.pages: dict[tuple[str, int], tuple[str, int, int]] = {}

    def add(self, source: str, reading: PageReading) -> None:
        shown = display_image(reading)
        if shown is None:
            return
        sha = self.blobs.put(encode_page(shown))
        self.pages[(source, reading.page)] = (sha, reading.width, reading.height)

    def save(self, session: Session, batch_id: int) -> int:
        """Page rows for the batch's source files; returns how many were added."""
        files = {
            f.source: f.id for f in session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id))
        }
        added = 0
        for (source, page_no), (sha, width, height) in sorted(self.pages.items()):
            file_id = files.get(source)
            if file_id is None:
                continue
            row = session.scalars(
                select(Page).where(Page.source_file_id == file_id, Page.page_no == page_no)
            ).first()
            if row is None:
                row = Page(source_file_id=file_id, page_no=page_no)
                session.add(row)
                added += 1
            row.blob_sha256, row.width, row.height = sha, width, height
        session.flush()
        return added
