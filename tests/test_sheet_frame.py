"""A sheet of card copies keeps the sheet's way up (``extract.sheet_frame``).

The unit tests build the reader's intermediate result by hand; the last test reads
a drawn A4 copy with its card laid sideways and a stamp pressed on the sheet, with
the real engines, and checks that the stamp is reported where it is on the sheet
while the card is still read.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from cardcopies import Person, id_front, sheet
from readings import ln
from seal_drawings import INKS, draw_rect_stamp

from extract.orient import Upright
from extract.sheet_frame import card_sheet, keep_sheet_frame, sheet_rotation, stamp_frame
from kernel.reading import Quad, SealFound, TextLine

PORTRAIT = (1400, 990)  # A4 at ~120 dpi, (height, width)


def _card_lines(x: float, y: float) -> list[TextLine]:
    """A card's rows as read upright: title and three rows, about 60 x 38 mm at 120 dpi."""
    return [
        ln("中华人民共和国", x, y, h=18, w=150),
        ln("姓名王建国", x, y + 40, h=14, w=110),
        ln("性别男民族汉", x, y + 70, h=14, w=130),
        ln("公民身份号码140105198803150016", x, y + 110, h=14, w=260),
    ]


def _up(lines: list[TextLine], rotation: int, shape: tuple[int, int]) -> Upright:
    return Upright(rotation, 0.0, np.full((*shape, 3), 255, np.uint8), [], lines)


def test_a_portrait_sheet_turned_by_its_sideways_card_is_turned_back() -> None:
    # read turned 90 degrees: the page the reader holds is landscape, the card upright on it
    landscape = (PORTRAIT[1], PORTRAIT[0])
    lines = _card_lines(500, 300)
    up = keep_sheet_frame(_up(lines, 90, landscape))
    assert up.rotation == 0 and up.image.shape[:2] == PORTRAIT
    assert [x.text for x in up.lines] == [x.text for x in lines]  # read once, kept
    for line in up.lines:  # still upright: rows wider than tall, for the card reader
        assert line.box[2] - line.box[0] > line.box[3] - line.box[1]
    # the card's centre is where a 90-degree turn back puts it: (x, y) -> (y, W - 1 - x)
    cx = (min(x.box[0] for x in up.lines) + max(x.box[2] for x in up.lines)) / 2
    cy = (min(x.box[1] for x in up.lines) + max(x.box[3] for x in up.lines)) / 2
    x0, y0 = min(x.box[0] for x in lines), min(x.box[1] for x in lines)
    x1, y1 = max(x.box[2] for x in lines), max(x.box[3] for x in lines)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    assert abs(cx - my) < 2 and abs(cy - (landscape[1] - 1 - mx)) < 2, (cx, cy)
    assert up.quads == []  # the card was read: nothing left for the turned-card second look


def test_a_card_upside_down_on_a_portrait_scan_is_left_as_read() -> None:
    # a sheet fed upside down with its card upright on it looks the same as a card copied upside
    # down on an upright sheet: nothing tells them apart, so the reader's turn stands
    before = _up(_card_lines(300, 900), 180, PORTRAIT)
    assert keep_sheet_frame(before) is before


def test_a_card_read_as_scraps_keeps_its_place_on_the_sheet() -> None:
    # two cards: one read upright, the other turned against it and read as scraps; the scraps'
    # boxes are where that card lies, so they turn with the sheet (for the second look)
    landscape = (PORTRAIT[1], PORTRAIT[0])
    scraps = [ln("上型工国中", 1200, 100 + 45 * i, h=30, w=140, conf=0.3) for i in range(4)]
    quads: list[Quad] = [
        ((x.box[0], x.box[1]), (x.box[2], x.box[1]), (x.box[2], x.box[3]), (x.box[0], x.box[3]))
        for x in scraps
    ]
    read = _card_lines(200, 300)
    up = keep_sheet_frame(Upright(90, 0.0, np.full((*landscape, 3), 255, np.uint8), quads, read + scraps))
    assert up.rotation == 0
    turned = {x.box for x in up.lines if x.confidence < 0.5}
    # turned back by 270 degrees: (x, y) -> (y, W - 1 - x), a wide box becomes a tall one
    assert turned == {
        (y0, landscape[1] - 1 - x1, y1, landscape[1] - 1 - x0) for x0, y0, x1, y1 in (x.box for x in scraps)
    }
    assert len(up.quads) == len(scraps)  # the scraps' detector boxes stay, for the second look


def test_a_landscape_scan_is_stood_up_by_the_cards_quarter_turn() -> None:
    # a sheet fed sideways, its card upright on it: the reader's own turn is the sheet's
    portrait_after = PORTRAIT
    assert sheet_rotation(_up(_card_lines(300, 300), 270, portrait_after)) == 270
    assert sheet_rotation(_up(_card_lines(300, 300), 90, portrait_after)) == 90
    # its card sideways on it (read upright only on the landscape page): a quarter turn, not none
    landscape = (PORTRAIT[1], PORTRAIT[0])
    up = keep_sheet_frame(_up(_card_lines(300, 300), 0, landscape))
    assert up.rotation in (90, 270) and up.image.shape[:2] == PORTRAIT


def test_a_page_of_text_is_turned_by_its_text() -> None:
    # a letter turned upside down: long lines down the page, no card among them
    letter = [
        ln("兹证明王建国同志自二〇二三年起在本社区居住至今，特此证明。", 80, 200 + 60 * i, w=820)
        for i in range(6)
    ]
    before = _up(letter, 180, PORTRAIT)
    assert keep_sheet_frame(before) is before
    assert card_sheet(letter, PORTRAIT) is None
    # two cards and a form's worth of text beside them: no card sheet either
    assert card_sheet(_card_lines(100, 100) + letter, PORTRAIT) is None
    # a card-sized page (a card photographed alone) is the card: turned by it
    assert card_sheet(_card_lines(40, 40), (380, 600)) is None


def test_a_stamps_words_beside_the_card_do_not_make_it_a_page_of_text() -> None:
    lines = [*_card_lines(300, 300), ln("与原件一致", 600, 1100, h=30, w=160)]
    cards = card_sheet(lines, PORTRAIT)
    assert cards is not None and len(cards) == 1 and len(cards[0]) == 4


@pytest.mark.slow
def test_a_stamp_on_a_sheet_with_a_sideways_card_is_reported_on_the_sheet(tmp_path: Path) -> None:
    from extract.cards import page_cards
    from extract.engines import load_engines
    from extract.read import read_page
    from kernel.inputs import SourcePage
    from kernel.settings import Settings

    rng = random.Random(7)
    person = Person(name="李秀英", id_number="14010519900715002X", birth=date(1990, 7, 15), gender="female")
    face = id_front(person, 300, rng)
    face.image = face.image.rotate(90, expand=True)  # laid sideways on the glass
    page = np.array(sheet([face], 300, rng, tilt=2.0, background=255))[:, :, ::-1].copy()
    h, w = page.shape[:2]
    stamp = draw_rect_stamp(page, (w // 2, int(h * 0.82)), (520, 200), ["复印件与原件一致"], INKS["red"])
    settings = Settings(home=tmp_path)
    source = SourcePage(source="sheet.png", page=1, image=page, dpi=300)
    reading = read_page(source, load_engines(settings), settings)

    assert reading.rotation == 0 and reading.height > reading.width  # the sheet as scanned
    scale = reading.width / w
    want = [v * scale for v in stamp]
    hits = [s for s in reading.seals if _iou(s.box, want) > 0.5]
    assert hits, (want, [s.box for s in reading.seals])
    cards = page_cards(reading)
    assert [c.face.name for c in cards] == ["id_front"], cards
    assert any(person.id_number in x.text.replace(" ", "") for x in cards[0].region.lines)


class _Recogniser:
    """Reads a stamp's crop as it stands and turned over: ``upside`` says which reads."""

    def __init__(self, upside: bool) -> None:
        self.upside = upside
        self.calls = 0

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.calls += 1
        good, bad = ("复印件与原件一致", 0.97), ("一与", 0.5)
        return [bad, good] if self.upside else [good, bad]


def test_a_card_sheet_whose_stamp_reads_upside_down_is_turned_over() -> None:
    """A clerk presses 复印件与原件一致 upright on the sheet; the card lay upside down on the glass
    and turned the page over: the stamp's words, read both ways, say which way up the sheet is."""
    lines = _card_lines(300, 900)
    stamp = SealFound((600.0, 200.0, 900.0, 300.0), "square", "gray", 0.8, "一与")
    before = _up(lines, 180, PORTRAIT)
    up, seals = stamp_frame(before, [stamp], _Recogniser(upside=True))  # type: ignore[arg-type]
    assert up.rotation == 0 and up.image.shape[:2] == PORTRAIT
    h, w = PORTRAIT
    assert seals[0].box == (w - 900.0, h - 300.0, w - 600.0, h - 200.0)
    assert seals[0].text == "复印件与原件一致"
    for line in up.lines:  # the card still read upright, about its turned centre
        assert line.box[2] - line.box[0] > line.box[3] - line.box[1]
    assert min(x.box[1] for x in up.lines) < 0.5 * h < min(x.box[1] for x in lines)
    # the stamp reading the right way up as the sheet stands: the sheet stays
    assert stamp_frame(before, [stamp], _Recogniser(upside=False))[0] is before  # type: ignore[arg-type]


def test_only_a_card_sheets_one_line_stamp_turns_it() -> None:
    upside = _Recogniser(upside=True)
    round_seal = SealFound((600.0, 200.0, 900.0, 500.0), "round", "gray", 0.8, "")
    before = _up(_card_lines(300, 900), 180, PORTRAIT)
    assert stamp_frame(before, [round_seal], upside)[0] is before  # type: ignore[arg-type]
    letter = [ln("兹证明王建国同志在我辖区长期居住，特此证明。", 100, 300 + 40 * i, w=700) for i in range(6)]
    page = _up(letter, 0, PORTRAIT)
    square = SealFound((600.0, 200.0, 900.0, 300.0), "square", "gray", 0.8, "")
    assert stamp_frame(page, [square], upside)[0] is page  # type: ignore[arg-type]
    assert upside.calls == 0  # nothing read where nothing could turn


@pytest.mark.slow
def test_a_card_pasted_upside_down_under_an_upright_stamp_keeps_the_sheets_way_up(tmp_path: Path) -> None:
    from extract.engines import load_engines
    from extract.read import read_page
    from kernel.inputs import SourcePage
    from kernel.settings import Settings

    rng = random.Random(11)
    person = Person(name="杨林永", id_number="141026200206150066", birth=date(2002, 6, 15), gender="female")
    face = id_front(person, 300, rng)
    face.image = face.image.rotate(180)  # copied upside down
    page = np.array(sheet([face], 300, rng, tilt=1.0, background=255))[:, :, ::-1].copy()
    h, w = page.shape[:2]
    stamp = draw_rect_stamp(page, (w // 2, int(h * 0.78)), (640, 150), ["复印件与原件一致"], INKS["black"])
    settings = Settings(home=tmp_path)
    reading = read_page(
        SourcePage(source="s.png", page=1, image=page, dpi=300), load_engines(settings), settings
    )

    assert reading.rotation == 0  # the sheet as scanned, not turned over by its card
    scale = reading.width / w
    want = [v * scale for v in stamp]
    hits = [s for s in reading.seals if _iou(s.box, want) > 0.5]
    assert hits and "原件" in hits[0].text, (want, [(s.box, s.text) for s in reading.seals])


def _iou(a: tuple[float, ...] | list[float], b: tuple[float, ...] | list[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0
