"""One packet: choose a category, a set of papers and (maybe) a defect; draw every document.

Why: this is where the story of a packet is decided — which proofs come, what
is wrong with them, and which issues validation should then raise — so the
drawn pages and the expected verdict cannot drift apart.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kernel.domain import DocType, FilingCategory
from kernel.refdata import hospitals, hospitals_in
from kernel.schema import Issue
from samplegen.window import cards, copies, forms, letters
from samplegen.window.canvas import Page
from samplegen.window.foreign import KINDS, foreign_page
from samplegen.window.model import Filing, Person, make_filing, make_person, person_name
from samplegen.window.stamps import press
from validate.codes import make_issue

DEFECTS = (
    "missing_proof",
    "name_mismatch",
    "id_mismatch",
    "other_person_proof",
    "bad_check_digit",
    "expired_permit",
    "no_agency_stamp",
    "unstamped_certificate",
    "too_many_hospitals",
    "no_hospitals",
    "end_before_start",
    "no_signature",
)
CATEGORY_WEIGHTS = {
    FilingCategory.RETIREE_RESETTLED: 3,
    FilingCategory.LONG_TERM_RESIDENT: 3,
    FilingCategory.STATIONED_WORKER: 2,
    FilingCategory.REFERRAL: 2,
    FilingCategory.EMERGENCY: 1,
    FilingCategory.OTHER_TEMPORARY: 1,
}
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "邮储银行")


@dataclass
class Doc:
    """A document of the packet: its type, drawn pages, and how it was made (for the manifest)."""

    key: str
    doc_type: DocType
    pages: list[Page]
    variant: str
    in_filing: bool = True
    shares_page_with: str | None = None  # cards sharing one copy sheet


@dataclass
class Packet:
    filing: Filing
    docs: list[Doc]
    defects: list[str]
    issues: list[tuple[str, str | None, str | None, dict[str, object]]] = field(default_factory=list)
    mismatch_doc: str | None = None  # the proof that shows another name or number

    def issue_objects(self, ids: dict[str, str]) -> list[Issue]:
        return [
            make_issue(code, field=fld, document=ids.get(doc) if doc else None, **params)
            for code, fld, doc, params in self.issues
        ]


def _pick_category(rng: random.Random) -> FilingCategory:
    cats = list(CATEGORY_WEIGHTS)
    return rng.choices(cats, weights=[CATEGORY_WEIGHTS[c] for c in cats])[0]


def _applicable(defect: str, cat: FilingCategory) -> bool:
    if defect == "missing_proof":
        return cat != FilingCategory.EMERGENCY
    if defect in ("expired_permit",):
        return cat in (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT)
    if defect == "unstamped_certificate":
        return cat in (
            FilingCategory.RETIREE_RESETTLED,
            FilingCategory.LONG_TERM_RESIDENT,
            FilingCategory.STATIONED_WORKER,
            FilingCategory.REFERRAL,
        )
    return True


def build(rng: random.Random) -> Packet:
    """Decide and draw one packet."""
    cat = _pick_category(rng)
    defects: list[str] = []
    if rng.random() < 0.5:
        choices = [d for d in DEFECTS if _applicable(d, cat)]
        defects.append(rng.choice(choices))
        if rng.random() < 0.15:
            second = rng.choice(
                [d for d in choices if d not in defects and d not in ("missing_proof", "other_person_proof")]
            )
            if not (
                second in ("id_mismatch", "bad_check_digit", "name_mismatch")
                and set(defects) & {"id_mismatch", "bad_check_digit", "name_mismatch"}
            ):
                defects.append(second)
    f = make_filing(rng, cat)
    if "too_many_hospitals" in defects:
        while len([h for h in hospitals() if h.city_code == f.destination.code]) < 4:
            f = make_filing(rng, cat)
    pk = Packet(f, [], defects)
    hs = list(f.hospitals)
    if "too_many_hospitals" in defects:
        hs = rng.sample(hospitals_in(f.destination.code), 4)
        f.hospitals = hs
        pk.issues.append(("hospitals_too_many", "hospitals", None, {"count": 4, "max": 3}))
    if "no_hospitals" in defects:
        hs = []
        first = hospitals_in(f.destination.code)[0]
        f.hospitals = []
        pk.issues.append(("hospitals_defaulted", "hospitals", None, {"hospital": first}))
    end = f.end
    if "end_before_start" in defects:
        end = f.start - timedelta(days=rng.choice([1, 30, 365]))
        pk.issues.append(
            ("end_before_start", "end_date", "form", {"end": end.isoformat(), "start": f.start.isoformat()})
        )
    if "bad_check_digit" in defects:
        from samplegen.window import idnum

        f.form_id_number = idnum.transpose_sequence(f.person.id_number)
        pk.issues.append(("id_number_checksum", "id_number", "form", {}))
    plan = forms.plan_form(rng, f, hs, end)
    if "bad_check_digit" in defects:
        plan.with_ssn = False  # keep the slip in one field
    plan.signature = "no_signature" not in defects
    if not plan.signature:
        pk.issues.append(("signature_missing", "applicant_signature", "form", {}))
    plan.stamp = "no_agency_stamp" not in defects
    if not plan.stamp:
        pk.issues.append(("agency_stamp_missing", "agency_stamp", "form", {}))
    pk.docs.append(
        Doc(
            "form",
            DocType.DECLARATION_FORM,
            [forms.draw_form(rng, plan)],
            f"form:{plan.layout}/{plan.pairs}col/{plan.category_mode}/{plan.hospital_mode}/"
            + ("hand" if plan.handwritten else "typed")
            + ("/idboxes" if plan.id_boxes else "")
            + ("/period" if plan.period_row else ""),
        )
    )
    _proofs(rng, pk, plan.end)
    _cards(rng, pk)
    if rng.random() < 0.3:
        kind = rng.choice(KINDS)
        pk.docs.append(
            Doc(
                f"foreign_{kind}",
                DocType.UNKNOWN,
                [foreign_page(rng, kind)],
                f"foreign:{kind}",
                in_filing=False,
            )
        )
    _mismatch_issues(pk)
    return pk


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


def _proofs(rng: random.Random, pk: Packet, end: date) -> None:
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


def _cards(rng: random.Random, pk: Packet) -> None:
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


def _mismatch_issues(pk: Packet) -> None:
    """Issues for the proof that shows another name or number, and for the form's broken check digit."""
    target = pk.mismatch_doc
    f = pk.filing
    zh = {
        "id_card": ("居民身份证", "ID card"),
        "residence_certificate": ("居住证明", "residence certificate"),
        "household_register": ("户口簿", "household register"),
        "residence_permit": ("居住证", "residence permit"),
        "referral": ("转诊证明", "referral certificate"),
        "commitment": ("个人承诺书", "personal commitment"),
    }
    if target is None and set(pk.defects) & {"name_mismatch", "id_mismatch", "other_person_proof"}:
        # nothing carried another person: fall back to a clean packet
        pk.defects = [
            d for d in pk.defects if d not in ("name_mismatch", "id_mismatch", "other_person_proof")
        ]
    if target is not None:
        doc = next(d for d in pk.docs if d.key == target)
        fields = doc.pages[0].fields
        doc_zh, doc_en = zh.get(target, (target, target))
        if "name" in fields and fields["name"][0] != f.person.name:
            pk.issues.append(
                (
                    "name_mismatch",
                    "name",
                    target,
                    {"doc": doc_zh, "doc_en": doc_en, "found": fields["name"][0], "expected": f.person.name},
                )
            )
        if "id_number" in fields and fields["id_number"][0] != f.form_id_number:
            pk.issues.append(("id_number_mismatch", "id_number", target, {"doc": doc_zh, "doc_en": doc_en}))
    if "bad_check_digit" in pk.defects:
        for d in pk.docs:
            if d.in_filing and d.key != "form" and "id_number" in d.pages[0].fields and d.key != target:
                doc_zh, doc_en = zh.get(d.key, (d.key, d.key))
                pk.issues.append(
                    ("id_number_mismatch", "id_number", d.key, {"doc": doc_zh, "doc_en": doc_en})
                )
