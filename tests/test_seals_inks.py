"""Stamps of any ink and shape, a tight crop of one seal, red-printed pages, and look-alikes that are
no seal (issue 21): one box per stamp, its overlap with the drawn stamp, nothing on the rest."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from seal_drawings import (
    INKS,
    RECT_TEXTS,
    draw_chip,
    draw_emblem,
    draw_photo_box,
    draw_qr,
    draw_rect_stamp,
    draw_table,
    red_print_page,
)
from test_preprocess_render import A4_200DPI, KAI, draw_seal, font, iou, scan_noise, text_page, to_gray_bgr

from extract.seal_ink import _sampled as _sampled_page
from extract.seal_ink import printed_in_red, remove_seal_ink
from extract.seals import ColorShapeSealDetector
from extract.seals.ring_test import verify_ring
from kernel.reading import SealFound

PX_MM = A4_200DPI[1] / 297.0  # the drawn pages are A4 at 200 dpi


@pytest.fixture(scope="module")
def det() -> ColorShapeSealDetector:
    return ColorShapeSealDetector()


def _one_box(found: list[SealFound], truth: tuple[int, ...], min_iou: float = 0.6) -> SealFound:
    assert len(found) == 1, [f.box for f in found]
    assert iou(found[0].box, truth) >= min_iou, (found[0].box, truth)
    return found[0]


@pytest.mark.parametrize("ink", sorted(INKS))
@pytest.mark.parametrize(
    ("size_mm", "lines", "angle"),
    [
        ((45, 16), RECT_TEXTS[0], 0.0),
        ((30, 14), RECT_TEXTS[1], -4.0),
        ((42, 24), RECT_TEXTS[2], 6.0),
        ((55, 9), ["复印件与原件核对无误"], 2.0),  # one line of words in a single frame, 9 mm high
    ],
)
def test_rectangular_stamp_any_ink(
    det: ColorShapeSealDetector, ink: str, size_mm: tuple[int, int], lines: list[str], angle: float
) -> None:
    page = text_page()
    wh = (int(size_mm[0] * PX_MM), int(size_mm[1] * PX_MM))
    truth = draw_rect_stamp(page, (1100, 1750), wh, lines, INKS[ink], angle)
    found = det.detect(scan_noise(page))
    seal = _one_box(found, truth)
    assert seal.shape == "square"
    assert seal.color == ("gray" if ink == "black" else "red")  # red: stamped in coloured ink


@pytest.mark.parametrize("ink", sorted(INKS))
@pytest.mark.parametrize("shape", ["round", "oval"])
def test_round_and_oval_stamp_any_ink(det: ColorShapeSealDetector, ink: str, shape: str) -> None:
    page = text_page()
    truth = draw_seal(page, (1150, 1750), int(21 * PX_MM), shape, color=INKS[ink])
    seal = _one_box(det.detect(scan_noise(page)), truth, 0.7)
    assert seal.shape == shape


@pytest.mark.parametrize("ink", ["red", "blue", "black"])
def test_rectangular_stamp_on_gray_scan(det: ColorShapeSealDetector, ink: str) -> None:
    page = text_page()
    truth = draw_rect_stamp(
        page, (1000, 1800), (int(45 * PX_MM), int(16 * PX_MM)), RECT_TEXTS[0], INKS[ink], 3
    )
    seal = _one_box(det.detect(to_gray_bgr(scan_noise(page))), truth)
    assert seal.color == "gray" and seal.shape == "square"


@pytest.mark.parametrize(
    ("shape", "radius", "ink", "gray"),
    [
        ("round", 180, "red", False),
        ("round", 120, "blue", False),
        ("oval", 200, "red", False),
        ("round", 150, "black", True),
        ("square", 140, "purple", False),
    ],
)
def test_tight_crop_of_one_seal(
    det: ColorShapeSealDetector, shape: str, radius: int, ink: str, gray: bool
) -> None:
    """An image that is nothing but one seal comes back as one seal, not one per ring character."""
    w = int(radius * 2.3)
    h = int(radius * (0.68 if shape == "oval" else 1.0) * 2.3)
    page = np.full((h, w, 3), 255, np.uint8)
    truth = draw_seal(page, (w // 2, h // 2), radius, shape, color=INKS[ink])
    img = scan_noise(page)
    seal = _one_box(det.detect(to_gray_bgr(img) if gray else img), truth, 0.75)
    assert seal.shape == shape


@pytest.mark.parametrize("print_bgr", [(40, 40, 200), (50, 70, 160), (60, 90, 150)])
def test_seals_on_a_red_printed_page(det: ColorShapeSealDetector, print_bgr: tuple[int, int, int]) -> None:
    """An e-invoice printed in red or red-brown: its two seals are found, the printed form is none."""
    page = red_print_page(A4_200DPI, print_bgr)
    truths = [
        draw_seal(page, (420, 1150), int(20 * PX_MM), "oval", color=(30, 30, 225)),
        draw_seal(page, (1250, 1800), int(21 * PX_MM), "round", color=(30, 30, 225)),
    ]
    found = det.detect(scan_noise(page))
    assert len(found) == 2, [f.box for f in found]
    for truth in truths:
        assert max(iou(f.box, truth) for f in found) >= 0.6


@pytest.mark.parametrize("print_bgr", [(40, 40, 200), (50, 70, 160)])
def test_red_printed_page_alone_has_no_seal(
    det: ColorShapeSealDetector, print_bgr: tuple[int, int, int]
) -> None:
    assert det.detect(scan_noise(red_print_page(A4_200DPI, print_bgr))) == []


def _card_copy() -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """An ID card copied at real size onto A4: a framed card with its printed lines."""
    page = text_page(lines=["居民身份证复印件"])
    w, h = int(85.6 * PX_MM), int(54 * PX_MM)
    x0, y0 = 300, 500
    cv2.rectangle(page, (x0, y0), (x0 + w, y0 + h), (120, 120, 120), 2)
    for k in range(4):
        cv2.putText(
            page, "XINGMING 1234", (x0 + 30, y0 + 60 + 70 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (40, 40, 40), 2
        )
    return page, (x0, y0, x0 + w, y0 + h)


@pytest.mark.parametrize("gray", [False, True])
@pytest.mark.parametrize("thing", ["photo", "qr", "chip", "emblem", "table", "blue_table"])
def test_look_alikes_are_no_seal(det: ColorShapeSealDetector, thing: str, gray: bool) -> None:
    page, (x0, y0, x1, _y1) = _card_copy()
    if thing == "photo":
        draw_photo_box(page, (x1 - int(26 * PX_MM), y0 + 40, x1 - 30, y0 + 40 + int(32 * PX_MM)))
    elif thing == "qr":
        draw_qr(page, (1100, 1600), int(1.2 * PX_MM))
        draw_qr(page, (300, 1600), int(0.9 * PX_MM), seed=3)
    elif thing == "chip":
        draw_chip(page, (x0 + 60, y0 + 120, x0 + 60 + int(12 * PX_MM), y0 + 120 + int(10 * PX_MM)))
        draw_chip(page, (900, 1700, 900 + int(25 * PX_MM), 1700 + int(22 * PX_MM)))
    elif thing == "emblem":
        draw_emblem(page, (x0 + int(14 * PX_MM), y0 + int(15 * PX_MM)), int(10 * PX_MM))
        draw_emblem(page, (1200, 1700), int(14 * PX_MM))  # a card photographed larger than life
    elif thing == "table":
        draw_table(page, (200, 1400), (int(40 * PX_MM), int(26 * PX_MM)), 3, 4)
    else:
        draw_table(page, (200, 1400), (int(32 * PX_MM), int(24 * PX_MM)), 3, 4, bgr=(170, 60, 20), thick=5)
    img = scan_noise(page)
    assert det.detect(to_gray_bgr(img) if gray else img) == []


def test_blue_handwriting_is_no_seal(det: ColorShapeSealDetector) -> None:
    """A signature and a handwritten date in blue pen are coloured ink of stamp size, but no frame."""
    page = text_page()
    rng = np.random.default_rng(5)
    pts = np.cumsum(rng.normal(0, 14, (120, 2)), axis=0).astype(np.int32) + np.array([1000, 1800])
    cv2.polylines(page, [pts], False, (170, 60, 20), 4)
    cv2.putText(page, "2024.3.5", (900, 2000), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 3.0, (170, 60, 20), 5)
    assert det.detect(scan_noise(page)) == []


def _tilted_seal(page: np.ndarray, center: tuple[int, int], radius: int, angle: float) -> tuple[int, ...]:
    """An oval seal stamped ``angle`` degrees askew (a hand-pressed 业务专用章): drawn level on a
    sheet of its own, turned about its centre and inked onto ``page``; its pixel box."""
    sheet = np.full_like(page, 255)
    draw_seal(sheet, center, radius, "oval", color=(30, 30, 225))
    turn = cv2.getRotationMatrix2D((float(center[0]), float(center[1])), angle, 1.0)
    sheet = cv2.warpAffine(sheet, turn, (page.shape[1], page.shape[0]), borderValue=(255, 255, 255))
    np.minimum(page, sheet, out=page)
    ys, xs = np.nonzero(sheet.min(axis=2) < 200)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


@pytest.mark.parametrize(
    ("print_bgr", "angle"), [((40, 40, 200), -15.0), ((60, 90, 150), -15.0), ((60, 90, 150), -25.0)]
)
def test_a_tilted_oval_on_red_print_is_one_whole_seal(
    det: ColorShapeSealDetector, print_bgr: tuple[int, int, int], angle: float
) -> None:
    """A form printed in red or red-brown, an oval seal pressed askew over its table's rules and
    words: print and seal are one blob of red and no level oval fits it, but the oval's closed rim
    still tells it, and the box is the whole oval. (Not yet: 25° on print as red as the seal.)"""
    page = red_print_page(A4_200DPI, print_bgr)
    truth = _tilted_seal(page, (1000, 1000), int(21 * PX_MM), angle)
    found = det.detect(scan_noise(page))
    _one_box(found, truth, 0.6)


def test_a_red_printed_form_is_read_in_gray_its_print_kept() -> None:
    """Taking red ink off a page printed in red would take its words and rules: such a page is
    read in gray. A black-printed page keeps losing its red seal, red letterhead and all."""
    form = red_print_page(A4_200DPI, (60, 90, 150))
    for y in range(350, 1450, 80):  # values written in black beside the red-brown labels
        cv2.putText(form, "440106 2026", (850, y), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (20, 20, 20), 4)
    red_form = scan_noise(form)
    assert printed_in_red(_sampled_page(red_form)[0])
    labels = remove_seal_ink(red_form)[320:360, 110:700]  # 购买方名称 项目0 …, printed red-brown
    assert float(np.percentile(labels, 2)) < 150  # still ink
    letterhead = text_page()
    cv2.putText(
        letterhead, "XX JIEDAO BANSHICHU", (300, 130), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (40, 40, 210), 6
    )
    cv2.line(letterhead, (100, 170), (1550, 170), (40, 40, 210), 4)
    unsealed = remove_seal_ink(scan_noise(letterhead))
    x0, y0, x1, y1 = draw_seal(letterhead, (1150, 1750), int(21 * PX_MM), "round", color=(30, 30, 225))
    scanned = scan_noise(letterhead)
    assert not printed_in_red(_sampled_page(scanned)[0])
    sealed = remove_seal_ink(scanned)
    # the seal is taken off: no more ink in its box than the text under it
    ink_under = int((unsealed[y0:y1, x0:x1] < 150).sum())
    assert int((sealed[y0:y1, x0:x1] < 150).sum()) <= ink_under * 1.1 + 50


def _askew(page: np.ndarray, angle: float, around: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """The page turned ``angle`` degrees about its centre, what the turn uncovers in ``around``."""
    h, w = page.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(page, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=around)


def _pale_red_form(rule_px: int = 4) -> np.ndarray:
    """A province's form printed in pale red: a table ruled in half-millimetre lines, its labels."""
    w, h = A4_200DPI
    im = PILImage.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    rgb = (235, 120, 120)
    top, bottom = 300, int(h * 0.7)
    d.rectangle((100, top, w - 100, bottom), outline=rgb, width=rule_px)
    for y in range(top + 90, bottom, 90):
        d.line((100, y, w - 100, y), fill=rgb, width=rule_px)
    for x in (400, w // 2, w - 400):
        d.line((x, top, x, bottom), fill=rgb, width=rule_px)
    for y in range(top + 25, bottom - 40, 90):
        d.text((120, y), "姓名 性别 联系电话", font=font(KAI, 34), fill=rgb)
    return np.ascontiguousarray(np.array(im)[:, :, ::-1])


@pytest.mark.parametrize("angle", [0.0, 0.7, 2.0, -3.5])
def test_a_form_printed_in_pale_red_fed_askew_is_still_printed_in_red(angle: float) -> None:
    """A form printed in pale red, fed a little askew: each thin rule steps sideways along its run
    on the sampled page, and must still count as one (or its labels are taken off with the seal
    ink and the whole form is lost)."""
    scanned = scan_noise(_askew(_pale_red_form(), angle))
    assert printed_in_red(_sampled_page(scanned)[0])


@pytest.mark.parametrize("angle", [0.0, 4.0])
def test_a_form_photographed_on_a_reddish_desk_is_not_printed_in_red(angle: float) -> None:
    """A blue form photographed on a purple-brown desk: the desk is red ink's colour and its edge
    along the sheet is straight, but beyond the sheet is no print."""
    rng = np.random.default_rng(5)
    h, w = A4_200DPI[1], A4_200DPI[0]
    desk = np.clip(rng.normal((70, 55, 105), 12, (h, w, 3)), 0, 255).astype(np.uint8)
    form = red_print_page(A4_200DPI, (150, 60, 20))
    sheet = cv2.resize(form, (int(w * 0.8), int(h * 0.8)))
    photo = desk.copy()
    y0, x0 = (h - sheet.shape[0]) // 2, (w - sheet.shape[1]) // 2
    photo[y0 : y0 + sheet.shape[0], x0 : x0 + sheet.shape[1]] = sheet
    photo = _askew(photo, angle, (70, 55, 105))
    photo[:, :] = np.where((photo == (70, 55, 105)).all(axis=2)[:, :, None], desk, photo)
    seal = draw_seal(photo, (1100, 1600), int(21 * PX_MM), "round", color=(30, 30, 215))
    assert seal and not printed_in_red(_sampled_page(scan_noise(photo))[0])


@pytest.mark.parametrize("angle", [3.0, 5.0])
def test_a_thin_double_frame_stamp_pressed_askew(det: ColorShapeSealDetector, angle: float) -> None:
    """已审核 with its date in a thin double frame, in blue, pressed a few degrees askew: the frame
    runs along the stamp's own turned rectangle, not along its upright box's edges."""
    page = text_page()
    center, wh, blue = (1100.0, 1750.0), (270.0, 125.0), INKS["blue"]
    for inset in (0, 8):
        corners = cv2.boxPoints((center, (wh[0] - 2 * inset, wh[1] - 2 * inset), angle)).astype(np.int32)
        cv2.polylines(page, [corners], True, blue, 3)
    for dy, words in ((-5, "YI SHEN HE"), (35, "2025.06.21")):
        cv2.putText(page, words, (1005, 1750 + dy), cv2.FONT_HERSHEY_SIMPLEX, 1.0, blue, 3)
    outline = cv2.boxPoints((center, wh, angle))
    truth = (*outline.min(axis=0).tolist(), *outline.max(axis=0).tolist())
    seal = _one_box(det.detect(scan_noise(page)), tuple(int(v) for v in truth))
    assert seal.shape == "square" and seal.color == "red"  # red: stamped in a coloured ink


@pytest.mark.parametrize("black_shape", ["rect", "round"])
def test_a_black_stamp_beside_a_red_seal_on_a_colour_scan(
    det: ColorShapeSealDetector, black_shape: str
) -> None:
    """A colour scan whose red seal is found and which also carries a stamp in black ink (复印件与原件
    一致, or a photocopied round seal): the black one has no colour to be found by, and is found by
    its shape all the same."""
    page = text_page()
    red = draw_seal(page, (450, 1750), int(21 * PX_MM), "round", color=(30, 30, 225))
    if black_shape == "rect":
        black = draw_rect_stamp(
            page, (1200, 1800), (int(45 * PX_MM), int(16 * PX_MM)), RECT_TEXTS[0], INKS["black"]
        )
    else:
        black = draw_seal(page, (1200, 1750), int(20 * PX_MM), "round", color=INKS["black"])
    found = det.detect(scan_noise(page))
    assert len(found) == 2, [f.box for f in found]
    assert max(iou(f.box, red) for f in found) >= 0.6
    assert max(iou(f.box, black) for f in found if f.color == "gray") >= 0.6


def test_a_rim_a_bilevel_scan_broke_into_pieces() -> None:
    """The ring test on a gray page's second search: a rim with 40 % of it gone in long gaps (the
    pale parts of a seal a bilevel scan dropped), ring text inside, clean paper outside, is taken
    when broken rims are allowed, and only then; lines of text a circle is drawn through are not."""
    dark = np.zeros((400, 400), np.uint8)
    cv2.circle(dark, (200, 200), 120, (255,), 4)
    for start in (100, 220, 330):  # three gaps of 48°
        cv2.ellipse(dark, (200, 200), (120, 120), 0, start, start + 48, (0,), 8)
    for k in range(12):  # ring text just inside the rim
        a = np.radians(200 + 12 * k)
        cv2.circle(dark, (int(200 + 95 * np.cos(a)), int(200 + 95 * np.sin(a))), 6, (255,), -1)
    assert verify_ring(dark, 200, 200, 120) is None
    judged = verify_ring(dark, 200, 200, 120, 0.03, broken=True)
    assert judged is not None and abs(judged[1] - 120) < 6
    text = np.zeros((400, 400), np.uint8)
    for y in range(40, 380, 36):  # a page of text lines and a circle through them
        cv2.line(text, (10, y), (390, y), (255,), 10)
    assert verify_ring(text, 200, 200, 120, 0.03, broken=True) is None


@pytest.mark.parametrize("ink", ["red", "faded_red"])
def test_a_name_seal_cut_in_relief_over_a_signature(det: ColorShapeSealDetector, ink: str) -> None:
    """A personal name seal (罗帆杰印): an 18 mm square of solid red with its four characters left
    white, pressed over the signature; smaller than an office's seal and nearly all ink. A solid red
    square with nothing cut in it (a printed block) is no seal."""
    page = text_page()
    side = int(18 * PX_MM)
    x0, y0 = 700, 1500
    colour = (40, 40, 210) if ink == "red" else (120, 120, 235)
    cv2.rectangle(page, (x0, y0), (x0 + side, y0 + side), colour, -1)
    for dx, dy in [(0.55, 0.1), (0.55, 0.55), (0.1, 0.1), (0.1, 0.55)]:
        cx, cy = x0 + int(dx * side), y0 + int(dy * side)
        cv2.rectangle(page, (cx + 8, cy + 6), (cx + int(0.3 * side), cy + 10), (250, 250, 250), -1)
        cv2.rectangle(page, (cx + 14, cy + 6), (cx + 20, cy + int(0.33 * side)), (250, 250, 250), -1)
        cv2.rectangle(
            page,
            (cx + 8, cy + int(0.2 * side)),
            (cx + int(0.3 * side), cy + int(0.2 * side) + 4),
            (250, 250, 250),
            -1,
        )
    cv2.line(
        page, (x0 - 80, y0 + side // 2), (x0 + side + 60, y0 + side // 2 + 10), (20, 20, 20), 5
    )  # the signature
    truth = (x0, y0, x0 + side, y0 + side)
    cv2.rectangle(page, (200, 1900), (200 + side, 1900 + side), colour, -1)  # a printed red block
    seal = _one_box(det.detect(scan_noise(page)), truth, 0.7)
    assert seal.shape == "square" and seal.color == "red"


def test_a_name_seal_in_purple_relief_is_found(det: ColorShapeSealDetector) -> None:
    """A name seal cut in relief, pressed from a purple pad (周静之印): solid ink with its
    characters white, as a red one is; small enough that no office's seal search takes it."""
    page = text_page()
    side = int(17 * PX_MM)
    x0, y0 = 640, 1450
    cv2.rectangle(page, (x0, y0), (x0 + side, y0 + side), (150, 40, 110), -1)
    im = PILImage.fromarray(page[:, :, ::-1])
    d = ImageDraw.Draw(im)
    f = font(KAI, int(side * 0.42))
    for k, ch in enumerate("周静之印"):
        col, row = 1 - k // 2, k % 2
        d.text((x0 + 6 + col * side * 0.5, y0 + 4 + row * side * 0.5), ch, font=f, fill=(255, 255, 255))
    page[:] = np.array(im)[:, :, ::-1]
    seal = _one_box(det.detect(scan_noise(page)), (x0, y0, x0 + side, y0 + side), 0.7)
    assert seal.shape == "square"


def test_a_name_seal_cut_in_outline_is_found_and_an_empty_frame_is_not(det: ColorShapeSealDetector) -> None:
    """A name seal cut in outline (罗帆杰印): an 18 mm red frame with red characters inside, below
    the 22 mm an office's seal starts at. A red frame of the same size with nothing in it (a box
    printed for a seal to go in) is no seal."""
    page = text_page()
    truth = draw_seal(page, (800, 1550), int(9 * PX_MM), "square", color=(40, 40, 215), text="罗帆杰印")
    side = int(18 * PX_MM)
    cv2.rectangle(page, (300, 1900), (300 + side, 1900 + side), (40, 40, 215), 5)
    seal = _one_box(det.detect(scan_noise(page)), truth, 0.7)
    assert seal.shape == "square" and seal.color == "red"


PALE_BLUE = (226, 204, 190)  # a blue pad running dry: saturation ~40 on paper, under the strict mask's 50


@pytest.mark.parametrize("shape", ["round", "square"])
def test_a_pale_blue_stamp_is_found_and_pale_blue_pen_is_not(det: ColorShapeSealDetector, shape: str) -> None:
    """A worn blue stamp keeps its hue but drops below the strict blue mask's saturation, which kept
    only its darkest strokes; the faint mask (blue above the paper's tint) finds it whole."""
    page = text_page()
    if shape == "round":
        truth = draw_seal(page, (1150, 1750), int(21 * PX_MM), "round", color=PALE_BLUE)
    else:
        truth = draw_rect_stamp(
            page, (1100, 1750), (int(45 * PX_MM), int(16 * PX_MM)), RECT_TEXTS[0], PALE_BLUE
        )
    _one_box(det.detect(scan_noise(page)), truth, 0.7)
    pen = text_page()
    rng = np.random.default_rng(5)
    pts = np.cumsum(rng.normal(0, 14, (120, 2)), axis=0).astype(np.int32) + np.array([1000, 1800])
    cv2.polylines(pen, [pts], False, PALE_BLUE, 4)
    cv2.putText(pen, "2024.3.5", (900, 2000), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 3.0, PALE_BLUE, 5)
    assert det.detect(scan_noise(pen)) == []
