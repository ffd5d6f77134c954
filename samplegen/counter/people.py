"""Made-up insured people: a valid GB 11643 ID number, a name, regions, addresses and dates."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from kernel import refdata
from kernel.domain import FilingCategory
from kernel.idnumber import check_digit
from samplegen.counter import words

TODAY_BOUND = date(2026, 11, 20)  # signed dates stay before this: "not in the future" holds


@dataclass
class Person:
    name: str
    gender: str  # male | female
    birth: date
    ethnicity: str
    id_number: str
    phone: str
    home: refdata.Region  # hukou / insured region
    home_county: str
    home_address: str
    ssn: str
    card_number: str


@dataclass
class Filing:
    """What the insured person asks for, as the declaration form states it."""

    person: Person
    name: str  # as the form states them (a planted defect may differ from the person's)
    gender: str
    id_number: str
    phone: str
    ssn: str
    category: FilingCategory
    insured: refdata.Region
    destination: refdata.Region
    insurance_type: str  # employee | resident
    employer: str | None
    residence_address: str
    hospitals: list[str]
    start_date: date
    end_date: date | None
    signed_date: date
    reason: str
    agency: str
    extras: dict[str, str] = field(default_factory=dict)


@cache
def _county_codes(region_code: str) -> tuple[tuple[str, str], ...]:
    divs = refdata.divisions()
    muni = region_code in refdata.MUNICIPALITIES
    out = [
        (d.code, d.name)
        for d in divs.values()
        if d.current
        and d.level == "county"
        and d.name not in ("市辖区", "县")
        and (d.code[:2] == region_code[:2] if muni else d.parent == region_code)
    ]
    return tuple(sorted(out))


@cache
def home_regions() -> tuple[refdata.Region, ...]:
    """Regions with county-level divisions (so an ID number can be born there)."""
    return tuple(
        r for code, r in sorted(refdata.regions().items()) if _county_codes(code) and "直辖" not in r.city
    )


@cache
def hospital_regions() -> tuple[refdata.Region, ...]:
    """Regions whose designated hospitals the directory lists (destinations)."""
    regs = refdata.regions()
    codes = sorted({h.city_code for h in refdata.hospitals()})
    return tuple(regs[c] for c in codes if c in regs and _county_codes(c))


def county_of(region: refdata.Region, rng: random.Random) -> tuple[str, str]:
    return rng.choice(_county_codes(region.code))


def make_id(division: str, birth: date, gender: str, rng: random.Random) -> str:
    seq = rng.randint(0, 99)
    sex_digit = rng.choice("13579" if gender == "male" else "02468")
    first17 = f"{division}{birth:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + check_digit(first17)


def broken_check(number: str) -> str:
    """The same number with a wrong check character (a miswritten last digit)."""
    good = number[17]
    options = [c for c in "0123456789X" if c != good]
    return number[:17] + options[(int(number[14:17]) + 3) % len(options)]


def make_name(gender: str, rng: random.Random) -> str:
    surname = rng.choice(words.DOUBLE_SURNAMES) if rng.random() < 0.04 else rng.choice(words.SURNAMES)
    pool = words.GIVEN_MALE if gender == "male" else words.GIVEN_FEMALE
    given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def swap_name(name: str, rng: random.Random) -> str:
    """The name as another paper miswrites it: one character of the given name replaced."""
    for i in range(len(name) - 1, 0, -1):
        if name[i] in words.NAME_SWAPS:
            return name[:i] + words.NAME_SWAPS[name[i]] + name[i + 1 :]
    return name[:-1] + ("红" if name[-1] != "红" else "洪")


def make_phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


def street_address(region: refdata.Region, county: str, rng: random.Random, detail: bool = True) -> str:
    head = region.name if region.code not in refdata.MUNICIPALITIES else region.province
    street = rng.choice(words.STREET_HEADS) + rng.choice(words.STREET_TAILS)
    s = f"{head}{county}{street}{rng.randint(1, 399)}号"
    if detail:
        if rng.random() < 0.6:
            s += f"{rng.choice(words.ESTATES)}{rng.choice(words.ESTATE_TAILS)}"
        s += f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"
    return s


def make_card_number(rng: random.Random) -> str:
    return f"{rng.choice('ABCDEFGHJKLMN')}{rng.randint(10000000, 99999999)}"


def make_person(rng: random.Random, category: FilingCategory, home: refdata.Region | None = None) -> Person:
    gender = rng.choice(("male", "female"))
    if category == FilingCategory.RETIREE_RESETTLED:
        age = rng.randint(56, 82)
    elif category == FilingCategory.LONG_TERM_RESIDENT and rng.random() < 0.3:
        age = rng.randint(3, 16)
    elif category == FilingCategory.STATIONED_WORKER:
        age = rng.randint(23, 55)
    else:
        age = rng.randint(18, 75)
    birth = date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
    home = home or rng.choice(home_regions())
    code, county = county_of(home, rng)
    number = make_id(code, birth, gender, rng)
    card = make_card_number(rng)
    return Person(
        name=make_name(gender, rng),
        gender=gender,
        birth=birth,
        ethnicity=rng.choice(words.ETHNICITIES),
        id_number=number,
        phone=make_phone(rng),
        home=home,
        home_county=county,
        home_address=street_address(home, county, rng, detail=rng.random() < 0.5),
        ssn=number if rng.random() < 0.65 else card,
        card_number=card,
    )


def company(rng: random.Random, region: refdata.Region) -> str:
    city = refdata.short_name(region.city)
    return city + rng.choice(words.COMPANY_HEADS) + rng.choice(words.COMPANY_TAILS)


def agency_name(region: refdata.Region, rng: random.Random) -> str:
    return region.city + rng.choice(words.AGENCY_NAMES)


def pick_dates(rng: random.Random, category: FilingCategory) -> tuple[date, date, date | None]:
    """(signed, start, end): signed in the past, start after it, end after start or open."""
    signed = date(2025, 2, 1) + timedelta(days=rng.randint(0, (TODAY_BOUND - date(2025, 2, 1)).days))
    start = signed + timedelta(days=rng.randint(0, 25))
    temporary = category in (
        FilingCategory.EMERGENCY,
        FilingCategory.OTHER_TEMPORARY,
        FilingCategory.REFERRAL,
    )
    if temporary:
        end: date | None = start + timedelta(days=rng.choice((30, 60, 90, 180)) - 1)
    elif rng.random() < 0.55:
        end = None
    else:
        end = date(start.year + rng.choice((1, 2, 3)), start.month, min(start.day, 28)) - timedelta(days=1)
    return signed, start, end
