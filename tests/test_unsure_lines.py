"""Lines the page recogniser read unsurely are read again by a second one (``extract.unsure_lines``).

A stub second recogniser shows the rule exactly (which lines go, which reading stays); two slow
tests load the real PP-OCRv6 small recogniser from the installed rapidocr wheel.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from test_preprocess_render import SERIF, font

from extract.engines import load_second
from extract.unsure_lines import UNSURE, reread_unsure
from kernel.reading import Image, TextLine
from kernel.settings import Settings

PAGE = np.full((400, 1200, 3), 250, np.uint8)


def line(text: str, y: float, conf: float) -> TextLine:
    box = (100.0, y, 700.0, y + 40)
    quad = ((100.0, y), (700.0, y), (700.0, y + 40), (100.0, y + 40))
    return TextLine(text, box, conf, quad)


class _Second:
    """Answers each crop with the next of ``answers``; counts the crops it was handed."""

    name = "stub"

    def __init__(self, *answers: tuple[str, float]) -> None:
        self.answers = list(answers)
        self.crops = 0

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [self.answers.pop(0) for _ in crops]


def test_an_unsure_line_takes_the_second_reading_when_it_is_surer() -> None:
    lines = [line("姓名：吴国", 50, 0.99), line("兹证明美国同志", 120, 0.62)]
    second = _Second(("兹证明吴国同志", 0.97))
    got = reread_unsure(PAGE, lines, second)
    assert second.crops == 1  # the sure line was not read again
    assert [ln.text for ln in got] == ["姓名：吴国", "兹证明吴国同志"]
    assert got[1].box == lines[1].box and got[1].confidence == 0.97


def test_a_second_reading_no_surer_or_empty_leaves_the_line() -> None:
    lines = [line("随子女民地长期居生", 50, 0.85), line("退休后回原籍", 120, 0.7)]
    second = _Second(("随子女异地长期居住", 0.86), ("", 0.3))  # 0.86 is within the margin of 0.85
    assert reread_unsure(PAGE, lines, second) == lines


def test_check_box_lines_keep_the_page_engines_glyphs() -> None:
    lines = [line("□男■女", 50, 0.6), line("口异地长期居住人员", 120, 0.5)]
    second = _Second(("女", 0.99))
    got = reread_unsure(PAGE, lines, second)
    assert second.crops == 1  # 口 is a character too: only the □ ■ line is kept back
    assert got[0] == lines[0] and got[1].text == "女"


def test_without_a_second_recogniser_nothing_changes() -> None:
    lines = [line("兹证明美国同志", 120, 0.62)]
    assert reread_unsure(PAGE, lines, None) == lines
    assert UNSURE < 1.0


def test_no_second_opinion_when_switched_off_or_when_the_page_engine_is_that_model() -> None:
    class Named:
        def __init__(self, name: str) -> None:
            self.name = name

        def read(self, image: Image) -> list[TextLine]:
            return []

    assert load_second(Settings(ocr_second_opinion=False), Named("paddleocr")) is None
    assert load_second(Settings(), Named("rapidocr")) is None


@pytest.mark.slow
def test_the_second_recogniser_loads_from_the_wheel_and_reads_a_line(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    class Named:
        name = "paddleocr"

        def read(self, image: Image) -> list[TextLine]:
            return []

    second = load_second(Settings(home=tmp_path_factory.mktemp("home")), Named())
    assert second is not None
    im = PILImage.new("RGB", (520, 60), (250, 250, 250))
    ImageDraw.Draw(im).text((10, 8), "随子女异地长期居住", font=font(SERIF, 40), fill=(20, 20, 20))
    ((text, score),) = second.recognize([np.array(im)[:, :, ::-1].copy()])
    assert text == "随子女异地长期居住" and score > 0.9  # simplified: 随, not 隨
