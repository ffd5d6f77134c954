"""``python -m bench.bench_memory``: peak memory of reading one long PDF, against a short one.

A worker or ``filingdesk process`` must not need memory in proportion to a
file's pages: the limit allows 200 pages a file. This builds PDFs of N pages
from the committed sample scans (the same six pages over and over, each a
different document), reads each with ``filingdesk process --no-save`` in a
fresh process, and prints the process's peak resident memory per size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
# six scans of the committed samples: a form, register pages, a letter, a permit (different documents)
PAGES = (
    "samples/packet_002/scan_01.jpg",
    "samples/packet_002/scan_02.jpg",
    "samples/packet_002/scan_03.jpg",
    "samples/packet_005/scan_01.jpg",
    "samples/packet_005/scan_03.jpg",
    "samples/packet_006/scan_01.jpg",
)


def long_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages at 200 dpi, cycling through ``PAGES``."""
    scans = [Image.open(ROOT / p).convert("RGB") for p in PAGES]
    frames = [scans[i % len(scans)] for i in range(pages)]
    frames[0].save(path, format="PDF", save_all=True, append_images=frames[1:], resolution=200)
    return path


def measure(pdf: Path, home: Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of ``filingdesk process PDF --no-save`` in a process of its own."""
    start = time.perf_counter()
    script = (
        "import resource, sys; from filingdesk.cli import app; "
        "sys.argv = ['filingdesk', 'process', sys.argv[1], '--out', sys.argv[2], '--no-save', '--quiet']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(pdf), str(home / "result.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "FILINGDESK_HOME": str(home)},
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    peak_kb = int(proc.stdout.strip().splitlines()[-1])
    return peak_kb / 1024, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_memory", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="6,200", help="PDF sizes to read, comma-separated.")
    args = ap.parse_args(argv)
    sizes = [int(n) for n in args.pages.split(",")]
    table = Table(title="peak memory of `filingdesk process` on one PDF")
    for column in ("pages", "peak RSS (MB)", "over the smallest (MB)", "seconds", "s/page"):
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for n in sizes:
            pdf = long_pdf(Path(tmp) / f"{n}.pdf", n)
            home = Path(tmp) / f"home{n}"
            home.mkdir()
            rows.append((n, *measure(pdf, home)))
    base = rows[0][1]
    for n, peak, seconds in rows:
        table.add_row(str(n), f"{peak:.0f}", f"{peak - base:+.0f}", f"{seconds:.0f}", f"{seconds / n:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
