"""Values known by their shape where the page lost their label: a bilevel scan or a worn copy
drops the thin print of a form's labels while the bold written values survive.

A value is taken only where its shape says what it is and nothing on the page says otherwise: the
page's one mobile number, its one street address, hospitals numbered one a line; never a value
standing right after another key's label (that label's), and always less sure (``LONE_VALUE``).
"""

from __future__ import annotations

import re

from extract.fields.form import Found, PageContext
from extract.fields.institutions import looks_like_institution
from extract.fields.values import hospitals_value
from extract.layout import union, v_overlap
from kernel.reading import TextLine

_MOBILE = re.compile(r"1[3-9]\d{9}")
LONE_VALUE = 0.7  # how sure a value is that its shape alone vouches for (no label beside it)


def lone_mobile(ctx: PageContext) -> Found | None:
    """The page's one mobile number standing alone on its line, where no label gave it (a bilevel
    scan dropped the thin print of 联系电话, the bold number survived): a form prints a number in a
    cell of its own. Two such numbers (the applicant's and an agent's) say nothing of whose is
    whose, and a number right after another key's label (代办人电话) is that label's."""
    lines = ctx.lines
    alone = [i for i, ln in enumerate(lines) if _MOBILE.fullmatch(re.sub(r"[\s-]", "", ln.text))]
    if len(alone) != 1 or _after_a_label(ctx, lines[alone[0]]):
        return None
    line = lines[alone[0]]
    value = re.sub(r"[\s-]", "", line.text)
    return Found(value, min(line.confidence, LONE_VALUE), line.box, None)


def lone_street_address(ctx: PageContext, key: str) -> Found | None:
    """The page's one street address standing alone on its line, on a form where no label of
    ``key`` was read at all (a bilevel scan or a worn copy lost the thin print of the labels, the
    bold values survived): a declaration form names one address, where its applicant lives. Two
    such lines say nothing of which is which, and one right after another key's label is that
    label's (单位地址)."""
    if ctx.anchors_of(key):
        return None  # its label was read: the value beside it, or none, is the answer
    lines = ctx.lines
    alone = [i for i, ln in enumerate(lines) if _LONE_ADDRESS.fullmatch(re.sub(r"\s", "", ln.text))]
    if len(alone) != 1 or _after_a_label(ctx, lines[alone[0]]):
        return None
    line = lines[alone[0]]
    return Found(re.sub(r"\s", "", line.text), min(line.confidence, LONE_VALUE), line.box, None)


# divisions first, a house number after: 湖北省武汉市武昌区新华街80号18号楼5单元1701室
_LONE_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{2,12}?[省市区县旗][\u4e00-\u9fff\d\-]*?\d+\s*号[\u4e00-\u9fff\d\-]*"
)


def numbered_hospitals(ctx: PageContext, region_code: str | None) -> Found | None:
    """Hospitals listed one a line and numbered (1.武汉大学人民医院 2.…) on a form where no
    hospitals label was read at all (the labels' thin print lost, the written list left): a
    declaration form numbers nothing else that names a hospital."""
    if ctx.anchors_of("hospitals"):
        return None
    rows: list[tuple[TextLine, str]] = []  # each numbered line with what follows its number
    for ln in ctx.lines:
        text = re.sub(r"\s", "", ln.text)
        if _NUMBERED.match(text) and looks_like_institution(_NUMBERED.sub("", text)):
            rows.append((ln, _NUMBERED.sub("", ln.text.strip())))
    if not rows or any(_after_a_label(ctx, ln) for ln, _ in rows):
        return None
    rows.sort(key=lambda row: (row[0].box[1], row[0].box[0]))
    hv = hospitals_value([name for _, name in rows], region_code)
    if hv is None:
        return None
    names, score = hv
    return Found(
        names,
        min(min(ln.confidence for ln, _ in rows) * score, LONE_VALUE),
        union([ln.box for ln, _ in rows]),
        None,
    )


_NUMBERED = re.compile(r"^(?:[1-5][.、．,，]|[①②③④⑤])")


def _after_a_label(ctx: PageContext, line: TextLine) -> bool:
    """Whether ``line`` stands right after some key's label on its row (nothing between): that
    label's value, whatever its shape."""
    left = [a for a in ctx.anchors if v_overlap(a.box, line.box) >= 0.5 and a.box[2] <= line.box[0]]
    if not left:
        return False
    nearest = max(left, key=lambda a: a.box[2])
    return not any(
        ln is not line
        and v_overlap(ln.box, line.box) >= 0.5
        and nearest.box[2] < (ln.box[0] + ln.box[2]) / 2 < line.box[0]
        for ln in ctx.lines
    )
