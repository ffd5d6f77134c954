"""What one packet holds: who files, why, which papers they bring, and what is wrong with them
(the planted defects). Nothing is drawn here; ``packet`` draws what this decides."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kernel import refdata
from kernel.domain import DocType, FilingCategory
from samplegen.counter import people, words
from samplegen.counter.people import Filing, Person

CATEGORY_WEIGHTS = (
    (FilingCategory.RETIREE_RESETTLED, 25),
    (FilingCategory.LONG_TERM_RESIDENT, 24),
    (FilingCategory.STATIONED_WORKER, 15),
    (FilingCategory.REFERRAL, 15),
    (FilingCategory.EMERGENCY, 8),
    (FilingCategory.OTHER_TEMPORARY, 13),
)

# defect -> the categories it can be planted in (None: any)
DEFECTS: dict[str, tuple[FilingCategory, ...] | None] = {
    "missing_proof": (
        FilingCategory.RETIREE_RESETTLED,
        FilingCategory.LONG_TERM_RESIDENT,
        FilingCategory.STATIONED_WORKER,
        FilingCategory.REFERRAL,
        FilingCategory.OTHER_TEMPORARY,
    ),
    "id_checksum": None,
    "name_mismatch": None,
    "id_mismatch": None,
    "permit_expired": (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT),
    "address_outside": (
        FilingCategory.RETIREE_RESETTLED,
        FilingCategory.LONG_TERM_RESIDENT,
        FilingCategory.STATIONED_WORKER,
    ),
    "no_agency_stamp": None,
    "unstamped_certificate": (
        FilingCategory.STATIONED_WORKER,
        FilingCategory.REFERRAL,
        FilingCategory.LONG_TERM_RESIDENT,
    ),
    "same_region": None,
    "end_before_start": None,
    "gender_mismatch": None,
    "bad_phone": None,
    "too_many_hospitals": None,
    "no_hospitals": None,
}


@dataclass
class Recipe:
    """One paper to draw."""

    key: str
    # form | id_card | ssc | permit | register | res_cert | work_cert | referral | commitment
    # | application | receipt | bank | notice
    kind: str
    filing: str | None  # the filing it belongs to; None: no filing (see ``unfiled``)
    data: dict[str, Any] = field(default_factory=dict)
    unfiled: str = ""  # not_a_filing_document | no_matching_filing

    @property
    def doc_type(self) -> DocType:
        return {
            "form": DocType.DECLARATION_FORM,
            "id_card": DocType.ID_CARD,
            "ssc": DocType.SOCIAL_SECURITY_CARD,
            "permit": DocType.RESIDENCE_PERMIT,
            "register": DocType.HOUSEHOLD_REGISTER,
            "res_cert": DocType.RESIDENCE_CERTIFICATE,
            "work_cert": DocType.RESIDENCE_CERTIFICATE,
            "referral": DocType.REFERRAL_CERTIFICATE,
            "commitment": DocType.PERSONAL_COMMITMENT,
            "application": DocType.WRITTEN_APPLICATION,
        }.get(self.kind, DocType.UNKNOWN)


@dataclass
class FilingPlan:
    key: str
    filing: Filing
    defects: set[str]
    recipes: list[Recipe]


@dataclass
class PacketPlan:
    filings: list[FilingPlan]
    extras: list[Recipe]  # foreign pages and papers of nobody's filing
    dpi: int
    mode: str  # color | gray | bilevel

    def recipes(self) -> list[Recipe]:
        return [r for f in self.filings for r in f.recipes] + self.extras


def plan_packet(rng: random.Random) -> PacketPlan:
    mode = rng.choices(("color", "gray", "bilevel"), weights=(50, 25, 25))[0]
    dpi = rng.choice((150, 150, 160, 180, 200) + ((240, 300) if mode == "bilevel" else ()))
    first = _plan_filing(rng, "f1", None)
    filings = [first]
    if rng.random() < 0.15:
        filings.append(_plan_filing(rng, "f2", first.filing))
    extras: list[Recipe] = []
    n = 0
    if rng.random() < 0.45:
        for kind in rng.sample(("receipt", "bank", "notice"), k=rng.choice((1, 1, 2))):
            n += 1
            extras.append(
                Recipe(
                    f"x{n}",
                    kind,
                    None,
                    {
                        "payer": first.filing.name,
                        "day": first.filing.signed_date,
                        "sealed": rng.random() < 0.5,
                    },
                    "not_a_filing_document",
                )
            )
    for fp in filings:
        agent = fp.filing.extras.get("agent_key")
        if agent and rng.random() < 0.35:
            n += 1
            extras.append(Recipe(f"x{n}", "id_card", None, _agent_card(rng, fp), "no_matching_filing"))
    return PacketPlan(filings, extras, dpi, mode)


def _pick_defects(rng: random.Random, category: FilingCategory, dest_hospitals: int) -> set[str]:
    roll = rng.random()
    count = 0 if roll < 0.42 else 1 if roll < 0.9 else 2
    pool = [d for d, cats in DEFECTS.items() if cats is None or category in cats]
    if dest_hospitals < 4:
        pool.remove("too_many_hospitals")
    chosen: set[str] = set()
    while len(chosen) < count:
        chosen.add(rng.choice(pool))
    if {"too_many_hospitals", "no_hospitals"} <= chosen:
        chosen.discard("too_many_hospitals")
    return chosen


def _plan_filing(rng: random.Random, key: str, partner: Filing | None) -> FilingPlan:
    category = partner.category if partner and rng.random() < 0.7 else _category(rng)
    if partner is not None:
        insured, destination = partner.insured, partner.destination
    else:
        destination = rng.choice(people.hospital_regions())
        insured = rng.choice([r for r in people.home_regions() if r.code != destination.code])
    dest_hospitals = refdata.hospitals_in(destination.code)
    defects = _pick_defects(rng, category, len(dest_hospitals))
    if partner is not None:
        defects.discard("same_region")  # the couple's regions are the first filing's
    if "same_region" in defects and partner is None:
        insured = destination
    person = people.make_person(rng, category, home=insured)
    dest_county = people.county_of(destination, rng)[1]
    residence = partner.residence_address if partner else people.street_address(destination, dest_county, rng)
    signed, start, end = people.pick_dates(rng, category)
    if partner is not None:  # a couple files together: the same dates as first planned
        signed, start = partner.signed_date, partner.start_date
        end = date.fromisoformat(partner.extras["end"]) if partner.extras.get("end") else None
    if "end_before_start" in defects:
        end = start - timedelta(days=rng.randint(1, 200))
    insurance = _insurance(rng, category, person)
    employer = (
        people.company(rng, insured)
        if insurance == "employee" and (category == FilingCategory.STATIONED_WORKER or rng.random() < 0.7)
        else None
    )
    hospitals = _hospitals(rng, dest_hospitals, defects)
    form_id = people.broken_check(person.id_number) if "id_checksum" in defects else person.id_number
    gender = (
        person.gender
        if "gender_mismatch" not in defects
        else ("female" if person.gender == "male" else "male")
    )
    phone = (
        person.phone if "bad_phone" not in defects else f"1{rng.choice('012')}{rng.randint(0, 999999999):09d}"
    )
    filing = Filing(
        person=person,
        name=person.name,
        gender=gender,
        id_number=form_id,
        phone=phone,
        ssn=person.ssn if "id_checksum" not in defects else person.card_number,
        category=category,
        insured=insured,
        destination=destination,
        insurance_type=insurance,
        employer=employer,
        residence_address=residence,
        hospitals=hospitals,
        start_date=start,
        end_date=end,
        signed_date=signed,
        reason=rng.choice(words.REASONS[category.value]),
        agency=people.agency_name(insured, rng),
    )
    filing.extras["dest_county"] = dest_county
    planned_end = start + timedelta(days=364) if "end_before_start" in defects else end
    filing.extras["end"] = planned_end.isoformat() if planned_end else ""
    recipes = _recipes(rng, key, filing, defects)
    return FilingPlan(key, filing, defects, recipes)


def _category(rng: random.Random) -> FilingCategory:
    cats, weights = zip(*CATEGORY_WEIGHTS, strict=True)
    return rng.choices(cats, weights=weights)[0]


def _insurance(rng: random.Random, category: FilingCategory, person: Person) -> str:
    if category == FilingCategory.STATIONED_WORKER:
        return "employee"
    age = 2026 - person.birth.year
    if age < 18:
        return "resident"
    return (
        "employee"
        if rng.random() < (0.7 if category == FilingCategory.RETIREE_RESETTLED else 0.5)
        else "resident"
    )


def _hospitals(rng: random.Random, pool: list[str], defects: set[str]) -> list[str]:
    if "no_hospitals" in defects:
        return []
    if "too_many_hospitals" in defects:
        return rng.sample(pool, 4)
    return rng.sample(pool, rng.randint(1, min(3, len(pool))))


def _recipes(rng: random.Random, key: str, f: Filing, defects: set[str]) -> list[Recipe]:
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
        ident.append(Recipe(f"{key}-id", "id_card", key, _id_card(rng, p, f)))
    if rng.random() < 0.45 and "id_checksum" not in defects:
        ident.append(Recipe(f"{key}-ssc", "ssc", key, _ssc(rng, p, f)))
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
            ident.append(Recipe(f"{key}-id", "id_card", key, _id_card(rng, p, f)))
            carriers = ident[-1:]
        rng.choice(carriers).data["name"] = people.swap_name(p.name, rng)
    if "id_mismatch" in defects:
        other = [r for r in carriers if r.data.get("name") == p.name] or carriers
        if not other:
            ident.append(Recipe(f"{key}-id", "id_card", key, _id_card(rng, p, f)))
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
            data.update(issuer=_police(dest, county), valid_from=vf, valid_to=vt, province=dest.province)
        elif kind == "register":
            data.update(
                issuer=_police(dest, county),
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


def _police(region: refdata.Region, county: str) -> str:
    city = region.name if region.code in refdata.MUNICIPALITIES else region.city
    if county.endswith("区"):
        return f"{city}公安局{refdata.short_name(county)}分局"
    return f"{county}公安局"


def _committee(region: refdata.Region, county: str, rng: random.Random) -> str:
    street = rng.choice(words.STREET_HEADS)
    if rng.random() < 0.6:
        return f"{county}{street}街道{rng.choice(words.ESTATES)}社区居民委员会"
    return f"{_police(region, county)}{street}派出所"


def _id_card(rng: random.Random, p: Person, f: Filing) -> dict[str, Any]:
    age = f.start_date.year - p.birth.year
    term = 5 if age < 16 else 10 if age < 26 else 20 if age < 46 else 0
    if term:
        vf = f.start_date - timedelta(days=rng.randint(60, term * 365 - 60))
        vt: date | None = date(vf.year + term, vf.month, min(vf.day, 28))
    else:
        vf = f.start_date - timedelta(days=rng.randint(60, 6000))
        vt = None
    county = p.home_county
    return {
        "name": p.name,
        "gender": p.gender,
        "ethnicity": p.ethnicity,
        "birth": p.birth,
        "address": p.home_address,
        "id": p.id_number,
        "issuer": _police(p.home, county),
        "valid_from": vf,
        "valid_to": vt,
        "sides": rng.choices(("both", "front", "split"), weights=(70, 18, 12))[0],
    }


def _ssc(rng: random.Random, p: Person, f: Filing) -> dict[str, Any]:
    issued = date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "name": p.name,
        "ssn": p.id_number,
        "card_number": p.card_number,
        "issuer": f.insured.name,
        "issued": issued,
        "valid_to": date(issued.year + 10, issued.month, issued.day) if rng.random() < 0.6 else None,
        "bank": rng.choice(("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "邮储银行")),
    }


def _agent_card(rng: random.Random, fp: FilingPlan) -> dict[str, Any]:
    """The agent's own ID card copy: a paper of nobody's filing."""
    home = rng.choice(people.home_regions())
    code, county = people.county_of(home, rng)
    birth = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
    number = fp.filing.extras["agent_id"]
    return {
        "name": fp.filing.extras["agent_name"],
        "gender": "male" if int(number[16]) % 2 else "female",
        "ethnicity": "汉",
        "birth": date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        "address": people.street_address(home, county, rng, detail=False),
        "id": number,
        "issuer": _police(home, county),
        "valid_from": date(2018, birth.month, birth.day),
        "valid_to": date(2038, birth.month, birth.day),
        "sides": "both",
        "code": code,
    }
