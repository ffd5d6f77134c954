"""Rectangular stamps found by their four sides where the frame merges with what it was pressed on
(``extract.seals.frames``): across a card copy's gray face and its printed lines, over words."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from seal_drawings import INKS, draw_rect_stamp, draw_table
from test_preprocess_render import A4_200DPI, draw_seal, iou, scan_noise, text_page, to_gray_bgr

from extract.preprocess import u8
from extract.seals import ColorShapeSealDetector, frames
from extract.seals.frames import find_frame_stamps
from extract.seals.gray import off_paper

PX_MM = A4_200DPI[1] / 297.0


def _gray_card(page: np.ndarray, x0: int, y0: int) -> tuple[int, int, int, int]:
    """A card copied onto the sheet: a mid-gray face (a global threshold takes it all for ink),
    framed, with lines of print in black."""
    w, h = int(85.6 * PX_MM), int(54 * PX_MM)
    cv2.rectangle(page, (x0, y0), (x0 + w, y0 + h), (150, 150, 150), -1)
    cv2.rectangle(page, (x0, y0), (x0 + w, y0 + h), (60, 60, 60), 3)
    for k in range(5):
        cv2.putText(
            page,
            "XINGMING 1972 8",
            (x0 + 30, y0 + 60 + 70 * k),
            cv2.FONT_HERSHEY_SIMPLEX,
            1.0,
            (30, 30, 30),
            2,
        )
    return (x0, y0, x0 + w, y0 + h)


@pytest.mark.parametrize("angle", [-9.0, 0.0, 12.0])
@pytest.mark.parametrize("ink", ["black", "blue"])
def test_a_frame_stamped_across_a_card_copy_is_one_seal(angle: float, ink: str) -> None:
    page = text_page(lines=["居民身份证复印件"])
    _gray_card(page, 300, 500)
    wh = (int(40 * PX_MM), int(10 * PX_MM))
    truth = draw_rect_stamp(page, (620, 760), wh, ["与原件核对无误"], INKS[ink], angle)
    found = [
        s for s in ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page))) if iou(s.box, truth) > 0.1
    ]
    assert len(found) == 1 and iou(found[0].box, truth) >= 0.6, ([s.box for s in found], truth)
    assert found[0].shape == "square"


def test_table_cells_printed_boxes_and_lines_of_words_are_no_frame() -> None:
    """A table's cells are rectangles too, but their rules run on past each corner; two rules with
    words between them have no short sides; a photo's box is filled."""
    page = text_page(lines=["申请人 张三 身份证号 110105194912310021"] * 3)
    draw_table(page, (200, 1300), (int(40 * PX_MM), int(12 * PX_MM)), 3, 4)
    for y in (1000, 1000 + int(10 * PX_MM)):
        cv2.line(page, (300, y), (300 + int(45 * PX_MM), y), (30, 30, 30), 4)
    cv2.putText(
        page, "ZHANG SAN 2024", (320, 1000 + int(6 * PX_MM)), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (30, 30, 30), 2
    )
    cv2.rectangle(page, (1100, 800), (1100 + int(40 * PX_MM), 800 + int(20 * PX_MM)), (40, 40, 40), -1)
    gray = u8(cv2.cvtColor(scan_noise(page), cv2.COLOR_BGR2GRAY))
    ink = u8(cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 23, 12))
    assert find_frame_stamps(ink, gray, PX_MM, 22.0, 60.0, []) == []


def test_the_strip_between_a_photos_sheet_edge_and_a_tables_border_is_no_frame() -> None:
    """In a phone photo the sheet's edge against a dark table top is a straight line too; with a
    table's outer border beside it and two of its rules it outlines a rectangle."""
    page = text_page(lines=["异地就医备案表"])
    rng = np.random.default_rng(2)
    # the table top beyond the sheet's left edge: dark, grainy, the edge a soft ramp of 3 mm
    page[:, :120] = np.clip(rng.normal(45, 20, page[:, :120].shape), 0, 255).astype(np.uint8)
    ramp = np.linspace(45, 255, int(3 * PX_MM))[None, :, None]
    page[:, 120 : 120 + ramp.shape[1]] = np.minimum(page[:, 120 : 120 + ramp.shape[1]], ramp).astype(np.uint8)
    x = 120 + int(30 * PX_MM)  # the table's outer border, 30 mm in from the sheet's edge
    cv2.line(page, (x, 300), (x, 2000), (30, 30, 30), 4)
    for y in range(400, 1900, int(25 * PX_MM)):
        cv2.line(page, (120, y), (x + 900, y), (30, 30, 30), 4)
        cv2.putText(page, "XINGMING", (x + 40, y + 80), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 30), 2)
    assert ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page))) == []


def test_off_paper_is_the_dark_beyond_the_sheet_not_a_card_on_it() -> None:
    page = text_page(lines=["异地就医备案表"])
    page[:, :120] = 40  # a photo's table top beyond the sheet's left edge
    card = _gray_card(page, 500, 900)  # a card copy's gray face, inside the sheet
    off = off_paper(u8(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)), PX_MM)
    assert (off[:, :120] > 0).all() and (off[:, 120 + int(3 * PX_MM) :] == 0).all()
    x0, y0, x1, y1 = card
    assert not (off[y0:y1, x0:x1] > 0).any()


@pytest.mark.parametrize("fill", [0, 110])
def test_a_portraits_filled_box_on_a_card_is_no_frame(fill: int) -> None:
    """A portrait printed solid (black on a bilevel copy, mid-gray on a gray one) leaves only its
    outline in a stroke mask, a rectangle of stamp size with a little ink inside: its sides are
    steps from the fill to the card, not lines."""
    page = text_page(lines=["社会保障卡复印件"])
    x0, y0, _, _ = _gray_card(page, 300, 500)
    px, py = x0 + int(58 * PX_MM), y0 + int(12 * PX_MM)
    cv2.rectangle(page, (px, py), (px + int(19 * PX_MM), py + int(30 * PX_MM)), (fill, fill, fill), -1)
    cv2.circle(page, (px + int(9.5 * PX_MM), py + int(12 * PX_MM)), int(5 * PX_MM), (200, 200, 200), 3)
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert found == [], [s.box for s in found]


@pytest.mark.parametrize("edge", ["bottom", "right"])
def test_a_frame_the_pages_edge_cut_is_found_up_to_the_edge(edge: str) -> None:
    """A 复印件与原件一致 stamp pressed half over the sheet's edge: three sides left on the page, the
    fourth beyond it. Its sides run out at the edge instead of closing; the box ends there."""
    page = text_page(lines=["居民身份证复印件"])
    wh = (int(48 * PX_MM), int(16 * PX_MM))
    h, w = page.shape[:2]
    page = np.pad(page, ((0, 400), (0, 400), (0, 0)), constant_values=255)  # room for the stamp's tile
    if edge == "bottom":
        full = draw_rect_stamp(page, (700, h - 140), wh, ["复印件与原件一致"], INKS["black"], 2.0)
        page = np.ascontiguousarray(page[: h - 110, :w])  # the scan ends 30 px below the stamp's middle
        truth = (full[0], full[1], full[2], page.shape[0])
    else:
        full = draw_rect_stamp(page, (w - 160, 900), wh, ["复印件与原件一致"], INKS["black"], -2.0)
        page = np.ascontiguousarray(page[:h, : w - 60])  # its right side is off the page
        truth = (full[0], full[1], page.shape[1], full[3])
    found = [
        s for s in ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page))) if iou(s.box, truth) > 0.1
    ]
    assert len(found) == 1 and iou(found[0].box, truth) >= 0.6, ([s.box for s in found], truth)


def test_a_table_the_pages_edge_cut_is_no_frame() -> None:
    """A table running off the bottom of the page: its cells' rules run on past their corners."""
    page = text_page(lines=["申请人 张三 身份证号 110105194912310021"] * 3)
    h = page.shape[0]
    draw_table(page, (200, h - 260), (int(40 * PX_MM), int(12 * PX_MM)), 3, 4)
    page = page[: h - 60]
    assert ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page))) == []


RECEIPT = ["锡林郭勒盟医疗保障事务中心", "2026年01月23日", "已受理"]


@pytest.mark.parametrize("angle", [-7.0, 0.0, 4.0])
def test_a_double_ruled_stamp_is_a_frame_not_a_filled_box(angle: float) -> None:
    """A receipt stamp framed in a double rule (a thick line and a thin one a millimetre inside):
    just inside each side is the inner rule, darker than the paper outside, which must not read as
    the step at a filled box's edge."""
    page = text_page(lines=["异地就医备案表"])
    wh = (int(44 * PX_MM), int(20 * PX_MM))
    truth = draw_rect_stamp(page, (900, 1500), wh, RECEIPT, INKS["black"], angle, inner_gap=int(1.2 * PX_MM))
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert len(found) == 1 and iou(found[0].box, truth) >= 0.6, ([s.box for s in found], truth)


@pytest.mark.parametrize("ink", ["black", "red"])
def test_a_receipt_stamp_pressed_half_over_a_round_seal_is_a_seal_of_its_own(ink: str) -> None:
    """An agency's round seal with its dated receipt stamp pressed half over it: their boxes
    overlap by half, but a frame reaching out of the ring's disc is no piece of the ring."""
    page = text_page(lines=["就医地经办机构意见"])
    seal_ink = (30, 30, 215) if ink == "red" else INKS["black"]
    ring = draw_seal(page, (1150, 1500), int(20 * PX_MM), color=seal_ink, text="锡林郭勒盟医疗保障事务中心")
    wh = (int(44 * PX_MM), int(20 * PX_MM))
    frame = draw_rect_stamp(page, (900, 1520), wh, RECEIPT, INKS["black"], 2.0, inner_gap=int(1.2 * PX_MM))
    scan = scan_noise(page)
    found = ColorShapeSealDetector().detect(scan if ink == "red" else to_gray_bgr(scan))
    shapes = {s.shape: s for s in found}
    assert len(found) == 2 and set(shapes) == {"round", "square"}, [(s.shape, s.box) for s in found]
    assert iou(shapes["round"].box, ring) >= 0.6 and iou(shapes["square"].box, frame) >= 0.6


def test_a_frames_sides_are_moved_onto_their_own_ink_before_it_is_judged() -> None:
    """The rectangle is spanned in one direction for all four sides; where the frame's long sides
    are not quite parallel (a slanted photo, a skewed scan), a side's far end lies a pixel or two
    off its line, on ink for half its length only. Moved onto its ink, each side is whole."""
    ppm = 4.0
    ink = np.zeros((400, 600), np.uint8)
    frame = np.array([[100, 100], [500, 96], [502, 186], [101, 190]], np.int32)  # sides 0.6 deg apart
    cv2.polylines(ink, [frame], True, (255,), 1)
    cv2.putText(ink, "2026.08.04", (180, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (255,), 3)
    near = u8(cv2.dilate(ink, np.ones((3, 3), np.uint8)))
    spanned = np.array([[100, 100], [500, 96], [501, 183], [101, 190]], float)  # a far end 3 px off
    assert frames._judge(ink, near, spanned, ppm, []) is None
    snapped = frames._snapped(near, spanned)
    assert snapped is not None and np.abs(snapped - frame).max() <= 2.0, snapped
    assert frames._judge(ink, near, snapped, ppm, []) is not None


def test_a_side_off_ink_is_not_moved_onto_a_line_nearby() -> None:
    """A rectangle one of whose sides lies on no ink is no frame, even where a word's stroke or a
    table's rule runs a few pixels off it."""
    ink = np.zeros((400, 600), np.uint8)
    rule = np.array([[100, 100], [500, 100], [500, 190], [100, 190]], np.int32)
    cv2.polylines(ink, [rule], True, (255,), 2)
    near = u8(cv2.dilate(ink, np.ones((3, 3), np.uint8)))
    off = rule + np.array([0, 4]) * (rule[:, 1:] == 190)  # the lower side 4 px below its rule
    assert frames._snapped(near, off) is None
