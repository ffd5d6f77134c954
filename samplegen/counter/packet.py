"""One packet end to end: plan it, draw it, scan it, bind the scans into files, write the truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from kernel.schema import ProcessResult
from samplegen.counter import files, truth
from samplegen.counter.draw import Page, draw_packet
from samplegen.counter.plan import plan_packet
from samplegen.counter.plantypes import PacketPlan
from samplegen.counter.scan import Scan, scan


@dataclass
class BoundPage:
    """A drawn page as it went into a file: the file, its 1-based page number and its scan."""

    page: Page
    source: str
    number: int
    scan: Scan
    mode: str


@dataclass
class Bound:
    pages: list[BoundPage] = field(default_factory=list)


def build(out: Path, index: int, seed: int) -> ProcessResult:
    rng = random.Random(f"counter:{seed}:{index}")
    plan = plan_packet(rng)
    groups = draw_packet(plan, rng)
    groups = _order(groups, rng)
    out.mkdir(parents=True, exist_ok=True)
    bound = _bind(out, plan, groups, rng)
    result = truth.assemble(f"p{index:03d}", plan, bound.pages)
    (out / "truth.json").write_text(result.model_dump_json(indent=2), encoding="utf-8")
    return result


def _order(groups: list[list[Page]], rng: random.Random) -> list[list[Page]]:
    """The declaration form first, mostly; the rest in the order the person handed it over."""
    head, rest = groups[:1], groups[1:]
    rng.shuffle(rest)
    if rng.random() < 0.15:
        rest.insert(rng.randrange(len(rest) + 1), head[0])
        return rest
    return head + rest


def _bind(out: Path, plan: PacketPlan, groups: list[list[Page]], rng: random.Random) -> Bound:
    strategy = rng.choices(("single", "split", "batches"), weights=(40, 35, 25))[0]
    bound = Bound()
    batches: list[list[list[Page]]]
    if strategy == "single":
        batches = [groups]
    elif strategy == "split":
        batches = [[g] for g in groups]
    else:
        cut = (
            sorted(rng.sample(range(1, len(groups)), k=min(len(groups) - 1, rng.choice((1, 2)))))
            if len(groups) > 1
            else []
        )
        edges = [0, *cut, len(groups)]
        batches = [groups[a:b] for a, b in pairwise(edges)]
    n_file = 0
    for batch in batches:
        pdf_pages: list[list[Page]] = []
        for g in batch:
            single = len(g) == 1
            if single and rng.random() < 0.08:
                n_file += 1
                _image_file(out, bound, g[0], n_file, plan, rng, phone=True)
            elif single and strategy == "split" and rng.random() < 0.45:
                n_file += 1
                _image_file(out, bound, g[0], n_file, plan, rng, phone=False)
            else:
                pdf_pages.append(g)
        if pdf_pages:
            n_file += 1
            name = f"scan_{n_file:02d}.pdf"
            scans: list[Scan] = []
            number = 0
            for g in pdf_pages:
                for p in g:
                    number += 1
                    sc = scan(p.sheet.img, plan.mode, rng, turn=_turn(rng))
                    scans.append(sc)
                    bound.pages.append(BoundPage(p, name, number, sc, plan.mode))
            files.write_pdf(out / name, [s.image for s in scans], plan.dpi, rng)
    return bound


def _turn(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.06:
        return 180
    if roll < 0.09:
        return rng.choice((90, 270))
    return 0


def _image_file(
    out: Path, bound: Bound, page: Page, n: int, plan: PacketPlan, rng: random.Random, phone: bool
) -> None:
    if phone:
        sc = scan(page.sheet.img, "color", rng, phone=True)
        name = (
            f"IMG_2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}_{rng.randint(80000, 175959):06d}.jpg"
        )
        files.write_jpeg(out / name, sc.image, None, rng)
        bound.pages.append(BoundPage(page, name, 1, sc, "color"))
        return
    sc = scan(page.sheet.img, plan.mode, rng, turn=_turn(rng))
    if sc.image.mode == "1":
        name = f"copy_{n:02d}.png"
        files.write_png(out / name, sc.image, plan.dpi)
    else:
        name = f"page_{n:02d}.jpg"
        files.write_jpeg(out / name, sc.image, plan.dpi, rng)
    bound.pages.append(BoundPage(page, name, 1, sc, plan.mode))
