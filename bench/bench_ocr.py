"""OCR benchmark: ``python -m bench.bench_ocr [FOLDER] [--engines paddleocr,rapidocr,tesseract] [--runs 3]``.

Each engine runs in its own subprocess so its peak RSS (``getrusage`` maxrss)
is its own. Per engine: seconds per page for the raw OCR call on the
seal-removed upright page and for the whole ``read_page`` (median after a
warm-up), OCR character accuracy against truth field values (sample packets'
``truth.json``) or against the rendered lines of a built-in synthetic page when
FOLDER has no samples, and seal precision/recall (IoU >= 0.5) where truth has stamps.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}


def _render_pdf(path: Path, dpi: int) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        pil = pdf[i].render(scale=dpi / 72).to_pil().convert("RGB")
        out.append(np.array(pil)[:, :, ::-1].copy())
    return out


def _truth_docs(packet: Path) -> list[dict[str, Any]]:
    """Documents of a truth.json, wherever they sit (top-level list or nested in filings)."""
    path = packet / "truth.json"
    if not path.is_file():
        return []
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "source" in node and ("fields" in node or "stamps" in node):
                found.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def load_pages(folder: Path | None, dpi: int = 200) -> list[dict[str, Any]]:
    """Pages with optional truth: {'image', 'source', 'page', 'strings', 'stamps'}."""
    pages: list[dict[str, Any]] = []
    if folder is not None and folder.is_dir():
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            ext = file.suffix.lower()
            if ext not in IMAGE_EXT and ext != ".pdf":
                continue
            images = _render_pdf(file, dpi) if ext == ".pdf" else [cv2.imread(str(file), cv2.IMREAD_COLOR)]
            packet = next((p for p in file.parents if (p / "truth.json").is_file()), file.parent)
            rel = file.relative_to(packet).as_posix()
            docs = [d for d in _truth_docs(packet) if d.get("source") in (rel, file.name)]
            for i, img in enumerate(images, start=1):
                if img is None:
                    continue
                strings, stamps = [], []
                for d in docs:
                    if i not in d.get("pages", [i]):
                        continue
                    for fv in (d.get("fields") or {}).values():
                        val = fv.get("value") if isinstance(fv, dict) else fv
                        if isinstance(val, str) and len(val) >= 2 and fv.get("page", i) == i:
                            strings.append(val)
                    stamps += [s for s in d.get("stamps", []) if s.get("page", i) == i]
                pages.append({"image": img, "source": rel, "page": i, "strings": strings, "stamps": stamps})
    if not pages:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from test_preprocess_render import TEXT, draw_seal, rotate_bound, scan_noise, text_page

        img = text_page()
        box = draw_seal(img, (700, 450), 150)
        img = rotate_bound(scan_noise(img), 1.0)
        h, w = img.shape[:2]
        stamp = {"bbox": [box[0] / w, box[1] / h, box[2] / w, box[3] / h]}
        pages.append({"image": img, "source": "synthetic", "page": 1, "strings": TEXT, "stamps": [stamp]})
    return pages


def char_accuracy(truth: str, text: str) -> float:
    """1 - edit distance / length of the best-matching stretch of ``text`` (spaces ignored)."""
    from rapidfuzz import fuzz

    t = truth.replace(" ", "").replace("　", "")
    return fuzz.partial_ratio(t, text.replace(" ", "")) / 100.0 if t else 1.0


def _iou(a: list[float], b: list[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def worker(engine: str, folder: Path | None, runs: int) -> dict[str, Any]:
    """Measure one engine in this process (called in a subprocess)."""
    from extract.engines import load_engines
    from extract.preprocess import remove_seal_ink, upright
    from extract.read import read_page
    from filingdesk.settings import Settings
    from ingest.types import SourcePage

    settings = Settings(ocr_engine=engine)
    t0 = time.perf_counter()
    engines = load_engines(settings)
    load_s = time.perf_counter() - t0
    pages = load_pages(folder)
    raw, full, accs, steps = [], [], [], []
    tp = fp = fn = 0
    for pg in pages:
        sp = SourcePage(source=pg["source"], page=pg["page"], image=pg["image"], dpi=200)
        clean = remove_seal_ink(upright(pg["image"], flip=engines.flip)[0])
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            lines = engines.ocr.read(clean)
            times.append(time.perf_counter() - t)
        raw.append(statistics.median(times))
        times = []
        for _ in range(runs):
            timing: dict[str, float] = {}
            reading = read_page(sp, engines, settings, timing)
            times.append(timing["total"])
            steps.append(timing)
        full.append(statistics.median(times))
        text = "".join(ln.text for ln in lines)
        accs += [char_accuracy(s, text) for s in pg["strings"]]
        found = [
            [
                s.box[0] / reading.width,
                s.box[1] / reading.height,
                s.box[2] / reading.width,
                s.box[3] / reading.height,
            ]
            for s in reading.seals
        ]
        truth = [s["bbox"] for s in pg["stamps"]]
        matched = sum(1 for t in truth if any(_iou(t, f) >= 0.5 for f in found))
        tp += matched
        fn += len(truth) - matched
        fp += sum(1 for f in found if not any(_iou(t, f) >= 0.5 for t in truth))
    step_med = (
        {k: statistics.median(s[k] for s in steps) for k in ("upright", "seals", "ocr")} if steps else {}
    )
    return {
        "engine": engine,
        "pages": len(pages),
        "load_s": load_s,
        "raw_s": statistics.median(raw) if raw else 0.0,
        "page_s": statistics.median(full) if full else 0.0,
        "steps": step_med,
        "accuracy": statistics.mean(accs) if accs else None,
        "seal_p": tp / (tp + fp) if tp + fp else None,
        "seal_r": tp / (tp + fn) if tp + fn else None,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("folder", nargs="?", default="samples")
    ap.add_argument("--engines", default="paddleocr,rapidocr,tesseract")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    folder = Path(args.folder)
    if args.worker:
        Path(args.out).write_text(json.dumps(worker(args.worker, folder, args.runs)))
        return
    from rich.console import Console
    from rich.table import Table

    rows = []
    for engine in args.engines.split(","):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            out = Path(tmp.name)
        cmd = [
            sys.executable,
            "-m",
            "bench.bench_ocr",
            str(folder),
            "--worker",
            engine,
            "--out",
            str(out),
            "--runs",
            str(args.runs),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{engine}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(out.read_text()))
        out.unlink()

    def fmt(v: float | None, spec: str) -> str:
        return "-" if v is None else format(v, spec)

    table = Table(title=f"OCR benchmark on {folder if folder.is_dir() else 'a synthetic page'}")
    for col in (
        "engine",
        "pages",
        "load s",
        "OCR call s/page",
        "read_page s/page",
        "upright/seals/ocr s",
        "char acc",
        "seal P",
        "seal R",
        "peak RSS MB",
    ):
        table.add_column(col, justify="right")
    for r in rows:
        st = r["steps"]
        table.add_row(
            r["engine"],
            str(r["pages"]),
            fmt(r["load_s"], ".1f"),
            fmt(r["raw_s"], ".2f"),
            fmt(r["page_s"], ".2f"),
            "/".join(format(st.get(k, 0), ".2f") for k in ("upright", "seals", "ocr")),
            fmt(r["accuracy"], ".3f"),
            fmt(r["seal_p"], ".2f"),
            fmt(r["seal_r"], ".2f"),
            fmt(r["rss_mb"], ".0f"),
        )
    Console(width=170).print(table)


if __name__ == "__main__":
    main()
