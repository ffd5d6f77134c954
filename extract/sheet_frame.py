"""A sheet of card copies keeps the sheet's way up, not its card's.

The page is turned by its text, and on a sheet whose only text is one or two copied
cards that text is the cards': a card laid sideways on the copier glass turned the
whole portrait sheet on its side, a card laid upside down turned it over. But the
page is the A4 sheet: a reviewer compares it with the paper in the folder, and the
boxes of whatever was pressed on the sheet (a 复印件与原件一致 stamp, an agency's
seal across the card) are where they are on the sheet. So a copied sheet is turned
only as far as the sheet needs: a portrait scan whose card lies sideways stays as
scanned, a landscape scan (the sheet fed sideways) is stood up by the quarter turn
that also stands its card up.

A card read upright is placed upright about its centre on the sheet (as
``extract.turned_cards`` places a card it read again), so the card reader sees its
rows as printed and every box lies on the card. A card the reader made only scraps
of (turned against the first one) keeps its boxes where they are on the sheet, for
the turned-card second look to read it its own way up.

A card upside down on a portrait scan is left as read by its cards: a sheet fed upside
down with its cards upright on it looks the same as cards copied upside down on an upright
sheet, and both happen (the words a clerk writes on a sheet, 身份证正面, turn with it). A
one-line stamp pressed on the sheet tells them apart (``stamp_frame``): a clerk stamps
upright on the sheet, whichever way the card lay on the glass.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from extract.clusters import bounds, line_clusters
from extract.engines.lines import carried, sort_lines
from extract.layout import contains_point
from extract.orient import Upright, turn_quads
from extract.preprocess import page_transform, turn
from extract.turned_cards import readable
from extract.types import LineOcrEngine
from kernel.reading import PixelBox, SealFound, TextLine

A4_ASPECT = (1.3, 1.6)  # long side / short side of a whole sheet, margins cropped or not
MAX_CARD = 0.6  # a text cluster longer than this share of the sheet's short side is no card
MIN_CARD_LINES = 3  # a card shows at least a title and two rows
MAX_CARDS = 2  # one or two cards a sheet
READ_SHARE = 0.5  # a card read upright has at least this share of its characters read surely
STRAY_CHARS = 12  # a cluster of a line or two with fewer characters is a stamp's words or a speck


def card_sheet(lines: list[TextLine], shape: tuple[int, ...]) -> list[list[TextLine]] | None:
    """The card clusters of a sheet whose only text is one or two card-sized clusters of lines,
    or None for any other page (a form, a letter, a page with no text)."""
    h, w = shape[:2]
    if not A4_ASPECT[0] <= max(h, w) / max(1, min(h, w)) <= A4_ASPECT[1]:
        return None
    text = [ln for ln in lines if ln.text.strip()]
    cards: list[list[TextLine]] = []
    for cluster in line_clusters(text):
        x0, y0, x1, y1 = bounds(cluster)
        if len(cluster) <= 2 and sum(len(ln.text.strip()) for ln in cluster) < STRAY_CHARS:
            continue
        if len(cluster) < MIN_CARD_LINES or max(x1 - x0, y1 - y0) > MAX_CARD * min(h, w):
            return None
        cards.append(cluster)
    return cards if 0 < len(cards) <= MAX_CARDS else None


def sheet_rotation(up: Upright) -> int:
    """The turn that stands the sheet upright: none for a portrait scan turned on its side by its
    card, the quarter turn nearer the card's own way up for a landscape scan, else the reader's."""
    portrait = up.image.shape[0] >= up.image.shape[1]
    scanned_portrait = portrait == (up.rotation % 180 == 0)
    if scanned_portrait:
        return 0 if up.rotation in (90, 270) else up.rotation
    return up.rotation if up.rotation in (90, 270) else 90


def _read(card: list[TextLine]) -> bool:
    """Whether the recogniser read a card's lines (not scraps of a card turned against the page)."""
    chars = sum(len(ln.text.strip()) for ln in card)
    return readable(card) >= READ_SHARE * chars


def keep_sheet_frame(up: Upright) -> Upright:
    """``up`` turned back to the sheet's frame where it is a sheet of card copies turned by its
    cards; every other page as it is."""
    target = sheet_rotation(up)
    if target == up.rotation:
        return up
    cards = card_sheet(up.lines, up.image.shape)
    if cards is None:
        return up
    return _turned(up, cards, (target - up.rotation) % 360)


def _turned(up: Upright, cards: list[list[TextLine]], delta: int) -> Upright:
    """The sheet turned clockwise by ``delta``, its cards read upright placed upright about their
    centres, everything else (scraps, the quads left for the second look) carried with the sheet."""
    matrix = page_transform(up.image.shape, delta, 0.0, 1.0)
    placed: list[TextLine] = []
    on_card: set[int] = set()
    read_cards: list[PixelBox] = []  # where the cards read upright lie on the turned sheet
    for card in filter(_read, cards):
        x0, y0, x1, y1 = bounds(card)
        cx, cy, _ = matrix @ np.array([(x0 + x1) / 2, (y0 + y1) / 2, 1.0])
        shift = np.array([[1, 0, cx - (x0 + x1) / 2], [0, 1, cy - (y0 + y1) / 2], [0, 0, 1]], np.float64)
        placed += carried(card, shift)
        on_card.update(id(ln) for ln in card)
        read_cards.append(bounds(carried(card, matrix)))
    placed += carried([ln for ln in up.lines if id(ln) not in on_card], matrix)
    # a read card's detector boxes go with it (nothing left there for the turned-card second look)
    quads = [
        q
        for q in turn_quads(up.quads, up.image.shape, delta)
        if not any(contains_point(box, *np.mean(q, axis=0)) for box in read_cards)
    ]
    rotation = (up.rotation + delta) % 360
    return replace(up, rotation=rotation, image=turn(up.image, delta), quads=quads, lines=sort_lines(placed))


STAMP_LINE = 1.5  # a stamp's frame this many times as long as high holds one line of words
STAMP_SURE = 0.8  # the stamp's words read upside down with this confidence at least
STAMP_MARGIN = 1.5  # and this much better (confidence x characters) than the way the sheet stands


def stamp_frame(up: Upright, seals: list[SealFound], ocr: LineOcrEngine) -> tuple[Upright, list[SealFound]]:
    """A sheet of card copies turned over where the words of a stamp pressed on it read upside
    down: a clerk presses 复印件与原件一致 upright on the sheet, while a card lies on the copier
    glass either way up, so the stamp, not the cards, tells which way up the sheet is (``seals``:
    boxes on ``up.image``; the stamp's words then read the right way up)."""
    cards = card_sheet(up.lines, up.image.shape)
    if cards is None:
        return up, seals
    h, w = up.image.shape[:2]
    for k, seal in enumerate(seals):
        x0, y0, x1, y1 = (max(0, round(v)) for v in seal.box)
        if seal.shape != "square" or x1 - x0 < STAMP_LINE * (y1 - y0) or y1 <= y0:
            continue
        crop = up.image[y0:y1, x0:x1]
        (text, conf), (over, over_conf) = ocr.recognize([crop, np.ascontiguousarray(crop[::-1, ::-1])])
        if (
            len(over) >= 3
            and over_conf >= STAMP_SURE
            and over_conf * len(over) > STAMP_MARGIN * conf * len(text)
        ):
            turned = [replace(s, box=(w - s.box[2], h - s.box[3], w - s.box[0], h - s.box[1])) for s in seals]
            turned[k] = replace(turned[k], text=over)
            return _turned(up, cards, 180), turned
    return up, seals
