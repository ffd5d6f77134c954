"""Speed, memory and accuracy of the whole pipeline per OCR engine, side by side.

``python -m bench [FOLDER] [--pages N] [--repeat R] [--engines paddleocr,rapidocr,tesseract]``

An engine may carry an OpenVINO precision after a colon
(``paddleocr-openvino:bf16-det``), so routes that differ only in their
arithmetic are measured side by side in one run (same machine load).

Each engine is measured in its own subprocess, so its peak RSS (``getrusage``
maxrss of that process) is its own. The worker takes whole sample packets (so
their truth can be scored) until ``--pages`` pages are reached, then:

* runs the pipeline the CLI runs (``process_files``: ingest, page reading,
  documents and fields, filings and rule checks) ``--repeat`` times (3), timed,
  after the engine is loaded and warmed up (loading is reported apart, as a
  worker pays it once);
* right after each page is read, times the raw OCR call (``engine.read``) on
  that page as the pipeline hands it to the engine (upright, seal-free), and
  takes that time out of the pipeline's clock. Interleaving page by page means
  both sides run under the same machine load, so the overhead figure holds on
  a shared machine where a load change between two separate passes would not;
* takes, for each page and each side, the median over the passes: on this
  shared machine the speed of one pass against the next varies by up to 30 %
  and single passes put the same code's overhead anywhere from +6 % to +14 %;
* scores the first pass's result against the packets' ``truth.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.engines import Engines
    from kernel.reading import PageReading
    from kernel.schema import ProcessResult
    from kernel.settings import Settings

ENGINES = ("paddleocr", "rapidocr", "tesseract")
RUNTIME_ENGINES = {"onnxruntime": "paddleocr-onnxruntime", "openvino": "paddleocr-openvino"}


def default_engines() -> list[str]:
    """The default route (settings as a user gets them) and PP-OCR on the other runtime beside it."""
    from extract.engines import ocr_runtime
    from kernel.settings import Settings

    default = Settings()
    runtime = ocr_runtime(default)
    others = [name for rt, name in RUNTIME_ENGINES.items() if rt != runtime]
    return [default.ocr_engine, *others]


def parse_route(spec: str) -> tuple[str, str | None]:
    """``engine[:precision]`` -> (engine, precision or None for the settings' own)."""
    engine, _, precision = spec.strip().partition(":")
    return engine.strip(), precision.strip() or None


def pick_packets(folder: Path, pages: int | None) -> list[Path]:
    """Packet folders (with a truth.json) in order, until ``pages`` pages are covered."""
    from ingest.collect import collect_inputs
    from ingest.pages import count_pages
    from kernel.settings import Settings

    packets = sorted(p.parent for p in folder.rglob("truth.json"))
    if pages is None:
        return packets
    chosen: list[Path] = []
    total = 0
    settings = Settings()
    for packet in packets:
        if total >= pages:
            break
        files, _ = collect_inputs([packet], settings)
        total += sum(count_pages(f, settings) for f in files)
        chosen.append(packet)
    return chosen


def _copied_root(packets: list[Path], tmp: Path) -> Path:
    """A folder holding just the chosen packets (copies: input walking skips links)."""
    root = tmp / "packets"
    root.mkdir()
    for packet in packets:
        shutil.copytree(packet, root / packet.name)
    return root


def worker(engine: str, folder: Path, pages: int | None, repeat: int = 3) -> dict[str, Any]:
    """Measure one engine in this process (run as a subprocess by ``main``)."""
    from evaluation.run import evaluate
    from extract.engines import ocr_runtime
    from filingdesk.pipeline import load_worker
    from kernel.settings import Settings

    name, precision = parse_route(engine)
    settings = (
        Settings(ocr_engine=name) if precision is None else Settings(ocr_engine=name, ocr_precision=precision)
    )
    runtime = ocr_runtime(settings)
    default = Settings()
    # the route a user gets without settings
    is_default = name == default.ocr_engine and settings.ocr_precision == default.ocr_precision
    t0 = time.perf_counter()
    engines = load_worker(settings)  # as a worker does at start
    load_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        root = _copied_root(pick_packets(folder, pages), Path(tmp))
        passes = [_timed_pass(root, engines, settings) for _ in range(max(1, repeat))]
        result = passes[0].result
        n_pages = len(passes[0].pipe)
        # per page, the median over the passes: one page slowed by a neighbour's burst of work
        # (this machine is shared) no longer moves the total
        pipeline_s = sum(statistics.median(p.pipe[i] for p in passes) for i in range(n_pages))
        pipeline_s += statistics.median(p.tail for p in passes)
        raw_s = sum(statistics.median(p.raw[i] or 0.0 for p in passes) for i in range(n_pages))
        raw_pages = sum(1 for r in passes[0].raw if r is not None)
        report = evaluate(root, result, pipeline_s, n_pages)
    return {
        "engine": engine,
        "runtime": runtime if name.startswith("paddleocr") else None,
        "precision": settings.ocr_precision
        if runtime == "openvino" and name.startswith("paddleocr")
        else None,
        "default": is_default,
        "pages": n_pages,
        "repeat": len(passes),
        "load_s": load_s,
        "pipeline_s_page": pipeline_s / max(1, n_pages),
        # the pipeline skips OCR on text-layer pages: compare per OCR'd page on both sides
        "raw_s_page": raw_s / max(1, raw_pages),
        "raw_pages": raw_pages,
        "pipeline_s_ocr_page": pipeline_s / max(1, raw_pages),
        "fields": report.fields.rate,
        "doc_type": report.doc_type.rate,
        "seal_f1": report.stamps.f1,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


@dataclass
class _Pass:
    """One timed run of the pipeline over the packets, with the raw OCR call on each page."""

    result: ProcessResult
    pipe: list[float]  # per page: pipeline seconds since the previous page was done, raw call excluded
    raw: list[float | None]  # per page: the raw OCR call's seconds (None: text layer, no OCR)
    tail: float  # after the last page: its file's documents, then the filings and their checks


def _timed_pass(root: Path, engines: Engines, settings: Settings) -> _Pass:
    from extract.seal_ink import remove_seal_ink
    from filingdesk.pipeline import process_files
    from ingest.collect import collect_inputs

    files, _ = collect_inputs([root], settings)
    pipe: list[float] = []
    raw: list[float | None] = []
    mark = time.perf_counter()

    def raw_call(_f: object, reading: PageReading) -> None:
        nonlocal mark
        pipe.append(time.perf_counter() - mark)
        took = None
        if not reading.from_text_layer and reading.image is not None:  # digital text: no OCR call
            clean = remove_seal_ink(reading.image)  # a no-op on the gray page of line engines
            start = time.perf_counter()
            engines.ocr.read(clean)
            took = time.perf_counter() - start
        raw.append(took)
        mark = time.perf_counter()

    result = process_files(files, engines, settings, today=date.today(), on_page=raw_call)
    return _Pass(result, pipe, raw, time.perf_counter() - mark)


def run_engine(engine: str, folder: Path, pages: int | None, repeat: int = 3) -> dict[str, Any] | str:
    """One engine's measurements from a fresh subprocess, or why it failed."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = Path(tmp.name)
    cmd = [sys.executable, "-m", "bench", str(folder), "--worker", engine, "--out", str(out)]
    cmd += ["--repeat", str(repeat)]
    if pages is not None:
        cmd += ["--pages", str(pages)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    try:
        if proc.returncode != 0:
            return (proc.stderr.strip().splitlines() or ["failed"])[-1]
        return dict(json.loads(out.read_text()))
    finally:
        out.unlink(missing_ok=True)


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[dict[str, Any]], failed: dict[str, str], folder: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    passes = max((r.get("repeat", 1) for r in rows), default=1)
    table = Table(
        title=f"Pipeline benchmark on {folder} (per page, median of {passes} passes; 2 OCR threads)"
    )
    for col in (
        "engine",
        "pages",
        "load s",
        "raw OCR s/page",
        "pipeline s/page",
        "overhead",
        "peak RSS MB",
        "field acc",
        "doc type",
        "seal F1",
    ):
        table.add_column(col, justify="right")
    for r in rows:
        overhead = r["pipeline_s_ocr_page"] / r["raw_s_page"] - 1 if r["raw_s_page"] else None
        table.add_row(
            r["engine"],
            str(r["pages"]),
            _fmt(r["load_s"], ".1f"),
            _fmt(r["raw_s_page"], ".2f"),
            _fmt(r["pipeline_s_page"], ".2f"),
            "-" if overhead is None else f"{overhead:+.0%}",
            _fmt(r["rss_mb"], ".0f"),
            _fmt(r["fields"], ".1%"),
            _fmt(r["doc_type"], ".1%"),
            _fmt(r["seal_f1"], ".2f"),
        )
    for engine, why in failed.items():
        table.add_row(engine, "-", "-", "-", "-", "-", "-", "-", "-", f"failed: {why[:60]}")
    console = Console(width=160)
    console.print(table)
    console.print(
        "raw OCR = engine.read on the upright seal-free page; pipeline = ingest → filings, per page "
        "(overhead compares both per OCR'd page: text-layer PDF pages skip OCR)."
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.splitlines()[0] if __doc__ else None
    )
    ap.add_argument("folder", nargs="?", default="samples", type=Path)
    ap.add_argument(
        "--pages", type=int, default=None, help="Stop adding packets once this many pages are in."
    )
    ap.add_argument("--repeat", type=int, default=3, help="Passes per engine (median per page).")
    ap.add_argument(
        "--engines",
        default=None,
        help="Engines to measure (paddleocr, paddleocr-onnxruntime, paddleocr-openvino, rapidocr, "
        "tesseract), each optionally ENGINE:PRECISION (paddleocr-openvino:bf16-det); default: the default "
        "route and PP-OCR on the other runtime.",
    )
    ap.add_argument("--json", action="store_true", help="Print the figures as JSON instead of a table.")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        Path(args.out).write_text(json.dumps(worker(args.worker, args.folder, args.pages, args.repeat)))
        return
    rows: list[dict[str, Any]] = []
    failed: dict[str, str] = {}
    names = [e.strip() for e in args.engines.split(",") if e.strip()] if args.engines else default_engines()
    for engine in names:
        got = run_engine(engine, args.folder, args.pages, args.repeat)
        if isinstance(got, str):
            failed[engine] = got
        else:
            rows.append(got)
    if args.json:
        print(json.dumps(as_json(rows, failed), indent=2))
    else:
        print_table(rows, failed, args.folder)


def as_json(rows: list[dict[str, Any]], failed: dict[str, str]) -> dict[str, Any]:
    """The figures in the shape integrators and CI scripts read (one row per engine and runtime)."""
    return {
        "engines": [
            {
                "engine": r["engine"],
                "runtime": r["runtime"],
                "precision": r.get("precision"),
                "default": r["default"],
                "pages": r["pages"],
                "raw_ocr_s_per_page": r["raw_s_page"],
                "pipeline_s_per_page": r["pipeline_s_page"],
                "non_ocr_ms_per_page": (r["pipeline_s_ocr_page"] - r["raw_s_page"]) * 1000,
                "peak_rss_mb": r["rss_mb"],
                "field_acc": r["fields"],
                "doc_type_acc": r["doc_type"],
                "seal_f1": r["seal_f1"],
            }
            for r in rows
        ],
        "failed": failed,
    }
