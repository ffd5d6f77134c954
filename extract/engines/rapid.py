"""Alternative OCR engine: rapidocr 3.10 with the PP-OCRv6 small det + rec bundled in its wheel.

Only the wheel's own default models exist offline; any other model choice makes
rapidocr download, so the paths are passed explicitly and checked first. The
text-line classifier is off (page orientation is decided in ``extract.orient`` from the
detected boxes). Lines scoring under rapidocr's own ``text_score`` (0.5) are dropped, as its
one-call pipeline does.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extract.engines import ModelMissingError
from extract.engines.lines import as_bgr, as_quad, read_by_lines
from extract.simplify import to_simplified
from kernel.reading import Image, Quad, TextLine

if TYPE_CHECKING:
    from kernel.settings import Settings

DET_FILE = "PP-OCRv6_det_small.onnx"
REC_FILE = "PP-OCRv6_rec_small.onnx"
MIN_SCORE = 0.5


def rapid_model_paths(settings: Settings) -> tuple[Path, Path]:
    """det/rec ONNX files: ``settings.model_dir`` if it has them, else the rapidocr wheel's ``models/``."""
    folders: list[Path] = []
    if settings.model_dir is not None:
        folders.append(Path(settings.model_dir))
    spec = importlib.util.find_spec("rapidocr")
    if spec is not None and spec.submodule_search_locations:
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "models")
    for folder in folders:
        det, rec = folder / DET_FILE, folder / REC_FILE
        if det.is_file() and rec.is_file():
            return det, rec
    raise ModelMissingError(
        f"rapidocr models {DET_FILE} and {REC_FILE} not found in {[str(f) for f in folders]}. "
        "Install rapidocr==3.10.0 or set FILINGDESK_MODEL_DIR to a folder holding them; "
        "models are never downloaded."
    )


class RapidOcrEngine:
    """PP-OCRv6 small through rapidocr's onnxruntime backend."""

    name = "rapidocr"

    def __init__(self, settings: Settings) -> None:
        det, rec = rapid_model_paths(settings)
        from rapidocr import RapidOCR

        threads = max(1, int(settings.ocr_threads))
        self._engine = RapidOCR(
            params={
                "Global.use_cls": False,
                "Global.log_level": "warning",
                "Global.max_side_len": max(int(settings.det_limit_side), 1280),
                "Det.model_path": str(det),
                "Rec.model_path": str(rec),
                "Det.limit_side_len": int(settings.det_limit_side),
                "Det.limit_type": "max",
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def detect(self, image: Image) -> list[Quad]:
        """Line quadrilaterals in pixels of ``image`` (rapidocr maps them back from its resize)."""
        out: Any = self._engine(
            np.ascontiguousarray(as_bgr(image)), use_det=True, use_cls=False, use_rec=False
        )
        boxes = getattr(out, "boxes", None)
        return [] if boxes is None else [as_quad(b) for b in boxes]

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]:
        """(text, score) per line crop; a score under 0.5 comes back as an empty text."""
        if not crops:
            return []
        out: Any = self._engine.recognize_txt([np.ascontiguousarray(as_bgr(c)) for c in crops])
        pairs = zip(out.txts or (), out.scores or (), strict=False)
        return [(str(t) if float(s) >= MIN_SCORE else "", float(s)) for t, s in pairs]

    def read(self, image: Image) -> list[TextLine]:
        """Text lines with boxes in pixels of ``image``."""
        return read_by_lines(self, image)


class RapidRecogniser:
    """PP-OCRv6 small's recogniser alone (its detector is never loaded): the second opinion on the
    lines the page engine read unsurely. Its texts come back simplified (it reads 随 as 隨 at times)."""

    name = "rapidocr-rec"

    def __init__(self, settings: Settings) -> None:
        _, rec = rapid_model_paths(settings)
        from rapidocr import RapidOCR

        threads = max(1, int(settings.ocr_threads))
        self._engine = RapidOCR(
            params={
                "Global.use_cls": False,
                "Global.log_level": "warning",
                "Rec.model_path": str(rec),
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]:
        """(text, score) per line crop; a score under 0.5 comes back as an empty text."""
        if not crops:
            return []
        out: Any = self._engine.recognize_txt([np.ascontiguousarray(as_bgr(c)) for c in crops])
        pairs = zip(out.txts or (), out.scores or (), strict=False)
        return [(to_simplified(str(t)) if float(s) >= MIN_SCORE else "", float(s)) for t, s in pairs]
