"""An ID number written one digit per printed box, as the national form and many others ask.

The detector reads each box's digit as a line of its own, and the row of boxes
often breaks the ruled-cell search (the boxes are cells too small to be a
value's), so neither "right of the label" nor "in its cell" finds the number.
The digits are the one-character lines in one row near the label, read left to
right; they are an ID number only when they add up to one and its check holds
or the single-swap repair settles it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from extract.fields.form import Found, PageContext
from extract.fields.values import normalise
from extract.layout import Anchor, union, v_overlap
from extract.normalize import id_with_unreadable

_DIGITS = re.compile(r"[0-9Xx×]{1,3}")
DOUBTFUL = 0.5  # a box read with less confidence than this may hold another digit


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
        text = "".join(lines[j].text.strip() for j in row)
        if not 17 <= len(text) <= 19:
            continue
        norm = normalise(key, text)
        if norm is None:
            continue
        value, factor = norm
        confs = [lines[j].confidence for j in row]
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
        return Found(value, conf, union([lines[j].box for j in row]), anchor)
    return None
