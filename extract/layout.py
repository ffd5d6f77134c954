"""Geometry over OCR text lines: where a label's value lies.

Every province prints its own form, so nothing here knows a coordinate. A value is
found relative to its printed label: glued to it in the same OCR line ("姓名：张三"),
right of it on the same row (or in the ruled cell right of the label's cell), or
below it. Where the labels are is ``extract.labelmatch``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kernel.reading import PixelBox, TextLine


@dataclass(frozen=True)
class Anchor:
    """A printed label found in one OCR line."""

    key: str
    synonym: str
    line: int  # index into the page's lines
    start: int  # character span of the label within the line text
    end: int
    score: float  # 1.0 exact, lower for a fuzzy match
    box: PixelBox  # approximate pixel box of the label part of the line


def char_em(ch: str) -> float:
    """A character's printed width in ems: CJK, fullwidth forms and the symbol blocks that print
    check boxes and ticks (□ ☑ √ ■ ①, U+2190–U+2BFF) one em; ASCII and Latin about half."""
    code = ord(ch)
    return 1.0 if code > 0x2E80 or 0x2190 <= code <= 0x2BFF else 0.55


def char_x(line: TextLine, index: int) -> float:
    """Approximate x of a character boundary from the widths of the characters before it."""
    text = line.text
    widths = [char_em(ch) for ch in text]
    total = sum(widths) or 1.0
    done = sum(widths[: max(0, min(index, len(text)))])
    return line.box[0] + (line.box[2] - line.box[0]) * done / total


def sub_box(line: TextLine, start: int, end: int) -> PixelBox:
    """Pixel box of characters ``start:end`` of a line (proportional estimate)."""
    return (char_x(line, start), line.box[1], char_x(line, end), line.box[3])


def v_overlap(a: PixelBox, b: PixelBox) -> float:
    """Vertical overlap as a fraction of the shorter box's height."""
    inter = min(a[3], b[3]) - max(a[1], b[1])
    shorter = min(a[3] - a[1], b[3] - b[1]) or 1.0
    return max(0.0, inter) / shorter


def h_overlap(a: PixelBox, b: PixelBox) -> float:
    """Horizontal overlap as a fraction of the narrower box's width."""
    inter = min(a[2], b[2]) - max(a[0], b[0])
    narrower = min(a[2] - a[0], b[2] - b[0]) or 1.0
    return max(0.0, inter) / narrower


def union(boxes: Sequence[PixelBox]) -> PixelBox:
    """Smallest box holding all boxes."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def contains_point(box: PixelBox, x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def reading_order(lines: Sequence[TextLine]) -> list[int]:
    """Line indices top-to-bottom, left-to-right within a row (rows by vertical overlap)."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].cy)
    rows: list[list[int]] = []
    for i in order:
        if rows and v_overlap(lines[rows[-1][0]].box, lines[i].box) >= 0.5:
            rows[-1].append(i)
        else:
            rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda j: lines[j].box[0])]


@dataclass(frozen=True)
class Piece:
    """A value's raw text with where it came from."""

    text: str
    box: PixelBox
    confidence: float
    lines: tuple[int, ...]


def _label_starts(anchors: Sequence[Anchor]) -> dict[int, int]:
    """Line index → character position of its first label."""
    first: dict[int, int] = {}
    for a in anchors:
        first[a.line] = min(first.get(a.line, a.start), a.start)
    return first


def glued_value(anchor: Anchor, lines: Sequence[TextLine], anchors: Sequence[Anchor]) -> Piece | None:
    """Text after the label in its own OCR line, up to the next label in that line."""
    line = lines[anchor.line]
    nxt = min(
        (a.start for a in anchors if a.line == anchor.line and a.start >= anchor.end), default=len(line.text)
    )
    raw = line.text[anchor.end : nxt]
    stripped = raw.lstrip(" \t:：;；,，、.").rstrip(" \t;；,，、")
    if not stripped.strip():
        return None
    s = anchor.end + raw.index(stripped[0])
    return Piece(stripped.strip(), sub_box(line, s, s + len(stripped)), line.confidence, (anchor.line,))


def row_right(
    anchor: Anchor, lines: Sequence[TextLine], anchors: Sequence[Anchor], limit_x: float | None = None
) -> Piece | None:
    """Lines right of the label on the same row, stopping at the next line that is a label."""
    starts = _label_starts(anchors)
    h = anchor.box[3] - anchor.box[1]
    cands = [
        i
        for i, ln in enumerate(lines)
        if i != anchor.line
        and v_overlap(ln.box, anchor.box) >= 0.5
        and ln.box[0] >= anchor.box[2] - h
        and (limit_x is None or ln.cx <= limit_x)
    ]
    cands.sort(key=lambda i: lines[i].box[0])
    picked: list[int] = []
    right_edge = anchor.box[2]
    for i in cands:
        if starts.get(i, 99) <= 1:
            break  # the next field's label
        if picked and lines[i].box[0] - right_edge > 3 * h:
            break
        picked.append(i)
        right_edge = lines[i].box[2]
        if i in starts:
            break  # a label further along this line ends the value
    return join_lines(picked, lines, anchors)


def row_raised(anchor: Anchor, lines: Sequence[TextLine], anchors: Sequence[Anchor]) -> Piece | None:
    """A value written on the fill-in line beside its label but half a line higher (handwriting
    drifts up; the label sits lower on the rule): a line starting right of the label whose bottom
    lies between the label's top and its middle, which no other label on its own row claims."""
    h = anchor.box[3] - anchor.box[1]
    mid = (anchor.box[1] + anchor.box[3]) / 2
    starts = _label_starts(anchors)
    cands = [
        i
        for i, ln in enumerate(lines)
        if i != anchor.line
        and starts.get(i, 99) > 1
        and ln.box[1] < anchor.box[1]
        and anchor.box[1] - 0.2 * h <= ln.box[3] <= mid + 0.2 * h
        and anchor.box[2] - h <= ln.box[0] <= anchor.box[2] + 3 * h
    ]
    if len(cands) != 1:
        return None
    line = lines[cands[0]]
    if any(
        a.line != anchor.line
        and v_overlap(lines[a.line].box, line.box) >= 0.5
        and lines[a.line].box[2] <= line.box[0]
        for a in anchors
    ):
        return None  # its own row's label stands left of it: that label's value
    return join_lines(cands, lines, anchors)


def join_lines(picked: Sequence[int], lines: Sequence[TextLine], anchors: Sequence[Anchor]) -> Piece | None:
    """Join lines into one value, cutting each at a label that starts inside it."""
    starts = _label_starts(anchors)
    texts, boxes, confs = [], [], []
    for i in picked:
        ln = lines[i]
        cut = starts.get(i, len(ln.text))
        if i in starts and cut <= 1:
            continue
        text = ln.text[:cut].strip(" \t:：;；,，、")
        if text:
            texts.append(text)
            boxes.append(sub_box(ln, 0, cut) if cut < len(ln.text) else ln.box)
            confs.append(ln.confidence)
    if not texts:
        return None
    return Piece("".join(texts) if _cjk(texts) else " ".join(texts), union(boxes), min(confs), tuple(picked))


def _cjk(texts: Sequence[str]) -> bool:
    return any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)


def below(
    anchor: Anchor, lines: Sequence[TextLine], anchors: Sequence[Anchor], max_gap: float = 2.5
) -> Piece | None:
    """The first row of text under the label (within ``max_gap`` label heights), if not a label."""
    starts = _label_starts(anchors)
    h = anchor.box[3] - anchor.box[1]
    zone = (anchor.box[0] - h, anchor.box[3] - 0.3 * h, anchor.box[2] + 6 * h, anchor.box[3] + max_gap * h)
    cands = [
        i
        for i, ln in enumerate(lines)
        if i != anchor.line
        and ln.box[1] >= zone[1]
        and ln.box[1] <= zone[3]
        and h_overlap(ln.box, (zone[0], 0, zone[2], 0)) > 0.3
        and ln.box[0] >= zone[0]
    ]
    if not cands:
        return None
    top = min(cands, key=lambda i: lines[i].box[1])
    row = [i for i in cands if v_overlap(lines[i].box, lines[top].box) >= 0.5]
    row.sort(key=lambda i: lines[i].box[0])
    if starts.get(row[0], 99) <= 1:
        return None
    row_box = lines[row[0]].box
    if any(
        a.line != anchor.line
        and v_overlap(lines[a.line].box, row_box) >= 0.3
        and lines[a.line].box[2] <= row_box[0] + h
        for a in anchors
    ):
        return None  # that row has its own label to the left: it is another field's value
    return join_lines(row, lines, anchors)


_CHECK_BOXES = frozenset("□☐☑☒■▣")
# a line opening with a list number (1. 2、 (3) ④): one of a numbered list of choices printed under
# the value (the six filing categories), never the rest of a value wrapped
_NUMBERED = re.compile(r"\s*(?:\d{1,2}\s*[.、．]|[(（]\d{1,2}[)）]|[①-⑩])")


def wrapped(
    piece: Piece,
    lines: Sequence[TextLine],
    anchors: Sequence[Anchor],
    stop: Callable[[str], bool] | None = None,
) -> Piece:
    """A value with the lines it wraps onto: directly under it, left-aligned with it, not labels,
    nor a line ``stop`` says is something else (a printed choice under the value)."""
    starts = _label_starts(anchors)
    out = piece
    for _ in range(3):
        h = out.box[3] - out.box[1] if len(out.lines) == 1 else lines[out.lines[-1]].height
        nxt = [
            i
            for i, ln in enumerate(lines)
            if i not in out.lines
            and i not in starts
            and -0.25 * h <= ln.box[1] - out.box[3] < 0.9 * h  # tight lines overlap a little
            and abs(ln.box[0] - out.box[0]) < 1.5 * h
        ]
        if len(nxt) != 1:
            break
        ln = lines[nxt[0]]
        if ln.text.lstrip()[:1] in _CHECK_BOXES or _NUMBERED.match(ln.text) or (stop and stop(ln.text)):
            break  # a row of check-box or numbered choices under the value, not its continuation
        row_labels = [a for a in anchors if v_overlap(lines[a.line].box, ln.box) >= 0.5]
        if any(lines[a.line].box[0] < ln.box[0] for a in row_labels):
            break  # the next row has its own label: that is the next field's value
        out = Piece(
            out.text + ln.text.strip(),
            union([out.box, ln.box]),
            min(out.confidence, ln.confidence),
            (*out.lines, nxt[0]),
        )
    return out
