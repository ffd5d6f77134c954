"""The recipe: upload → pages → OCR/seals → documents and fields → filings → checks.

Each step is a pure function of its inputs living in its own stage package;
this module only strings them together, in the one direction data flows. The
CLI, the Celery tasks and the evaluation harness all call these functions, so
there is one code path whichever way a file arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from extract.documents import DocumentStream
from extract.engines import Engines, load_engines
from extract.read import read_page
from ingest.pages import open_pages
from kernel.inputs import IngestError, InputFile
from kernel.outcome import CheckpointCallback, FileOutcome, PageCallback
from kernel.reading import PageReading
from kernel.schema import DocumentResult, InputError, ProcessResult
from kernel.settings import Settings
from validate.assemble import assemble_filings, short_hash, unfiled_documents


def load_worker(settings: Settings) -> Engines:
    """What a process that reads pages loads once at start: the engines, warmed up
    (``load_engines``, cached per process), and the reference tables."""
    engines = load_engines(settings)
    load_reference_data()
    return engines


def load_reference_data() -> None:
    """Load the shipped tables the steps look things up in (label wordings, divisions, regions,
    hospitals, rule packs) now, so a worker pays it at start and not on its first filing
    (~0.1 s, each table cached for the process)."""
    from extract.fields.labels import label_table, placed_only
    from extract.fields.values import region_misread
    from kernel import refdata
    from validate.packs import default_packs

    label_table()
    placed_only()
    refdata.match_region("北京市")
    region_misread("北京市")
    refdata.hospitals()
    default_packs()


def read_file(
    f: InputFile, engines: Engines, settings: Settings, on_page: PageCallback | None = None
) -> FileOutcome:
    """Pages of one file → documents with fields and seals. Bad files become an error, never a raise."""
    return _read(f, engines, settings, lambda page, reading: on_page(f, reading) if on_page else None)


def _read(
    f: InputFile,
    engines: Engines,
    settings: Settings,
    on_page: CheckpointCallback,
    done: Mapping[int, PageReading] | None = None,
) -> FileOutcome:
    """The one loop over a file's pages: read (or take from ``done``), report, build documents.

    Each page goes into the document stream as soon as it is read, and only what
    documents are built from is kept of it (its colour scan goes once reported:
    the page image is stored by then), so memory follows the longest document,
    not the file. ``FileOutcome.pages`` counts the pages read now.
    """
    done = done or {}
    stream = DocumentStream(f.source, f.sha256, settings)
    documents: list[DocumentResult] = []
    fresh = 0
    try:
        for page in open_pages(f, settings):
            reading = done.get(page.page)
            if reading is None:
                reading = read_page(page, engines, settings)
                fresh += 1
                on_page(page, reading)
            documents.extend(stream.add(replace(reading, colour=None)))
    except IngestError as exc:
        return FileOutcome(
            f, error=InputError(source=f.source, code=exc.code, message=exc.message), pages=fresh
        )
    return FileOutcome(f, documents=documents + stream.close(), pages=fresh)


def copy_as_duplicate(original: list[DocumentResult], f: InputFile) -> list[DocumentResult]:
    """Documents of a byte-identical re-scan: reported, pointing at the first copy, kept out of filings."""
    return [
        doc.model_copy(
            update={
                "id": f"{doc.id}-dup-{f.sha256[:6]}-{short_hash(f.source)}",
                "source": f.source,
                "duplicate_of": doc.id,
            },
            deep=True,
        )
        for doc in original
    ]


def process_files(
    files: list[InputFile],
    engines: Engines,
    settings: Settings,
    *,
    today: date,
    on_page: PageCallback | None = None,
) -> ProcessResult:
    """Read every file (duplicates once), then assemble and validate the filings."""
    result = ProcessResult()
    first_by_sha: dict[str, FileOutcome] = {}
    for f in files:
        seen = first_by_sha.get(f.sha256)
        if seen is not None:
            if seen.error is None:
                result.documents.extend(copy_as_duplicate(seen.documents, f))
            else:
                result.errors.append(seen.error.model_copy(update={"source": f.source}))
            continue
        outcome = read_file(f, engines, settings, on_page)
        first_by_sha[f.sha256] = outcome
        if outcome.error is not None:
            result.errors.append(outcome.error)
        result.documents.extend(outcome.documents)
    result.filings = assemble_filings(result.documents, settings, today)
    result.unfiled = unfiled_documents(result.documents, result.filings)
    return result


def process_stored_file(
    f: InputFile,
    engines: Engines,
    settings: Settings,
    *,
    done: Mapping[int, PageReading] | None = None,
    on_page: CheckpointCallback | None = None,
) -> FileOutcome:
    """One stored upload → documents, resuming after the pages in ``done``.

    The queue calls this with the readings a killed worker already saved, so a
    redelivered task reads only the pages nobody finished; ``on_page`` saves
    each new reading before the next page starts. Decoding a page again to
    skip it is cheap next to OCR. ``FileOutcome.pages`` counts pages read now.
    """
    return _read(f, engines, settings, on_page or (lambda page, reading: None), done)


def read_with_engines(
    f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
) -> FileOutcome:
    """The queue's file reader in a worker: ``process_stored_file`` with this process's engines."""
    return process_stored_file(f, load_engines(settings), settings, done=done, on_page=on_page)
