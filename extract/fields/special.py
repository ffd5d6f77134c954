"""Fields that are not "text beside a label": ticks, signatures, stamps, hospital lists, periods.

Each function reads one page (a ``PageContext``) and returns a ``Found`` or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from statistics import median

from extract.fields import cells as cellmod
from extract.fields.form import Found, PageContext, candidate_pieces, lines_under_in_cell, read_key
from extract.fields.ink import signature_present
from extract.fields.institutions import looks_like_institution
from extract.fields.marks import LABELLED_WORDS, choose_ticked, find_options
from extract.fields.values import hospitals_value
from extract.layout import Anchor, Piece, join_lines, union, v_overlap
from extract.normalize import find_dates
from kernel.reading import PageReading, PixelBox, SealFound, TextLine

_CJK = re.compile(r"[\u4e00-\u9fff]")

_RANGE = re.compile(r"\s*(?:[-—－~～至到]|起至)\s*")


def value_rows(anchor: Anchor, ctx: PageContext) -> set[int]:
    """Lines right of a label in its band: between the labels above and below it in its column
    (a label is printed at the middle of a tall cell, its values above and under its own row)."""
    lines = ctx.lines
    h = anchor.box[3] - anchor.box[1]
    # values under the label start at its printed line's left edge, not at the matched wording's
    # (申请备案类型 is a 备案类型 label whose options start under 申请)
    left = min(anchor.box[0], lines[anchor.line].box[0]) - h
    stop = anchor.box[3] + 4 * h
    top = anchor.box[1] - 2 * h
    for a in ctx.anchors:
        if a.line == anchor.line or a.box[0] >= anchor.box[2] or a.box[2] <= anchor.box[0]:
            continue
        if a.box[1] > anchor.box[3] - 0.2 * h:
            stop = min(stop, a.box[1] - 0.2 * h)
        elif a.box[3] < anchor.box[1] + 0.2 * h:
            top = max(top, a.box[3] + 0.2 * h)
    return {
        i
        for i, ln in enumerate(lines)
        if (
            i == anchor.line
            or ln.box[0] >= anchor.box[2] - h
            or (ln.box[1] >= anchor.box[3] - 0.2 * h and ln.box[0] >= left)
        )
        and top <= ln.cy <= stop
    }


def choice(key: str, ctx: PageContext, vocabulary: dict[str, tuple[str, ...]]) -> Found | None:
    """The ticked one of printed choices beside a label (or, without a label, on lines listing several).

    Beside its own label a choice may be worded in words that elsewhere mean something
    else (参保人员类别：在职职工 / 退休人员 / 城乡居民 are insurance types there, but 退休人员
    names a filing category on the same form): those count only in the label's rows.
    """
    anchors = ctx.anchors_of(key)
    only: set[int] = set()
    for anchor in anchors:
        only |= value_rows(anchor, ctx)
    if only and key in LABELLED_WORDS:
        extra = LABELLED_WORDS[key]
        vocabulary = {v: (*words, *extra.get(v, ())) for v, words in vocabulary.items()}
    if not only:
        per_line: dict[int, int] = {}
        for o in find_options(ctx.lines, None, vocabulary):
            per_line[o.line] = per_line.get(o.line, 0) + 1
        # a group of choices printed together: several on a line, or several lines of one each
        only = {li for li, n in per_line.items() if n >= 2 or len(per_line) >= 3}
    options = find_options(ctx.lines, ctx.reading.image, vocabulary, only)
    chosen = choose_ticked(options)
    if chosen is None:
        return None
    value, conf = chosen
    box = next(o.box for o in options if o.value == value)
    line_conf = min(ctx.lines[o.line].confidence for o in options)
    return Found(value, conf * max(line_conf, 0.8), box, anchors[0] if anchors else None)


def _signing_region(anchor: Anchor, ctx: PageContext) -> PixelBox:
    """Right of the signature label to the next label on its row (or its cell), a row high and below."""
    r = ctx.reading
    h = anchor.box[3] - anchor.box[1]
    right = min(r.width, anchor.box[2] + 0.4 * r.width)
    for a in ctx.anchors:
        if a is not anchor and v_overlap(a.box, anchor.box) >= 0.5 and a.box[0] > anchor.box[2]:
            right = min(right, a.box[0] - 2)
    if ctx.cells:
        own = cellmod.cell_of(anchor.box, ctx.cells)
        nxt = cellmod.right_cell(own, ctx.cells) if own is not None else None
        if nxt is not None:
            c = ctx.cells[nxt]
            return (anchor.box[2] + 2, min(anchor.box[1] - 0.5 * h, c[1]), max(right, c[2]), c[3])
    return (anchor.box[2] + 2, anchor.box[1] - 0.8 * h, right, anchor.box[3] + 1.2 * h)


def printed_part(anchor: Anchor, line: TextLine, body: float | None = None) -> Anchor:
    """The label cut back to where its printed characters can end.

    OCR often stretches a label's line over the handwriting written right after it
    (本人签名：~~~~ read as one line), and the proportional character split then puts
    the label's end inside the signature. Printed characters are at most about one
    line height wide each, so a label ending past that is trimmed to it. A scrawl
    rising above the words makes the line taller than its print too: then the width of
    a character on the page's printed lines (``body``, a little more for safety)
    measures them.
    """
    h = line.box[3] - line.box[1]
    if body is not None:
        h = min(h, 1.15 * body)
    ems = _ems(line.text[: anchor.end + 1])
    limit = line.box[0] + ems * h
    if anchor.box[2] <= limit:
        return anchor
    return replace(anchor, box=(anchor.box[0], anchor.box[1], max(anchor.box[0] + 1, limit), anchor.box[3]))


def _char_width(lines: Sequence[TextLine]) -> float | None:
    """The width of a character of the page's print: over lines of six or more characters read
    surely, their width by their characters (a digit or a Latin letter about half a character)."""
    widths = [
        (ln.box[2] - ln.box[0]) / _ems(ln.text)
        for ln in lines
        if ln.confidence >= 0.9 and len(_CJK.findall(ln.text)) >= 6
    ]
    return median(widths) if len(widths) >= 5 else None


def _ems(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)


def signature(key: str, ctx: PageContext) -> Found | None:
    """Whether the signing area right of a signature label holds handwriting."""
    best: Found | None = None
    for found_anchor in ctx.anchors_of(key) or ctx.anchors_of("signature"):
        anchor = printed_part(found_anchor, ctx.lines[found_anchor.line], _char_width(ctx.lines))
        region = _signing_region(anchor, ctx)
        present, conf = signature_present(region, ctx.lines, ctx.reading.image, exclude=(anchor.line,))
        if not present and not ctx.cells:
            h = anchor.box[3] - anchor.box[1]
            under = (anchor.box[0] - h, anchor.box[3], anchor.box[2] + 4 * h, anchor.box[3] + 2.5 * h)
            present, conf = signature_present(under, ctx.lines, ctx.reading.image, exclude=(anchor.line,))
            region = under if present else region
        glued = ctx.lines[anchor.line].text[anchor.end :].strip(" :：()（）")
        if not present and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", glued) and "日期" not in glued:
            present, conf = True, 0.85
        found = Found(present, conf * anchor.score, region, anchor)
        if best is None or (found.value and not best.value) or found.confidence > best.confidence:
            best = found
    return best


def _stamp_region(anchor: Anchor, ctx: PageContext) -> PixelBox:
    """The stamp box: the label's cell with its right neighbour, or an area around the label."""
    r = ctx.reading
    if ctx.cells:
        own = cellmod.cell_of(anchor.box, ctx.cells)
        if own is not None:
            boxes = [ctx.cells[own]]
            nxt = cellmod.right_cell(own, ctx.cells)
            if nxt is not None:
                boxes.append(ctx.cells[nxt])
            return union(boxes)
    return (
        max(0.0, anchor.box[0] - 0.1 * r.width),
        max(0.0, anchor.box[1] - 0.08 * r.height),
        min(float(r.width), anchor.box[2] + 0.4 * r.width),
        min(float(r.height), anchor.box[3] + 0.2 * r.height),
    )


def _overlaps(seal: SealFound, region: PixelBox) -> bool:
    cx, cy = (seal.box[0] + seal.box[2]) / 2, (seal.box[1] + seal.box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def stamp_region(ctx: PageContext) -> PixelBox | None:
    """Where the agency stamp belongs on this page, when a stamp-box label is printed."""
    anchors = ctx.anchors_of("agency_stamp")
    return _stamp_region(anchors[-1], ctx) if anchors else None


PERSONAL_SEAL_MM = 27.0  # a square seal smaller than this is a person's name seal (张三之印), no office's


def _office_seals(reading: PageReading) -> list[SealFound]:
    """The page's seals less the applicant's own name seal pressed by the signature: a small
    square (an A4 page's long side taken as 297 mm) is a person's, not the agency's stamp."""
    per_mm = max(reading.width, reading.height) / 297.0
    return [
        s
        for s in reading.seals
        if s.shape != "square" or max(s.box[2] - s.box[0], s.box[3] - s.box[1]) >= PERSONAL_SEAL_MM * per_mm
    ]


def agency_stamp(ctx: PageContext) -> Found:
    """True when an office's seal lies in the stamp box; one elsewhere counts, with less confidence."""
    seals = _office_seals(ctx.reading)
    region = stamp_region(ctx)
    if region is not None:
        inside = [s for s in seals if _overlaps(s, region)]
        if inside:
            best = max(inside, key=lambda s: s.confidence)
            return Found(True, min(0.98, 0.5 + 0.5 * best.confidence), best.box, None)
    if seals:
        best = max(seals, key=lambda s: s.confidence)
        return Found(True, 0.6 * best.confidence + 0.2, best.box, None)
    return Found(False, 0.85 if region is not None else 0.7, region or (0, 0, 0, 0), None)


def hospitals(ctx: PageContext, region_code: str | None) -> Found | None:
    """All hospital names beside or under the hospitals label, split and matched to the directory."""
    lines = ctx.lines
    best: Found | None = None
    slots: list[Found] = []
    for anchor in ctx.anchors_of("hospitals"):
        texts: list[str] = []
        boxes: list[PixelBox] = []
        confs: list[float] = []
        used: set[int] = set()
        for piece in candidate_pieces(anchor, ctx)[:2]:
            if set(piece.lines) & used:
                continue
            texts.append(_rows_apart(piece, ctx))
            boxes.append(piece.box)
            confs.append(piece.confidence)
            used.update(piece.lines)
        label_lines = {a.line for a in ctx.anchors if a.key != "hospitals"}
        # numbered rows in the label's band (1. … 2. … 3. …), above or under its own row, and
        # a list under a label atop its own cell (stacked cells), however many rows it has
        rows = value_rows(anchor, ctx) | set(lines_under_in_cell(anchor, ctx, reach=8.0))
        for i in sorted(rows, key=lambda j: (lines[j].box[1], lines[j].box[0])):
            ln = lines[i]
            if i in used or i == anchor.line or i in label_lines:
                continue
            if not looks_like_institution(ln.text, "hospital_row"):  # …院 whatever OCR made of 医 (因院)
                continue
            if re.sub(r"[\s()（）]", "", ln.text).endswith("人员"):
                continue  # a category's choice (经定点医院转诊的人员): people, not an institution
            texts.append(ln.text)
            boxes.append(ln.box)
            confs.append(ln.confidence)
            used.add(i)
        hv = hospitals_value(texts, region_code)
        if hv is None:
            continue
        names, score = hv
        found = Found(names, min(confs) * score * anchor.score, union(boxes), anchor)
        if _slot(anchor, ctx):
            slots.append(found)
        if best is None or found.confidence > best.confidence:
            best = found
    return _slots_joined(slots, best)


_SLOT = re.compile(r"\s*(?:[一二三四五六]|[1-6１-６]|[①②③④⑤⑥])\s*[:：、.．)）]?")


def _slot(anchor: Anchor, ctx: PageContext) -> bool:
    """A label numbered as one of several slots (定点医院一：…, 医院2：…): each holds one hospital."""
    return bool(_SLOT.match(ctx.lines[anchor.line].text[anchor.end :]))


def _names(found: Found) -> list[object]:
    return list(found.value) if isinstance(found.value, list) else [found.value]


def _slots_joined(slots: list[Found], best: Found | None) -> Found | None:
    """The hospitals of numbered slot labels, in the slots' order, where they name more than the
    surest single label's reading; else that reading."""
    names: list[str] = []
    for found in sorted(slots, key=lambda f: (f.box[1], f.box[0])):
        names += [str(n) for n in _names(found) if n not in names]
    if best is None or len(slots) < 2 or len(names) <= len(_names(best)):
        return best
    box = union([f.box for f in slots])
    return Found(names, min(f.confidence for f in slots), box, slots[0].anchor)


def _rows_apart(piece: Piece, ctx: PageContext) -> str:
    """A hospitals value over several lines, a line that ends an institution's name (…院, …中心)
    or one that starts a numbered row kept apart from the next: a misread 医院 (因院) must not run
    two names together, while a long name wrapped in its cell is joined again."""
    if len(piece.lines) < 2:
        return piece.text
    texts = [p.text for i in piece.lines if (p := join_lines([i], ctx.lines, ctx.anchors)) is not None]
    out = texts[0] if texts else ""
    for text in texts[1:]:
        apart = looks_like_institution(out, "name_end") or re.match(r"[(（]?\d", text)
        out += ("、" if apart else "") + text
    return out


def validity(ctx: PageContext) -> tuple[Found, Found] | None:
    """valid_from / valid_to from a 有效期限 label ("2024.01.01-2027.01.01", "自…至…").

    A period starts before it ends, so the earlier of the two dates is ``valid_from``
    whatever order the pieces were read in (a handwritten 至-date written a little
    higher than its 自-date comes first top-down).
    """
    for anchor in ctx.anchors_of("validity"):
        for piece in candidate_pieces(anchor, ctx):
            dates = find_dates(piece.text)
            if len(dates) >= 2:
                conf = piece.confidence * anchor.score
                start, end = sorted((dates[0][0], dates[1][0]))
                return Found(start, conf, piece.box, anchor), Found(end, conf, piece.box, anchor)
    # the label misread ("有效2025-04-04-2030-04-04"): a line stating a period, two dates joined by a
    # range mark, is the only period a permit prints; a weaker rule
    for line in ctx.lines:
        dates = find_dates(line.text)
        if len(dates) == 2 and _RANGE.fullmatch(line.text[dates[0][2] : dates[1][1]]):
            start, end = sorted((dates[0][0], dates[1][0]))
            conf = 0.8 * line.confidence
            return Found(start, conf, line.box, None), Found(end, conf, line.box, None)
    return None


def nearest_date(ctx: PageContext, near: Anchor | None) -> Found | None:
    """A generic 日期 label's date nearest a reference label (the signature); else an unlabelled
    date written on the signature's row or just under it ("申请人签字：…  2024年5月20日")."""
    anchors = ctx.anchors_of("date")
    if near is not None:
        anchors.sort(key=lambda a: abs(a.box[1] - near.box[1]) + 0.3 * abs(a.box[0] - near.box[0]))
    found = read_key("date", ctx, anchors=anchors[:1] if near is not None else anchors)
    if found is not None or near is None:
        return found
    h = near.box[3] - near.box[1]
    lines = ctx.lines
    close = sorted(
        (
            i
            for i, ln in enumerate(lines)
            if near.box[1] - 0.5 * h <= ln.cy <= near.box[3] + 3 * h and ln.box[2] > near.box[0]
        ),
        key=lambda i: (lines[i].box[1], lines[i].box[0]),
    )
    for i in close:
        dates = find_dates(lines[i].text)
        if dates:
            return Found(dates[-1][0], lines[i].confidence * 0.9, lines[i].box, None)
    return None
