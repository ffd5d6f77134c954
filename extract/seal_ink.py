"""Red seal ink taken off a page before text OCR, so the lines under a seal are read.

Red seals printed over text make every OCR engine lose or garble those lines
(OCR-NOTES). In the red channel red ink is nearly as bright as paper while black
toner and blue/black pen stay dark; a levels stretch pushes the seal to white and
leaves the toner under it readable. Seals are found apart, on the colour page
(``extract.seals``); this module only cleans the page the recogniser reads.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from extract.preprocess import cumulative_histogram, quantile, to_gray, u8
from kernel.reading import Image


def _sampled(image: Image, side: int = 600) -> tuple[Image, int]:
    """Every n-th pixel of a page (about ``side`` px long), and n: a resize would cost 10 ms here."""
    step = max(1, max(image.shape[:2]) // side)
    return u8(np.ascontiguousarray(image[::step, ::step])), step


def is_colour(image: Image, min_fraction: float = 0.0005) -> bool:
    """True when some pixels are clearly coloured (a red seal, blue pen); gray scans stored as BGR are not."""
    if image.ndim == 2:
        return False
    return _coloured(_sampled(image)[0], min_fraction)


def _coloured(sample: Image, min_fraction: float = 0.0005) -> bool:
    hsv = cv2.cvtColor(sample, cv2.COLOR_BGR2HSV)
    coloured = (hsv[:, :, 1] > 70) & (hsv[:, :, 2] > 60)
    return float(coloured.mean()) >= min_fraction


REDNESS_FROM = 15  # red minus max(green, blue) below which a pixel is toner, pen or paper tint
REDNESS_FULL = 40  # and above which it is seal ink (or toner seen through it)
SEAL_WHITE = 0.72  # where red: red-channel values above this share of paper become white
PAPER_WHITE = 0.85  # elsewhere: a milder stretch that keeps faint strokes of 150-dpi scans


def _levels(hist: npt.NDArray[Any], white_at: float) -> Image:
    """Levels curve mapping the page's darkest ink to 0 and ``white_at`` x paper to 255.

    ``hist`` is the cumulative histogram of the channel (computed once for both curves).
    """
    paper, dark = quantile(hist, 0.90), quantile(hist, 0.005)
    hi = max(dark + 40.0, white_at * paper)
    lo = min(dark, hi - 40.0)
    return u8(np.clip((np.arange(256, dtype=np.float32) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8))


def remove_seal_ink(image: Image) -> Image:
    """Gray page with red ink gone: the red channel, levels-stretched hard where the page is red.

    Red seals printed over text make every OCR engine lose or garble those lines
    (OCR-NOTES). In the red channel red ink is nearly as bright as paper while
    black toner and blue/black pen stay dark; a hard levels stretch (faded ink
    sits at 0.75-0.95 of paper) pushes the seal to white and leaves toner under
    it readable. The same stretch over the whole page washes out the thin gray
    strokes of a 150-dpi scan, so it is applied in proportion to how red each
    pixel is, with a mild stretch elsewhere. Gray pages are just converted, and so are pages
    printed in red (``printed_in_red``): there the red is the form's own words and rules.

    Red ink covers a few percent of a page, so the blend is computed only in the
    regions a sampled copy shows red (padded by two samples); everywhere else the
    result is the mild curve. Every full-page intermediate costs a page-fault pass
    over 4 MB, which made the whole-page blend cost ~25 ms on a 200-dpi page.
    """
    if image.ndim == 2:
        return image
    sample, step = _sampled(image)
    if not _coloured(sample):
        return to_gray(image)
    redness = _redness(sample)  # of the sampled page: for the print test and the red regions both
    if printed_in_red(sample, redness):
        return to_gray(image)
    hist = cumulative_histogram(u8(cv2.extractChannel(sample, 2)))
    hard_curve, mild_curve = _levels(hist, SEAL_WHITE), _levels(hist, PAPER_WHITE)
    r = u8(cv2.extractChannel(image, 2))
    out = u8(cv2.LUT(r, mild_curve))
    for x0, y0, x1, y1 in _red_regions(redness, step, image.shape):
        roi = image[y0:y1, x0:x1]
        rr = r[y0:y1, x0:x1]
        out[y0:y1, x0:x1] = _blend(roi, rr, hard_curve, mild_curve)
    return out


RULE_ACROSS = 0.4  # a red rule across the page is this share of its width long at least
RULE_DOWN = 0.2  # and one down it this share of its height
MIN_RULES = 4  # a table printed in red has this many such rules (a red letterhead one or two)
RULE_THICK = 0.012  # a rule is thinner than this share of the page (a desk's edge in a photo is not)
RULE_GAP = 5  # samples: gaps this long in a rule are closed (a hairline the sampling broke into dashes)
RULE_DRIFT = 3  # samples a rule is thickened to across its run before it is looked for
MAX_TURN_DEG = 5.0  # rules this far from level are looked for again levelled (a page scanned askew)
MIN_TURN_DEG = 0.3  # and only where they lie this far off it (nearer, the drift allowance holds them)
BEYOND_SHEET = 0.01  # a red area touching the image's border this share of it is no print: a desk
PIECE = 15  # samples: a rule at up to MAX_TURN_DEG stays one run this long, a word's stroke does not
INK_BELOW_PAPER = 20  # red print is this much darker than the paper (a warm-lit photo's paper is not)


def printed_in_red(sample: Image, redness: Image | None = None) -> bool:
    """Whether a (sampled) colour page is a form printed in red or red-brown ink: its table's rules
    are red. Taking red ink off such a page would take its labels and rules with it (an e-invoice,
    a province's form printed in brown), so it is read in gray, seals and all.

    Redness counts above the paper's own (a phone photo in warm light is reddish all over), and
    only rules inside the page's margins count (a photo's desk edges are straight and red too).
    ``redness`` is the sample's (``_redness``), where the caller has it already.
    """
    redness = _redness(sample) if redness is None else redness
    value = _value(sample)
    values = cumulative_histogram(value)  # one histogram for the median and the paper's value
    bright = u8(((value >= quantile(values, 0.5)) * 255).astype(np.uint8))
    paper_value = quantile(values, 0.9)
    paper_redness = quantile(cumulative_histogram(redness, bright), 0.5)
    red = u8(
        ((redness > paper_redness + REDNESS_FROM) & (value < paper_value - INK_BELOW_PAPER)).astype(np.uint8)
        * 255
    )
    red = _on_the_sheet(red)
    if _ruled(red):
        return True
    # a page scanned askew (a form fed sideways at two degrees): its rules found again levelled
    angle = _rule_angle(red)
    return angle is not None and abs(angle) >= MIN_TURN_DEG and _ruled(_levelled(red, angle))


def _on_the_sheet(red: Image) -> Image:
    """The mask without what lies beyond the sheet in a photo: large red areas touching the image's
    border (a wooden desk; its edge along the sheet's is straight, and turned level with the sheet
    it would pass for a rule)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(red, connectivity=8)
    h, w = red.shape
    x, y, bw, bh, area = (stats[:, k] for k in range(5))
    beyond = ((x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)) & (area >= BEYOND_SHEET * h * w)
    beyond[0] = False
    if not beyond[1:].any():
        return red
    return u8(np.where(beyond[labels], 0, red).astype(np.uint8))


def _ruled(red: Image) -> bool:
    """Whether a red-ink mask (255) holds ``MIN_RULES`` thin rules across or down the page."""
    h, w = red.shape
    thick = max(3, round(RULE_THICK * max(h, w)))
    # a rule one sample thin, level to within a third of a degree, steps a sample sideways every
    # ~170: thickened across its run first, it stays one run for the opening; and a hairline rule
    # the sampling broke into dashes is closed along its run
    drift = (RULE_DRIFT, 1)
    tall = u8(cv2.dilate(red, np.ones(drift, np.uint8)))
    tall = u8(cv2.morphologyEx(tall, cv2.MORPH_CLOSE, np.ones((1, RULE_GAP), np.uint8)))
    across = cv2.morphologyEx(tall, cv2.MORPH_OPEN, np.ones((1, round(RULE_ACROSS * w)), np.uint8))
    across = cv2.subtract(across, cv2.morphologyEx(across, cv2.MORPH_OPEN, np.ones((thick, 1), np.uint8)))
    wide = u8(cv2.dilate(red, np.ones(drift[::-1], np.uint8)))
    wide = u8(cv2.morphologyEx(wide, cv2.MORPH_CLOSE, np.ones((RULE_GAP, 1), np.uint8)))
    down = cv2.morphologyEx(wide, cv2.MORPH_OPEN, np.ones((round(RULE_DOWN * h), 1), np.uint8))
    down = cv2.subtract(down, cv2.morphologyEx(down, cv2.MORPH_OPEN, np.ones((1, thick), np.uint8)))
    return _inner_runs(u8(across)) + _inner_runs(u8(down)) >= MIN_RULES


def _rule_angle(red: Image) -> float | None:
    """How far (degrees) the long straight runs of a red mask lie from the page's axes: the median
    of the segments within ``MAX_TURN_DEG`` of level or upright; None where there are none."""
    h, w = red.shape
    # straight pieces only (words cost the line search by the pixel): short runs across and down
    # (thickened first: a rule one sample thin at five degrees steps sideways every eleven)
    bold = u8(cv2.dilate(red, np.ones((3, 3), np.uint8)))
    pieces = cv2.max(
        cv2.morphologyEx(bold, cv2.MORPH_OPEN, np.ones((1, PIECE), np.uint8)),
        cv2.morphologyEx(bold, cv2.MORPH_OPEN, np.ones((PIECE, 1), np.uint8)),
    )
    found = cv2.HoughLinesP(
        pieces, 1, np.pi / 720, 60, minLineLength=RULE_DOWN * min(h, w), maxLineGap=RULE_GAP
    )
    if found is None:
        return None
    angles = []
    for x0, y0, x1, y1 in found.reshape(-1, 4):
        a = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
        off = (a + 45.0) % 90.0 - 45.0  # from the nearest axis
        if abs(off) <= MAX_TURN_DEG:
            angles.append(off)
    return float(np.median(angles)) if angles else None


def _levelled(mask: Image, angle: float) -> Image:
    """A mask turned by ``angle`` degrees about its centre (nearest sample, canvas kept)."""
    h, w = mask.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return u8(cv2.warpAffine(mask, turn, (w, h), flags=cv2.INTER_NEAREST))


def _inner_runs(runs: Image) -> int:
    """How many runs of ink lie with their centre inside the page's outer twentieth all round."""
    h, w = runs.shape
    n, _, _, centres = cv2.connectedComponentsWithStats(runs)
    return sum(1 for cx, cy in centres[1:n] if 0.05 * w < cx < 0.95 * w and 0.05 * h < cy < 0.95 * h)


def _value(image: Image) -> Image:
    """The brightest channel per pixel (HSV's value): numpy's reduction over the channel axis costs
    ~7 ms on a 600-px sample, OpenCV's per-channel maximum a tenth of a millisecond."""
    b, g, r = (u8(cv2.extractChannel(image, i)) for i in range(3))
    return u8(cv2.max(cv2.max(b, g), r))


def _redness(image: Image) -> Image:
    """Red minus the larger of green and blue, per pixel (uint8, saturating at 0)."""
    b, g, r = (u8(cv2.extractChannel(image, i)) for i in range(3))
    return u8(cv2.subtract(r, cv2.max(g, b)))


def _red_regions(redness: Image, step: int, shape: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
    """Full-resolution boxes (x0, y0, x1, y1) around the red ink seen on the sampled copy, from its
    ``redness`` (``_redness`` of the sample)."""
    red = u8((redness > REDNESS_FROM).astype(np.uint8))
    if not red.any():
        return []
    red = u8(cv2.dilate(red, np.ones((5, 5), np.uint8)))  # two samples of margin each side
    n, _, stats, _ = cv2.connectedComponentsWithStats(red, connectivity=8)
    h, w = shape[:2]
    return [
        (int(x) * step, int(y) * step, min(w, int(x + bw + 1) * step), min(h, int(y + bh + 1) * step))
        for x, y, bw, bh, _area in stats[1:n]
    ]


def _blend(roi: Image, r: Image, hard_curve: Image, mild_curve: Image) -> Image:
    """mild + (hard - mild) * weight, in uint8, weight ramping with redness (hard >= mild)."""
    steps = np.arange(256, dtype=np.float32) - REDNESS_FROM
    ramp = np.clip(steps * 255.0 / (REDNESS_FULL - REDNESS_FROM), 0, 255).astype(np.uint8)
    weight = cv2.LUT(_redness(roi), ramp)
    hard = cv2.LUT(r, hard_curve)
    mild = cv2.LUT(r, mild_curve)
    return u8(cv2.add(mild, cv2.multiply(cv2.subtract(hard, mild), weight, scale=1.0 / 255)))
