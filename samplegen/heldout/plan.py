"""What goes into one packet: the person, the category, the documents and their values.

Planning is separate from drawing so that truth (canonical values) and ink (display strings)
come from one decision; the defect plan bends exactly one value or one document per defect.
The declaration is planned here, the other documents in ``proof_plans``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from kernel import refdata
from kernel.domain import DocType
from kernel.domain import FilingCategory as C
from samplegen.heldout import people
from samplegen.heldout.defects import DEFECTS, applies, compatible
from samplegen.heldout.forms import Agent, DeclValues
from samplegen.heldout.idnum import break_check, make_id
from samplegen.heldout.proof_plans import (
    DocPlan,
    foreign_pages,
    identity_docs,
    mismatch,
    proof_plan,
    statement,
)

LAYOUTS = ("grid4", "vertical", "boxes", "lined")
CATEGORY_WEIGHTS = {
    C.RETIREE_RESETTLED: 3,
    C.LONG_TERM_RESIDENT: 3,
    C.STATIONED_WORKER: 2,
    C.REFERRAL: 2,
    C.EMERGENCY: 1,
    C.OTHER_TEMPORARY: 2,
}
REASONS = {
    C.RETIREE_RESETTLED: ("退休后随子女异地生活", "退休异地安置", "退休后回原籍居住"),
    C.LONG_TERM_RESIDENT: ("随子女长期在外地居住", "在就医地长期居住生活", "与父母在外地共同生活"),
    C.STATIONED_WORKER: ("单位派驻外地工作", "常驻异地工作", "受单位委派长期驻外"),
    C.REFERRAL: ("病情需要转往上级医院治疗", "经医院同意转外地诊治", "本地诊疗条件有限需转诊"),
    C.EMERGENCY: ("外出期间突发疾病急诊住院", "出差途中急诊抢救", "探亲期间急症住院"),
    C.OTHER_TEMPORARY: ("外出探亲期间临时就医", "临时外出需要就医", "外出旅游期间就诊"),
}


@dataclass
class PacketPlan:
    """Everything decided about one packet before any pixel is drawn."""

    index: int
    category: str
    layout: str
    person: people.Person
    decl: DeclValues
    docs: list[DocPlan]
    defects: list[str]
    rule_doc: dict[str, str]  # defect -> doc ref that carries it
    variants: dict[str, Any]


def _pick_defects(rng: random.Random, category: str, index: int) -> list[str]:
    if rng.random() < 0.75 and index % 5 != 3:
        return []
    names = [d for d in DEFECTS if applies(d, category)]
    chosen: list[str] = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        options = [d for d in names if compatible(chosen, d)]
        if options:
            chosen.append(rng.choice(options))
    return chosen


def make_plan(index: int, rng: random.Random) -> PacketPlan:
    """Decide the packet's category, defects, person, documents and their canonical values."""
    cats = list(CATEGORY_WEIGHTS)
    category = str(rng.choices(cats, weights=[CATEGORY_WEIGHTS[c] for c in cats])[0])
    layout = LAYOUTS[(index + rng.randrange(4)) % 4] if index > 4 else LAYOUTS[(index - 1) % 4]
    defects = _pick_defects(rng, category, index)
    dests = people.destination_regions(4 if "hospitals_too_many" in defects else 1)
    dest = rng.choice(dests)
    person = people.make_person(
        rng, retiree=category == C.RETIREE_RESETTLED, destination=dest, same_region="same_region" in defects
    )
    if "same_region" in defects:
        person.destination = people.street_address(dest, rng)
    if "checksum" in defects:
        person.id_number = break_check(person.id_number, rng)
    signed = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 290))
    start = signed + dt.timedelta(days=rng.randrange(1, 30))
    end: dt.date | None = start + dt.timedelta(days=rng.randrange(150, 740))
    if category in (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT) and rng.random() < 0.35:
        end = None
    if "end_before_start" in defects:
        end = start - dt.timedelta(days=rng.randrange(20, 200))
    hospitals = rng.sample(person.hospitals_all, rng.randint(1, min(3, len(person.hospitals_all))))
    if "hospitals_too_many" in defects:
        hospitals = rng.sample(person.hospitals_all, 4)
    if "hospitals_none" in defects:
        hospitals = []
    dest_r = (
        refdata.regions()[person.destination.code[:4] + "00"]
        if person.destination.code[:2] + "0000" not in refdata.MUNICIPALITIES
        else refdata.regions()[person.destination.code[:2] + "0000"]
    )
    split = (dest_r.province, dest_r.city) if dest_r.province != dest_r.city else None
    form_gender = (
        ("female" if person.male else "male")
        if "gender_mismatch" in defects
        else ("male" if person.male else "female")
    )
    phone = person.phone
    if "phone_invalid" in defects:
        phone = f"1{rng.choice('3458')}{rng.randrange(10**7, 10**8)}"  # ten digits
    agency_ink = "red" if rng.random() < 0.8 else rng.choice(("blue", "purple", "black"))
    receipt = None
    if rng.random() < 0.35:
        receipt = rng.choice(
            (
                (
                    "square",
                    f"{person.insured.city}医保经办中心|收件 {signed + dt.timedelta(days=1):%Y.%m.%d}",
                ),
                ("square", "已审核"),
                ("square", "复印件与原件一致"),
            )
        )
    agent = None
    if rng.random() < 0.3:
        am = rng.random() < 0.5
        abirth = dt.date(rng.randrange(1960, 2000), rng.randrange(1, 13), rng.randrange(1, 28))
        agent = Agent(
            people.person_name(am, rng),
            make_id(person.home.code, abirth, am, rng),
            people.phone_number(rng),
            rng.choice(("配偶", "子女", "父母", "同事")),
        )
    ssn = person.id_number if "checksum" not in defects and rng.random() < 0.85 else None
    decl = DeclValues(
        name=person.name,
        gender=form_gender,
        id_number=person.id_number,
        ssn=ssn,
        phone=phone,
        insured=person.insured.name,
        insurance=person.insurance,
        employer=person.employer if category == C.STATIONED_WORKER or rng.random() < 0.7 else None,
        category=category,
        destination=person.destination.name,
        dest_split=split if rng.random() < 0.5 else None,
        residence_address=person.destination.address,
        hospitals=hospitals,
        start=start,
        end=end,
        reason=rng.choice(REASONS[C(category)]),
        signed="signature_missing" not in defects,
        signer=person.name,
        signed_date=signed,
        agency=None
        if "agency_stamp_missing" in defects
        else rng.choice(("{c}医疗保障事务中心", "{c}医疗保险管理服务中心", "{c}社会保险事业管理局")).format(
            c=person.insured.city
        ),
        agency_ink=agency_ink,
        agency_shape="round" if rng.random() < 0.85 else "oval",
        receipt=receipt,
        agent=agent,
    )
    if category == C.STATIONED_WORKER and person.employer is None:
        person.employer = f"{person.insured.city[:-1]}{rng.choice(people.FIRMS)}有限公司"
        decl.employer = person.employer
        person.insurance = decl.insurance = "employee"
    docs: list[DocPlan] = [DocPlan("decl", DocType.DECLARATION_FORM, {}, "declaration")]
    rule_doc: dict[str, str] = {}
    proof = proof_plan(category, person, signed, start, defects, rng, rule_doc)
    if proof is not None:
        docs.append(proof)
    identity_docs(docs, person, signed, defects, rng, rule_doc, proof)
    if rng.random() < 0.3 and category in (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT, C.STATIONED_WORKER):
        docs.append(statement("app", DocType.WRITTEN_APPLICATION, person, signed, decl.reason, rng))
    for d in docs:
        if d.ref in ("decl",):
            continue
    mismatch(docs, defects, person, rng, rule_doc)
    rule_doc.setdefault("_decl", "decl")
    foreign_pages(docs, person, rng, index)
    variants = {
        "form_ink": rng.choice(("black",) * 6 + ("red", "red_brown")),
        "agent": agent is not None,
        "receipt_stamp": receipt[1].split("|")[0] if receipt else None,
        "agency_ink": agency_ink,
    }
    return PacketPlan(index, category, layout, person, decl, docs, defects, rule_doc, variants)
