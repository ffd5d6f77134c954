"""An A4 sheet carrying photocopies of one or two cards, as a window receives it: paste frames,
cards tilted or turned any way round, and the officer's 复印件与原件一致 stamp across a copy."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from samplegen.counter import cards
from samplegen.counter.canvas import Sheet
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box
from samplegen.counter.marks import DrawnDoc
from samplegen.counter.pen import Writer, signature
from samplegen.counter.seals import StampMark, press
from samplegen.counter.stampkit import agency_seal, copy_stamp


@dataclass
class CardItem:
    key: str  # the planned document it belongs to
    doc_type: str
    face: cards.CardFace
    caption: str  # 正面 / 反面 / the card's name


def lay_cards(
    sheet: Sheet,
    items: list[CardItem],
    rng: random.Random,
    colour_copy: bool,
    window_stamp: bool,
    agency: str,
    officer: str,
) -> list[DrawnDoc]:
    s = sheet
    if rng.random() < 0.35:
        _copier_gray(s, rng)
    frames = rng.random() < 0.4
    if rng.random() < 0.5:
        kinds = {i.doc_type for i in items}
        heads = ["证件复印件粘贴处", "证件复印件", "复印件"]
        if kinds == {"id_card"}:
            heads += ["身份证复印件", "居民身份证（正反面）复印件"]
        elif kinds == {"social_security_card"}:
            heads += ["社会保障卡复印件"]
        elif kinds == {"residence_permit"}:
            heads += ["居住证复印件"]
        head = rng.choice(heads)
        s.text((s.width / 2, s.mm(22)), head, font("song_bold", s.pt(15)), anchor="ms")
    centers = _layout(s, len(items), rng)
    turn_all = rng.choice((0, 0, 0, 90, 180, 270)) if rng.random() < 0.3 else 0
    docs: dict[str, DrawnDoc] = {}
    footprints: list[tuple[str, Box]] = []
    for item, center in zip(items, centers, strict=True):
        angle: float = turn_all or (rng.choice((90, 180, 270)) if rng.random() < 0.12 else 0)
        angle += rng.uniform(-4, 4)
        if frames:
            fw, fh = s.mm(100), s.mm(68)
            s.draw.rectangle(
                (center[0] - fw / 2, center[1] - fh / 2, center[0] + fw / 2, center[1] + fh / 2),
                outline=(90, 90, 90),
                width=1,
            )
            s.text(
                (center[0] - fw / 2 + s.mm(2), center[1] - fh / 2 + s.mm(5)),
                item.caption,
                font("song", s.pt(9)),
            )
        img = cards.photocopy(item.face, rng, colour_copy)
        fields = cards.lay(s, img, item.face, center, angle)
        doc = docs.setdefault(item.key, DrawnDoc(item.doc_type, key=item.key))
        doc.fields.update(fields)
        footprints.append((item.key, cards.footprint(item.face, s, center, angle)))
    if rng.random() < 0.3:  # "仅供异地就医备案使用" written across a copy
        fp = rng.choice(footprints)[1]
        Writer(True, "kai", s.pt(14), (30, 40, 120)).put(
            s, fp[0] + s.mm(8), (fp[1] + fp[3]) / 2 + s.mm(4), "此复印件仅供异地就医备案使用", s.mm(95)
        )
    if window_stamp:
        _window_stamps(s, rng, footprints, docs, agency, officer)
    return list(docs.values())


def _layout(s: Sheet, n: int, rng: random.Random) -> list[tuple[float, float]]:
    w, h = s.width, s.height
    jitter = lambda v: v + s.mm(rng.uniform(-6, 6))  # noqa: E731
    if n == 1:
        return [(jitter(w / 2), jitter(h * rng.uniform(0.22, 0.45)))]
    if n == 2:
        if rng.random() < 0.75:
            top = h * rng.uniform(0.2, 0.27)
            return [(jitter(w / 2), jitter(top)), (jitter(w / 2), jitter(top + s.mm(rng.uniform(72, 95))))]
        return [(w * 0.5, jitter(h * 0.25)), (w * 0.5, jitter(h * 0.66))]
    return [(jitter(w / 2), jitter(h * (0.18 + 0.27 * i))) for i in range(n)]


def _copier_gray(s: Sheet, rng: random.Random) -> None:
    """The copier's gray: a tinted sheet, darker towards one edge, with toner dust."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = s.array().astype(np.float32)
    h, w = arr.shape[:2]
    base = rng.uniform(212, 238)
    ramp = np.linspace(0, rng.uniform(10, 35), w, dtype=np.float32)[None, :]
    if rng.random() < 0.5:
        ramp = ramp[:, ::-1]
    field = base - ramp + nrng.normal(0, 4, (h, w)).astype(np.float32)
    dust = nrng.random((h, w)) < 0.0008
    field[dust] = 60
    arr = np.minimum(arr, field[..., None])
    s.set_array(np.clip(arr, 0, 255))


def _window_stamps(
    s: Sheet,
    rng: random.Random,
    footprints: list[tuple[str, Box]],
    docs: dict[str, DrawnDoc],
    agency: str,
    officer: str,
) -> None:
    marks: list[StampMark] = []
    fp = rng.choice(footprints)[1]
    # across the copy: on its lower half, or straddling its edge
    cx = rng.uniform(fp[0] + s.mm(5), fp[2] - s.mm(5))
    cy = rng.choice((fp[3] - s.mm(rng.uniform(-6, 12)), (fp[1] + fp[3]) / 2 + s.mm(rng.uniform(-8, 8))))
    mark = press(s, copy_stamp(rng, agency if rng.random() < 0.3 else ""), (cx, cy), rng)
    if mark:
        marks.append(mark)
        if rng.random() < 0.5:
            signature(s, mark.box[2] + s.mm(2), mark.box[3] - s.mm(2), officer, rng)
    if rng.random() < 0.3:  # the agency's round seal too, half on the copy
        m2 = press(
            s,
            agency_seal(agency, rng),
            (fp[2] - s.mm(rng.uniform(0, 15)), fp[1] + s.mm(rng.uniform(0, 20))),
            rng,
        )
        if m2:
            marks.append(m2)
    for m in marks:
        best = max(footprints, key=lambda kv: _overlap(kv[1], m.box))[0]
        docs[best].stamps.append(m)


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)
