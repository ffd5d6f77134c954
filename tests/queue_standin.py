"""A stand-in file reader for the queue's own tests and benchmark: real pages, no OCR.

It has the signature of ``filingdesk.pipeline.read_with_engines`` and is named in
``FILINGDESK_PIPELINE=tests.queue_standin:read_file`` so worker *subprocesses*
use it too. Everything around it is the real thing: blobs, page splitting
(``ingest.pages.open_pages``), per-page checkpoints, saving, assembling.
What it does instead of OCR:

* sleeps ``FILINGDESK_STANDIN_PAGE_SECONDS`` per page (default 0.2 s), so a
  test can kill a worker in the middle of a page;
* appends ``<sha256> <page> <pid>`` to ``FILINGDESK_STANDIN_LOG`` (if set)
  after each page it finished reading, so a test can count readings per page;
* raises for a file whose name contains ``poison`` (a permanent failure);
* writes ``pid <its pid>`` into each page's text line, so a test can tell
  which worker's reading was stored;
* reports the seconds its page took as the reading's ``total`` (the ``page`` stage).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

import numpy as np

from ingest.pages import open_pages
from kernel.domain import DocType
from kernel.inputs import IngestError, InputFile
from kernel.outcome import CheckpointCallback, FileOutcome
from kernel.reading import PageReading, TextLine
from kernel.schema import DocumentResult, FieldValue, InputError
from kernel.settings import Settings


class PoisonedFile(RuntimeError):
    """The permanent failure the fault tests dead-letter."""


def read_file(
    f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
) -> FileOutcome:
    if "poison" in f.source:
        raise PoisonedFile(f"{f.source}: this file always breaks the reader")
    delay = float(os.environ.get("FILINGDESK_STANDIN_PAGE_SECONDS", "0.2"))
    log = os.environ.get("FILINGDESK_STANDIN_LOG")
    readings: list[PageReading] = []
    fresh = 0
    try:
        for page in open_pages(f, settings):
            reading = done.get(page.page)
            if reading is None:
                started = time.perf_counter()
                time.sleep(delay)
                small = np.ascontiguousarray(page.image[::8, ::8])
                reading = PageReading(
                    page=page.page,
                    width=small.shape[1],
                    height=small.shape[0],
                    lines=[
                        TextLine(
                            text=f"page {page.page} pid {os.getpid()}",
                            box=(1.0, 1.0, 9.0, 5.0),
                            confidence=0.9,
                        )
                    ],
                    image=small,
                    timings={"total": time.perf_counter() - started},  # as read_page reports its own
                )
                if log:
                    with open(log, "a", encoding="utf-8") as fh:
                        fh.write(f"{f.sha256} {page.page} {os.getpid()}\n")
                fresh += 1
                on_page(page, reading)
            readings.append(reading)
    except IngestError as exc:
        return FileOutcome(
            f, error=InputError(source=f.source, code=exc.code, message=exc.message), pages=fresh
        )
    doc = DocumentResult(
        id=f"doc-{f.sha256[:16]}",
        source=f.source,
        pages=[r.page for r in readings],
        doc_type=DocType.DECLARATION_FORM,
        fields={"name": FieldValue(value=f"申请人{f.sha256[:4]}", confidence=0.99, page=1)},
    )
    return FileOutcome(f, documents=[doc], pages=fresh)
