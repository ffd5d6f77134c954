"""One packet: choose a category, a set of papers and (maybe) a defect; draw the form here and the
other papers through ``papers``.

Why: this is where the story of a packet is decided — which proofs come, what
is wrong with them, and which issues validation should then raise — so the
drawn pages and the expected verdict cannot drift apart.
"""

from __future__ import annotations

import random
from datetime import timedelta

from kernel.domain import DocType, FilingCategory
from kernel.refdata import hospitals, hospitals_in
from samplegen.window import forms
from samplegen.window.foreign import KINDS, foreign_page
from samplegen.window.model import make_filing
from samplegen.window.packet_model import Doc, Packet
from samplegen.window.papers import card_copies, proofs

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
    proofs(rng, pk, plan.end)
    card_copies(rng, pk)
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
