"""What every unseen declaration layout shares: the printed look, the filler's context,
labels, and the written form of each value.

A layout decides where cells go; ``Ctx`` decides how the person fills them in (hand or
typed, which date style, how a region is spelled, which tick mark) and records truth in
canonical form while the paper shows the variant.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kernel import refdata
from kernel.domain import GENDER_ZH
from samplegen.canvas import Box, Page, font
from samplegen.model import DeclValues
from samplegen.unseen.doc import UDoc
from samplegen.unseen.ink import PRINT_FACES, Hand, Spec, date_text, write
from samplegen.unseen.people import Agent
from samplegen.values import Person


@dataclass(frozen=True)
class Look:
    """How the blank form was printed."""

    face: Spec
    bold: Spec
    size: float = 10.5
    colon: str = ""
    spaced: bool = False
    line: float = 0.35
    cell_colon: bool = False  # centred cell labels carry the colon too (姓名：)


def random_look(r: random.Random, colon: bool | None = None) -> Look:
    face, bold = r.choice(PRINT_FACES)
    use_colon = r.random() < 0.4 if colon is None else colon
    return Look(
        face,
        bold,
        r.uniform(9.5, 11.5),
        r.choice(("：", "：", ":")) if use_colon else "",
        r.random() < 0.35,
        r.uniform(0.25, 0.6),
        use_colon and r.random() < 0.5,
    )


INSURANCE_WORDS = {
    "long": (("employee", "职工基本医疗保险"), ("resident", "城乡居民基本医疗保险")),
    "short": (("employee", "职工医保"), ("resident", "城乡居民医保")),
    "town": (("employee", "城镇职工基本医疗保险"), ("resident", "城乡居民基本医疗保险")),
}
CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "canonical": {
        "retiree_resettled": "异地安置退休人员",
        "long_term_resident": "异地长期居住人员",
        "stationed_worker": "常驻异地工作人员",
        "referral": "异地转诊人员",
        "emergency": "异地急诊抢救人员",
        "other_temporary": "其他临时外出就医人员",
    },
    "short": {
        "retiree_resettled": "退休异地安置",
        "long_term_resident": "异地长期居住",
        "stationed_worker": "常驻异地工作",
        "referral": "异地转诊就医",
        "emergency": "急诊抢救",
        "other_temporary": "临时外出就医",
    },
    "verbose": {
        "retiree_resettled": "退休后异地安置人员",
        "long_term_resident": "在异地长期居住的人员",
        "stationed_worker": "常驻异地工作（派驻、外派）人员",
        "referral": "经定点医院转诊的人员",
        "emergency": "异地急诊、抢救人员",
        "other_temporary": "其他临时外出就医人员",
    },
}


@dataclass
class Ctx:
    """One person filling in one form."""

    doc: UDoc
    v: DeclValues
    person: Person
    r: random.Random
    nrng: np.random.Generator
    hand: Hand
    look: Look
    phone_shown: str
    date_style: str = "zh"
    region_style: str = "full"
    tick: str = "check"
    agent: Agent | None = None
    ins_words: str = "long"
    cat_words: str = "canonical"
    flags: set[str] = field(default_factory=set)  # gender_boxes, id_boxes, date_blanks …
    custom: dict[str, Callable[[Ctx, float, float, float, float], None]] = field(default_factory=dict)

    @property
    def page(self) -> Page:
        return self.doc.page

    def mm(self, px: float) -> float:
        return px * 25.4 / self.page.dpi

    def category_options(self, order: list[str] | None = None) -> list[tuple[str, str]]:
        words = CATEGORY_WORDS[self.cat_words]
        keys = order or list(words)
        return [(k, words[k]) for k in keys]

    def insurance_options(self) -> list[tuple[str, str]]:
        return list(INSURANCE_WORDS[self.ins_words])


def spaced_label(text: str) -> str:
    """Two- and three-character labels padded with ideographic spaces: 姓　　名, 性　别."""
    if len(text) == 2:
        return text[0] + "\u3000\u3000" + text[1]
    if len(text) == 3:
        return text[0] + "\u3000" + text[1] + "\u3000" + text[2]
    return text


def lab(
    ctx: Ctx,
    text: str,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    align: str = "center",
    size: float | None = None,
    bold: bool = False,
    colon: bool | None = None,
) -> Box | None:
    """A printed label in the box; multi-line on ``\\n``; returns its pixel box."""
    if not text:
        return None
    look, page = ctx.look, ctx.page
    size = size or look.size
    lines = text.split("\n")
    add_colon = (align == "left" or look.cell_colon) if colon is None else colon
    if add_colon and look.colon:
        lines[-1] += look.colon
    if look.spaced and len(lines) == 1 and align == "center" and not add_colon:
        lines = [spaced_label(lines[0])]
    spec = look.bold if bold else look.face
    f = font(spec, page.pt(size))
    while size > 6 and max(f.getlength(t) for t in lines) * 25.4 / page.dpi > (x1 - x0) - 1.5:
        size -= 0.5
        f = font(spec, page.pt(size))
    lh = size * 25.4 / 72 * 1.3
    top = (y0 + y1) / 2 - lh * len(lines) / 2 + lh * 0.8
    boxes = []
    for i, t in enumerate(lines):
        yy = top + i * lh
        if align == "center":
            boxes.append(page.text((x0 + x1) / 2, yy, t, size, spec, anchor="ms"))
        else:
            boxes.append(page.text(x0 + 1.5, yy, t, size, spec))
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def region_text(code: str, style: str) -> str:
    reg = refdata.regions()[code]
    if reg.province == reg.city:
        return reg.name if style != "short" else refdata.short_name(reg.name)
    if style == "city":
        return reg.city
    if style == "short":
        return refdata.short_name(reg.province) + refdata.short_name(reg.city)
    return reg.name


def shown(ctx: Ctx, key: str) -> str | None:
    """What the form shows for a simple key (None: left empty)."""
    v, p = ctx.v, ctx.person
    if key in ("start_date", "end_date", "signed_date"):
        d = getattr(v, key)
        return date_text(d, ctx.date_style) if d else None
    if key == "insured_region":
        return (
            region_text(p.insured_code, ctx.region_style)
            if v.insured_region == p.insured_region
            else v.insured_region
        )
    if key == "destination_region":
        return region_text(p.dest_code, ctx.region_style)
    if key == "gender":
        return GENDER_ZH[v.gender]
    if key == "insurance_type":
        return dict(ctx.insurance_options())[v.insurance_type]
    if key == "phone":
        return ctx.phone_shown
    simple: dict[str, str | None] = {
        "name": v.name,
        "id_number": v.id_number,
        "social_security_number": v.ss_number,
        "employer": v.employer,
        "residence_address": v.address,
        "reason": v.reason,
    }
    return simple[key]


def truth(ctx: Ctx, key: str) -> Any:
    """The canonical truth of ``key`` for this form."""
    v = ctx.v
    table: dict[str, Any] = {
        "name": v.name,
        "gender": v.gender,
        "id_number": v.id_number,
        "social_security_number": v.ss_number,
        "phone": ctx.person.phone,
        "insured_region": v.insured_region,
        "insurance_type": v.insurance_type,
        "employer": v.employer,
        "filing_category": v.category,
        "destination_region": v.destination_region,
        "residence_address": v.address,
        "hospitals": list(v.hospitals),
        "start_date": v.start_date,
        "end_date": v.end_date,
        "reason": v.reason,
        "signed_date": v.signed_date,
    }
    return table[key]


def write_value(ctx: Ctx, key: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """The value of ``key`` written into the box (shrunk or wrapped to fit); truth recorded."""
    s = shown(ctx, key)
    hand = ctx.hand
    if not s:
        ctx.doc.put(key, None, None)
        return
    from samplegen.unseen.ink import text_width

    avail = x1 - x0 - 3
    h = y1 - y0
    lines = 1
    while text_width(ctx.page, s, hand) / lines > avail and lines < 3 and h / (lines + 1) > 5.5:
        lines += 1
    size = hand.size
    per_line_h = h / lines
    size = min(size, per_line_h * 72 / 25.4 * 0.72)
    while text_width(ctx.page, s, _sized(hand, size)) / lines > avail and size > 6.5:
        size -= 0.5
    hh = _sized(hand, size)
    lh = size * 25.4 / 72 * 1.25
    base = (y0 + y1) / 2 - lh * lines / 2 + lh * 0.78 + ctx.r.uniform(-0.6, 0.9)
    if lines == 1 and ctx.r.random() < 0.12:  # written low, the strokes run over the cell's bottom rule
        base = y1 - 0.4
    x = x0 + 1.2 + ctx.r.uniform(0, min(4.0, max(0.0, avail - text_width(ctx.page, s, hh) / lines)))
    box = write(ctx.page, x, base, s, hh, ctx.r, max_w=x1 - x - 0.5 if lines > 1 else None, line_gap=1.25)
    ctx.doc.put(key, truth(ctx, key), box)


def _sized(hand: Hand, size: float) -> Hand:
    from dataclasses import replace

    return replace(hand, size=size)
