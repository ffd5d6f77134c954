"""Draw each planned paper onto upright A4 sheets: which painter a recipe goes to, and which
cards share a copy sheet."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kernel import refdata
from samplegen.counter import cards, copysheet, foreign, forms, letters, register, stampkit
from samplegen.counter.canvas import Sheet
from samplegen.counter.formcells import FormSpec
from samplegen.counter.marks import DrawnDoc, Val
from samplegen.counter.people import Filing
from samplegen.counter.plantypes import FilingPlan, PacketPlan, Recipe


@dataclass
class Page:
    """An upright sheet and the parts of documents drawn on it."""

    sheet: Sheet
    parts: list[DrawnDoc]


def draw_packet(plan: PacketPlan, rng: random.Random) -> list[list[Page]]:
    """Pages grouped by paper: each inner list is one document's (or one shared sheet's) pages."""
    token = stampkit.INK_FLOOR.set({"bilevel": 0.8, "gray": 0.62}.get(plan.mode, 0.55))
    try:
        groups: list[list[Page]] = []
        for fp in plan.filings:
            groups += _filing_pages(plan, fp, rng)
        for r in plan.extras:
            groups.append(_extra_pages(plan, r, plan.filings[0].filing, rng))
        return groups
    finally:
        stampkit.INK_FLOOR.reset(token)


def _sheet(plan: PacketPlan, rng: random.Random) -> Sheet:
    tone = rng.choice(((255, 255, 255), (252, 251, 246), (250, 250, 250), (248, 246, 240)))
    return Sheet.a4(plan.dpi, rng, paper=tone)


def _filing_pages(plan: PacketPlan, fp: FilingPlan, rng: random.Random) -> list[list[Page]]:
    out: list[list[Page]] = []
    card_recipes = [r for r in fp.recipes if r.kind in ("id_card", "ssc", "permit")]
    for r in fp.recipes:
        if r.kind in ("id_card", "ssc", "permit"):
            continue
        out.append(_paper(plan, fp.filing, r, rng))
    out += _card_sheets(plan, fp.filing, card_recipes, rng)
    return out


def _one(sheet: Sheet, doc: DrawnDoc, key: str) -> list[Page]:
    doc.key = key
    return [Page(sheet, [doc])]


def _paper(plan: PacketPlan, f: Filing, r: Recipe, rng: random.Random) -> list[Page]:
    s = _sheet(plan, rng)
    d = r.data
    who = letters.Who(
        d.get("name", f.name), d.get("gender", f.person.gender), d.get("id", f.person.id_number)
    )
    if r.kind == "form":
        spec = FormSpec(
            filing=f,
            agent=d["agent"],
            agent_relation=f.extras.get("agent_relation", ""),
            stamp=d["stamp"],
            receipt_over_seal=d["receipt"],
            name_seal=d["name_seal"],
            unit_seal=d["unit_seal"] and d["stamp"],
        )
        return _one(s, forms.draw(s, spec, rng), r.key)
    if r.kind == "res_cert":
        doc = letters.residence_certificate(
            s, rng, who, d["address"], d["issuer"], d["issued"], d["since"], d["stamped"]
        )
    elif r.kind == "work_cert":
        doc = letters.work_certificate(
            s,
            rng,
            who,
            d["employer"],
            f.destination.name,
            d["address"],
            d["issued"],
            d["since"],
            d["stamped"],
        )
    elif r.kind == "referral":
        doc = letters.referral_certificate(
            s, rng, who, d["age"], d["referring"], d["target"], d["diagnosis"], d["issued"], d["stamped"]
        )
    elif r.kind == "commitment":
        doc = letters.personal_commitment(
            s, rng, who, f.insured.name, f.destination.name, f.reason, f.signed_date
        )
    elif r.kind == "application":
        doc = letters.written_application(s, rng, who, f.agency, f.reason, f.destination.name, f.signed_date)
    elif r.kind == "register":
        head = who.name if rng.random() < 0.5 else f.person.name[0] + rng.choice("建国志明秀英")
        doc = register.household_register(
            s,
            rng,
            who.name,
            who.gender,
            f.person.ethnicity,
            f.person.birth,
            who.id_number,
            d["address"],
            d["issuer"],
            d["registered"],
            head,
        )
    else:
        raise ValueError(r.kind)
    return _one(s, doc, r.key)


def _faces(r: Recipe, k: float, rng: random.Random) -> list[copysheet.CardItem]:
    d = r.data
    if r.kind == "id_card":
        items = [
            copysheet.CardItem(
                r.key,
                "id_card",
                cards.id_front(
                    d["name"], d["gender"], d["ethnicity"], d["birth"], d["address"], d["id"], k, rng
                ),
                "身份证正面（人像面）",
            )
        ]
        if d["sides"] != "front":
            back = cards.id_back(d["issuer"], d["valid_from"], d["valid_to"], k, rng)
            items.append(copysheet.CardItem(r.key, "id_card", back, "身份证反面（国徽面）"))
        else:  # no back copied: the back's fields are not on paper
            for key in ("issuer", "valid_from", "valid_to", "valid_indefinitely"):
                items[0].face.fields.setdefault(key, Val(None, None))
        return items
    if r.kind == "ssc":
        face = cards.social_security(
            d["name"], d["ssn"], d["card_number"], d["issuer"], d["issued"], d["valid_to"], d["bank"], k, rng
        )
        return [copysheet.CardItem(r.key, "social_security_card", face, "社会保障卡")]
    face = cards.residence_permit(
        d["province"],
        d["name"],
        d["gender"],
        d["birth"],
        d["id"],
        d["address"],
        d["issuer"],
        d["valid_from"],
        d["valid_to"],
        k,
        rng,
    )
    return [copysheet.CardItem(r.key, "residence_permit", face, "居住证")]


def _card_sheets(plan: PacketPlan, f: Filing, recipes: list[Recipe], rng: random.Random) -> list[list[Page]]:
    if not recipes:
        return []
    k = plan.dpi / 25.4 * 2.0
    for r in recipes:
        if r.kind == "permit":
            r.data.setdefault("birth", f.person.birth)
    queue = [(r, _faces(r, k, rng)) for r in recipes]
    groups: list[list[Page]] = []
    window = rng.random() < 0.65
    officer = rng.choice("王李张刘陈杨") + rng.choice("丽敏静强伟娜")
    pending: list[copysheet.CardItem] = []
    for r, items in queue:
        if r.kind == "id_card" and r.data["sides"] == "split":
            # front and back on two sheets: one document over two pages
            pages = []
            for item in items:
                s = _sheet(plan, rng)
                parts = copysheet.lay_cards(
                    s, [item], rng, plan.mode == "color" and rng.random() < 0.3, window, f.agency, officer
                )
                pages.append(Page(s, parts))
            groups.append(pages)
            continue
        if pending and len(pending) + len(items) <= 3 and rng.random() < 0.5:
            pending += items
        else:
            if pending:
                groups.append(_copy_page(plan, pending, rng, window, f.agency, officer))
            pending = list(items)
    if pending:
        groups.append(_copy_page(plan, pending, rng, window, f.agency, officer))
    return groups


def _copy_page(
    plan: PacketPlan,
    items: list[copysheet.CardItem],
    rng: random.Random,
    window: bool,
    agency: str,
    officer: str,
) -> list[Page]:
    s = _sheet(plan, rng)
    parts = copysheet.lay_cards(
        s,
        items,
        rng,
        plan.mode == "color" and rng.random() < 0.3,
        window and rng.random() < 0.85,
        agency,
        officer,
    )
    return [Page(s, parts)]


def _extra_pages(plan: PacketPlan, r: Recipe, f: Filing, rng: random.Random) -> list[Page]:
    s = _sheet(plan, rng)
    d = r.data
    if r.kind == "id_card":
        k = plan.dpi / 25.4 * 2.0
        parts = copysheet.lay_cards(s, _faces(r, k, rng), rng, False, rng.random() < 0.5, f.agency, "王敏")
        return [Page(s, parts)]
    if r.kind == "receipt":
        hospitals = refdata.hospitals_in(f.destination.code) or ["人民医院"]
        doc = foreign.receipt(s, rng, d["payer"], rng.choice(hospitals), d["day"])
    elif r.kind == "bank":
        doc = foreign.bank_slip(s, rng, d["payer"], d["day"])
    else:
        street = f.destination.city + rng.choice(("新华", "人民", "解放", "和平", "光明")) + "街道办事处"
        org = rng.choice((f.insured.city + "人力资源和社会保障局", f.insured.city + "卫生健康委员会", street))
        doc = foreign.notice(s, rng, org, d["day"], d["sealed"])
    return _one(s, doc, r.key)
