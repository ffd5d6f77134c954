"""The OpenVINO runtime on the real PP-OCR models: reads sample pages as onnxruntime does, caches compiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_preprocess_render import text_line_image

from extract.engines import ENGINE_CHOICES, load_ocr, ocr_runtime
from extract.engines.openvino_runtime import openvino_cache_dir
from extract.engines.paddle import PaddleOcrEngine
from kernel.settings import Settings

pytestmark = pytest.mark.slow

LINES = ("公民身份号码 140105198803150012", "参保地：山西省太原市", "就医地：北京市朝阳区")


def _settings(tmp: Path, **kw: object) -> Settings:
    return Settings(home=tmp, **kw)  # type: ignore[arg-type]


def test_runtime_choice_by_settings_and_engine_name(tmp_path: Path) -> None:
    assert ocr_runtime(_settings(tmp_path, ocr_runtime="openvino")) == "openvino"
    assert ocr_runtime(_settings(tmp_path, ocr_runtime="onnxruntime")) == "onnxruntime"
    forced = _settings(tmp_path, ocr_engine="paddleocr-onnxruntime", ocr_runtime="openvino")
    assert ocr_runtime(forced) == "onnxruntime"
    assert {"paddleocr-openvino", "paddleocr-onnxruntime"} <= set(ENGINE_CHOICES)
    with pytest.raises(ValueError, match="FILINGDESK_OCR_RUNTIME"):
        ocr_runtime(_settings(tmp_path, ocr_runtime="tensorrt"))


def test_openvino_reads_lines_as_onnxruntime_does(tmp_path: Path) -> None:
    ort_engine = load_ocr(_settings(tmp_path, ocr_engine="paddleocr-onnxruntime"))
    ov_engine = load_ocr(_settings(tmp_path, ocr_engine="paddleocr-openvino"))
    assert isinstance(ov_engine, PaddleOcrEngine) and ov_engine.runtime == "openvino"
    for line in LINES:
        image = text_line_image(line)
        ort_text = "".join(ln.text for ln in ort_engine.read(image)).replace(" ", "")
        ov_text = "".join(ln.text for ln in ov_engine.read(image)).replace(" ", "")
        assert ov_text == ort_text == line.replace(" ", "")


def test_second_load_uses_compiled_cache(tmp_path: Path) -> None:
    settings = _settings(tmp_path, ocr_engine="paddleocr-openvino")
    load_ocr(settings)
    cache = openvino_cache_dir(settings.cache_dir)
    blobs = {p: p.stat().st_mtime_ns for p in cache.iterdir() if p.is_file()}
    assert len(blobs) >= 2  # det and rec compiled to disk
    load_ocr(settings)
    again = {p: p.stat().st_mtime_ns for p in cache.iterdir() if p.is_file()}
    assert again == blobs  # read back, nothing recompiled or added


def test_openvino_route_builds_no_onnxruntime_session(tmp_path: Path) -> None:
    import paddlex.inference.models.engines.onnxruntime as paddlex_ort
    from paddlex.inference.models.runners import ONNXRuntimeRunner

    from extract.engines.openvino_runtime import OpenVinoRunner

    engine = load_ocr(_settings(tmp_path, ocr_engine="paddleocr-openvino", ocr_precision="f32"))
    assert isinstance(engine, PaddleOcrEngine)
    for predictor in (engine._det, engine._rec):
        assert isinstance(predictor.paddlex_predictor.runner, OpenVinoRunner)
    assert paddlex_ort.ONNXRuntimeRunner is ONNXRuntimeRunner  # paddlex's own runner put back
    onnx = load_ocr(_settings(tmp_path, ocr_engine="paddleocr-onnxruntime"))
    assert isinstance(onnx, PaddleOcrEngine)
    assert isinstance(onnx._det.paddlex_predictor.runner, ONNXRuntimeRunner)
