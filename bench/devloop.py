"""Evaluate a sample tree with page readings cached: the extractor author's inner loop.

``python -m bench.devloop DIR [DIR …] [--cache FOLDER] [--breakdown] [--errors N] [--details]``

Reading a page (OCR, orientation, seals) is what costs a second a page; what
comes after it (document splitting, classification, fields, filings) runs in
milliseconds. Work on the latter re-reads nothing: each page's reading is
stored under ``--cache`` keyed by the file's hash, the page number, the OCR
engine and a hash of the source of every module that reading depends on, so a
change to the reading code invalidates the cache by itself. Prints the eval
summary per tree and, with ``--breakdown``, the wrong fields per layout of an
unseen set (``samplegen.unseen``).
"""

from __future__ import annotations

import argparse
import pickle
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import filingdesk.pipeline as pipeline
from bench.code_closure import closure_hash
from evaluation.run import evaluate
from extract.engines import Engines, load_engines
from ingest.collect import collect_inputs
from kernel.inputs import SourcePage
from kernel.reading import PageReading
from kernel.settings import Settings

# Where a PageReading is made: the page recipe and the engines it is handed. Everything they
# import is part of the key (``bench.code_closure``), so no module can be left out.
READING_ROOTS = ("extract.read", "extract.engines")


def code_hash(root: Path) -> str:
    """Hash of the sources that make a page reading: the import closure of ``READING_ROOTS``."""
    return closure_hash(root, READING_ROOTS)


def cached_reader(
    cache: Path, engine: str, salt: str, read: Callable[[SourcePage, Engines, Settings], PageReading]
) -> tuple[Callable[[SourcePage, Engines, Settings], PageReading], dict[str, int]]:
    """A ``read_page`` that loads a stored reading when it has one, and counts hits and misses."""
    counts = {"hit": 0, "read": 0}

    def read_page(page: SourcePage, engines: Engines, settings: Settings) -> PageReading:
        path = cache / f"{page.file_sha256[:20]}-p{page.page}-{engine}-{salt}.pkl"
        if path.is_file():
            counts["hit"] += 1
            with path.open("rb") as fh:
                reading: PageReading = pickle.load(fh)
            return reading
        counts["read"] += 1
        reading = read(page, engines, settings)
        reading.cells = None  # found again on first use: it belongs to the field extractor
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(reading, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return reading

    return read_page, counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.devloop", description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("var/devloop-cache"))
    ap.add_argument("--breakdown", action="store_true", help="wrong fields per layout (unseen sets)")
    ap.add_argument("--errors", type=int, default=0, help="print this many field errors per tree")
    ap.add_argument("--details", action="store_true", help="wrong document types, seals and verdicts")
    args = ap.parse_args(argv)
    settings = Settings()
    args.cache.mkdir(parents=True, exist_ok=True)
    engines: Engines | None = None
    original = pipeline.read_page
    reader, counts = cached_reader(
        args.cache, settings.ocr_engine, code_hash(Path(__file__).resolve().parent.parent), original
    )
    pipeline.read_page = reader  # type: ignore[assignment]
    try:
        for folder in args.folders:
            files, _ = collect_inputs([folder], settings)
            if engines is None:
                engines = load_engines(settings)
            start = time.perf_counter()
            result = pipeline.process_files(files, engines, settings, today=date.today())
            seconds = time.perf_counter() - start
            report = evaluate(folder, result)
            print(
                f"{folder}: fields {report.fields.correct}/{report.fields.total} ({report.fields.rate:.1%}), "
                f"doc types {report.doc_type.correct}/{report.doc_type.total}, documents "
                f"{report.documents.matched}/{report.documents.truth}, seal F1 {report.stamps.f1 or 0:.3f} "
                f"(P {report.stamps.precision or 0:.2f} R {report.stamps.recall or 0:.2f}) "
                f"(gray {report.stamps_gray.f1 or 0:.2f}), "
                f"verdicts {report.verdict.correct}/{report.verdict.total}, defects "
                f"{report.defects.correct}/{report.defects.total}, false alarms {report.false_alarms} "
                f"({seconds:.1f} s)"
            )
            for e in report.field_errors[: args.errors]:
                got = "(missing)" if e.missing else repr(e.got)
                print(f"    {e.source} {e.doc_type} {e.key}: {e.expected!r} → {got}")
            if args.details:
                from evaluation.details import details

                print("\n".join(details(folder, result)))
                if report.false_alarms_by_code:
                    print(f"  false alarms by code: {dict(sorted(report.false_alarms_by_code.items()))}")
            if args.breakdown and (folder / "manifest.json").is_file():
                from evaluation.breakdown import breakdown

                print("\n".join(breakdown(folder, result)[2:]))
    finally:
        pipeline.read_page = original
    print(f"pages read {counts['read']}, from cache {counts['hit']}")


if __name__ == "__main__":
    main()
