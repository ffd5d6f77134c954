"""The straight sides a rectangular stamp's frame is searched from (``extract.seals.frames``).

Straight runs of ink are found with LSD (the line segment detector) on a stroke mask, pieces on
one line joined across the gaps words and a worn pad leave; two of them facing each other a stamp's
height apart are a frame's long sides, and so is one lying along the image's edge with the edge
itself, where the page's edge cut the frame along its length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from kernel.reading import Image

PARALLEL_DEG = 4.0  # the two long sides of one frame agree in angle within this
LSD_SCALE = 0.5  # the line search runs at this share of the mask's scale
PIECE_MM = 5.0  # straight pieces of ink this long are looked for
JOIN_GAP_MM = 6.0  # and joined into one side across gaps this long
JOIN_ACROSS_MM = 1.0  # when they lie this close to its line (a thick stroke, a degree off)
EDGE_INSET = 1.0  # px: a frame the page's edge cuts is closed this far inside the edge


def image_edges(shape: tuple[int, ...]) -> tuple[tuple[int, float], ...]:
    """The image's four edges as (axis, coordinate): x = 0, x = w - 1, y = 0, y = h - 1."""
    h, w = shape[:2]
    return ((0, 0.0), (0, w - 1.0), (1, 0.0), (1, h - 1.0))


@dataclass(frozen=True)
class Segment:
    p0: np.ndarray  # end points, pixels
    p1: np.ndarray
    angle: float  # degrees in [0, 180)
    length: float

    @property
    def unit(self) -> np.ndarray:
        return (self.p1 - self.p0) / max(self.length, 1e-6)


def segments(ink: Image, ppm: float, min_len_mm: float, max_len_mm: float) -> list[Segment]:
    """Straight runs of ink at least ``min_len_mm`` long, pieces on one line joined across gaps
    (a frame's side is broken where the words it crosses or a worn pad left it thin)."""
    # at half the mask's scale (2 px a mm): a stamp's side is 20 mm or more, and LSD costs by the pixel
    found = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD, LSD_SCALE).detect(ink)[0]
    pieces: list[Segment] = []
    for x0, y0, x1, y1 in found.reshape(-1, 4) if found is not None else []:
        p0, p1 = np.array([x0, y0], float), np.array([x1, y1], float)
        if (p1 - p0)[0] < 0 or ((p1 - p0)[0] == 0 and (p1 - p0)[1] < 0):
            p0, p1 = p1, p0  # every segment runs left to right (or downwards)
        length = float(np.hypot(*(p1 - p0)))
        if length < PIECE_MM * ppm:
            continue
        angle = math.degrees(math.atan2(p1[1] - p0[1], p1[0] - p0[0])) % 180.0
        pieces.append(Segment(p0, p1, angle, length))
    joined = _join(pieces, ppm)
    return [s for s in joined if min_len_mm * ppm <= s.length <= max_len_mm * ppm]


def _join(pieces: list[Segment], ppm: float) -> list[Segment]:
    """Pieces on one line (same angle, within a millimetre across) with gaps under
    ``JOIN_GAP_MM`` along it, as one segment each.

    The sums are done on plain floats (a page gives hundreds of pieces, and numpy's per-call
    cost on two-element vectors made this loop a tenth of the seal search)."""
    across_px, gap_px = JOIN_ACROSS_MM * ppm, JOIN_GAP_MM * ppm
    out: list[Segment] = []
    # per joined segment: its start, unit direction and length as floats, kept up with ``out``
    lines: list[tuple[float, float, float, float, float]] = []
    for piece in sorted(pieces, key=lambda p: -p.length):
        ax, ay = float(piece.p0[0]), float(piece.p0[1])
        bx, by = float(piece.p1[0]), float(piece.p1[1])
        for k, seg in enumerate(out):
            turn = abs(seg.angle - piece.angle)
            if min(turn, 180.0 - turn) > PARALLEL_DEG:
                continue
            sx, sy, ux, uy, length = lines[k]
            # distance of both ends across the segment's line (its normal is (-uy, ux))
            if max(abs((ax - sx) * -uy + (ay - sy) * ux), abs((bx - sx) * -uy + (by - sy) * ux)) > across_px:
                continue
            a, b = sorted(((ax - sx) * ux + (ay - sy) * uy, (bx - sx) * ux + (by - sy) * uy))
            if a > length + gap_px or b < -gap_px:
                continue
            lo, hi = min(0.0, a), max(length, b)
            u = seg.unit
            out[k] = Segment(seg.p0 + lo * u, seg.p0 + hi * u, seg.angle, hi - lo)
            lines[k] = _line(out[k])
            break
        else:
            out.append(piece)
            lines.append(_line(piece))
    return out


def _line(seg: Segment) -> tuple[float, float, float, float, float]:
    ux, uy = (float(v) for v in seg.unit)
    return float(seg.p0[0]), float(seg.p0[1]), ux, uy, seg.length


def facing_pairs(segments: list[Segment], near: float, far: float) -> list[tuple[int, int]]:
    """Index pairs of segments parallel within ``PARALLEL_DEG``, ``near`` to ``far`` px apart across
    their direction, whose middles lie within half the longer's length of each other along it.
    (A page's words give hundreds of segments: the pairs are sifted all at once.)"""
    if len(segments) < 2:
        return []
    angle = np.array([s.angle for s in segments])
    length = np.array([s.length for s in segments])
    mid = np.array([(s.p0 + s.p1) / 2 for s in segments])
    unit = np.array([s.unit for s in segments])
    turn = np.abs(angle[:, None] - angle[None, :])
    parallel = np.minimum(turn, 180.0 - turn) <= PARALLEL_DEG
    gap = mid[None, :, :] - mid[:, None, :]  # [i, j]: from i's middle to j's
    along = np.abs(np.einsum("ijk,ik->ij", gap, unit))
    across = np.abs(np.einsum("ijk,ik->ij", gap, np.stack([-unit[:, 1], unit[:, 0]], axis=1)))
    similar = np.minimum(length[:, None], length[None, :]) >= 0.5 * np.maximum(
        length[:, None], length[None, :]
    )
    ok = (
        parallel
        & similar
        & (across >= near)
        & (across <= far)
        & (along <= 0.5 * np.maximum(length[:, None], 1))
    )
    i, j = np.nonzero(np.triu(ok, 1))
    return list(zip(i.tolist(), j.tolist(), strict=True))


def edge_twins(
    segments: list[Segment], shape: tuple[int, ...], near: float, far: float
) -> list[tuple[Segment, Segment]]:
    """Each segment lying along one of the image's edges (parallel within ``PARALLEL_DEG``, ``near``
    to ``far`` px from it), paired with that edge's stretch facing it: the other long side of a
    frame the edge cut off."""
    h, w = shape[:2]
    out: list[tuple[Segment, Segment]] = []
    for seg in segments:
        level = min(seg.angle, 180.0 - seg.angle) <= PARALLEL_DEG
        upright = abs(seg.angle - 90.0) <= PARALLEL_DEG
        if not (level or upright):
            continue
        axis = 1 if level else 0  # the coordinate that measures the distance to the facing edges
        middle = float((seg.p0[axis] + seg.p1[axis]) / 2)
        for edge in (EDGE_INSET, (h if level else w) - 1.0 - EDGE_INSET):
            if near <= abs(middle - edge) <= far:
                p0, p1 = seg.p0.copy(), seg.p1.copy()
                p0[axis] = p1[axis] = edge
                out.append((seg, Segment(p0, p1, 0.0 if level else 90.0, seg.length)))
    return out
