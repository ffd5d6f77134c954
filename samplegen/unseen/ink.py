"""Pens, printers and the way people write dates: the inks of the unseen set.

A ``Hand`` is one writer's style (font, size, slant, width, stroke weight, wobble, ink);
``write`` puts a string on a ``Page`` in that style and returns the ink box. Typed values
(computer-filled forms) use a printed font with no wobble. Every installed CJK font is used
somewhere: Noto Serif/Sans (regular, bold, mono), AR PL UKai/UMing and WenQuanYi Zen Hei.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from samplegen.canvas import Box, Page, TextRun, font, union

_NOTO = "/usr/share/fonts/opentype/noto/"
SERIF = (_NOTO + "NotoSerifCJK-Regular.ttc", 2)
SERIF_BOLD = (_NOTO + "NotoSerifCJK-Bold.ttc", 2)
SANS = (_NOTO + "NotoSansCJK-Regular.ttc", 2)
SANS_BOLD = (_NOTO + "NotoSansCJK-Bold.ttc", 2)
SANS_MONO = (_NOTO + "NotoSansCJK-Regular.ttc", 7)
KAI_CN = ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0)
KAI_TW = ("/usr/share/fonts/truetype/arphic/ukai.ttc", 2)
MING = ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)
ZEN = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)
ZEN_SHARP = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 2)

Spec = tuple[str, int]
Ink = tuple[int, int, int]

# Printed form text: (regular, bold) pairs an agency's print shop might use.
PRINT_FACES: tuple[tuple[Spec, Spec], ...] = (
    (SERIF, SERIF_BOLD),
    (SANS, SANS_BOLD),
    (MING, SERIF_BOLD),
    (ZEN, SANS_BOLD),
    (SERIF, SANS_BOLD),
    (KAI_CN, SANS_BOLD),
)
# Computer-filled values.
TYPE_FACES: tuple[Spec, ...] = (SERIF, SANS, MING, ZEN, SANS_MONO, ZEN_SHARP)
HAND_FACES: tuple[Spec, ...] = (KAI_CN, KAI_CN, KAI_TW, KAI_CN, KAI_TW, ZEN)
PEN_INKS: tuple[Ink, ...] = (
    (20, 30, 110),  # blue ballpoint
    (15, 20, 25),  # black gel pen
    (35, 50, 150),  # bright blue
    (30, 30, 70),  # blue-black
    (60, 60, 65),  # pencil-gray
    (20, 60, 120),
)


@dataclass(frozen=True)
class Hand:
    """One writer: face, size (pt), slant (shear), squeeze (x scale), weight, wobble, ink."""

    spec: Spec
    size: float
    slant: float = 0.0
    squeeze: float = 1.0
    weight: int = 0  # -1 thin (pencil), 0 ballpoint, 1 felt pen
    wobble: float = 4.0  # per-character rotation amplitude in degrees
    bounce: float = 0.08  # baseline jitter as a fraction of the size
    spacing: float = 1.0
    ink: Ink = PEN_INKS[0]
    typed: bool = False


def random_hand(r: random.Random, size: float | None = None, ink: Ink | None = None) -> Hand:
    """A random writer; neat, hurried, big or cramped."""
    spec = r.choice(HAND_FACES)
    return Hand(
        spec=spec,
        size=size if size is not None else r.uniform(12.0, 16.0),
        slant=r.choice((0.0, r.uniform(0.05, 0.3), r.uniform(-0.1, 0.0))),
        squeeze=r.uniform(0.8, 1.12),
        weight=r.choice((0, 0, 1, -1)) if spec != ZEN else 0,
        wobble=r.uniform(2.0, 8.0),
        bounce=r.uniform(0.03, 0.14),
        spacing=r.uniform(0.85, 1.12),
        ink=ink if ink is not None else r.choice(PEN_INKS),
    )


def typed_hand(r: random.Random, size: float | None = None) -> Hand:
    """A computer-filled value: printed face, black, no wobble."""
    return Hand(
        r.choice(TYPE_FACES),
        size if size is not None else r.uniform(9.5, 11.5),
        typed=True,
        ink=(0, 0, 0),
        wobble=0,
        bounce=0,
    )


def _tile(ch: str, f: ImageFont.FreeTypeFont, hand: Hand, angle: float) -> tuple[Image.Image, int, int]:
    """Alpha tile of one character, sheared, squeezed, rotated and thickened; plus its origin offset."""
    left, t, rr, b = (int(v) for v in f.getbbox(ch, anchor="ls"))
    pad = max(4, (b - t) // 3)
    w, h = rr - left + 2 * pad, b - t + 2 * pad
    tile = Image.new("L", (w, h), 0)
    ImageDraw.Draw(tile).text((pad - left, pad - t), ch, font=f, fill=255, anchor="ls")
    if hand.slant or hand.squeeze != 1.0:
        sq = hand.squeeze
        nw = max(2, round(w * sq))
        # x_src = (x_dst + slant*(y - h)) / sq : lean right, anchored at the baseline
        tile = tile.transform(
            (nw, h),
            Image.Transform.AFFINE,
            (1 / sq, hand.slant / sq, -hand.slant * h / sq, 0, 1, 0),
            resample=Image.Resampling.BICUBIC,
        )
    if hand.weight > 0:
        tile = tile.filter(ImageFilter.MaxFilter(3))
    elif hand.weight < 0:
        tile = tile.point(lambda v: int(v * 0.7))
    if angle:
        tile = tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False)
    return tile, left - pad, t - pad


def write(
    page: Page,
    x: float,
    y: float,
    s: str | None,
    hand: Hand,
    r: random.Random,
    max_w: float | None = None,
    line_gap: float = 1.3,
) -> Box | None:
    """``s`` from baseline-left (x, y) mm in ``hand``; wraps at ``max_w`` mm. Returns the ink box."""
    if not s:
        return None
    base = page.pt(hand.size)
    if hand.typed:
        f = font(hand.spec, base)
        limit = page.px(max_w) if max_w else None
        lines, cur = [], ""
        for ch in s:
            if limit is not None and cur and f.getlength(cur + ch) > limit:
                lines.append(cur)
                cur = ""
            cur += ch
        lines.append(cur)
        printed: list[Box] = []
        for i, line in enumerate(lines):
            xy = (page.px(x), page.px(y) + round(i * base * line_gap))
            page.draw.text(xy, line, font=f, fill=hand.ink, anchor="ls")
            x0, y0, x1, y1 = (int(v) for v in page.draw.textbbox(xy, line, font=f, anchor="ls"))
            printed.append((x0, y0, x1, y1))
        tbox = union(printed)
        if tbox is not None:
            page.runs.append(TextRun(s, tbox, base))
        return tbox
    cx, cy = page.px(x), page.px(y)
    left = cx
    limit = cx + page.px(max_w) if max_w else None
    drift = r.uniform(-0.035, 0.035)
    boxes: list[Box] = []
    for ch in s:
        px = max(7, round(base * r.uniform(0.9, 1.1)))
        f = font(hand.spec, px)
        adv = f.getlength(ch) * hand.squeeze * hand.spacing * r.uniform(0.9, 1.06)
        if ch in "0123456789-./:":
            adv *= 0.95
        if limit is not None and cx + adv > limit and cx > left:
            cx, cy = left, cy + round(base * line_gap)
        if ch == " ":
            cx += round(adv)
            continue
        tile, ox, oy = _tile(ch, f, hand, r.uniform(-hand.wobble, hand.wobble))
        yy = cy + round((cx - left) * drift) + round(r.uniform(-1, 1) * hand.bounce * base)
        pos = (cx + ox, yy + oy)
        page.img.paste(Image.new("RGB", tile.size, hand.ink), pos, tile)
        bb = tile.getbbox()
        if bb:
            boxes.append((pos[0] + bb[0], pos[1] + bb[1], pos[0] + bb[2], pos[1] + bb[3]))
        cx += round(adv)
    box = union(boxes)
    if box is not None:
        page.runs.append(TextRun(s, box, base))
    return box


def text_width(page: Page, s: str, hand: Hand) -> float:
    """Approximate written width of ``s`` in mm."""
    f = font(hand.spec, page.pt(hand.size))
    k = 1.0 if hand.typed else hand.squeeze * hand.spacing * 0.98
    return f.getlength(s) * k * 25.4 / page.dpi


def fit(page: Page, s: str, hand: Hand, w: float, min_size: float = 6.5) -> Hand:
    """``hand`` at a size at which ``s`` fits ``w`` mm (never below ``min_size`` pt)."""
    size = hand.size
    while size > min_size and text_width(page, s, replace(hand, size=size)) > w:
        size -= 0.5
    return replace(hand, size=size)


# -- dates -------------------------------------------------------------------------------
_ZH_DIGITS = "〇一二三四五六七八九"
DATE_STYLES = ("zh", "zh", "dot", "dot0", "dash", "dash0", "slash0", "zh0", "hanzi")


def _zh_num(n: int) -> str:
    """1..31 in Chinese numerals as dates write them: 十, 十一, 二十三, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _ZH_DIGITS[ones]
    head = "" if tens == 1 else _ZH_DIGITS[tens]
    return head + "十" + (_ZH_DIGITS[ones] if ones else "")


def date_text(d: date, style: str) -> str:
    """``d`` as written: 2026年3月1日, 2026.03.01, 2026-3-1, 2026/03/01, 二〇二六年三月一日 …"""
    if style == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "zh0":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "dot0":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "dash":
        return f"{d.year}-{d.month}-{d.day}"
    if style == "dash0":
        return d.isoformat()
    if style == "slash0":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "hanzi":
        year = "".join(_ZH_DIGITS[int(c)] for c in str(d.year))
        return f"{year}年{_zh_num(d.month)}月{_zh_num(d.day)}日"
    raise ValueError(style)


def random_date_style(r: random.Random, hanzi: bool = True) -> str:
    styles = DATE_STYLES if hanzi else DATE_STYLES[:-1]
    return r.choice(styles)


# -- ticks -------------------------------------------------------------------------------
TICKS = ("check", "check", "check", "glyph", "filled", "cross", "circle")


def tick(page: Page, x: float, y: float, s: float, kind: str, ink: Ink, r: random.Random) -> Box:
    """A mark in the box whose top-left is (x, y) mm and side ``s`` mm; returns its pixel box.

    ``check`` a hand stroke √ overshooting the box, ``glyph`` a written √ character, ``filled``
    a box inked solid (■), ``cross`` an ×, ``circle`` a ring drawn round the box.
    """
    P = page.px
    w = max(2, P(0.45))
    if kind == "check":
        j = r.uniform(-0.5, 0.5)
        pts = [
            (x + 0.3, y + s * 0.5 + j),
            (x + s * 0.42, y + s + 0.2),
            (x + s + r.uniform(0.8, 2.2), y - 1.2 + j),
        ]
        page.draw.line([(P(a), P(b)) for a, b in pts], fill=ink, width=w, joint="curve")
        return (P(x), P(y - 1.6), P(x + s + 2.4), P(y + s + 0.4))
    if kind == "glyph":
        f = font(KAI_CN, P(s * 1.6))
        page.draw.text((P(x + s * 0.5), P(y + s * 0.55)), "√", font=f, fill=ink, anchor="mm")
        return tuple(
            int(v) for v in page.draw.textbbox((P(x + s * 0.5), P(y + s * 0.55)), "√", font=f, anchor="mm")
        )  # type: ignore[return-value]
    if kind == "filled":
        page.draw.rectangle([P(x + 0.3), P(y + 0.3), P(x + s - 0.3), P(y + s - 0.3)], fill=ink)
        return (P(x), P(y), P(x + s), P(y + s))
    if kind == "cross":
        o = r.uniform(0.2, 0.9)
        page.draw.line([(P(x - o), P(y - o)), (P(x + s + o), P(y + s + o))], fill=ink, width=w)
        page.draw.line([(P(x + s + o), P(y - o)), (P(x - o), P(y + s + o))], fill=ink, width=w)
        return (P(x - o), P(y - o), P(x + s + o), P(y + s + o))
    # circle: a loose ellipse round the box (and often round the start of its label)
    ext = r.uniform(2.0, 9.0)
    box = (P(x - 1.5), P(y - 1.5), P(x + s + ext), P(y + s + 1.5))
    page.draw.ellipse(box, outline=ink, width=w)
    return box
