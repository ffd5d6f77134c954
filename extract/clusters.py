"""Lines grouped into blocks that lie close together: the rows of one card copied on a sheet.

Kept apart from the card reader (``extract.cards``) because the page reader's second
look at cards turned against their sheet (``extract.turned_cards``) groups the lines it
could not read the same way, and must not depend on how fields are read.
"""

from __future__ import annotations

from statistics import median

from kernel.reading import PixelBox, TextLine

GAP_LINES = 6.0  # a gap this many heights of the taller line parts two clusters (a card's rows lie closer)
CARD_LINES = 20.0  # a card is about 18 body-text heights tall (54 mm, 3 mm text): a taller cluster is two
CARD_WIDE = 32.0  # and about 28 wide (85.6 mm): a wider cluster may be two side by side


def bounds(lines: list[TextLine]) -> PixelBox:
    return (
        min(ln.box[0] for ln in lines),
        min(ln.box[1] for ln in lines),
        max(ln.box[2] for ln in lines),
        max(ln.box[3] for ln in lines),
    )


def _gap(a: PixelBox, b: PixelBox) -> float:
    dx = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
    return max(dx, dy)


def text_size(line: TextLine) -> float:
    """How large a line's characters are: its height, or its width where it runs down the page (a
    stamp's words read as one tall line must not make every gap on the sheet look small)."""
    return min(line.height, line.box[2] - line.box[0])


def line_clusters(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines joined while they lie within ``GAP_LINES`` heights of the taller of two (single link;
    a card's big title stands further from its rows), then clusters taller than one card split
    at their widest gap between rows (two cards one above the other)."""
    if not lines:
        return []
    groups: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda t: (t.box[1], t.box[0])):
        near = [
            g
            for g in groups
            if any(_gap(line.box, o.box) <= GAP_LINES * max(text_size(line), text_size(o)) for o in g)
        ]
        merged = [line]
        for g in near:
            merged.extend(g)
            groups.remove(g)
        groups.append(merged)
    return [part for g in groups for wide in _split_wide(g) for part in _split_tall(wide)]


def _split_wide(group: list[TextLine]) -> list[list[TextLine]]:
    """A cluster wider than ``CARD_WIDE`` body heights, cut at a gap between its columns of at least
    ``GAP_LINES`` body heights: two cards side by side, joined by one line large enough (a card's
    big title, 居民身份证) that its own gap threshold reached across."""
    body = median(ln.height for ln in group)
    x0, _, x1, _ = bounds(group)
    if len(group) < 4 or x1 - x0 <= CARD_WIDE * body:
        return [group]
    ordered = sorted(group, key=lambda t: t.box[0])
    reach, best, cut = ordered[0].box[2], 0.0, 0
    for k in range(1, len(ordered)):
        gap = ordered[k].box[0] - reach
        if gap > best:
            best, cut = gap, k
        reach = max(reach, ordered[k].box[2])
    if best < GAP_LINES * body:
        return [group]
    return [*_split_wide(ordered[:cut]), *_split_wide(ordered[cut:])]


def _split_tall(group: list[TextLine]) -> list[list[TextLine]]:
    """A cluster taller than ``CARD_LINES`` body heights, cut at its widest gap between rows."""
    body = median(ln.height for ln in group)
    _, y0, _, y1 = bounds(group)
    if len(group) < 4 or y1 - y0 <= CARD_LINES * body:
        return [group]
    ordered = sorted(group, key=lambda t: t.box[1])
    reach, best, cut = ordered[0].box[3], 0.0, 0
    for k in range(1, len(ordered)):
        gap = ordered[k].box[1] - reach
        if gap > best:
            best, cut = gap, k
        reach = max(reach, ordered[k].box[3])
    if best <= 0:
        return [group]
    return [*_split_tall(ordered[:cut]), *_split_tall(ordered[cut:])]
