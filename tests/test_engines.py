"""The OCR engines on real models (no mocks): they load offline and read Chinese lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_preprocess_render import text_line_image

from extract.engines import ModelMissingError, load_ocr
from extract.types import OcrEngine
from kernel.reading import TextLine
from kernel.settings import Settings

pytestmark = pytest.mark.slow

ID_LINE = "公民身份号码 140105198803150012"


def _settings(tmp: Path, **kw: object) -> Settings:
    return Settings(home=tmp, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fdhome")


@pytest.fixture(scope="module")
def paddle(home: Path) -> OcrEngine:
    return load_ocr(_settings(home, ocr_engine="paddleocr"))


@pytest.fixture(scope="module")
def rapid(home: Path) -> OcrEngine:
    return load_ocr(_settings(home, ocr_engine="rapidocr"))


@pytest.fixture(scope="module")
def tess(home: Path) -> OcrEngine:
    return load_ocr(_settings(home, ocr_engine="tesseract"))


def _joined(lines: list[TextLine]) -> str:
    return "".join(ln.text for ln in lines).replace(" ", "")


def test_paddle_reads_id_line(paddle: OcrEngine) -> None:
    lines = paddle.read(text_line_image(ID_LINE))
    assert _joined(lines) == ID_LINE.replace(" ", "")
    assert all(isinstance(ln, TextLine) and ln.confidence > 0.8 for ln in lines)
    x0, y0, x1, y1 = lines[0].box
    assert 0 <= x0 < x1 and 0 <= y0 < y1 and len(lines[0].polygon) >= 4


def test_paddle_reads_gray_image(paddle: OcrEngine) -> None:
    import cv2

    gray = cv2.cvtColor(text_line_image("参保地：山西省太原市"), cv2.COLOR_BGR2GRAY)
    assert "太原市" in _joined(paddle.read(gray))


def test_rapidocr_returns_lines(rapid: OcrEngine) -> None:
    lines = rapid.read(text_line_image(ID_LINE))
    assert lines and all(isinstance(ln, TextLine) for ln in lines)
    assert "140105198803150012" in _joined(lines)


def test_tesseract_returns_lines(tess: OcrEngine) -> None:
    lines = tess.read(text_line_image(ID_LINE, size=48))
    assert lines and all(isinstance(ln, TextLine) for ln in lines)
    assert "1401051988" in _joined(lines)


def test_unknown_engine_lists_choices(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="FILINGDESK_OCR_ENGINE") as raised:
        load_ocr(_settings(tmp_path, ocr_engine="easyocr"))
    for name in ("paddleocr", "paddleocr-openvino", "paddleocr-onnxruntime", "rapidocr", "tesseract"):
        assert name in str(raised.value)


def test_missing_model_dir_names_setting(tmp_path: Path) -> None:
    empty = tmp_path / "models"
    (empty / "PP-OCRv5_mobile_det").mkdir(parents=True)
    with pytest.raises(ModelMissingError, match="FILINGDESK_MODEL_DIR"):
        load_ocr(_settings(tmp_path, ocr_engine="paddleocr", model_dir=empty))
    with pytest.raises(ModelMissingError, match="FILINGDESK_MODEL_DIR"):
        load_ocr(_settings(tmp_path, ocr_engine="paddleocr", model_dir=tmp_path / "nowhere"))
