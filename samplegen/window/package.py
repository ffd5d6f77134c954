"""Packaging: single images, multi-page PDF or TIFF, in shuffled order, with stable bytes.

Why: stations deliver one file per page, one PDF per batch, or a mix; the
same seed must give the same bytes, so PDF dates are pinned.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from samplegen.window.damage import Scan

FIXED_DATE = time.strptime("2026-01-01", "%Y-%m-%d")


@dataclass
class Placed:
    """Where a document's pages ended up: file name and 1-based page numbers in it."""

    source: str
    pages: list[int]


def _encode_single(scan: Scan, rng: random.Random, stem: str) -> tuple[str, bytes]:
    img = scan.image
    buf = io.BytesIO()
    if img.mode == "1":
        img.save(buf, "TIFF", compression="group4", dpi=(scan.dpi, scan.dpi))
        return f"{stem}.tif", buf.getvalue()
    if "phone" in scan.ops or any(o.startswith("jpeg") for o in scan.ops) or rng.random() < 0.3:
        img.convert("RGB" if img.mode not in ("L", "RGB") else img.mode).save(
            buf, "JPEG", quality=rng.randint(70, 92), dpi=(scan.dpi, scan.dpi)
        )
        return f"{stem}.jpg", buf.getvalue()
    img.save(buf, "PNG", dpi=(scan.dpi, scan.dpi), optimize=False)
    return f"{stem}.png", buf.getvalue()


def _encode_multi(scans: list[Scan], fmt: str) -> bytes:
    buf = io.BytesIO()
    first, rest = scans[0].image, [s.image for s in scans[1:]]
    if fmt == "pdf":

        def fix(im: Image.Image) -> Image.Image:
            return im if im.mode in ("1", "L", "RGB") else im.convert("RGB")

        fix(first).save(
            buf,
            "PDF",
            save_all=True,
            append_images=[fix(i) for i in rest],
            resolution=float(scans[0].dpi),
            creationDate=FIXED_DATE,
            modDate=FIXED_DATE,
        )
    else:
        imgs = [first, *rest]
        imgs = [i.convert("L") if i.mode == "1" else i for i in imgs]
        imgs[0].save(
            buf,
            "TIFF",
            save_all=True,
            append_images=imgs[1:],
            compression="tiff_lzw",
            dpi=(scans[0].dpi, scans[0].dpi),
        )
    return buf.getvalue()


def package(
    rng: random.Random, docs: list[tuple[str, list[Scan]]], out: Path
) -> tuple[dict[str, Placed], str]:
    """Write files for the documents (key, scans) into ``out``; returns where each went and the mode."""
    order = list(docs)
    rng.shuffle(order)
    mode = rng.choice(["singles", "singles", "one_pdf", "mixed", "tiff_batch"])
    placed: dict[str, Placed] = {}
    files: dict[str, bytes] = {}
    names = iter(rng.sample(range(1000, 9999), len(order) + 2))
    style = rng.choice(["scan_{n}", "IMG_{n}", "page{n}", "DOC{n}"])

    def stem() -> str:
        return style.format(n=next(names))

    if mode in ("one_pdf", "tiff_batch") and len(order) > 1:
        fmt = "pdf" if mode == "one_pdf" else "tif"
        name = f"{stem()}.{fmt}"
        scans: list[Scan] = []
        for key, ss in order:
            placed[key] = Placed(name, list(range(len(scans) + 1, len(scans) + len(ss) + 1)))
            scans.extend(ss)
        files[name] = _encode_multi(scans, fmt)
    else:
        group: list[tuple[str, list[Scan]]] = []
        if mode == "mixed" and len(order) > 2:
            k = rng.randint(2, min(4, len(order)))
            group, order = order[:k], order[k:]
        for key, ss in order:
            if len(ss) == 1:
                name, data = _encode_single(ss[0], rng, stem())
            else:
                name = f"{stem()}.pdf"
                data = _encode_multi(ss, "pdf")
            files[name] = data
            placed[key] = Placed(name, list(range(1, len(ss) + 1)))
        if group:
            name = f"{stem()}.pdf"
            scans = []
            for key, ss in group:
                placed[key] = Placed(name, list(range(len(scans) + 1, len(scans) + len(ss) + 1)))
                scans.extend(ss)
            files[name] = _encode_multi(scans, "pdf")
    out.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        (out / name).write_bytes(data)
    return placed, mode
