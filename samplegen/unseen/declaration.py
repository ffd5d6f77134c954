"""Render an unseen declaration form in one of the layouts, filled by a random writer.

Each layout is a function of a ``Ctx``; this module picks who fills the form (a hand or a
computer), how they write dates and regions, which tick mark they use, and registers the
layouts: ``national22``, ``underline``, ``stacked``, ``inline``, ``province:<name>``,
``twopage`` and ``landscape``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from kernel.domain import DocType
from samplegen.canvas import Page
from samplegen.model import DeclValues
from samplegen.unseen import decl_cells, decl_multi, decl_national, decl_province
from samplegen.unseen.doc import UDoc
from samplegen.unseen.formkit import Ctx, random_look
from samplegen.unseen.ink import TICKS, random_date_style, random_hand, typed_hand
from samplegen.unseen.people import Agent
from samplegen.values import Person

Layout = Callable[[Ctx], None]
LAYOUTS: dict[str, Layout] = {
    "national22": decl_national.national22,
    "underline": decl_national.underline,
    "stacked": decl_cells.stacked,
    "inline": decl_cells.inline,
    "twopage": decl_multi.twopage,
    "landscape": decl_multi.landscape,
    **{f"province:{k}": decl_province.layout(k) for k in decl_province.WORDINGS},
}
# Layouts a computer may fill in (typed values); the others are always handwritten.
TYPED_OK = ("stacked", "inline", "twopage", "landscape", "province")


def render(
    layout: str,
    v: DeclValues,
    person: Person,
    phone_shown: str,
    agent: Agent | None,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
) -> UDoc:
    """A filled-in declaration in ``layout``."""
    page = Page(dpi, 297.0, 210.0) if layout == "landscape" else Page(dpi)
    doc = UDoc(DocType.DECLARATION_FORM, [page], layout)
    typed = layout.split(":")[0] in TYPED_OK and r.random() < 0.3
    hand = typed_hand(r) if typed else random_hand(r)
    doc.typed = typed
    ctx = Ctx(
        doc=doc,
        v=v,
        person=person,
        r=r,
        nrng=nrng,
        hand=hand,
        look=random_look(r),
        phone_shown=phone_shown,
        date_style=random_date_style(r, hanzi=not typed and r.random() < 0.5),
        region_style=r.choice(("full", "full", "city", "short")),
        tick=r.choice(TICKS),
        agent=agent,
        ins_words=r.choice(("long", "long", "short", "town")),
        cat_words=r.choice(("canonical", "canonical", "short", "verbose")),
    )
    LAYOUTS[layout](ctx)
    return doc.complete()
