"""What goes into one packet: the person, the category, the documents and their values.

Planning is separate from drawing so that truth (canonical values) and ink (display strings)
come from one decision; the defect plan bends exactly one value or one document per defect.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from kernel import refdata
from kernel.domain import GENDER_ZH, DocType
from kernel.domain import FilingCategory as C
from samplegen.heldout import people
from samplegen.heldout.defects import DEFECTS, applies, compatible
from samplegen.heldout.forms import Agent, DeclValues
from samplegen.heldout.idnum import break_check, check_digit, make_id

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
class DocPlan:
    """A document of the packet: its type, canonical truth values and how it is drawn."""

    ref: str
    doc_type: DocType
    fields: dict[str, Any]
    draw: str  # declaration | card | certificate | referral | commitment | application | register | foreign
    options: dict[str, Any] = field(default_factory=dict)
    filing: str = "main"  # main | other | none


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


def _other_id(number: str, rng: random.Random) -> str:
    """A different valid number of the same birth date and sex: two order digits changed."""
    a = (int(number[14]) + rng.randrange(2, 8)) % 10
    b = (int(number[15]) + rng.randrange(3, 7)) % 10
    first17 = number[:14] + f"{a}{b}" + number[16]
    return first17 + check_digit(first17)


def _id_card_valid(birth: dt.date, rng: random.Random, ref: dt.date) -> tuple[dt.date, dt.date | None]:
    issued = ref - dt.timedelta(days=rng.randrange(200, 3000))
    age = (issued - birth).days // 365
    if age >= 46:
        return issued, None
    years = 5 if age < 16 else 10 if age < 26 else 20
    try:
        return issued, issued.replace(year=issued.year + years)
    except ValueError:
        return issued, issued.replace(year=issued.year + years, day=28)


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
    proof = _proof_plan(category, person, signed, start, defects, rng, rule_doc)
    if proof is not None:
        docs.append(proof)
    _identity_docs(docs, person, signed, defects, rng, rule_doc, proof)
    if rng.random() < 0.3 and category in (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT, C.STATIONED_WORKER):
        docs.append(_statement("app", DocType.WRITTEN_APPLICATION, person, signed, decl.reason, rng))
    for d in docs:
        if d.ref in ("decl",):
            continue
    _mismatch(docs, defects, person, rng, rule_doc)
    rule_doc.setdefault("_decl", "decl")
    _foreign(docs, person, rng, index)
    variants = {
        "form_ink": rng.choice(("black",) * 6 + ("red", "red_brown")),
        "agent": agent is not None,
        "receipt_stamp": receipt[1].split("|")[0] if receipt else None,
        "agency_ink": agency_ink,
    }
    return PacketPlan(index, category, layout, person, decl, docs, defects, rule_doc, variants)


def _proof_plan(
    category: str,
    p: people.Person,
    signed: dt.date,
    start: dt.date,
    defects: list[str],
    rng: random.Random,
    rule_doc: dict[str, str],
) -> DocPlan | None:
    if category == C.EMERGENCY or "missing_proof" in defects:
        if "missing_proof" in defects:
            rule_doc["missing_proof"] = "decl"
        return None
    issue = signed - dt.timedelta(days=rng.randrange(1, 40))
    address = p.home.address if "address_outside" in defects else p.destination.address
    if category == C.REFERRAL:
        target = rng.choice(p.hospitals_all)
        referring = f"{p.insured.city}{rng.choice(('第一人民医院', '中心医院', '人民医院', '第二人民医院'))}"
        return DocPlan(
            "proof",
            DocType.REFERRAL_CERTIFICATE,
            {
                "name": p.name,
                "id_number": p.id_number,
                "referring_hospital": referring,
                "target_hospital": target,
                "issue_date": issue.isoformat(),
            },
            "referral",
            {
                "seal": referring,
                "diagnosis": rng.choice(("冠状动脉粥样硬化性心脏病", "肺部占位性病变", "慢性肾功能不全")),
            },
        )
    if category == C.OTHER_TEMPORARY:
        return _statement("proof", DocType.PERSONAL_COMMITMENT, p, signed, None, rng)
    kinds = ["certificate"] if category == C.STATIONED_WORKER else ["certificate", "register", "permit"]
    if "permit_expired" in defects:
        kinds = ["permit"]
    if "certificate_unstamped" in defects:
        kinds = ["certificate"]
    kind = rng.choice(kinds)
    for d in ("permit_expired", "certificate_unstamped", "address_outside"):
        if d in defects:
            rule_doc[d] = "proof"
    dist = p.destination.district
    city = p.destination.city
    if kind == "permit":
        frm = start - dt.timedelta(days=rng.randrange(60, 700))
        to = frm.replace(year=frm.year + rng.choice((1, 2, 3)), day=min(frm.day, 28))
        if to <= start + dt.timedelta(days=30):
            to = to.replace(year=start.year + 2)
        if "permit_expired" in defects:
            to = start - dt.timedelta(days=rng.randrange(10, 200))
            frm = to.replace(year=to.year - 1, day=min(to.day, 28))
        return DocPlan(
            "proof",
            DocType.RESIDENCE_PERMIT,
            {
                "name": p.name,
                "id_number": p.id_number,
                "address": address,
                "issuer": f"{city}公安局{dist}分局",
                "valid_from": frm.isoformat(),
                "valid_to": to.isoformat(),
            },
            "card",
            {"face": "permit"},
        )
    if kind == "register":
        issuer = f"{city}公安局{dist}分局"
        return DocPlan(
            "proof",
            DocType.HOUSEHOLD_REGISTER,
            {"name": p.name, "id_number": p.id_number, "address": address, "issuer": issuer},
            "register",
            {"seal": issuer},
        )
    if category == C.STATIONED_WORKER:
        sub, issuer = "unit", p.employer or ""
    elif rng.random() < 0.5:
        sub, issuer = (
            "police",
            f"{city}公安局{dist}分局{rng.choice(('城关', '新华', '和平', '东关', '北街'))}派出所",
        )
    else:
        sub = "community"
        street = rng.choice(("东风", "胜利", "朝阳", "迎泽"))
        issuer = f"{dist}{street}街道{rng.choice(('和平', '幸福', '光明'))}社区居民委员会"
    return DocPlan(
        "proof",
        DocType.RESIDENCE_CERTIFICATE,
        {
            "name": p.name,
            "id_number": p.id_number,
            "address": address,
            "issuer": issuer,
            "issue_date": issue.isoformat(),
        },
        "certificate",
        {"kind": sub, "seal": None if "certificate_unstamped" in defects else issuer},
    )


def _statement(
    ref: str, doc_type: DocType, p: people.Person, signed: dt.date, reason: str | None, rng: random.Random
) -> DocPlan:
    fields: dict[str, Any] = {"name": p.name, "id_number": p.id_number}
    if doc_type == DocType.WRITTEN_APPLICATION:
        fields["reason"] = reason
    fields["signature"] = True
    fields["date"] = signed.isoformat()
    return DocPlan(
        ref,
        doc_type,
        fields,
        "application" if doc_type == DocType.WRITTEN_APPLICATION else "commitment",
        {"address": p.destination.address},
    )


def _identity_docs(
    docs: list[DocPlan],
    p: people.Person,
    signed: dt.date,
    defects: list[str],
    rng: random.Random,
    rule_doc: dict[str, str],
    proof: DocPlan | None,
) -> None:
    """ID card and social-security card copies (never with a broken check digit: cards are real)."""
    if "checksum" in defects:
        return
    if rng.random() < 0.7:
        issued, valid_to = _id_card_valid(p.birth, rng, signed)
        addr = (
            proof.fields["address"]
            if proof is not None
            and proof.doc_type == DocType.HOUSEHOLD_REGISTER
            and "address_outside" not in defects
            else p.home.address
        )
        back = rng.random() < 0.8
        fields: dict[str, Any] = {
            "name": p.name,
            "gender": "male" if p.male else "female",
            "ethnicity": p.ethnicity,
            "birth_date": p.birth.isoformat(),
            "address": addr,
            "id_number": p.id_number,
        }
        if back:
            fields.update(
                {
                    "issuer": f"{p.home.city}公安局{p.home.district}分局"
                    if p.home.city != p.home.name
                    else f"{p.home.name}公安局{p.home.district}分局",
                    "valid_from": issued.isoformat(),
                    "valid_to": valid_to.isoformat() if valid_to else None,
                    "valid_indefinitely": valid_to is None,
                }
            )
        docs.append(
            DocPlan(
                "idc",
                DocType.ID_CARD,
                fields,
                "card",
                {"face": "id", "back": back, "split": back and rng.random() < 0.3},
            )
        )
    if rng.random() < 0.45:
        valid = rng.random() < 0.4
        fields = {
            "name": p.name,
            "social_security_number": p.id_number,
            "card_number": p.card_number,
            "issuer": p.insured.name,
        }
        if valid:
            fields["valid_to"] = signed.replace(
                year=signed.year + rng.randrange(3, 9), day=min(signed.day, 28)
            ).isoformat()
        docs.append(DocPlan("ssc", DocType.SOCIAL_SECURITY_CARD, fields, "card", {"face": "ssc"}))


def _mismatch(
    docs: list[DocPlan], defects: list[str], p: people.Person, rng: random.Random, rule_doc: dict[str, str]
) -> None:
    """Bend the name or ID number on one proof (a different person's, clearly, not a misread)."""
    targets = [d for d in docs if d.ref != "decl" and "id_number" in d.fields]
    for defect, key in (("id_mismatch", "id_number"), ("name_mismatch", "name")):
        if defect not in defects:
            continue
        if not targets:  # no proof to bend: put a written application in
            docs.append(
                _statement(
                    "app",
                    DocType.WRITTEN_APPLICATION,
                    p,
                    dt.date.fromisoformat("2025-01-05"),
                    "异地居住",
                    rng,
                )
            )
            targets = [docs[-1]]
        doc = rng.choice(targets)
        if key == "id_number":
            doc.fields["id_number"] = _other_id(p.id_number, rng)
        else:
            other = p.name
            while other[0] == p.name[0] or len(set(other) & set(p.name)) > 0:
                other = people.person_name(p.male, rng)
            doc.fields["name"] = other
            if doc.doc_type == DocType.SOCIAL_SECURITY_CARD:
                pass
        rule_doc[defect] = doc.ref


def _foreign(docs: list[DocPlan], p: people.Person, rng: random.Random, index: int) -> None:
    """Pages of no filing (invoice, bank slip, blank back) and, rarely, another person's paper."""
    roll = rng.random()
    if roll < 0.12 or index % 7 == 2:
        docs.append(
            DocPlan(
                "foreign",
                DocType.UNKNOWN,
                {},
                "foreign",
                {"kind": rng.choice(("invoice", "bank_slip", "blank"))},
                filing="none",
            )
        )
    elif roll < 0.2:
        male = rng.random() < 0.5
        other = people.person_name(male, rng)
        birth = dt.date(rng.randrange(1950, 1995), rng.randrange(1, 13), rng.randrange(1, 28))
        oid = make_id(p.home.code, birth, male, rng)
        docs.append(
            DocPlan(
                "other",
                DocType.WRITTEN_APPLICATION,
                {
                    "name": other,
                    "id_number": oid,
                    "reason": "随子女异地居住",
                    "signature": True,
                    "date": "2025-03-02",
                },
                "application",
                {"signer": other, "address": p.destination.address},
                filing="other",
            )
        )


def gender_zh(code: str) -> str:
    return GENDER_ZH[code]
