"""The papers beside the declaration: proofs of residence, certificates, statements, the residence
permit, card copies and the copy-verified stamps on them, each drawn for the packet's person (or
for another person where the packet's defect says so).

Why apart from ``packet``: that module decides the story (category, defects, expected issues);
this one draws what the story says the applicant brought.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from kernel.domain import DocType, FilingCategory
from kernel.refdata import hospitals_in
from samplegen.window import cards, copies, letters
from samplegen.window.canvas import Page
from samplegen.window.model import Filing, Person, make_person, person_name
from samplegen.window.packet_model import Doc, Packet
from samplegen.window.stamps import press

BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "邮储银行")


def _other(rng: random.Random, f: Filing) -> Person:
    p = make_person(rng, f.insured, 20, 80)
    while p.name[0] == f.person.name[0] or len(set(p.name) & set(f.person.name)) > 0:
        p.name = person_name(rng)
    return p


def _proof_person(rng: random.Random, pk: Packet, doc_key: str) -> Person:
    """The person a proof shows: the applicant, or someone else when a mismatch defect targets it."""
    f = pk.filing
    p = f.person
    if pk.mismatch_doc is not None or not set(pk.defects) & {
        "name_mismatch",
        "id_mismatch",
        "other_person_proof",
    }:
        return p
    pk.mismatch_doc = doc_key
    other = _other(rng, f)
    if "name_mismatch" in pk.defects:
        return replace(p, name=other.name)
    if "id_mismatch" in pk.defects:
        return replace(
            p, id_number=other.id_number, birth=other.birth, division=other.division, gender=other.gender
        )
    return other


def proofs(rng: random.Random, pk: Packet, end: date) -> None:
    f = pk.filing
    cat = f.category
    missing = "missing_proof" in pk.defects
    unstamped = "unstamped_certificate" in pk.defects
    issued = f.signed - timedelta(days=rng.randint(1, 40))
    if cat in (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT):
        if missing:
            pk.issues.append(("residence_proof_missing", None, None, {}))
            if rng.random() < 0.5:
                _statement(rng, pk, "application")
            return
        shanxi = f.insured.code.startswith("14")
        options = ["register", "permit", "police", "committee"] + ([] if shanxi else ["commitment"])
        if "expired_permit" in pk.defects:
            options = ["permit"]
        if unstamped:
            options = ["police", "committee"]
        choice = rng.choice(options)
        if choice == "register":
            p = _proof_person(rng, pk, "household_register")
            pk.docs.append(
                Doc(
                    "household_register",
                    DocType.HOUSEHOLD_REGISTER,
                    [letters.household_register(rng, f, p)],
                    "register:card",
                )
            )
        elif choice == "permit":
            _permit(rng, pk)
        elif choice == "commitment":
            _statement(rng, pk, "commitment")
        else:
            _certificate(rng, pk, choice, issued, not unstamped)
        if rng.random() < 0.3 and choice != "commitment":
            _statement(rng, pk, "application")
    elif cat == FilingCategory.STATIONED_WORKER:
        if missing:
            pk.issues.append(("employer_certificate_missing", None, None, {}))
            return
        _certificate(rng, pk, "unit", issued, not unstamped)
    elif cat == FilingCategory.REFERRAL:
        if missing:
            pk.issues.append(("referral_certificate_missing", None, None, {}))
            return
        p = _proof_person(rng, pk, "referral")
        ins = f.insured
        local = hospitals_in(ins.code)
        city = ins.city if ins.city != ins.province else ins.province
        referring = (
            rng.choice(local)
            if local
            else rng.choice([f"{city}第一人民医院", f"{city}中心医院", f"{city}人民医院", f"{city}中医医院"])
        )
        target = f.hospitals[0] if f.hospitals else hospitals_in(f.destination.code)[0]
        fp = replace(f, person=p)
        page = letters.referral(rng, fp, issued, not unstamped, referring, target)
        pk.docs.append(Doc("referral", DocType.REFERRAL_CERTIFICATE, [page], "referral:letterhead"))
        if unstamped:
            pk.issues.append(
                (
                    "certificate_unstamped",
                    None,
                    "referral",
                    {"doc": "转诊证明", "doc_en": "referral certificate"},
                )
            )
    elif cat == FilingCategory.OTHER_TEMPORARY:
        if missing:
            pk.issues.append(("commitment_missing", None, None, {}))
            return
        _statement(rng, pk, "commitment")
    elif rng.random() < 0.4:  # emergency: a written application at most
        _statement(rng, pk, "application")


def _certificate(rng: random.Random, pk: Packet, kind: str, issued: date, stamped: bool) -> None:
    f = pk.filing
    p = _proof_person(rng, pk, "residence_certificate")
    issuer = {"police": letters.police_station(rng, f), "committee": letters.committee(rng, f)}.get(
        kind, f.employer or f"{f.destination.city}某某有限公司"
    )
    page = letters.residence_certificate(rng, f, kind, issuer, issued, stamped, p)
    pk.docs.append(Doc("residence_certificate", DocType.RESIDENCE_CERTIFICATE, [page], f"certificate:{kind}"))
    if not stamped:
        pk.issues.append(
            (
                "certificate_unstamped",
                None,
                "residence_certificate",
                {"doc": "居住证明", "doc_en": "residence certificate"},
            )
        )


def _statement(rng: random.Random, pk: Packet, kind: str) -> None:
    f = pk.filing
    p = _proof_person(rng, pk, kind) if kind == "commitment" else f.person
    fp = replace(f, person=p)
    when = f.signed - timedelta(days=rng.randint(0, 5))
    dt = DocType.PERSONAL_COMMITMENT if kind == "commitment" else DocType.WRITTEN_APPLICATION
    pk.docs.append(Doc(kind, dt, [letters.statement(rng, fp, kind, when)], f"statement:{kind}"))


def _permit(rng: random.Random, pk: Packet) -> None:
    """A residence permit card copy (the destination's), valid on the start date unless expired."""
    f = pk.filing
    p = _proof_person(rng, pk, "residence_permit")
    if "expired_permit" in pk.defects:
        vt = f.start - timedelta(days=rng.randint(10, 300))
        vf = vt - timedelta(days=365)
        pk.issues.append(
            (
                "residence_permit_expired",
                "valid_to",
                "residence_permit",
                {"start": f.start.isoformat(), "valid_to": vt.isoformat()},
            )
        )
    else:
        vf = f.start - timedelta(days=rng.randint(30, 300))
        vt = vf + timedelta(days=rng.choice([365, 730, 1095]))
        if vt <= f.start:
            vt = f.start + timedelta(days=200)
    county = letters._county(f.residence_address, f.destination.city)
    city = f.destination.city if f.destination.city != f.destination.province else ""
    issuer = f"{city}公安局{county.removesuffix('区')}分局"
    card = cards.residence_card(rng, p, f.destination, f.residence_address, issuer, vf, vt)
    sheet = copies.copy_sheet(rng, [card], [""], gray=rng.random() < 0.7)
    _copy_stamp(rng, sheet)
    pk.docs.append(Doc("residence_permit", DocType.RESIDENCE_PERMIT, [sheet], "permit:card_copy"))


def _copy_stamp(rng: random.Random, sheet: Page) -> None:
    """Sometimes a '复印件与原件一致' stamp (rectangular) and a signature on a copy sheet."""
    if rng.random() < 0.35:
        W, H = sheet.size
        press(
            sheet,
            rng,
            (W * rng.uniform(0.55, 0.75), H * rng.uniform(0.82, 0.9)),
            "square",
            "复印件与原件一致",
            rng.choice(["", "经办人："]),
            rng.choice(["red", "blue", "purple", "black"]),
            "unknown",
            size_mm=rng.uniform(40, 55),
        )


def card_copies(rng: random.Random, pk: Packet) -> None:
    """ID card copy (front and back) and/or social security card copy; sometimes on one sheet."""
    f = pk.filing
    want_id = rng.random() < 0.75
    want_ss = rng.random() < 0.5
    if not (want_id or want_ss):
        return
    gray = rng.random() < 0.7
    p = f.person
    age = 2026 - p.birth.year
    vf = date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28))
    span = 10 if age < 26 else 20 if age < 46 else 0
    vt = None if span == 0 else date(vf.year + span, vf.month, vf.day)
    if vt is not None and vt < date(2026, 1, 1):
        vf, vt = date(vt.year, vf.month, vf.day), date(vt.year + span, vf.month, vf.day)
    sheets: list[tuple[list[Page], list[str], list[str]]] = []
    if want_id:
        idp = _proof_person(rng, pk, "id_card") if rng.random() < 0.5 else p
        front, back = cards.id_front(rng, idp), cards.id_back(rng, idp, vf, vt)
        if rng.random() < 0.2 and not want_ss:  # front and back copied on two sheets: one 2-page document
            sheets.append(([front], [""], ["id_front_page"]))
            sheets.append(([back], [""], ["id_back_page"]))
        else:
            sheets.append(([front, back], ["", ""], ["id_card", "id_card"]))
    if want_ss:
        issued = date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28))
        valid = date(issued.year + 10, issued.month, issued.day) if rng.random() < 0.5 else None
        ss = cards.ss_card(rng, p, f.insured, issued, valid, rng.choice(BANKS))
        if want_id and rng.random() < 0.3:
            sheets[0] = ([sheets[0][0][0], ss], ["", "ss:"], ["id_card", "social_security_card"])
            back_only = cards.id_back(rng, p, vf, vt)
            sheets.append(([back_only], [""], ["id_card_back"]))
        else:
            sheets.append(([ss], [""], ["social_security_card"]))
    front_page: Page | None = None
    for cards_, prefixes, keys in sheets:
        sheet = copies.copy_sheet(rng, cards_, prefixes, gray)
        _copy_stamp(rng, sheet)
        if keys == ["id_front_page"]:
            front_page = sheet
        elif keys == ["id_back_page"] and front_page is not None:
            pk.docs.append(
                Doc("id_card", DocType.ID_CARD, [front_page, sheet], "cards:id_front|id_back (2 pages)")
            )
        elif "social_security_card" in keys and "id_card" in keys:
            pk.docs.append(Doc("id_card", DocType.ID_CARD, [sheet], "cards:id_front+ss"))
            pk.docs.append(
                Doc(
                    "social_security_card",
                    DocType.SOCIAL_SECURITY_CARD,
                    [sheet],
                    "cards:id_front+ss",
                    shares_page_with="id_card",
                )
            )
        elif keys == ["id_card_back"]:
            pk.docs.append(Doc("id_card_back", DocType.ID_CARD, [sheet], "cards:id_back"))
        elif keys[0] == "id_card":
            # front and back on one sheet: the front's fields win over the back's empty ones
            pk.docs.append(Doc("id_card", DocType.ID_CARD, [sheet], "cards:id_front+back"))
        else:
            pk.docs.append(Doc("social_security_card", DocType.SOCIAL_SECURITY_CARD, [sheet], "cards:ss"))
