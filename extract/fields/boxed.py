"""An ID number written one digit per printed box, as the national form and many others ask.

The detector reads each box's digit as a line of its own, and the row of boxes
often breaks the ruled-cell search (the boxes are cells too small to be a
value's), so neither "right of the label" nor "in its cell" finds the number.
The digits are the one-character lines in one row near the label, read left to
right; they are an ID number only when they add up to one and its check holds
or the single-swap repair settles it.
"""

from __future__ import annotations

import math
import re
from itertools import combinations, pairwise, product
from statistics import median

from extract.fields.form import Found, PageContext
from extract.fields.values import normalise
from extract.layout import Anchor, union, v_overlap
from extract.normalize import id_with_unreadable
from kernel.idnumber import check_holds
from kernel.reading import TextLine

_DIGITS = re.compile(r"[0-9Xx×]{1,3}[:;.,'\"|]?")  # a box's rule may come back as a stroke beside it
_NOISE = re.compile(r"[:;.,'\"|]")
DOUBTFUL = 0.5  # a box read with less confidence than this may hold another digit
ID_BOXES = 18
MAX_WAYS = 27  # ways of dropping extra digits tried at most (each is one check)


def boxed_id(ctx: PageContext, key: str = "id_number") -> Found | None:
    """The ID number spelled by digit boxes beside or under one of the key's labels."""
    for anchor in ctx.anchors_of(key):
        found = _row_of_digits(anchor, ctx, key)
        if found is not None:
            return found
    return None


def _row_of_digits(anchor: Anchor, ctx: PageContext, key: str) -> Found | None:
    lines = ctx.lines
    h = anchor.box[3] - anchor.box[1]
    near = [
        i
        for i, ln in enumerate(lines)
        if _DIGITS.fullmatch(ln.text.strip())
        and anchor.box[1] - 0.5 * h <= (ln.box[1] + ln.box[3]) / 2 <= anchor.box[3] + 3.5 * h
        and ln.box[0] >= anchor.box[0] - h
    ]
    rows: list[list[int]] = []
    for i in sorted(near, key=lambda j: (lines[j].box[1] + lines[j].box[3]) / 2):
        if rows and v_overlap(lines[rows[-1][0]].box, lines[i].box) >= 0.4:
            rows[-1].append(i)
        else:
            rows.append([i])
    for row in sorted(rows, key=len, reverse=True):
        row.sort(key=lambda j: lines[j].box[0])
        widths = [lines[j].box[2] - lines[j].box[0] for j in row]
        gaps = [lines[b].box[0] - lines[a].box[2] for a, b in pairwise(row)]
        if any(g > 3 * max(widths) for g in gaps):
            continue  # not one run of boxes
        text = "".join(_digits_of(lines[j].text) for j in row)
        if not 17 <= len(text) <= 19:
            continue
        confs = [lines[j].confidence for j in row]
        box = union([lines[j].box for j in row])
        norm = normalise(key, text)
        if norm is None or norm[1] < 1.0:
            # read in order the digits make no ID: put back by their boxes, they may
            by_boxes = _by_boxes([lines[j] for j in row])
            placed = normalise(key, by_boxes) if by_boxes is not None else None
            if placed is not None and placed[1] == 1.0:
                return Found(placed[0], min(confs) * 0.8 * anchor.score * 0.9, box, anchor)
        if norm is None:
            continue
        value, factor = norm
        if factor < 1.0:
            # the check fails: one box the recogniser was unsure of is one unknown digit, which the
            # check character settles (only one digit can make it hold)
            doubtful = [k for k, c in enumerate(confs) if c < DOUBTFUL]
            if len(doubtful) == 1 and len(lines[row[doubtful[0]]].text.strip()) == 1:
                k = sum(len(lines[j].text.strip()) for j in row[: doubtful[0]])
                settled = id_with_unreadable(text[:k] + "?" + text[k + 1 :])
                if settled is not None:
                    value, factor = settled, 0.8
                    confs = [c for i, c in enumerate(confs) if i != doubtful[0]]
        conf = min(confs) * factor * anchor.score * 0.9
        return Found(value, conf, box, anchor)
    return None


def _digits_of(text: str) -> str:
    return _NOISE.sub("", text.strip())


def _by_boxes(row: list[TextLine]) -> str | None:
    """The digits put back into their boxes by position, where reading them in order failed.

    A piece may span two boxes ("14"), read a box's rule as one more digit ("304" over two
    boxes), or a box may be lost; the boxes stand at one pitch, which the one-digit pieces
    show. Each piece's digits go to the boxes whose centres it covers; a piece holding more
    digits than that is tried each way of dropping the extra ones, and of two digits in one box
    the surer stays. The answer is the one ID, filling eighteen boxes, whose check holds.
    """
    singles = [ln for ln in row if len(_digits_of(ln.text)) == 1]
    steps = [b.cx - a.cx for a, b in pairwise(singles)]
    if len(steps) < 6:
        return None
    pitch = median(steps)
    if pitch <= 0 or sum(abs(st - pitch) < 0.25 * pitch for st in steps) < len(steps) / 2:
        return None  # the one-digit pieces do not stand at one pitch: no boxes to go by
    origin = singles[0].cx
    ways: list[list[list[tuple[int, str, float]]]] = []  # per piece, its ways of filling boxes
    for ln in row:
        digits = _digits_of(ln.text)
        lo = (ln.box[0] - origin) / pitch
        hi = (ln.box[2] - origin) / pitch
        cells = list(range(math.ceil(lo), math.floor(hi) + 1)) or [round((lo + hi) / 2)]
        if len(digits) <= len(cells):  # a digit per box from the left, evenly spread when fewer
            step = len(cells) / len(digits)
            ways.append([[(cells[int(k * step)], d, ln.confidence) for k, d in enumerate(digits)]])
        else:
            ways.append(
                [
                    list(zip(cells, kept, [ln.confidence] * len(cells), strict=True))
                    for kept in combinations(digits, len(cells))
                ]
            )
    if math.prod(len(w) for w in ways) > MAX_WAYS:
        return None  # too many pieces of doubtful digits to settle by the check alone
    answers: set[str] = set()
    for choice in product(*ways):
        boxes: dict[int, tuple[str, float]] = {}
        for cell, digit, conf in (placed for way in choice for placed in way):
            if cell not in boxes or conf > boxes[cell][1]:
                boxes[cell] = (digit, conf)
        first = min(boxes)
        if sorted(boxes) == list(range(first, first + ID_BOXES)):
            number = "".join(boxes[k][0] for k in sorted(boxes))
            if check_holds(number):
                answers.add(number)
    return answers.pop() if len(answers) == 1 else None
