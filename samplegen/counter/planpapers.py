"""Which papers a planned filing brings: its declaration form (agent, seals), the identity cards,
the proof its category asks for (permit, household register, residence or work certificate,
referral, commitment), and on which of them a name, ID, address, expiry or stamp defect lands.

Apart from ``plan`` (who files and which defects) because this is the long part: one branch per
category's proof."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from kernel import refdata
from kernel.domain import FilingCategory
from samplegen.counter import people, words
from samplegen.counter.people import Filing
from samplegen.counter.plancards import id_card, police, ssc
from samplegen.counter.plantypes import Recipe


def recipes(rng: random.Random, key: str, f: Filing, defects: set[str]) -> list[Recipe]:
    p = f.person
    out: list[Recipe] = []
    agent = people.make_person(rng, FilingCategory.OTHER_TEMPORARY) if rng.random() < 0.35 else None
    if agent is not None:
        f.extras["agent_key"] = "yes"
        f.extras["agent_name"] = agent.name
        f.extras["agent_id"] = agent.id_number
        f.extras["agent_phone"] = agent.phone
        f.extras["agent_relation"] = rng.choice(words.RELATIONS)
    out.append(
        Recipe(
            f"{key}-form",
            "form",
            key,
            {
                "agent": agent,
                "stamp": "no_agency_stamp" not in defects,
                "receipt": rng.random() < 0.3,
                "name_seal": rng.random() < 0.25,
                "unit_seal": f.category == FilingCategory.STATIONED_WORKER
                and "no_agency_stamp" not in defects
                and rng.random() < 0.5,
            },
        )
    )
    # which proof carries a name / ID / address defect
    proofs = _proofs(rng, key, f, defects)
    ident: list[Recipe] = []
    if rng.random() < 0.85:
        ident.append(Recipe(f"{key}-id", "id_card", key, id_card(rng, p, f)))
    if rng.random() < 0.45 and "id_checksum" not in defects:
        ident.append(Recipe(f"{key}-ssc", "ssc", key, ssc(rng, p, f)))
    if rng.random() < 0.2 and f.category in (
        FilingCategory.RETIREE_RESETTLED,
        FilingCategory.LONG_TERM_RESIDENT,
    ):
        proofs.append(
            Recipe(f"{key}-app", "application", key, {"name": f.name, "id": p.id_number, "gender": p.gender})
        )
    carriers = [r for r in proofs + ident if r.kind != "ssc"]
    if "name_mismatch" in defects:
        if not carriers:
            ident.append(Recipe(f"{key}-id", "id_card", key, id_card(rng, p, f)))
            carriers = ident[-1:]
        rng.choice(carriers).data["name"] = people.swap_name(p.name, rng)
    if "id_mismatch" in defects:
        other = [r for r in carriers if r.data.get("name") == p.name] or carriers
        if not other:
            ident.append(Recipe(f"{key}-id", "id_card", key, id_card(rng, p, f)))
            other = ident[-1:]
        code = people.county_of(p.home, rng)[0]
        other_id = people.make_id(code, p.birth.replace(day=min(28, p.birth.day + 3)), p.gender, rng)
        target = rng.choice(other)
        target.data["id"] = other_id
        if target.kind == "id_card":
            target.data["birth"] = date(int(other_id[6:10]), int(other_id[10:12]), int(other_id[12:14]))
    return out + ident + proofs


def _proofs(rng: random.Random, key: str, f: Filing, defects: set[str]) -> list[Recipe]:
    p = f.person
    cat = f.category
    out: list[Recipe] = []
    if "missing_proof" in defects:
        return out
    base: dict[str, Any] = {"name": f.name, "id": p.id_number, "gender": p.gender}
    address = f.residence_address
    if "address_outside" in defects:
        county = people.county_of(p.home, rng)[1]
        address = people.street_address(p.home, county, rng)
    stamped = "unstamped_certificate" not in defects
    dest = f.destination
    county = f.extras["dest_county"]
    if cat in (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT):
        if "permit_expired" in defects:
            kind = "permit"
        elif "unstamped_certificate" in defects:
            kind = "res_cert"
        else:
            kind = rng.choices(("permit", "register", "res_cert"), weights=(35, 25, 40))[0]
        data: dict[str, Any] = {**base, "address": address}
        if kind == "permit":
            vf = f.start_date - timedelta(days=rng.randint(30, 330))
            years = rng.choice((1, 1, 3, 5))
            if "permit_expired" in defects:
                vt = f.start_date - timedelta(days=rng.randint(5, 200))
                vf = date(vt.year - years, vt.month, min(vt.day, 28))
            else:
                vt = date(vf.year + years, vf.month, min(vf.day, 28)) - timedelta(days=1)
                if vt < f.start_date:
                    vt = f.start_date + timedelta(days=200)
            data.update(issuer=police(dest, county), valid_from=vf, valid_to=vt, province=dest.province)
        elif kind == "register":
            data.update(
                issuer=police(dest, county),
                registered=date(rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28)),
            )
        else:
            data.update(
                issuer=_committee(dest, county, rng),
                since=f.start_date - timedelta(days=rng.randint(400, 4000)),
                stamped=stamped,
            )
            data["issued"] = f.signed_date - timedelta(days=rng.randint(0, 20))
        out.append(Recipe(f"{key}-proof", kind, key, data))
        if rng.random() < 0.2:
            out.append(Recipe(f"{key}-promise", "commitment", key, dict(base)))
    elif cat == FilingCategory.STATIONED_WORKER:
        out.append(
            Recipe(
                f"{key}-proof",
                "work_cert",
                key,
                {
                    **base,
                    "address": address,
                    "employer": f.employer or people.company(rng, f.insured),
                    "issued": f.signed_date - timedelta(days=rng.randint(0, 15)),
                    "since": f.start_date - timedelta(days=rng.randint(60, 1500)),
                    "stamped": stamped,
                },
            )
        )
    elif cat == FilingCategory.REFERRAL:
        local = refdata.hospitals_in(f.insured.code)
        referring = (
            rng.choice(local)
            if local
            else f.insured.city + rng.choice(("人民医院", "第一人民医院", "中心医院", "中医院"))
        )
        target = f.hospitals[0] if f.hospitals else refdata.hospitals_in(dest.code)[0]
        out.append(
            Recipe(
                f"{key}-proof",
                "referral",
                key,
                {
                    **base,
                    "age": 2026 - p.birth.year,
                    "referring": referring,
                    "target": target,
                    "diagnosis": rng.choice(words.DIAGNOSES),
                    "issued": f.signed_date - timedelta(days=rng.randint(0, 10)),
                    "stamped": stamped,
                },
            )
        )
    elif cat == FilingCategory.OTHER_TEMPORARY:
        out.append(Recipe(f"{key}-proof", "commitment", key, dict(base)))
    return out


def _committee(region: refdata.Region, county: str, rng: random.Random) -> str:
    street = rng.choice(words.STREET_HEADS)
    if rng.random() < 0.6:
        return f"{county}{street}街道{rng.choice(words.ESTATES)}社区居民委员会"
    return f"{police(region, county)}{street}派出所"
