"""One packet end to end: draw its pages, damage them, bundle them into files, write truth.

Kept apart from planning so that the rules of packaging (which pages share a PDF or TIFF,
which pages are photos or faxes) live in one place; the truth that follows them is built
from the drawn pages in ``truth``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.domain import GENDER_ZH
from samplegen.heldout import cards, foreign, letters
from samplegen.heldout.canvas import INK_BLACK, Color, Sheet
from samplegen.heldout.fill import Pen
from samplegen.heldout.forms import make_style, render_declaration
from samplegen.heldout.plan import PacketPlan, make_plan
from samplegen.heldout.proof_plans import DocPlan
from samplegen.heldout.scan import Damage, ScannedPage, scan
from samplegen.heldout.stamps import stamp
from samplegen.heldout.truth import build_truth
from samplegen.heldout.writers import write_file

FORM_INKS: dict[str, Color] = {"black": INK_BLACK, "red": (188, 44, 44), "red_brown": (150, 62, 44)}


@dataclass
class PageJob:
    """A page to draw: which documents it carries, how, and which file it goes into."""

    refs: list[str]
    sheet: Sheet
    damage: Damage
    container: str  # pages with the same container key share one multi-page file
    fmt: str
    name_hint: str = "scan"
    scanned: ScannedPage | None = None
    file: str = ""
    page_no: int = 1
    notes: dict[str, Any] = field(default_factory=dict)


def _damage(rng: random.Random, *, card: bool = False, allow_turn: bool = True) -> tuple[Damage, str]:
    """A damage profile and a file format that suits it."""
    profile = rng.choices(("flat", "heavy", "lowdpi", "gray", "bilevel", "phone"), (35, 14, 12, 14, 12, 9))[0]
    d = Damage(
        dpi=200,
        skew=rng.uniform(-1.5, 1.5),
        noise=rng.uniform(1.5, 4),
        blur=rng.uniform(0, 0.6),
        jpeg_quality=rng.randrange(70, 93),
        tint=(255, rng.randrange(246, 256), rng.randrange(236, 252)),
    )
    if card:
        d.dpi = rng.choice((200, 300))
        d.copier = True
        d.mode = "gray" if rng.random() < 0.6 else "rgb"
        profile = "card"
    if profile == "heavy":
        d.skew, d.blur, d.noise, d.jpeg_quality = (
            rng.uniform(-5, 5),
            rng.uniform(0.8, 1.4),
            rng.uniform(5, 9),
            rng.randrange(30, 51),
        )
    elif profile == "lowdpi":
        d.dpi, d.jpeg_quality = 150, rng.randrange(45, 71)
    elif profile == "gray":
        d.mode = "gray"
    elif profile == "bilevel":
        d.mode, d.blur, d.noise = "bilevel", rng.uniform(0.3, 0.8), rng.uniform(3, 6)
    elif profile == "phone":
        d.phone, d.shadow, d.skew, d.jpeg_quality = True, rng.uniform(0.15, 0.4), 0.0, rng.randrange(55, 86)
        d.dpi = 150
    if not d.phone and allow_turn and rng.random() < 0.18:
        d.quarter = rng.randrange(1, 4)
    if d.mode == "bilevel":
        fmt = "tif" if rng.random() < 0.8 else "png"
    elif d.phone:
        fmt = "jpg"
    else:
        fmt = rng.choices(("jpg", "png", "pdf", "tif"), (70, 10, 12, 8 if d.mode == "gray" else 0))[0]
    return d, fmt


def _pen(rng: random.Random) -> Pen | None:
    from samplegen.heldout.canvas import INK_BLUE, INK_BLUEBLACK

    if rng.random() < 0.5:
        return None
    return Pen(
        True, rng.choice((INK_BLUE, INK_BLUEBLACK, INK_BLACK)), rng.uniform(3.8, 4.4), rng, rng.uniform(-4, 4)
    )


def _letter_values(doc: DocPlan, plan: PacketPlan) -> letters.LetterValues:
    f, o = doc.fields, doc.options
    p = plan.person
    return letters.LetterValues(
        name=f.get("name", p.name),
        id_number=f.get("id_number", p.id_number),
        gender_zh=GENDER_ZH["male" if p.male else "female"],
        address=f.get("address", o.get("address")),
        issuer=f.get("issuer"),
        issue_date=dt.date.fromisoformat(f["issue_date"]) if f.get("issue_date") else None,
        referring_hospital=f.get("referring_hospital"),
        target_hospital=f.get("target_hospital"),
        reason=f.get("reason"),
        signer=o.get("signer", p.name),
        date=dt.date.fromisoformat(f["date"]) if f.get("date") else None,
        seal=o.get("seal"),
        diagnosis=o.get("diagnosis", ""),
    )


def _seal_look(v: letters.LetterValues, rng: random.Random) -> None:
    v.seal_ink = "red" if rng.random() < 0.75 else rng.choice(("blue", "purple", "black", "orange_red"))
    v.seal_shape = "round" if rng.random() < 0.8 else "oval"


def _card_faces(doc: DocPlan, plan: PacketPlan) -> list[cards.CardFace]:
    f, p = doc.fields, plan.person
    birth = dt.date.fromisoformat(f.get("birth_date", p.birth.isoformat()))
    birth_s = f"{birth.year}年{birth.month}月{birth.day}日"
    face = doc.options["face"]
    if face == "id":
        faces = [
            cards.CardFace(
                "id_front",
                doc.ref,
                {
                    "name": f["name"],
                    "gender": GENDER_ZH[f["gender"]],
                    "ethnicity": f["ethnicity"],
                    "birth": birth_s,
                    "address": f["address"],
                    "id_number": f["id_number"],
                },
            )
        ]
        if doc.options.get("back"):
            to = "长期" if f["valid_indefinitely"] else f["valid_to"].replace("-", ".")
            faces.append(
                cards.CardFace(
                    "id_back",
                    doc.ref,
                    {"issuer": f["issuer"], "valid": f"{f['valid_from'].replace('-', '.')}-{to}"},
                )
            )
        return faces
    if face == "permit":
        prov = (
            p.destination.name[: p.destination.name.index("省") + 1]
            if "省" in p.destination.name
            else p.destination.city
        )
        return [
            cards.CardFace(
                "permit",
                doc.ref,
                {
                    "title": f"{prov}居住证",
                    "name": f["name"],
                    "gender": GENDER_ZH["male" if p.male else "female"],
                    "birth": birth_s,
                    "address": f["address"],
                    "id_number": f["id_number"],
                    "issuer": f["issuer"],
                    "valid": f"{f['valid_from'].replace('-', '.')}-{f['valid_to'].replace('-', '.')}",
                },
            )
        ]
    return [
        cards.CardFace(
            "ssc",
            doc.ref,
            {
                "issuer": f["issuer"],
                "name": f["name"],
                "ssn": f["social_security_number"],
                "card_number": f["card_number"],
                "valid_to": (f.get("valid_to") or "").replace("-", "."),
                "issued": f"{plan.decl.signed_date.year - 3}年{plan.decl.signed_date.month:02d}月",
            },
        )
    ]


def draw_pages(plan: PacketPlan, rng: random.Random) -> list[PageJob]:
    """Every page of the packet, drawn clean, with its damage and container chosen."""
    jobs: list[PageJob] = []
    decl_bundle = rng.random() < 0.25  # declaration and the next page in one PDF
    pool: list[cards.CardFace] = []
    for doc in plan.docs:
        if doc.draw == "card":
            faces = _card_faces(doc, plan)
            if len(faces) == 2 and doc.options.get("split"):
                cont = f"split-{doc.ref}"
                fmt = rng.choice(("pdf", "tif"))
                for face in faces:
                    dmg, _ = _damage(rng, card=True, allow_turn=False)
                    dmg.mode = "gray" if fmt == "tif" else dmg.mode
                    sheet = cards.card_sheet([face], dmg.dpi, rng, rng.randrange(4))
                    jobs.append(PageJob([doc.ref], sheet, dmg, cont, fmt, "copy"))
            elif len(faces) == 2:
                dmg, fmt = _damage(rng, card=True)
                sheet = cards.card_sheet(faces, dmg.dpi, rng, rng.randrange(4))
                jobs.append(PageJob([doc.ref], sheet, dmg, f"single-{len(jobs)}", fmt, "copy"))
            else:
                pool.extend(faces)
            continue
        dmg, fmt = _damage(rng)
        sheet = Sheet(210, 297, dmg.dpi)
        if doc.draw == "declaration":
            province = (
                plan.person.insured.name.split("省")[0] + "省" if "省" in plan.person.insured.name else ""
            )
            ink = FORM_INKS[plan.variants["form_ink"]]
            style = make_style(
                plan.layout, province or plan.person.insured.city, plan.person.insured.city, rng, ink
            )
            plan.variants.update(
                {
                    "title": style.title,
                    "fill": "hand" if style.pen.hand else "typed",
                    "category_mark": style.mark,
                    "hospital_style": style.hospital_style,
                    "date_style": style.date_style,
                }
            )
            render_declaration(sheet, plan.decl, style, rng)
        elif doc.draw == "foreign":
            kind = doc.options["kind"]
            if kind == "invoice":
                foreign.invoice(sheet, doc.ref, rng, plan.person.destination.city)
            elif kind == "bank_slip":
                foreign.bank_slip(sheet, doc.ref, rng)
            else:
                foreign.blank_back(sheet, rng)
        else:
            v = _letter_values(doc, plan)
            _seal_look(v, rng)
            pen = _pen(rng)
            if doc.draw == "certificate":
                letters.residence_certificate(sheet, doc.ref, v, pen, rng, doc.options["kind"])
            elif doc.draw == "referral":
                letters.referral_certificate(sheet, doc.ref, v, pen, rng)
            elif doc.draw == "register":
                letters.household_register(sheet, doc.ref, v, rng)
            else:
                hand = pen or Pen(True, INK_BLACK, 4.0, rng)
                letters.statement(
                    sheet, doc.ref, v, hand, rng, "commitment" if doc.draw == "commitment" else "application"
                )
        cont = f"single-{len(jobs)}"
        if (doc.draw == "declaration" and decl_bundle) or (
            decl_bundle
            and jobs
            and jobs[-1].container == "bundle"
            and len([j for j in jobs if j.container == "bundle"]) == 1
        ):
            cont, fmt = "bundle", "pdf"
        if (
            dmg.mode == "bilevel"
            and jobs
            and jobs[-1].damage.mode == "bilevel"
            and jobs[-1].fmt == "tif"
            and fmt == "tif"
        ):
            cont = jobs[-1].container
        jobs.append(PageJob([doc.ref], sheet, dmg, cont, fmt, "IMG" if dmg.phone else "scan"))
    while pool:
        take = pool[:2] if len(pool) >= 2 and rng.random() < 0.6 else pool[:1]
        pool = pool[len(take) :]
        dmg, fmt = _damage(rng, card=True)
        sheet = cards.card_sheet(take, dmg.dpi, rng, rng.randrange(4))
        jobs.append(
            PageJob(
                sorted({f.doc for f in take}, key=[f.doc for f in take].index),
                sheet,
                dmg,
                f"single-{len(jobs)}",
                fmt,
                "copy",
            )
        )
    for job in jobs:  # window stamps on copies: "copy matches original"
        if job.name_hint == "copy" and rng.random() < 0.3:
            stamp(
                job.sheet,
                job.refs[0],
                rng.uniform(120, 170),
                rng.uniform(235, 265),
                shape="square",
                text="复印件与原件一致",
                ink=rng.choice(("red", "blue", "purple", "black")),
                role="unknown",
                rng=rng,
                size_mm=(44, 13),
                lines=("复印件与原件一致",),
            )
    order = list(range(len(jobs)))
    if rng.random() < 0.4:  # papers do not always arrive form first
        rng.shuffle(order)
    return [jobs[i] for i in order]


def bundle(jobs: list[PageJob], rng: random.Random, out: Path) -> list[dict[str, Any]]:
    """Scan every page and write files; set each job's file name and page number."""
    files: dict[str, list[PageJob]] = {}
    for job in jobs:
        files.setdefault(job.container, []).append(job)
    written = []
    for n, (_, group) in enumerate(files.items(), start=1):
        fmt = group[0].fmt
        if len(group) > 1 and fmt not in ("pdf", "tif"):
            fmt = "pdf"
        hint = group[0].name_hint
        name = (
            f"IMG_2025{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}_{rng.randrange(80000, 200000):06d}"
            f".{fmt}"
            if hint == "IMG" and fmt == "jpg" and len(group) == 1
            else f"{hint}_{n:02d}.{fmt}"
        )
        images = []
        for k, job in enumerate(group, start=1):
            job.scanned = scan(job.sheet, job.damage, rng)
            job.file, job.page_no = name, k
            if fmt == "tif" and job.scanned.image.mode == "RGB":
                job.scanned.image = job.scanned.image.convert("L")
                job.damage.mode = "gray"
            images.append(job.scanned.image)
            job.sheet.arr = job.sheet.arr[:1, :1]  # free the clean page
        d = group[0].damage
        write_file(out / name, images, d.dpi, d.jpeg_quality)
        written.append(
            {
                "file": name,
                "pages": [{"page": j.page_no, "documents": j.refs, **j.damage.describe()} for j in group],
            }
        )
    return written


def generate_packet(out: Path, index: int, seed: int) -> dict[str, Any]:
    """Write ``out/packet_NNN`` (deleted first) and return its manifest entry."""
    rng = random.Random(f"heldout:{seed}:{index}")
    folder = out / f"packet_{index:03d}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    plan = make_plan(index, rng)
    jobs = draw_pages(plan, rng)
    files = bundle(jobs, rng, folder)
    result, ids = build_truth(plan, jobs, f"p{index:03d}")
    text = json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    (folder / "truth.json").write_text(text, encoding="utf-8")
    return {
        "packet": folder.name,
        "category": plan.category,
        "layout": plan.layout,
        "variants": plan.variants,
        "defects": [
            {"defect": d, "document": ids.get(plan.rule_doc.get(d, "decl"), ids["decl"])}
            for d in plan.defects
        ],
        "expected": [f.status.value for f in result.filings],
        "documents": {ids[d.ref]: d.doc_type.value for d in plan.docs if d.ref in ids},
        "foreign": [ids[d.ref] for d in plan.docs if d.filing != "main" and d.ref in ids],
        "files": files,
    }
