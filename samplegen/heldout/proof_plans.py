"""The documents of a packet beside its declaration: proofs, statements, identity copies, the
defects that bend one of them, and pages of another person or of no filing at all."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from kernel.domain import DocType
from kernel.domain import FilingCategory as C
from samplegen.heldout import people
from samplegen.heldout.idnum import check_digit, make_id


@dataclass
class DocPlan:
    """A document of the packet: its type, canonical truth values and how it is drawn."""

    ref: str
    doc_type: DocType
    fields: dict[str, Any]
    draw: str  # declaration | card | certificate | referral | commitment | application | register | foreign
    options: dict[str, Any] = field(default_factory=dict)
    filing: str = "main"  # main | other | none


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


def proof_plan(
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
        return statement("proof", DocType.PERSONAL_COMMITMENT, p, signed, None, rng)
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


def statement(
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


def identity_docs(
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


def mismatch(
    docs: list[DocPlan], defects: list[str], p: people.Person, rng: random.Random, rule_doc: dict[str, str]
) -> None:
    """Bend the name or ID number on one proof (a different person's, clearly, not a misread)."""
    targets = [d for d in docs if d.ref != "decl" and "id_number" in d.fields]
    for defect, key in (("id_mismatch", "id_number"), ("name_mismatch", "name")):
        if defect not in defects:
            continue
        if not targets:  # no proof to bend: put a written application in
            docs.append(
                statement(
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


def foreign_pages(docs: list[DocPlan], p: people.Person, rng: random.Random, index: int) -> None:
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
