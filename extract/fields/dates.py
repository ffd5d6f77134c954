"""The date a proof was issued on, where no label names it.

An office dates a certificate where it signs and stamps it: under the issuer's
name, usually under or across the seal. A form-like proof also prints other
dates (a birth date, since when the person lives there, an agency's 经办日期) in
rows of their own labels; those are the values of those labels, never the issue date.
"""

from __future__ import annotations

from extract.fields.form import Found, PageContext
from extract.layout import reading_order, sub_box, v_overlap
from extract.normalize import date_certainty, find_dates
from kernel.reading import PixelBox


def issue_date(ctx: PageContext) -> Found | None:
    """The date at the issuer's seal (within a seal's width of it, the nearest), else the last
    date on the page in reading order; dates in another field's labelled row are skipped.

    A referral form carries several dated opinions (the department's, then the
    hospital office's under its seal): the issuing one is the stamped one, and,
    where no seal was found, the last.
    """
    dates = _unlabelled_dates(ctx)
    seals = ctx.reading.seals
    best: tuple[float, Found] | None = None
    for found in dates:
        cx, cy = (found.box[0] + found.box[2]) / 2, (found.box[1] + found.box[3]) / 2
        gap = min((_gap(cx, cy, s.box) / max(1.0, s.box[2] - s.box[0]) for s in seals), default=2.0)
        if gap <= 1.0 and (best is None or gap < best[0]):
            best = (gap, found)
    if best is not None:
        return best[1]
    if not dates:
        return None
    last = dates[-1]  # no stamped date: the last one, a weaker rule
    return Found(last.value, last.confidence * 0.95, last.box, None)


def _unlabelled_dates(ctx: PageContext) -> list[Found]:
    """Every date on the page in reading order, except those in rows led by another field's label."""
    from extract.fields.registry import spec_for  # the registry names this module's reader

    lines = ctx.lines
    # labels whose row may carry the issue date (FieldSpec.issuing_row): the date label itself,
    # and the signing and stamping lines
    label_boxes = [a.box for a in ctx.anchors if not spec_for(a.key).issuing_row]
    out: list[Found] = []
    for i in reading_order(lines):
        line = lines[i]
        for iso, start, end in find_dates(line.text):
            box = sub_box(line, start, end)
            if any(v_overlap(box, b) >= 0.5 and b[0] <= box[0] for b in label_boxes):
                continue  # the value of the label leading its row
            out.append(Found(iso, line.confidence * 0.9 * date_certainty(line.text[start:end]), box, None))
    return out


def _gap(x: float, y: float, box: PixelBox) -> float:
    """Distance from a point to a box (0 inside it)."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return float((dx * dx + dy * dy) ** 0.5)
