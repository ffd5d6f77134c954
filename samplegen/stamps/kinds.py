"""The seals a window sees, as ``SealSpec`` factories, and the random choice of ink and effects."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from samplegen.stamps.ink import INK_WEIGHTS
from samplegen.stamps.seal import SealSpec


@dataclass
class Press:
    """How one impression is made: ink, tilt, fading, dry pad, double strike."""

    ink: str
    angle: float
    faded: bool
    dry: bool
    double: bool


def press(rng: random.Random, *, colour_ok: bool = True, max_tilt: float = 30.0) -> Press:
    """A random impression: mostly red, sometimes blue/purple/black, tilted 0–30°, some faded."""
    inks = list(INK_WEIGHTS) if colour_ok else ["red", "orange_red", "dark_red"]
    weights = [INK_WEIGHTS[i] for i in inks]
    ink = rng.choices(inks, weights)[0]
    tilt = rng.choice([0.0, rng.uniform(-6, 6), rng.uniform(-max_tilt, max_tilt)])
    return Press(
        ink=ink,
        angle=tilt,
        faded=rng.random() < 0.3,
        dry=rng.random() < 0.15,
        double=rng.random() < 0.12,
    )


def _serial(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(13))


def official_round(rng: random.Random, org: str, centre: str = "") -> SealSpec:
    """A round official seal, 38–45 mm, ring text and a star; sometimes a double ring or serial."""
    d = rng.uniform(38, 45)
    kind = "round2" if rng.random() < 0.2 else "round"
    serial = _serial(rng) if rng.random() < 0.3 else ""
    return SealSpec(kind, org, centre=centre, w_mm=d, h_mm=d, serial=serial)


def oval(rng: random.Random, org: str, purpose: str) -> SealSpec:
    """An oval 40×30 mm seal (业务专用章, 财务专用章, 发票专用章)."""
    w = rng.uniform(38, 42)
    serial = (
        "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUXY") for _ in range(18)) if "发票" in purpose else ""
    )
    return SealSpec(
        "oval", org, centre=purpose, w_mm=w, h_mm=w * 0.75, serial=serial, star="发票" not in purpose
    )


def copy_matches(rng: random.Random, day: date | None = None) -> SealSpec:
    """A rectangular 'copy matches the original' wording stamp, with or without a border."""
    text = rng.choice(["复印件与原件一致", "与原件相符", "复印件与原件核对无误", "此件与原件一致"])
    second = rng.choice(["", "", "经办人：", f"{day:%Y.%m.%d}" if day else ""])
    w = 4.6 * len(text) + rng.uniform(4, 8)
    h = 10.0 if not second else 17.0
    return SealSpec("rect", text, centre=second, w_mm=w, h_mm=h, border=rng.random() < 0.85)


def audited(rng: random.Random) -> SealSpec:
    """A small rectangular '已审核' / '已核验' stamp."""
    text = rng.choice(["已审核", "已核验", "已复核"])
    return SealSpec("rect", text, w_mm=rng.uniform(24, 30), h_mm=rng.uniform(10, 12))


def receipt(rng: random.Random, day: date) -> SealSpec:
    """A '收讫' (received) stamp with the date, rectangular."""
    head = rng.choice(["收讫", "现金收讫", "转讫", "收件"])
    return SealSpec(
        "receipt", head, centre=f"{day:%Y.%m.%d}", w_mm=rng.uniform(32, 38), h_mm=rng.uniform(17, 21)
    )


def review_boxed(rng: random.Random, org: str) -> SealSpec:
    """A boxed 审核专用章 with the agency's name above."""
    return SealSpec("boxed", org, centre="审核专用章", w_mm=rng.uniform(46, 54), h_mm=rng.uniform(17, 21))


def name_seal(rng: random.Random, name: str) -> SealSpec:
    """A square personal name seal (个人名章), about 20 mm."""
    chars = name + "印" if len(name) == 3 else (name + "之印" if len(name) == 2 else name[:4])
    s = rng.uniform(16, 22)
    return SealSpec("name", chars, w_mm=s, h_mm=s, inverse=rng.random() < 0.4)
