"""What the card copies a packet plans print: the applicant's ID card and social-security card,
the agent's own ID card (a paper of nobody's filing), and the police office that issues IDs,
permits and household registers.

Apart from ``planpapers`` because these are the person's own cards, not the filing's proofs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from kernel import refdata
from samplegen.counter import people
from samplegen.counter.people import Filing, Person
from samplegen.counter.plantypes import FilingPlan


def police(region: refdata.Region, county: str) -> str:
    city = region.name if region.code in refdata.MUNICIPALITIES else region.city
    if county.endswith("区"):
        return f"{city}公安局{refdata.short_name(county)}分局"
    return f"{county}公安局"


def id_card(rng: random.Random, p: Person, f: Filing) -> dict[str, Any]:
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
        "issuer": police(p.home, county),
        "valid_from": vf,
        "valid_to": vt,
        "sides": rng.choices(("both", "front", "split"), weights=(70, 18, 12))[0],
    }


def ssc(rng: random.Random, p: Person, f: Filing) -> dict[str, Any]:
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


def agent_card(rng: random.Random, fp: FilingPlan) -> dict[str, Any]:
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
        "issuer": police(home, county),
        "valid_from": date(2018, birth.month, birth.day),
        "valid_to": date(2038, birth.month, birth.day),
        "sides": "both",
        "code": code,
    }
