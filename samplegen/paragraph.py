"""Running text with embedded values: "兹证明张三（公民身份号码：…）现居住于…".

Certificates, commitments and applications state the person's name, ID number and address
inside a paragraph, sometimes typed, sometimes written by hand into blanks of a printed
template. ``flow`` lays out segments character by character with wrapping, and returns the
box of every keyed segment so truth can point at the value inside the sentence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from samplegen.canvas import KAI, SONG, Box, Page, TextRun, font, union


@dataclass(frozen=True)
class Seg:
    """A run of text; ``key`` names the field it carries, ``hand`` writes it in ink."""

    text: str
    key: str | None = None
    hand: bool = False


def flow(
    page: Page,
    x0: float,
    y: float,
    x1: float,
    segs: list[Seg],
    r: random.Random,
    ink: tuple[int, int, int],
    size: float = 12.0,
    spec: tuple[str, int] = SONG,
    leading: float = 2.0,
    indent: int = 2,
) -> tuple[dict[str, Box], float]:
    """Lay out ``segs`` from baseline ``y`` mm between x0 and x1; returns key boxes and the last baseline."""
    px = page.pt(size)
    lh = round(px * leading)
    left, right = page.px(x0), page.px(x1)
    cx, cy = left + px * indent, page.px(y)
    boxes: dict[str, list[Box]] = {}
    line_runs: list[tuple[str, list[Box]]] = [("", [])]
    for seg in segs:
        for ch in seg.text:
            if ch == "\n":
                cx, cy = left + px * indent, cy + lh
                line_runs.append(("", []))
                continue
            if seg.hand:
                f = font(KAI, round(px * r.uniform(1.0, 1.15)))
                adv = round(f.getlength(ch) * r.uniform(0.95, 1.05))
            else:
                f = font(spec, px)
                adv = round(f.getlength(ch))
            if cx + adv > right:
                cx, cy = left, cy + lh
                line_runs.append(("", []))
            if seg.hand:
                if ch != " ":
                    b = page._glyph(ch, f, cx, cy + r.randint(-2, 2), r.uniform(-5, 5), ink)
                else:
                    b = (cx, cy - px, cx + adv, cy)
            else:
                page.draw.text((cx, cy), ch, font=f, fill=(0, 0, 0), anchor="ls")
                b = tuple(int(v) for v in page.draw.textbbox((cx, cy), ch, font=f, anchor="ls"))  # type: ignore[assignment]
            if seg.hand and r.random() < 0.9:  # the blank's underline
                page.draw.line([(cx, cy + 4), (cx + adv, cy + 4)], fill=(0, 0, 0), width=1)
            if seg.key and ch != " ":
                boxes.setdefault(seg.key, []).append(b)
            text, bs = line_runs[-1]
            line_runs[-1] = (text + ch, [*bs, b])
            cx += adv
    for text, bs in line_runs:
        u = union(bs)
        if u is not None and text.strip():
            page.runs.append(TextRun(text, u, px))
    return {k: union(v) for k, v in boxes.items()}, cy * 25.4 / page.dpi  # type: ignore[misc]
