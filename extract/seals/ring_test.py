"""The ring test: whether ink around a centre is a seal's rim, shared by every search for gray seals.

A seal's rim is ink at one radius in nearly every direction, with ring text or a
star inside it and open paper just outside it; text lines that a random circle
crosses are not, and a filled disc (a portrait on a card copy) is ink at every
radius. The circle search (``gray``) judges its circles by it, the rim search
(``rims``) its ellipses mapped onto circles.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.preprocess import u8
from kernel.reading import Image

BROKEN_RIM = 0.55  # angular ink coverage of a rim a bilevel scan broke, where the paper outside is clean
CLEAN_OUTSIDE = 0.05  # ink coverage just outside a rim that counts as clean paper (text runs on past a
# circle drawn at random through it)
ARC_CLEAN_OUTSIDE = 0.07  # and round a rim proposed by its arcs' votes, a last search: a line of words
# under the seal (经办人：…) takes ~0.06
SOLID_DISC = 0.9  # angular ink coverage at every inner radius above which a circle is a filled disc


def polar_ink(dark: Image, size: tuple[int, int], centre: tuple[float, float], reach: float) -> Image:
    """``dark`` unwrapped round ``centre`` out to ``reach`` (rows: directions, columns: radius),
    beyond the image's edge no ink. Without ``WARP_FILL_OUTLIERS`` OpenCV leaves the samples
    beyond the edge as the fresh buffer held them, so a seal near the edge was judged on
    whatever memory held: another result on every run."""
    flags = cv2.WARP_POLAR_LINEAR | cv2.WARP_FILL_OUTLIERS
    return u8(cv2.warpPolar(dark, size, (float(centre[0]), float(centre[1])), reach, flags))


def verify_ring(
    dark: Image,
    cx: float,
    cy: float,
    r: float,
    wobble: float = 0.0,
    broken: bool = False,
    clean_outside: float = CLEAN_OUTSIDE,
) -> tuple[float, float] | None:
    """Unwrap around the centre: a seal has one radius where ink is present in nearly every direction.

    ``wobble`` (a share of the radius) is how far the rim may stray from one radius: an oval
    stretched into a near-circle is round only to a few per cent. ``broken`` also takes a rim a
    bilevel scan broke into pieces, where the paper just outside it is clean (ink over at most
    ``clean_outside`` of it).
    """
    rmax = r * 1.4
    polar = polar_ink(dark, (int(rmax), 180), (cx, cy), rmax)
    hit = (polar > 0).astype(np.float32)
    # rows = angles, cols = radius; coverage of each radius over angles, tolerant to 1 px wobble
    reach = max(1, round(wobble * r))
    cov = cv2.dilate(hit, np.ones((1, 2 * reach + 1), np.uint8)).mean(axis=0)
    cols = np.arange(len(cov)) * rmax / len(cov)
    rim = (cols > r * 0.8) & (cols < r * 1.12)
    if not rim.any():
        return None
    i = int(np.argmax(np.where(rim, cov, -1)))
    rim_cov = float(cov[i])
    r_fit = float(cols[i])
    outside = cov[(cols > r_fit * 1.12) & (cols < r_fit * 1.35)]
    inside = cov[(cols > r_fit * 0.3) & (cols < r_fit * 0.85)]
    out_cov = float(outside.mean()) if len(outside) else 0.0
    in_cov = float(inside.max()) if len(inside) else 0.0  # ring text or star: some ink inside
    # and some gap: between ring text and star a seal is open in most directions, while a
    # filled disc (the portrait on a card copy) is ink at every radius (samples: seals ≤ 0.71)
    in_gap = float(inside.min()) if len(inside) else 0.0
    # a full ring, or a broken one (faded, partly printed) that stands out clearly from outside
    contrast = rim_cov - out_cov
    # or one broken more (a bilevel scan lost the pale parts of its rim) standing on clean paper
    broken_rim = broken and rim_cov >= BROKEN_RIM and contrast >= 0.5 and out_cov <= clean_outside
    ring = (rim_cov >= 0.85 and contrast >= 0.3) or (rim_cov >= 0.68 and contrast >= 0.5) or broken_rim
    if not ring or in_cov < 0.12 or in_gap >= SOLID_DISC:
        return None
    conf = float(np.clip(0.3 + 0.7 * (rim_cov - out_cov) + 0.2 * min(in_cov, 0.5), 0, 0.97))
    return conf, r_fit
