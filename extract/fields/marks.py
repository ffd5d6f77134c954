"""Check boxes: which printed choice (a category, an insurance type, a gender) is ticked.

A category box is "ticked" when OCR reads a tick glyph before its name, or when the
small square left of the name holds clearly more ink than its siblings. Signatures
and the ink measures are in ``ink``, the boxes' frames on the image in ``boxes``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from extract.fields.boxes import box_ink_left_of, find_squares, pair_squares, square_ink
from extract.fields.ink import ink_density, outline_mask
from extract.fields.vocabulary import choices, labelled_choices, vocabulary
from extract.labelmatch import fuzzy_find
from extract.layout import sub_box
from extract.normalize import to_halfwidth
from kernel.reading import Image, PixelBox, TextLine

TICKED = set("☑☒✓✔√■▣●◉✗✘xX") | {"区", "团", "図"}
UNTICKED = set("☐□口○◯")
BOX_GLYPHS = frozenset(TICKED | UNTICKED)  # 口 区 团 included: box glyphs OCR reads as characters

# The words that name each filing category on any province's form, most specific first
# (vocabulary.yaml; the other fields' choices are there too, read by the registry's finders).
CATEGORY_WORDS: dict[str, tuple[str, ...]] = choices("filing_category")
EMPTY_BOX = 0.03  # ink inside a found box's frame below which it is empty (scan noise)
# Choices worded by the person's insurance status (参保人员类别: 在职职工, 退休人员): only beside that
# label, where they mean an insurance type; elsewhere 退休人员 names a filing category.
LABELLED_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    key: labelled_choices(key) for key in vocabulary().labelled_choices
}
DISRUPTED_INK = 0.5  # the ink credited to a check box whose outline a tick broke
TICK_WINDOW_INK = 0.08  # ink left of a name (frame and all) above which a broken box is ticked


@dataclass(frozen=True)
class Option:
    """One printed choice (a category, an insurance type), with its tick evidence."""

    value: str
    line: int
    box: PixelBox  # the name's box (estimated within its OCR line)
    glyph: bool | None  # True ticked glyph, False empty box glyph, None no glyph read
    ink: float | None  # ink inside the check box left of the name (0..1), None without image
    opens_line: bool = False  # the name starts its OCR line (the box may sit inside the line's box)
    framed: bool = False  # the ink was measured inside a check box found on the image
    alone: bool = True  # little else is written on its line (a label at most): a choice written in
    ring: float | None = None  # ink in a margin round the name (a hand-drawn circle), None without image


def _first_lost(text: str, word: str, vocab: Mapping[str, tuple[str, ...]]) -> list[tuple[int, int, float]]:
    """A choice whose first character a tick drawn into it took (☑职工医保 read 工医保): the rest of
    the wording at the start of the line or right after a box or a separator, and in no other
    choice's wording."""
    rest = word[1:]
    if any(rest in other for value, words in vocab.items() for other in words if word not in words):
        return []
    return [
        (k, k + len(rest), 0.75)
        for k in _all(text, rest)
        if k == 0 or text[k - 1] in BOX_GLYPHS or not text[k - 1].strip() or text[k - 1] in "，,、;；:："
    ]


def find_options(
    lines: Sequence[TextLine],
    image: Image | None,
    vocabulary: Mapping[str, tuple[str, ...]] | None = None,
    only: Collection[int] | None = None,
) -> list[Option]:
    """Every printed choice in the given lines, with its tick glyph (if OCR read one) and box ink.

    Check boxes are found on the image in each line's band and paired with the
    names in left-to-right order (one box per name), so the estimate of where a
    name sits inside its OCR line need not be exact.
    """
    vocab = vocabulary if vocabulary is not None else CATEGORY_WORDS
    options: list[Option] = []
    for li, line in enumerate(lines):
        if only is not None and li not in only:
            continue
        text = to_halfwidth(line.text)
        taken: list[tuple[int, int]] = []
        here: list[tuple[int, str, bool | None, PixelBox]] = []
        # exact names first, then OCR-damaged ones, longest first: 常驻异地 must not read as 常住异地
        cands = sorted(
            (
                (score, len(word), s, e, value)
                for value, words in vocab.items()
                for word in words
                for s, e, score in (
                    fuzzy_find(text, word) + _first_lost(text, word, vocab)
                    if len(word) >= 4
                    else [(k, k + len(word), 1.0) for k in _all(text, word)]
                )
            ),
            key=lambda c: (-c[0], -c[1], c[2]),
        )
        seen: set[str] = set()
        named: dict[tuple[int, int], str] = {}
        for _, _, start, end, value in cands:
            if any(start < e and s < end for s, e in taken):
                continue
            if value in seen and not _apart(text, start, taken):
                continue
            if _is_heading(text, end, [c for c in cands if c[2] >= end]):
                continue
            seen.add(value)
            taken.append((start, end))
            named[start, end] = value
        taken.sort()
        for k, (start, end) in enumerate(taken):
            value = named[start, end]
            begin = _phrase_start(text, start, taken[k - 1][1] if k else 0)
            glyph = _glyph_before(text, begin, taken[:k])
            if glyph is None and _bracketed(text, begin, end):
                glyph = True  # a circle drawn round the wording, read as brackets
            here.append((begin, value, glyph, sub_box(line, begin, end)))
        inks: list[float | None] = [None] * len(here)
        if image is not None and here:
            h = line.box[3] - line.box[1]
            # check boxes stand left of their names: search from 2.5 line heights left of the line
            band = (line.box[0] - 2.5 * h, line.box[1] - 0.3 * h, line.box[2], line.box[3] + 0.3 * h)
            # an OCR line's box may be far taller than its text (blur, strokes above it): with no
            # box of the expected size, one of about half that size
            squares = find_squares(image, band, h * 0.75, h * 0.45)
            if len(here) == 1:  # (with more, a dropped box glyph moves the later names' estimates)
                squares = [sq for sq in squares if not _in_wording(sq, line, here[0][3])]
            paired = pair_squares(squares, [(box[0], start == 0) for start, _, _, box in here], h)
            inks = [None if sq is None else square_ink(image, sq) for sq in paired]
        for (start, value, glyph, box), ink, (_, end) in zip(here, inks, taken, strict=True):
            framed = ink is not None
            alone = _others_written(text, start, end) <= 6
            ring = ring_ink(image, box) if image is not None else None
            options.append(Option(value, li, box, glyph, ink, start == 0, framed, alone, ring))
    return _disrupted_boxes(options, image)


def _in_wording(square: PixelBox, line: TextLine, name: PixelBox) -> bool:
    """Whether a closed frame found on a line of one choice is one of its printed characters (驻's
    马, 口): its centre lies past the first character of the wording. A box the recogniser dropped
    stands in the wording's first character slot, and a box read as a glyph is no name's."""
    pitch = (line.box[2] - line.box[0]) / max(1, len(line.text.strip()))
    cx = (square[0] + square[2]) / 2
    return name[0] + 1.1 * pitch < cx < name[2] - 0.3 * pitch


def _disrupted_boxes(options: list[Option], image: Image | None) -> list[Option]:
    """Options whose box was not found get the ink just left of their name measured instead.

    A tick drawn across the frame breaks its square outline, so a box missing
    among found ones is a hint of a tick: it counts as ticked when that window
    holds clearly more ink than an empty frame would.
    """
    if image is None or not options:
        return options
    missing = [o for o in options if o.ink is None]
    if not missing:
        return options
    lone = len(missing) == 1 and len(missing) < len(options)
    out: list[Option] = []
    for o in options:
        if o.ink is None:
            ink = box_ink_left_of(image, o.box)
            if lone and o.opens_line:
                h = o.box[3] - o.box[1]
                head = ink_density(image, (o.box[0], o.box[1], o.box[0] + 1.1 * h, o.box[3]))
                ink = max(ink or 0.0, head)
            if lone and ink is not None and ink >= TICK_WINDOW_INK:
                ink = max(ink, DISRUPTED_INK)
            o = replace(o, ink=ink)
        out.append(o)
    return out


_NAME_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _apart(text: str, start: int, taken: Sequence[tuple[int, int]]) -> bool:
    """A name printed as a choice of its own: a box glyph between it and every choice before it
    (☑在职职工 □退休人员 are two choices of one value; 异地急诊、抢救 is one)."""
    return all(any(ch in BOX_GLYPHS for ch in text[e:start]) for s, e in taken if e <= start)


def _others_written(text: str, start: int, end: int) -> int:
    """Chinese characters on a line outside one choice's phrase (its name's ending, 人员, allowed)."""
    return len(re.findall(r"[\u4e00-\u9fff]", text[:start] + text[end + 4 :]))


def _phrase_start(text: str, start: int, floor: int) -> int:
    """Where a printed choice begins: back from the word that named it over the characters before
    it ("□经定点医院转诊的人员" is one choice, named by 转诊), to a box glyph, a blank, punctuation,
    the previous choice or the line's start, six characters at most."""
    k = start
    while k > floor and start - k < 6 and _NAME_CHAR.match(text[k - 1]) and text[k - 1] not in BOX_GLYPHS:
        k -= 1
    return k


def _bracketed(text: str, begin: int, end: int) -> bool:
    """Brackets round a choice's phrase ("（异地急诊抢救人员）"): what OCR makes of a circle drawn
    round printed wording (a printed choice is not bracketed on its own)."""
    if begin == 0 or text[begin - 1] not in "(（":
        return False
    k = end
    while k < len(text) and k - end < 6 and _NAME_CHAR.match(text[k]):
        k += 1  # over the rest of the wording (急诊 … 抢救人员)
    return k < len(text) and text[k] in ")）"


RING_MARGIN = (0.6, 0.45)  # a circle round a name: this many line heights left/right, above/below
RING_INK = 0.05  # margin ink from which a circle is considered at all
RING_LEAD = 2.0  # and how much more than any other choice's margin it must hold


def ring_ink(image: Image, box: PixelBox) -> float:
    """Ink in the margin round a choice's name on all four sides (the least of the four): the
    stroke of a circle or oval drawn round the printed wording. A neighbour's circle, a box
    glyph or a frame line touches one or two sides, never all four."""
    h = box[3] - box[1]
    dx, dy = RING_MARGIN[0] * h, RING_MARGIN[1] * h
    x0, y0, x1, y1 = box
    sides = (
        (x0 - dx, y0 - dy, x0, y1 + dy),
        (x1, y0 - dy, x1 + dx, y1 + dy),
        (x0, y0 - dy, x1, y0),
        (x0, y1, x1, y1 + dy),
    )
    margin = min(ink_density(image, side) for side in sides)
    return 1.0 if _enclosed(image, box) >= ENCLOSED else margin  # shut in: as inked as a margin gets


ENCLOSED = 0.8  # share of the paper amid a wording that a closed stroke cuts off from outside
ENCLOSE_REACH = (2.5, 0.8)  # line heights round a name searched for that stroke (x: its 人员 and more)


def _enclosed(image: Image, box: PixelBox) -> float:
    """How much of the paper amid a choice's wording is closed off from the paper around it: an
    oval drawn tight round the words lies inside the line box OCR gives them, where no margin
    sees it, but it still shuts the wording in. Strokes are thickened by a pixel so a pen's small
    gap does not let the outside in; a character's own holes (口) are a small share of its paper.
    A pen's thin stroke scans pale: strokes are found against the paper around them, not by a
    fixed darkness (a fixed level lost half a ballpoint oval and let the outside in)."""
    h = box[3] - box[1]
    H, W = image.shape[:2]
    rx0, ry0 = max(0, int(box[0] - ENCLOSE_REACH[0] * h)), max(0, int(box[1] - ENCLOSE_REACH[1] * h))
    rx1, ry1 = min(W, int(box[2] + ENCLOSE_REACH[0] * h)), min(H, int(box[3] + ENCLOSE_REACH[1] * h))
    if rx1 - rx0 < 8 or ry1 - ry0 < 8:
        return 0.0
    ink = cv2.dilate(outline_mask(image[ry0:ry1, rx0:rx1]).astype(np.uint8), np.ones((3, 3), np.uint8))
    _, labels = cv2.connectedComponents((ink == 0).astype(np.uint8), connectivity=4)
    outside = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    w = box[2] - box[0]
    cx0, cx1 = int(box[0] + 0.15 * w) - rx0, int(box[2] - 0.15 * w) - rx0
    cy0, cy1 = int(box[1] + 0.25 * h) - ry0, int(box[3] - 0.25 * h) - ry0
    core = labels[max(0, cy0) : max(0, cy1), max(0, cx0) : max(0, cx1)]
    paper = core[core > 0] if core.size else core
    if paper.size == 0:
        return 0.0
    return float((~np.isin(paper, outside)).mean())


def _glyph_before(text: str, start: int, others: Sequence[tuple[int, int]]) -> bool | None:
    """The tick (True) or empty-box (False) glyph within a few characters before a name ("□其他临时…")."""
    floor = max([e for s, e in others if e <= start], default=0)
    for k in range(start - 1, max(floor, start - 4) - 1, -1):
        ch = text[k]
        if ch in TICKED:
            return True
        if ch in UNTICKED:
            return False
    return None


_HEADING_END = re.compile(r"[\u4e00-\u9fff]{0,3}\s*[:：]")


def _is_heading(text: str, end: int, later: Sequence[tuple[float, int, int, int, str]]) -> bool:
    """A choice name that heads a group of choices ("☑异地长期居住人员：□退休后异地安置人员 □…").

    The national form groups its categories under two ticked headings whose names
    are categories too. A heading ends in a colon followed by its own choices, or
    by nothing (its choices on the next line); a choice followed by a colon and
    prose ("□异地安置退休人员：指退休后…") is still a choice.
    """
    m = _HEADING_END.match(text, end)
    if m is None:
        return False
    rest = text[m.end() :]
    after = {c[4] for c in later if c[2] >= m.end()}
    return not rest.strip() or len(after) >= 2


def _all(text: str, word: str) -> list[int]:
    """Every start index of a word in a text."""
    out, k = [], text.find(word)
    while k >= 0:
        out.append(k)
        k = text.find(word, k + 1)
    return out


def choose_ticked(options: Sequence[Option]) -> tuple[str, float] | None:
    """The ticked choice and a confidence, or None when no single box is ticked.

    Box ink decides when one box is clearly fuller than its siblings; else OCR
    glyphs: one ticked glyph, or one name without an empty-box glyph among empties.
    """
    circled = _circled(options)
    if circled is not None and sum(o.framed for o in options) < 2:
        # no check boxes printed (a printed box stands before every choice; one "box" alone is the
        # circle's own stroke, found beside a neighbour): a circle round one wording is the mark
        # (its stroke also falls just left of the next name, where a broken box's tick is looked for)
        return circled
    # boxes found on the image first: a box filled or ticked among empty ones decides, whatever
    # ink is credited to a name whose box was not found (``_disrupted_boxes``)
    for inked in ([o for o in options if o.framed], [o for o in options if o.ink is not None]):
        if len({o.value for o in inked}) >= 2:
            ranked = sorted(inked, key=lambda o: o.ink or 0.0, reverse=True)
            top, second = ranked[0].ink or 0.0, ranked[1].ink or 0.0
            if top > 0.06 and top > 2.0 * max(second, 0.01):
                return ranked[0].value, min(0.95, 0.75 + (top - second))
    # a tick glyph read where the image shows the box empty is OCR's misreading of the empty box
    by_glyph = {o.value for o in options if o.glyph is True and not (o.framed and (o.ink or 0.0) < EMPTY_BOX)}
    if len(by_glyph) == 1:
        return next(iter(by_glyph)), 0.85
    unmarked = {o.value for o in options if o.glyph is None}
    others_empty = all(o.glyph is False for o in options if o.value not in unmarked)
    if len(unmarked) == 1 and len(options) >= 2 and others_empty:
        return next(iter(unmarked)), 0.7  # the tick was not read, the empty boxes were
    if len({o.value for o in options}) == 1 and options[0].glyph is not False and options[0].alone:
        return options[0].value, 0.75  # a choice written into the cell, no boxes
    return circled  # printed boxes left empty, the wording circled instead


def _circled(options: Sequence[Option]) -> tuple[str, float] | None:
    """The one choice with a circle drawn round its wording: far more ink in its margin than any
    other choice's (printed box glyphs and frames stand in every choice's margin alike)."""
    ringed = sorted((o for o in options if o.ring is not None), key=lambda o: o.ring or 0.0, reverse=True)
    if len({o.value for o in ringed}) < 3:
        return None
    top = ringed[0].ring or 0.0
    second = max((o.ring or 0.0) for o in ringed[1:] if o.value != ringed[0].value)
    if top >= RING_INK and top >= RING_LEAD * max(second, 0.01):
        return ringed[0].value, 0.7
    return None
