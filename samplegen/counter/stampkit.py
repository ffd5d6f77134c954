"""The seals a filing's papers really carry, with the inks, angles and wear they come in."""

from __future__ import annotations

import random
from contextvars import ContextVar
from datetime import date

from samplegen.counter.seals import SealSpec

# The least ink a seal takes: a black-and-white scan keeps only well-inked seals (a faint one
# vanishes under the threshold, and no reader could be asked to find it).
INK_FLOOR: ContextVar[float] = ContextVar("INK_FLOOR", default=0.55)


def _ink(rng: random.Random, red_share: float) -> str:
    if rng.random() < red_share:
        return "red"
    return rng.choice(("blue", "blue", "purple", "black"))


def _wear(rng: random.Random, spec: SealSpec) -> SealSpec:
    floor = INK_FLOOR.get()
    spec.density = rng.uniform(floor, 0.97)
    spec.wear = rng.choice((0.0, 0.1, 0.2, 0.3, rng.uniform(0.3, 0.75))) * (0.6 if floor > 0.7 else 1.0)
    spec.missing = rng.uniform(0.12, 0.4) if rng.random() < 0.18 else 0.0
    return spec


def _angle(rng: random.Random, spread: float) -> float:
    return rng.uniform(-180, 180) if rng.random() < 0.12 else rng.uniform(-spread, spread)


def _code(rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(13))


def agency_seal(org: str, rng: random.Random, inner: str | None = None, role: str = "agency") -> SealSpec:
    """A round official seal: star, the organisation around the rim, a line of text beneath."""
    if inner is None:
        inner = rng.choice(("业务专用章", "业务受理专用章", "异地就医专用章", "", "公章", "医保业务专用章"))
    spec = SealSpec(
        "round",
        org,
        inner=inner,
        number=_code(rng)
        if rng.random() < 0.35
        else (f"（{rng.randint(1, 9)}）" if rng.random() < 0.2 else ""),
        ink=_ink(rng, 0.82),
        width_mm=rng.uniform(38, 44),
        angle=_angle(rng, 28),
        role=role,
    )
    spec.height_mm = spec.width_mm
    return _wear(rng, spec)


def issuer_seal(org: str, rng: random.Random) -> SealSpec:
    """The seal of a police station, a committee, a unit or a hospital: round, sometimes oval."""
    if rng.random() < 0.18:
        spec = SealSpec(
            "oval",
            org,
            inner=rng.choice(("", "医务处", "证明专用章", "转诊专用章")),
            number=_code(rng) if rng.random() < 0.3 else "",
            ink=_ink(rng, 0.8),
            width_mm=rng.uniform(42, 48),
            height_mm=rng.uniform(28, 32),
            angle=_angle(rng, 20),
            double_frame=rng.random() < 0.7,
            role="issuer",
        )
        return _wear(rng, spec)
    inner = rng.choice(("", "", "证明专用章", "户口专用章" if "派出所" in org else "公章", "专用章"))
    return agency_seal(org, rng, inner=inner, role="issuer")


def copy_stamp(rng: random.Random, org: str = "") -> SealSpec:
    """The window officer's 复印件与原件一致 / 已审核 stamp: a framed rectangle, one to three lines."""
    first = rng.choice(("复印件与原件一致", "与原件核对无误", "已审核", "原件已核", "与原件相符"))
    lines: tuple[str, ...] = (first,)
    if rng.random() < 0.45:
        lines = (first, rng.choice(("经办人：", "核对人：", "审核人：")) + "        ")
    if org and rng.random() < 0.3:
        lines = (org, first)
    w = rng.uniform(36, 50)
    h = rng.uniform(9, 13) * len(lines) ** 0.8
    spec = SealSpec(
        "rect",
        first,
        lines=lines,
        ink=_ink(rng, 0.55),
        width_mm=w,
        height_mm=h,
        angle=_angle(rng, 14),
        double_frame=rng.random() < 0.3,
    )
    return _wear(rng, spec)


def receipt_stamp(org: str, day: date, rng: random.Random) -> SealSpec:
    """A dated receipt stamp: the organisation, a date line such as 2026.03.15, the purpose."""
    style = rng.randrange(3)
    when = f"{day:%Y.%m.%d}" if style != 1 else f"{day:%Y年%m月%d日}"
    purpose = rng.choice(("业务受理章", "收件专用", "已受理", "材料已收"))
    lines = (org, when, purpose) if style != 2 else (when, purpose)
    spec = SealSpec(
        "rect",
        " ".join(lines),
        lines=lines,
        ink=_ink(rng, 0.4),
        width_mm=rng.uniform(40, 50),
        height_mm=rng.uniform(18, 26) if len(lines) == 3 else rng.uniform(13, 17),
        angle=_angle(rng, 10),
        double_frame=rng.random() < 0.5,
    )
    return _wear(rng, spec)


def name_seal(name: str, rng: random.Random) -> SealSpec:
    """A person's small square name seal."""
    spec = SealSpec(
        "name",
        name,
        ink="red" if rng.random() < 0.9 else "purple",
        width_mm=(s := rng.uniform(11, 16)),
        height_mm=s,
        angle=rng.uniform(-12, 12),
        filled=rng.random() < 0.5,
    )
    spec = _wear(rng, spec)
    spec.missing = 0.0
    return spec


def invoice_seal(org: str, rng: random.Random) -> SealSpec:
    """An oval 发票专用章 with the taxpayer number across the middle."""
    number = "91" + "".join(str(rng.randint(0, 9)) for _ in range(15)) + rng.choice("0123456789X")
    spec = SealSpec(
        "oval",
        org,
        inner="发票专用章",
        number=number,
        ink="red",
        width_mm=40,
        height_mm=30,
        angle=rng.uniform(-15, 15),
        star=False,
    )
    return _wear(rng, spec)


def cash_stamp(rng: random.Random) -> SealSpec:
    """A bank or cashier's 现金收讫 / 转讫 stamp."""
    word = rng.choice(("现金收讫", "转讫", "收讫", "已付讫"))
    spec = SealSpec(
        "rect",
        word,
        lines=(word,),
        ink=_ink(rng, 0.5),
        width_mm=rng.uniform(26, 34),
        height_mm=rng.uniform(10, 13),
        angle=_angle(rng, 12),
    )
    return _wear(rng, spec)
