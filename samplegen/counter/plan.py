"""What one packet holds: who files, why, which defects are planted, the scan's dpi and mode, and
the stray papers of nobody's filing. Nothing is drawn here; ``packet`` draws what this decides.

The plan's data types are in ``plantypes``, the papers each filing brings in ``planpapers`` and
the card copies' contents in ``plancards``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kernel import refdata
from kernel.domain import FilingCategory
from samplegen.counter import people, planpapers, words
from samplegen.counter.people import Filing, Person
from samplegen.counter.plancards import agent_card
from samplegen.counter.plantypes import FilingPlan, PacketPlan, Recipe

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
            extras.append(Recipe(f"x{n}", "id_card", None, agent_card(rng, fp), "no_matching_filing"))
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
    recipes = planpapers.recipes(rng, key, filing, defects)
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
