"""The filing period when one label covers both dates: 备案期限：自 2026 年 7 月 20 日 至 2026 年 10 月 18 日.

Forms without separate start and end labels print one period label with two blanks,
and the dates are read from that label's row. Where the label itself is unreadable,
a row on the form that says 自 <date> 至 <date> is still the period, with less
confidence: no other field of a declaration form is worded that way.
"""

from __future__ import annotations

import re

from extract.fields.form import Found, PageContext
from extract.layout import Anchor, below, glued_value, row_right, union, v_overlap
from extract.normalize import find_dates
from kernel.reading import PixelBox

PERIOD_KEYS = ("period", "validity")  # 备案期限 …; 有效期限 on a form is the filing's period too
UNLABELLED = 0.85  # a 自 … 至 … row without a readable label
_FROM = re.compile(r"(自|从|起)\s*$")
_TO = re.compile(r"(至|到|止|—|-|~|～)\s*$")


def period(ctx: PageContext) -> tuple[Found | None, Found | None]:
    """(start, end) of the filing period from a period label's row, else from a 自…至… row."""
    for key in PERIOD_KEYS:
        for anchor in ctx.anchors_of(key):
            got = _labelled(anchor, ctx)
            if got != (None, None):
                return got
    return _unlabelled(ctx)


def _labelled(anchor: Anchor, ctx: PageContext) -> tuple[Found | None, Found | None]:
    """The dates after a period label: glued to it and right of it on its row."""
    pieces = [
        p
        for p in (glued_value(anchor, ctx.lines, ctx.anchors), row_right(anchor, ctx.lines, ctx.anchors))
        if p
    ]
    if pieces:
        text = "".join(p.text for p in pieces)
        conf = min(p.confidence for p in pieces) * anchor.score
        got = _split(text, conf, union([p.box for p in pieces]), anchor)
        if got != (None, None):
            return got
    under = below(anchor, ctx.lines, ctx.anchors)  # a stacked cell: the dates under the label
    if under is None:
        return None, None
    return _split(under.text, under.confidence * anchor.score, under.box, anchor)


def _unlabelled(ctx: PageContext) -> tuple[Found | None, Found | None]:
    """A row reading 自 <date> … 至 <date> anywhere on the page."""
    lines = ctx.lines
    for i in sorted(range(len(lines)), key=lambda k: (lines[k].box[1], lines[k].box[0])):
        if "自" not in lines[i].text:
            continue
        row = sorted(
            (
                k
                for k, ln in enumerate(lines)
                if v_overlap(ln.box, lines[i].box) >= 0.5 and ln.box[0] >= lines[i].box[0]
            ),
            key=lambda k: lines[k].box[0],
        )
        text = "".join(lines[k].text for k in row)
        if not re.search(r"自.*\d.*至.*\d", text):
            continue
        conf = min(lines[k].confidence for k in row) * UNLABELLED
        start, end = _split(text, conf, union([lines[k].box for k in row]), None)
        if start is not None and end is not None:
            return start, end
    return None, None


def _split(text: str, conf: float, box: PixelBox, anchor: Anchor | None) -> tuple[Found | None, Found | None]:
    """Two dates: the first starts the period, the second ends it; one date is placed by the word
    before it (自 2026… starts it, 至 2026… ends it)."""
    dates = find_dates(text)
    if len(dates) >= 2:
        return Found(dates[0][0], conf, box, anchor), Found(dates[1][0], conf, box, anchor)
    if len(dates) == 1:
        iso, begin, _ = dates[0]
        if _FROM.search(text[:begin]):
            return Found(iso, conf * 0.9, box, anchor), None
        if _TO.search(text[:begin]):
            return None, Found(iso, conf * 0.9, box, anchor)
    return None, None
