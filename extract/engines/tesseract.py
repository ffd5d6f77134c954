"""Fallback OCR engine: the Debian ``tesseract`` binary with ``chi_sim`` (no Python binding needed).

Much weaker on these pages (OCR-NOTES: 0.55-0.82 accuracy) but tiny (0.16 GB)
and independent of onnxruntime, so it stays as a last resort. Words from the
TSV output are joined into lines by tesseract's own block/paragraph/line ids.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import cv2

from extract.engines.lines import sort_lines
from kernel.reading import Image, TextLine

if TYPE_CHECKING:
    from kernel.settings import Settings


class TesseractEngine:
    """``tesseract IMAGE stdout -l chi_sim --psm 3 tsv`` parsed into TextLines."""

    name = "tesseract"

    def __init__(self, settings: Settings, binary: str = "tesseract", lang: str = "chi_sim") -> None:
        found = shutil.which(binary)
        if found is None:
            raise RuntimeError(
                f"OCR engine 'tesseract' needs the {binary!r} binary (Debian: apt-get install tesseract-ocr "
                "tesseract-ocr-chi-sim), or choose FILINGDESK_OCR_ENGINE=paddleocr."
            )
        langs = subprocess.run([found, "--list-langs"], capture_output=True, text=True, check=False).stdout
        if lang not in langs.split():
            raise RuntimeError(
                f"tesseract has no {lang!r} language data (apt-get install tesseract-ocr-chi-sim)."
            )
        self.binary, self.lang = found, lang
        self.threads = max(1, int(settings.ocr_threads))

    def read(self, image: Image) -> list[TextLine]:
        """Text lines with boxes in pixels of ``image``; word confidences averaged per line."""
        with tempfile.TemporaryDirectory(prefix="fd-tess-") as tmp:
            path = Path(tmp) / "page.png"
            cv2.imwrite(str(path), image)
            proc = subprocess.run(
                [self.binary, str(path), "stdout", "-l", self.lang, "--psm", "3", "tsv"],
                capture_output=True,
                text=True,
                check=False,
                env={"OMP_THREAD_LIMIT": str(self.threads), "PATH": "/usr/bin:/bin"},
                timeout=120,
            )
        if proc.returncode != 0:
            raise RuntimeError(f"tesseract failed: {proc.stderr.strip()[:300]}")
        return parse_tsv(proc.stdout)


def parse_tsv(tsv: str) -> list[TextLine]:
    """Group level-5 word rows of tesseract TSV by (block, paragraph, line) into TextLines."""
    groups: dict[tuple[str, str, str], list[tuple[str, float, int, int, int, int]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        conf = float(cols[10])
        if not text or conf < 0:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        groups.setdefault((cols[2], cols[3], cols[4]), []).append((text, conf, left, top, width, height))
    lines = []
    for words in groups.values():
        words.sort(key=lambda w: w[2])
        text = _join(w[0] for w in words)
        x0 = min(w[2] for w in words)
        y0 = min(w[3] for w in words)
        x1 = max(w[2] + w[4] for w in words)
        y1 = max(w[3] + w[5] for w in words)
        conf = sum(w[1] for w in words) / len(words) / 100.0
        poly = (
            (float(x0), float(y0)),
            (float(x1), float(y0)),
            (float(x1), float(y1)),
            (float(x0), float(y1)),
        )
        lines.append(TextLine(text=text, box=(x0, y0, x1, y1), confidence=conf, polygon=poly))
    return sort_lines(lines)


def _join(words: object) -> str:
    """Chinese words are joined without spaces; a space is kept only between two Latin/digit words."""
    out = ""
    for word in words:  # type: ignore[attr-defined]
        if out and out[-1].isascii() and out[-1].isalnum() and word[0].isascii() and word[0].isalnum():
            out += " "
        out += word
    return out
