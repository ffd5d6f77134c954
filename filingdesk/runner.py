"""Runs the pipeline for the command line: engines, progress bar, storing records.

The pipeline itself (filingdesk.pipeline) knows nothing of consoles or
databases; this module is the edge that adds them for `process` and `eval`.
"""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path

from rich.console import Console

from filingdesk.page_images import PageImages
from kernel.inputs import InputFile
from kernel.reading import PageReading
from kernel.schema import ProcessResult
from kernel.settings import Settings


def run_process(
    inputs: list[Path], settings: Settings, *, console: Console | None, today: date, station: str, save: bool
) -> tuple[ProcessResult, float, int]:
    """Process inputs and (optionally) store the records. Returns result, seconds and pages read."""
    from filingdesk.console import page_progress
    from filingdesk.pipeline import load_worker, process_files
    from ingest.collect import collect_inputs
    from ingest.pages import count_pages

    files, errors = collect_inputs(inputs, settings)
    unique = {f.sha256: f for f in reversed(files)}  # duplicates are not read twice
    total = sum(count_pages(f, settings) for f in unique.values())
    with console.status("Loading OCR models…") if console is not None else contextlib.nullcontext():
        engines = load_worker(settings)

    started = time.perf_counter()
    done = 0
    page_images = PageImages(settings) if save else None

    def keep(f: InputFile, reading: PageReading) -> None:
        if page_images is not None:
            page_images.add(f.source, reading)

    if console is None:
        result = process_files(files, engines, settings, today=today, on_page=keep)
        done = total
    else:
        with page_progress(console, total) as progress:
            task = progress.add_task("Reading pages", total=total, rate="–")

            def on_page(f: InputFile, reading: PageReading) -> None:
                nonlocal done
                keep(f, reading)
                done += 1
                elapsed = time.perf_counter() - started
                progress.update(task, advance=1, rate=f"{done / elapsed:.2f}" if elapsed else "–")

            result = process_files(files, engines, settings, today=today, on_page=on_page)
    seconds = time.perf_counter() - started
    result.errors = errors + result.errors
    if save:
        from store.db import session_scope
        from store.migrate import upgrade
        from store.repository import save_result

        upgrade(settings)
        with session_scope(settings) as session:
            batch_id = save_result(session, result, batch_station=station, inputs=files)
            if page_images is not None:
                page_images.save(session, batch_id)
    return result, seconds, max(done, 0)
