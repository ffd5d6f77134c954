"""Label-anchored extraction on one page: find each key's label, read the value beside it.

Order of evidence for a value: text glued to the label in its OCR line, then the
ruled cell right of the label's cell (when the page has a grid, and unless that cell
opens with a label of its own), then the lines to the right on the same row, then
the lines under a label atop its own cell (stacked cells), then the row below. The
first that normalises wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.fields import cells as cellmod
from extract.fields.labels import placed_only
from extract.fields.marks import BOX_GLYPHS, CATEGORY_WORDS
from extract.fields.values import normalise
from extract.fields.vocabulary import printed_choice
from extract.labelmatch import find_anchors, merge_fragments
from extract.layout import (
    Anchor,
    Piece,
    below,
    glued_value,
    join_lines,
    reading_order,
    row_raised,
    row_right,
    wrapped,
)
from extract.normalize import to_halfwidth
from kernel.reading import PageReading, PixelBox, TextLine

SURE = 0.6  # confidence at which a first occurrence stands against later ones (FieldSpec.first_wins)


@dataclass
class PageContext:
    """One page with its labels and ruled cells, computed once per page."""

    reading: PageReading
    lines: list[TextLine]  # the page's lines with split label fragments joined ("姓" "名" → "姓名")
    anchors: list[Anchor]
    cells: list[PixelBox]

    def anchors_of(self, key: str) -> list[Anchor]:
        return [a for a in self.anchors if a.key == key]


def page_context(reading: PageReading, table: dict[str, tuple[str, ...]]) -> PageContext:
    """Labels and table cells of a page."""
    wordings = {s for syns in table.values() for s in syns}
    lines = merge_fragments(reading.lines, wordings)
    if reading.cells is None:
        reading.cells = cellmod.detect_cells(reading.image)
    found = find_anchors(lines, table, placed_only())
    anchors = [a for a in found if not _inside_choice(a, lines, found)]
    return PageContext(reading, lines, anchors, reading.cells)


_PHRASE_END = re.compile(r"[\s:：;；,，、|/()（）]")


def _inside_choice(anchor: Anchor, lines: Sequence[TextLine], anchors: Sequence[Anchor]) -> bool:
    """A wording inside the name of a printed check-box choice is part of that name, not a label
    ("□经定点医院转诊的人员" holds 定点医院): the phrase around it names a category and either
    follows a box glyph or, the glyph not read, holds no other label and ends in 人员 as the
    categories' names do."""
    if anchor.key == "filing_category":
        return False
    text = to_halfwidth(lines[anchor.line].text)
    begin = anchor.start
    while begin > 0 and not _PHRASE_END.match(text[begin - 1]) and text[begin - 1] not in BOX_GLYPHS:
        begin -= 1
    if begin == anchor.start:
        return False
    m = _PHRASE_END.search(text, anchor.end)
    end = m.start() if m else len(text)
    phrase = text[begin:end]
    if not any(word in phrase for words in CATEGORY_WORDS.values() for word in words):
        return False
    if begin > 0 and text[begin - 1] in BOX_GLYPHS:
        return True
    alone = not any(a is not anchor and a.line == anchor.line and begin <= a.start < end for a in anchors)
    return alone and phrase.endswith("人员")


def candidate_pieces(anchor: Anchor, ctx: PageContext) -> list[Piece]:
    """Where the value of a label may be, most likely first."""
    lines, anchors = ctx.lines, ctx.anchors
    pieces: list[Piece] = []
    glued = glued_value(anchor, lines, anchors)
    if glued is not None:
        pieces.append(glued)
    limit_x = None
    stacked: Piece | None = None
    if ctx.cells:
        own = cellmod.cell_of(lines[anchor.line].box, ctx.cells)
        if own is not None:
            under_lines = lines_under_in_cell(anchor, ctx)
            stacked = join_lines(under_lines, lines, anchors) if under_lines else None
            nxt = cellmod.right_cell(own, ctx.cells)
            if nxt is not None:
                held = cellmod.lines_in(ctx.cells[nxt], lines, ctx.cells)
                # rows top-down, left to right within a row (not by top edge: a handwritten
                # word a little higher than the one left of it is still after it)
                inside = [held[k] for k in reading_order([lines[i] for i in held])]
                if inside and _opens_with_label(inside[0], anchor, ctx):
                    # a form printing a small label atop each cell: the next cell is another field's
                    limit_x = ctx.cells[own][2]
                else:
                    limit_x = ctx.cells[nxt][2]
                    piece = join_lines(inside, lines, anchors) if inside else None
                    if piece is not None:
                        pieces.append(piece)
    right = row_right(anchor, lines, anchors, limit_x)
    if right is None and not ctx.cells:
        right = row_raised(anchor, lines, anchors)
    if right is not None:
        pieces.append(right)
    if stacked is not None:
        pieces.append(stacked)
    under = below(anchor, lines, anchors)
    if under is not None and ctx.cells:
        # on a ruled form a value under its label shares the label's cell
        own = cellmod.cell_of(lines[anchor.line].box, ctx.cells)
        if own is None or not set(under.lines) <= set(cellmod.lines_in(ctx.cells[own], lines, ctx.cells)):
            under = None
    if under is not None and (stacked is None or under.text != stacked.text):
        pieces.append(under)
    if limit_x is not None:
        # a value written across several ruled boxes (an ID number in 18 digit boxes)
        wide = row_right(anchor, lines, anchors)
        if wide is not None and wide.text != (right.text if right else None):
            pieces.append(wide)
    return pieces


def _opens_with_label(line: int, anchor: Anchor, ctx: PageContext) -> bool:
    """Whether a cell's first line starts with another label (a stopper's too: 民族 heads its own
    cell as much as 性别 does)."""
    return any(
        a.line == line and a.start <= 1 and a.key != anchor.key and a is not anchor for a in ctx.anchors
    )


def lines_under_in_cell(anchor: Anchor, ctx: PageContext, reach: float = 3.0) -> list[int]:
    """The lines under a label inside the label's own ruled cell, in reading order.

    Some forms print a small label at the top of each ruled cell and leave the rest
    of the cell for the value (stacked cells), the value's characters sometimes
    each in a box of their own (an ID number in 18 digit boxes). Only a label at the
    top of a cell a few lines high qualifies, and only lines within ``reach`` label
    heights under it: a large region the rules did not split is no such cell.
    """
    if not ctx.cells:
        return []
    lines = ctx.lines
    label = lines[anchor.line].box
    own = cellmod.cell_of(label, ctx.cells)
    if own is None:
        return []
    cell = ctx.cells[own]
    h = label[3] - label[1]
    if cell[3] - cell[1] > (reach + 5) * h or label[1] - cell[1] > 1.5 * h:
        return []
    held = [
        i
        for i in cellmod.lines_in(cell, lines, ctx.cells)
        # under the label: starting below it, or tall handwriting centred below its bottom
        if i != anchor.line
        and (lines[i].box[1] >= label[3] - 0.3 * h or lines[i].cy >= label[3] + 0.3 * h)
        and lines[i].box[1] <= label[3] + reach * h
    ]
    return [held[k] for k in reading_order([lines[i] for i in held])]


@dataclass(frozen=True)
class Found:
    """A normalised value with the evidence for it."""

    value: object
    confidence: float
    box: PixelBox
    anchor: Anchor | None


def read_key(
    key: str, ctx: PageContext, region_code: str | None = None, anchors: Sequence[Anchor] | None = None
) -> Found | None:
    """The best normalised value for a key from its labels on this page.

    For the person's own identity (``FieldSpec.first_wins``) the first label on
    the page that gives a sure value wins: a form prints the insured person's block
    before an agent's or a contact's, whose rows may carry the same plain labels
    (姓名, 身份证号码, 联系电话) under a 代办人 side heading. A value that may wrap
    (``FieldSpec.wraps``) takes the next line along where no ruled cell holds it.
    """
    from extract.fields.registry import spec_for  # the registry names this module's reader

    spec = spec_for(key)
    best: Found | None = None
    if anchors is None:
        anchors = ctx.anchors_of(key)
        if spec.first_wins:
            anchors = sorted(anchors, key=lambda a: (a.box[1], a.box[0]))
    for anchor in anchors:
        for rank, found_piece in enumerate(candidate_pieces(anchor, ctx)):
            piece = found_piece
            if spec.wraps and cellmod.cell_of(piece.box, ctx.cells) is None:
                # unruled (a card's photo frame is no table): the value may wrap onto the next line
                piece = wrapped(piece, ctx.lines, ctx.anchors, printed_choice)
            norm = normalise(key, piece.text, region_code)
            if norm is None:
                continue
            value, factor = norm
            position = 1.0 if rank == 0 else 0.97
            conf = piece.confidence * anchor.score * factor * position
            if best is None or conf > best.confidence:
                best = Found(value, conf, piece.box, anchor)
            break
        if spec.first_wins and best is not None and best.confidence >= SURE:
            return best
    return best
