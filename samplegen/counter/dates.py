"""How a date is printed or written on Chinese paper; truth keeps the ISO form."""

from __future__ import annotations

import random
from datetime import date

_CN_DIGITS = "〇一二三四五六七八九"

STYLES = ("cn", "cn0", "dot", "dash", "slash", "upper")


def _upper_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return head + (_CN_DIGITS[ones] if ones else "")


def fmt(d: date, style: str) -> str:
    """``d`` in a printed ``style``: cn 2026年8月2日, cn0 2026年08月02日, dot 2026.08.02,
    dash 2026-08-02, slash 2026/8/2, upper 二〇二六年八月二日."""
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn0":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "dash":
        return d.isoformat()
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "upper":
        year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
        return f"{year}年{_upper_number(d.month)}月{_upper_number(d.day)}日"
    raise ValueError(style)


def pick(rng: random.Random, upper: bool = False) -> str:
    """A style, the spelled-out one only where letters use it (``upper``)."""
    pool = STYLES if upper else STYLES[:-1]
    return rng.choice(pool)
