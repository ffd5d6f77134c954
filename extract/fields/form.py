"""Label-anchored extraction on one page: find each key's label, read the value beside it.

Order of evidence for a value: text glued to the label in its OCR line, then the
ruled cell right of the label's cell (when the page has a grid), then the lines to
the right on the same row, then the row below. The first that normalises wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract.fields import cells as cellmod
from extract.fields.values import normalise
from extract.layout import (
    Anchor,
    Piece,
    below,
    find_anchors,
    glued_value,
    join_lines,
    merge_fragments,
    reading_order,
    row_right,
    wrapped,
)
from extract.types import PageReading, PixelBox, TextLine

# The person's identity: the first labelled occurrence on a page is the insured person's.
FIRST_WINS = frozenset({"name", "id_number", "phone", "gender", "social_security_number"})
SURE = 0.6  # confidence at which a first occurrence stands against later ones

# Free-text values that may wrap onto a second line when the form has no ruled cells.
WRAPPING_KEYS = frozenset({"residence_address", "address", "reason", "employer"})


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
    return PageContext(reading, lines, find_anchors(lines, table), reading.cells)


def candidate_pieces(anchor: Anchor, ctx: PageContext) -> list[Piece]:
    """Where the value of a label may be, most likely first."""
    lines, anchors = ctx.lines, ctx.anchors
    pieces: list[Piece] = []
    glued = glued_value(anchor, lines, anchors)
    if glued is not None:
        pieces.append(glued)
    limit_x = None
    if ctx.cells:
        own = cellmod.cell_of(lines[anchor.line].box, ctx.cells)
        if own is not None:
            nxt = cellmod.right_cell(own, ctx.cells)
            if nxt is not None:
                limit_x = ctx.cells[nxt][2]
                held = cellmod.lines_in(ctx.cells[nxt], lines, ctx.cells)
                # rows top-down, left to right within a row (not by top edge: a handwritten
                # word a little higher than the one left of it is still after it)
                inside = [held[k] for k in reading_order([lines[i] for i in held])]
                piece = join_lines(inside, lines, anchors) if inside else None
                if piece is not None:
                    pieces.append(piece)
    right = row_right(anchor, lines, anchors, limit_x)
    if right is not None:
        pieces.append(right)
    under = below(anchor, lines, anchors)
    if under is not None and ctx.cells:
        # on a ruled form a value under its label shares the label's cell
        own = cellmod.cell_of(lines[anchor.line].box, ctx.cells)
        if own is None or not set(under.lines) <= set(cellmod.lines_in(ctx.cells[own], lines, ctx.cells)):
            under = None
    if under is not None:
        pieces.append(under)
    if limit_x is not None:
        # a value written across several ruled boxes (an ID number in 18 digit boxes)
        wide = row_right(anchor, lines, anchors)
        if wide is not None and wide.text != (right.text if right else None):
            pieces.append(wide)
    return pieces


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

    For the person's own identity (``FIRST_WINS``) the first label on the page
    that gives a sure value wins: a form prints the insured person's block before
    an agent's or a contact's, whose rows may carry the same plain labels (姓名,
    身份证号码, 联系电话) under a 代办人 side heading.
    """
    best: Found | None = None
    if anchors is None:
        anchors = ctx.anchors_of(key)
        if key in FIRST_WINS:
            anchors = sorted(anchors, key=lambda a: (a.box[1], a.box[0]))
    for anchor in anchors:
        for rank, found_piece in enumerate(candidate_pieces(anchor, ctx)):
            piece = found_piece
            if key in WRAPPING_KEYS and cellmod.cell_of(piece.box, ctx.cells) is None:
                # unruled (a card's photo frame is no table): the value may wrap onto the next line
                piece = wrapped(piece, ctx.lines, ctx.anchors)
            norm = normalise(key, piece.text, region_code)
            if norm is None:
                continue
            value, factor = norm
            position = 1.0 if rank == 0 else 0.97
            conf = piece.confidence * anchor.score * factor * position
            if best is None or conf > best.confidence:
                best = Found(value, conf, piece.box, anchor)
            break
        if key in FIRST_WINS and best is not None and best.confidence >= SURE:
            return best
    return best
