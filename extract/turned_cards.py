"""A second look at card copies turned another way than the sheet they are copied on.

People lay an ID card's front and back on the copier glass as they come: one upright,
the other upside down or sideways. The page is turned by the majority of its text, so a
card turned against it reads as scraps: the detector finds its lines (it does not care
which way up they are) but the recogniser reads nothing or noise from them. Those lines
are clustered (a card's rows lie close together, ``extract.clusters.line_clusters``);
each card-sized cluster is cut out and read again turned each other way; a reading
clearly better than the first replaces the cluster's lines. They are placed upright
about the cluster's centre, so the card reader sees rows and columns as printed and
every box still lies on the card.

Only pages with several unread or poorly read lines are looked at twice: a page of
clean text costs nothing here.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.clusters import bounds, line_clusters
from extract.engines.lines import carried, quad_box, sort_lines
from extract.layout import contains_point
from extract.preprocess import u8
from extract.types import OcrEngine, Quad
from kernel.reading import Image, PixelBox, TextLine

Region = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels

POOR = 0.6  # a line read with less confidence than this is a scrap
MIN_SCRAPS = 3  # a card turned against its sheet leaves this many scraps (a back: title, issuer, validity)
MAX_CARDS = 2  # a sheet holds one or two cards: the largest clusters of scraps are looked at
MAX_CARD = 0.6  # a cluster whose longer side exceeds this share of the page's short side is no card
MARGIN = 1.5  # line heights of card around its text: where the card's outer rows lie
UPSCALE = 1.5  # card text is 2-3 mm: read the cut-out card a little larger
BETTER = 1.5  # the second reading must carry this much more readable text than the first
_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def readable(lines: list[TextLine]) -> float:
    """How much readable text lines carry: characters weighted by confidence, scraps left out."""
    return sum(len(ln.text.strip()) * ln.confidence for ln in lines if ln.confidence >= POOR)


def _scraps(lines: list[TextLine], quads: list[Quad]) -> list[TextLine]:
    """Lines read poorly, and detected lines the recogniser made nothing of (as empty lines)."""
    poor = [ln for ln in lines if ln.confidence < POOR]
    good = [ln.box for ln in lines if ln.confidence >= POOR]
    seen = [ln.box for ln in lines]
    unread = [
        TextLine(text="", box=box, confidence=0.0, polygon=tuple(quad))
        for quad, box in ((q, quad_box(q)) for q in quads)
        if not any(_within(box, b) for b in seen)
    ]
    return [ln for ln in poor + unread if not any(_within(ln.box, b) for b in good)]


def _within(box: PixelBox, other: PixelBox) -> bool:
    """Whether ``box``'s centre lies in ``other``."""
    return contains_point(other, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _region(cluster: list[TextLine], shape: tuple[int, ...]) -> Region:
    """The cluster's bounds with a margin for the card's outer rows, clipped to the page."""
    pad = MARGIN * float(np.median([ln.height for ln in cluster]))
    x0, y0, x1, y1 = bounds(cluster)
    h, w = shape[:2]
    return max(0, int(x0 - pad)), max(0, int(y0 - pad)), min(w, int(x1 + pad)), min(h, int(y1 + pad))


def _placed(lines: list[TextLine], region: Region, shape: tuple[int, ...]) -> list[TextLine]:
    """Lines read on the cut-out card, put back on the page upright about the card's centre."""
    cx, cy = (region[0] + region[2]) / 2, (region[1] + region[3]) / 2
    h, w = shape[:2]
    k = 1 / UPSCALE
    return carried(lines, np.array([[k, 0, cx - k * w / 2], [0, k, cy - k * h / 2], [0, 0, 1]]))


def second_look(image: Image, lines: list[TextLine], quads: list[Quad], ocr: OcrEngine) -> list[TextLine]:
    """``lines`` of the upright page with every card turned against the page read again upright."""
    scraps = _scraps(lines, quads)
    if len(scraps) < MIN_SCRAPS:
        return lines
    short = float(min(image.shape[:2]))
    out = list(lines)
    clusters = sorted(line_clusters(scraps), key=len, reverse=True)[:MAX_CARDS]
    for cluster in clusters:
        if len(cluster) < MIN_SCRAPS:
            continue
        region = _region(cluster, image.shape)
        x0, y0, x1, y1 = region
        if max(x1 - x0, y1 - y0) > MAX_CARD * short:
            continue
        held = [ln for ln in out if _within(ln.box, (x0, y0, x1, y1))]
        card = cv2.resize(image[y0:y1, x0:x1], None, fx=UPSCALE, fy=UPSCALE, interpolation=cv2.INTER_CUBIC)
        best: list[TextLine] | None = None
        best_score = BETTER * readable(held) + 4
        for turn in (180, 90, 270) if y1 - y0 > x1 - x0 else (180,):
            turned = u8(cv2.rotate(card, _TURNS[turn]))
            got = ocr.read(turned)
            if readable(got) > best_score:
                best, best_score, best_shape = got, readable(got), turned.shape
        if best is not None:
            out = [ln for ln in out if not any(ln is h for h in held)] + _placed(best, region, best_shape)
    return sort_lines(out)
