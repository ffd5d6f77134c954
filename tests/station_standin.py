"""A stand-in reader for the station tests: sample scans read as their truth says, no OCR models.

Named in ``FILINGDESK_PIPELINE=station_standin:read_file`` (worker subprocesses) or
installed with ``set_pipeline`` (in-process). Everything else is the real path:
intake, blobs, page splitting, per-page checkpoints, saving, assembling and
validation, so the filings, issues and page rows the station sees are stored ones.

* A file that is one of the committed sample scans (by sha256) yields that
  packet's truth documents for that file.
* Any other file yields one ``unknown`` document: nothing in it was recognised.
* Each page's one text line gets the confidence a reader has on a page that
  sharp: from the variance of the Laplacian, the usual focus measure. Sample
  scans measure 30 or more (confidence 0.98); the same scans blurred with a
  sigma of 6 px measure about 1 (confidence about 0.25), as OCR on a blurred
  photo goes. So a blurred upload is really judged by its pixels.
* ``FILINGDESK_STANDIN_PAGE_SECONDS`` (default 0) is slept per page, so a browser
  sees the pages-done count move.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from ingest.pages import open_pages
from kernel.domain import DocType
from kernel.inputs import IngestError, InputFile
from kernel.outcome import CheckpointCallback, FileOutcome
from kernel.reading import PageReading, TextLine
from kernel.schema import DocumentResult, InputError, ProcessResult
from kernel.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@cache
def sample_documents() -> dict[str, list[DocumentResult]]:
    """Truth documents of every committed sample scan, by the scan's sha256."""
    found: dict[str, list[DocumentResult]] = {}
    for truth_path in sorted(SAMPLES.glob("packet_*/truth.json")):
        truth = ProcessResult.model_validate_json(truth_path.read_text(encoding="utf-8"))
        for scan in truth_path.parent.iterdir():
            if scan.name == "truth.json":
                continue
            sha = hashlib.sha256(scan.read_bytes()).hexdigest()
            found[sha] = [d for d in truth.documents if d.source == scan.name]
    return found


def sharpness_confidence(image: np.ndarray) -> float:
    """Line confidence from how sharp the page is (variance of the Laplacian, clamped to 0.05–0.98)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    focus = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    return max(0.05, min(0.98, 0.2 + 0.04 * focus))


def read_file(
    f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
) -> FileOutcome:
    delay = float(os.environ.get("FILINGDESK_STANDIN_PAGE_SECONDS", "0"))
    pages: list[int] = []
    fresh = 0
    try:
        for page in open_pages(f, settings):
            if page.page not in done:
                time.sleep(delay)
                small = np.ascontiguousarray(page.image[::4, ::4])
                reading = PageReading(
                    page=page.page,
                    width=small.shape[1],
                    height=small.shape[0],
                    lines=[
                        TextLine(
                            text=f"{f.source} page {page.page}",
                            box=(1.0, 1.0, 9.0, 5.0),
                            confidence=sharpness_confidence(page.image),
                        )
                    ],
                    image=small,
                )
                fresh += 1
                on_page(page, reading)
            pages.append(page.page)
    except IngestError as exc:
        return FileOutcome(
            f, error=InputError(source=f.source, code=exc.code, message=exc.message), pages=fresh
        )
    truth = sample_documents().get(f.sha256)
    if truth is None:
        docs = [
            DocumentResult(id=f"doc-{f.sha256[:16]}", source=f.source, pages=pages, doc_type=DocType.UNKNOWN)
        ]
    else:
        docs = [d.model_copy(update={"id": f"{d.id}-{f.sha256[:12]}", "source": f.source}) for d in truth]
    return FileOutcome(f, documents=docs, pages=fresh)
