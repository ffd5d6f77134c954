"""Round seals a bilevel scan nearly erased, found from the star at their centre.

An office's round seal (公章) has a five-pointed star in its middle, solid and
a third of the seal across: the darkest, thickest ink of the stamp, and what a
bilevel scan keeps when it drops the pale parts of the rim (often only a star
and an arc or two are left). No circle search proposes such a seal, since too
little of its rim is left. So the search starts from the star: a solid core a
few millimetres thick, then open paper, ring text, and one radius where a rim's
remaining arcs lie, long and curved, with clean paper just outside. A page's
rules are taken away first: a straight line tangent to a circle would pass for
an arc at that radius. Text has no solid core with open paper round it; a line of
bold words run together is a bar (its ink lies along one axis), a portrait's head
a convex blob (a star, even blotted, has notches between its points); neither has
a rim of long arcs round it.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.preprocess import u8
from extract.seals.geometry import is_new
from extract.seals.ring_test import polar_ink
from kernel.reading import Image, SealFound

CORE_MM = (2.0, 5.0)  # a star's thickest point lies this far from its edge (inner vertices)
CORE_REACH_MM = (2.5, 8.0)  # and ink covers most directions out to this radius (its points)
SEAL_RADIUS_MM = (14.0, 28.0)  # a round office seal is 28-56 mm across
RULE_MM = 15.0  # a straight run of ink this long is a rule (a seal's rim bends away sooner)
RULE_THICK_MM = 1.5  # and thinner than this
RIM_REACH_MM = 0.7  # how far a rim may stray from one radius (the centre placed to half a mm)
RIM_INK = 0.25  # share of directions with ink at the rim (what a bilevel scan left of it)
RIM_CONTRAST = 0.15  # above the paper just outside it, and above the radii on either side of it
RIM_OUTSIDE = 0.18  # and just beyond the rim's own arcs, the paper is clean: a thin line, not a band
CLEAN_OUTSIDE = 0.12  # the paper just outside a rim: a seal stands on clean paper
RING_TEXT = 0.04  # ink between the star and the rim: ring text
OPEN_GAP = 0.05  # paper between the star and the ring text: somewhere nearly no ink at all
ARC_DEGREES = 50  # the longest stretch of rim left unbroken: an arc, not characters a circle crosses
# nor a rule (a page's lines lie askew on a skewed scan; one tangent to a circle keeps to one radius
# within the rim's reach for some 30°)
STAR_MM = 3.5  # a star's points reach at least this far (an office seal's star is 8-16 mm across)
STAR_END = 0.15  # coverage under which a star's points have ended
STAR_SPAN = 2.2  # and they end within this many times its core's reach
OPEN_MM = 3.0  # then this much open paper round it
OPEN_AROUND = 0.08  # with ink in at most this share of directions (stray ring text, specks)
STAR_ELONGATION = 0.4  # a star's ink lies along no one axis (a bar of words: 0.6)
STAR_SOLID = 0.9  # a star's blob fills at most this share of its convex hull (a portrait's head: 1.0)
ON_PAGE = 0.75  # share of a seal's box on the page at least
CENTRE_STEP_MM = 0.5  # the centre is searched this finely
CENTRE_SPAN_MM = 2.0  # this far around the star's middle (a blotted star's middle is off its centre)


def find_star_seals(dark: Image, sppm: float, found: list[SealFound]) -> list[SealFound]:
    """Round seals on a gray page's ink mask ``dark`` (``sppm`` px/mm) centred on a solid star,
    other than those in ``found``; boxes in pixels of ``dark``."""
    clean = _without_rules(dark, sppm)
    seals: list[SealFound] = []
    for cx, cy in _star_middles(dark, sppm):
        if _judge(clean, sppm, cx, cy, CENTRE_SPAN_MM, strict=False) is None:
            continue  # a quick look with a lax rim first: most cores are bold text
        best: tuple[float, float, float, float, float, float] | None = None
        for step in (2 * CENTRE_STEP_MM, CENTRE_STEP_MM):  # the centre: coarse, then fine round the best
            if step == CENTRE_STEP_MM and best is None:
                break
            span = (CENTRE_SPAN_MM if best is None else step) * sppm
            ox, oy = (cx, cy) if best is None else best[:2]
            offsets = [float(v) for v in np.arange(-span, span + 1e-6, step * sppm)]
            for dx in offsets:
                for dy in offsets:
                    judged = _judge(clean, sppm, ox + dx, oy + dy, RIM_REACH_MM)
                    if judged is not None and (best is None or judged[1] > best[3]):
                        best = (ox + dx, oy + dy, *judged)
        if best is None:
            continue
        x, y, r, score, core, star = best
        if _elongation(dark, x, y, core, star) > STAR_ELONGATION or _solidity(dark, x, y, star) > STAR_SOLID:
            continue  # words run together into a bar, a signature's stroke, a portrait's head: no star
        box = (float(x - r), float(y - r), float(x + r), float(y + r))
        h, w = dark.shape
        inside = (min(box[2], w) - max(box[0], 0.0)) * (min(box[3], h) - max(box[1], 0.0))
        if inside < ON_PAGE * (2 * r) ** 2:
            continue  # a scanner's dark margin in a corner: a seal lies on the sheet
        if is_new(box, [*found, *seals]):
            conf = round(float(np.clip(0.3 + score, 0.0, 0.9)), 3)
            seals.append(SealFound(box=box, shape="round", color="gray", confidence=conf))
    return seals


def _without_rules(dark: Image, sppm: float) -> Image:
    """``dark`` with a form's rules taken out: long straight horizontal and vertical runs that are
    thin (a line of bold words run together is as long, but thicker: it stays)."""
    k, t = max(3, int(RULE_MM * sppm)), max(2, int(RULE_THICK_MM * sppm))
    rules = np.zeros_like(dark)
    for line, bar in (((1, k), (t, 1)), ((k, 1), (1, t))):
        runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones(line, np.uint8))
        thick = cv2.morphologyEx(runs, cv2.MORPH_OPEN, np.ones(bar, np.uint8))
        rules = u8(cv2.bitwise_or(rules, cv2.bitwise_and(runs, cv2.bitwise_not(thick))))
    rules = u8(cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    return np.asarray(cv2.bitwise_and(dark, cv2.bitwise_not(rules)), np.uint8)


def _star_middles(dark: Image, sppm: float) -> list[tuple[float, float]]:
    """Middles of solid cores of star size: ink whose thickest point lies 2-5 mm from its edge,
    centred on the ink around that point (a star's middle, when its arms are not the thickest)."""
    depth = cv2.distanceTransform(dark, cv2.DIST_L2, 5)
    cores = (depth >= CORE_MM[0] * sppm).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cores, connectivity=8)
    middles: list[tuple[float, float]] = []
    reach = int(CORE_REACH_MM[1] * sppm)
    h, w = dark.shape
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        sub = np.where(labels[y : y + bh, x : x + bw] == i, depth[y : y + bh, x : x + bw], 0)
        if sub.max() > CORE_MM[1] * sppm:
            continue  # a photo, a solid block
        yy, xx = np.unravel_index(int(np.argmax(sub)), sub.shape)
        px, py = x + int(xx), y + int(yy)
        x0, y0, x1, y1 = (
            max(0, px - reach),
            max(0, py - reach),
            min(w, px + reach + 1),
            min(h, py + reach + 1),
        )
        blob = dark[y0:y1, x0:x1].copy()
        fill_mask = np.zeros((blob.shape[0] + 2, blob.shape[1] + 2), np.uint8)
        cv2.floodFill(blob, fill_mask, (int(px - x0), int(py - y0)), (128,))
        ys, xs = np.nonzero(blob == 128)
        middles.append((float(x0 + xs.mean()), float(y0 + ys.mean())) if len(xs) else (float(px), float(py)))
    return middles


def _solidity(dark: Image, cx: float, cy: float, outer: float) -> float:
    """Area over convex hull of the ink blob at (cx, cy) within a star's reach: a star, even
    blotted, has notches between its points (0.5-0.85); a portrait's head, a dot is convex."""
    reach = int(outer * 1.1) + 2
    x0, y0 = max(0, int(cx) - reach), max(0, int(cy) - reach)
    window = dark[y0 : int(cy) + reach + 1, x0 : int(cx) + reach + 1].copy()
    disc = np.zeros_like(window)
    cv2.circle(disc, (int(cx) - x0, int(cy) - y0), int(outer * 1.1), (255,), -1)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_and(window, disc), connectivity=8)
    if n < 2:
        return 1.0
    label = labels[min(int(cy) - y0, labels.shape[0] - 1), min(int(cx) - x0, labels.shape[1] - 1)]
    blob = (labels == (label or 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA])))).astype(np.uint8)
    contours, _ = cv2.findContours(blob, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    hull = cv2.contourArea(cv2.convexHull(max(contours, key=cv2.contourArea)))
    return float(blob.sum() / hull) if hull > 0 else 1.0


def _elongation(dark: Image, cx: float, cy: float, core: float, outer: float) -> float:
    """How much the ink round (cx, cy), between a star's core and its points' ends, lies along one
    axis: the second harmonic of its coverage over the directions, against the mean. Five points
    spread evenly have none; a bar of bold words or a pen stroke has much."""
    reach = outer * 1.05
    polar = polar_ink(dark, (max(2, int(reach)), 360), (cx, cy), reach)
    radii = np.arange(polar.shape[1]) * reach / polar.shape[1]
    around = (polar[:, (radii >= 0.8 * core) & (radii <= outer)] > 0).mean(axis=1)
    spectrum = np.abs(np.fft.rfft(around))
    return float(spectrum[2] / spectrum[0]) if spectrum[0] > 0 else 1.0


def _longest_run(hits: np.ndarray) -> int:
    """Longest run of True round a circle of bins."""
    if hits.all():
        return len(hits)
    edges = np.diff(np.concatenate([[0], np.concatenate([hits, hits]).astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return int((ends - starts).max()) if len(starts) else 0


def _judge(
    dark: Image, sppm: float, cx: float, cy: float, reach_mm: float, strict: bool = True
) -> tuple[float, float, float, float] | None:
    """(radius px, score, the star's core and outer radii px) of the seal centred at (cx, cy), or
    None: a solid core, open paper, ring text and a rim on clean paper, read off the ink unwrapped
    round the centre (``strict``: the rim also a sharp, long arc, not a band of text)."""
    rmax = SEAL_RADIUS_MM[1] * 1.4 * sppm
    n = int(rmax)
    polar = polar_ink(dark, (n, 180), (cx, cy), rmax)
    hit = (polar > 0).astype(np.uint8)
    mm = np.arange(n) * rmax / n / sppm
    cov = hit.mean(axis=0)
    thin = np.nonzero(cov < 0.5)[0]
    lowest = CORE_REACH_MM[0] if strict else 0.6 * CORE_REACH_MM[0]  # off the centre, less of the star
    if not len(thin) or not lowest <= mm[thin[0]] <= CORE_REACH_MM[1]:
        return None
    core = float(mm[thin[0]])
    # the star stands alone: its points end within about twice its core and open paper follows (a
    # character in a line of text has its neighbours a millimetre away)
    ends = np.nonzero((mm > core) & (cov <= STAR_END))[0]
    if not len(ends) or not STAR_MM <= mm[ends[0]] <= STAR_SPAN * core:
        return None
    star_end = float(mm[ends[0]])
    if float(cov[(mm >= star_end) & (mm <= star_end + OPEN_MM)].mean()) > (
        OPEN_AROUND if strict else 1.5 * OPEN_AROUND
    ):
        return None
    reach = max(1, round(reach_mm * sppm * n / rmax))
    near = cv2.dilate(hit, np.ones((1, 2 * reach + 1), np.uint8))
    rim_cov = near.mean(axis=0)
    # every radius judged at once: band means from running sums, the open gap from a running minimum
    sums = np.concatenate([[0.0], np.cumsum(cov)])
    step = mm[1]

    def band(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        a = np.clip(np.ceil(lo / step).astype(int), 0, n)
        b = np.clip(np.floor(hi / step).astype(int) + 1, 0, n)
        return (sums[np.maximum(b, a + 1).clip(max=n)] - sums[a.clip(max=n - 1)]) / np.maximum(b - a, 1)

    r = mm
    outside = band(1.12 * r, 1.35 * r)
    ring_text = band(0.55 * r, 0.9 * r)
    sides = (band(r - 3.5, r - 1.5) + band(r + 1.5, r + 3.5)) / 2
    gap = np.minimum.accumulate(np.where(mm > core, cov, 1.0))[
        np.clip((0.75 * r / step).astype(int), 0, n - 1)
    ]
    rim = RIM_INK if strict else 0.8 * RIM_INK
    ok = (
        (mm >= SEAL_RADIUS_MM[0])
        & (mm <= SEAL_RADIUS_MM[1])
        & (1.35 * r < mm[-1])
        & (core <= 0.4 * r)
        & (rim_cov >= rim)
        & (outside <= CLEAN_OUTSIDE)
        & (rim_cov - outside >= (RIM_CONTRAST if strict else 0.6 * RIM_CONTRAST))
        & (gap <= (OPEN_GAP if strict else 2 * OPEN_GAP))
        & (ring_text >= RING_TEXT)
    )
    if strict:
        ok &= rim_cov - sides >= RIM_CONTRAST
    best: tuple[float, float, float, float] | None = None
    for i in np.nonzero(ok)[0]:
        contrast = float(rim_cov[i] - outside[i])
        if best is not None and contrast <= best[1]:
            continue
        if strict:
            arcs = near[:, i] > 0
            if _longest_run(arcs) * 360 / near.shape[0] < ARC_DEGREES:
                continue
            beyond = hit[arcs][:, (mm > mm[i] + 1.2) & (mm < mm[i] + 3.0)]
            if beyond.size and float(beyond.mean()) > RIM_OUTSIDE:
                continue  # the arcs are the inner edge of something wider: a line of words
        best = (float(mm[i]) * sppm, contrast, core * sppm, star_end * sppm)
    return best
