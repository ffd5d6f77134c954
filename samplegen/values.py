"""Believable personal data for synthetic filings: names, ID numbers, phones, addresses, dates.

Everything is drawn from a seeded ``random.Random`` and from the shipped reference data
(``kernel.refdata``), so a packet's values are real places, real hospitals and ID numbers
that pass the GB 11643 check, and the same seed always yields the same person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from kernel import refdata

TODAY = date(2026, 11, 22)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志文海峰成林东亮振"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰燕萍红梅琳雪婷慧莉颖洁琴云倩晶玉凤华佳"
STREETS = (
    "人民路",
    "解放路",
    "建设路",
    "中山路",
    "和平街",
    "长风街",
    "坞城路",
    "迎泽大街",
    "南内环街",
    "文化路",
    "胜利路",
    "朝阳路",
    "学府街",
    "新华路",
    "青年路",
    "光明路",
    "幸福街",
    "滨河东路",
)
COMMUNITIES = ("阳光", "幸福", "和平", "朝阳", "新村", "花园", "东风", "柳巷", "桃园", "丽华")
COMPANIES = ("华信", "恒通", "晋能", "中联", "瑞丰", "泰和", "东方", "宏达", "金川", "新源", "博远")
INDUSTRIES = ("建设工程", "信息技术", "物流", "能源", "商贸", "机械制造", "电力工程")

_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def check_digit(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _CHECK_WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def id_number_valid(value: str) -> bool:
    """Whether an 18-character ID number carries the right check character."""
    return len(value) == 18 and value[:17].isdigit() and check_digit(value[:17]) == value[17]


def bad_check(id_number: str) -> str:
    """The same ID number with a wrong check character (a misspelled last digit)."""
    good = id_number[17]
    wrong = _CHECK_CHARS[(_CHECK_CHARS.index(good) + 3) % 11]
    return id_number[:17] + wrong


@cache
def _counties_of(region_code: str) -> tuple[tuple[str, str], ...]:
    """Current county-level divisions (code, name) inside a region, in code order."""
    prefix = region_code[:2] if region_code in refdata.MUNICIPALITIES else region_code[:4]
    out = [
        (d.code, d.name)
        for d in refdata.divisions().values()
        if d.current
        and d.level == "county"
        and d.code.startswith(prefix)
        and d.name.endswith(("区", "县", "市"))
        and d.name != "市辖区"
    ]
    return tuple(sorted(out))


@cache
def hospital_regions() -> tuple[str, ...]:
    """Region codes that have at least two designated hospitals and real districts."""
    codes = sorted({h.city_code for h in refdata.hospitals()})
    return tuple(
        c for c in codes if c in refdata.regions() and len(refdata.hospitals_in(c)) >= 2 and _counties_of(c)
    )


@cache
def insured_regions() -> tuple[str, ...]:
    """Regions people are insured in: a curated mix, Shanxi cities first (the Shanxi form)."""
    wanted = (
        "140100",
        "140200",
        "140400",
        "140500",
        "140700",
        "140800",
        "130100",
        "410100",
        "370100",
        "610100",
        "150100",
        "220100",
        "340100",
        "620100",
        "120000",
        "500000",
    )
    return tuple(c for c in wanted if c in refdata.regions() and _counties_of(c))


def region_name(code: str) -> str:
    return refdata.regions()[code].name


@dataclass
class Person:
    """One insured person and the facts of their filing, as truth."""

    name: str
    gender: str
    birth: date
    id_number: str
    county_code: str
    insured_code: str
    dest_code: str
    phone: str
    ss_number: str | None
    insurance_type: str
    employer: str | None
    address: str
    district: str
    hospitals: list[str] = field(default_factory=list)
    start_date: date = TODAY
    end_date: date | None = None
    signed_date: date = TODAY

    @property
    def insured_region(self) -> str:
        return region_name(self.insured_code)

    @property
    def destination_region(self) -> str:
        return region_name(self.dest_code)


def make_name(rng: random.Random, gender: str) -> str:
    pool = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def variant_name(rng: random.Random, name: str, gender: str) -> str:
    """A different name sharing the surname (what a proof of someone else would carry)."""
    pool = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    while True:
        other = name[:-1] + rng.choice(pool)
        if other != name:
            return other


def make_id(rng: random.Random, county_code: str, birth: date, gender: str) -> str:
    seq = rng.randint(0, 99)
    sex = rng.choice("13579" if gender == "male" else "02468")
    first17 = f"{county_code}{birth:%Y%m%d}{seq:02d}{sex}"
    return first17 + check_digit(first17)


def other_valid_id(rng: random.Random, id_number: str) -> str:
    """A valid ID number differing from ``id_number`` in two sequence digits (someone else's)."""
    while True:
        seq = f"{rng.randint(0, 99):02d}"
        if seq != id_number[14:16]:
            first17 = id_number[:14] + seq + id_number[16]
            return first17 + check_digit(first17)


def make_phone(rng: random.Random, region_code: str) -> str:
    if rng.random() < 0.2:
        area = {"14": "0351", "11": "010", "13": "0311", "41": "0371", "37": "0531"}.get(
            region_code[:2], "0351"
        )
        return f"{area}-{rng.randint(2000000, 8999999)}"
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


def make_address(rng: random.Random, dest_code: str) -> tuple[str, str]:
    """(full address, district name) in the destination region."""
    _, district = rng.choice(_counties_of(dest_code))
    street = rng.choice(STREETS)
    rest = f"{rng.randint(1, 300)}号"
    if rng.random() < 0.7:
        rest += (
            f"{rng.randint(1, 12)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
        )
    return f"{region_name(dest_code)}{district}{street}{rest}", district


def make_company(rng: random.Random, city: str) -> str:
    short = refdata.short_name(city)
    return f"{short}{rng.choice(COMPANIES)}{rng.choice(INDUSTRIES)}有限公司"


def make_person(
    rng: random.Random, category: str, *, same_region: bool = False, n_hospitals: int | None = None
) -> Person:
    """A person with a filing of ``category`` (retirees are old, workers of working age)."""
    gender = rng.choice(("male", "female"))
    age = rng.randint(61, 80) if category == "retiree_resettled" else rng.randint(22, 58)
    birth = date(TODAY.year - age, rng.randint(1, 12), rng.randint(1, 28))
    insured = rng.choice(hospital_regions() if same_region else insured_regions())
    need = max(2, n_hospitals or 0)
    dests = [c for c in hospital_regions() if c != insured and len(refdata.hospitals_in(c)) >= need]
    dest = insured if same_region else rng.choice(dests)
    county, _ = rng.choice(_counties_of(insured))
    id_number = make_id(rng, county, birth, gender)
    employee = category in ("stationed_worker",) or (category != "retiree_resettled" and rng.random() < 0.5)
    insurance = (
        "employee" if employee or (category == "retiree_resettled" and rng.random() < 0.6) else "resident"
    )
    employer = (
        make_company(rng, refdata.regions()[insured].city)
        if insurance == "employee" and category != "retiree_resettled"
        else None
    )
    ss = (
        id_number
        if rng.random() < 0.6
        else (f"{rng.choice('ABCDEFGHJ')}{rng.randint(0, 99999999):08d}" if rng.random() < 0.7 else None)
    )
    address, district = make_address(rng, dest)
    pool = refdata.hospitals_in(dest)
    k = n_hospitals if n_hospitals is not None else rng.randint(1, min(3, len(pool)))
    hospitals = list(pool[:k]) if k > len(pool) else rng.sample(pool, k)
    signed = TODAY - timedelta(days=rng.randint(5, 200))
    start = signed + timedelta(days=rng.randint(1, 20))
    end = (
        None
        if category in ("retiree_resettled", "long_term_resident") and rng.random() < 0.5
        else start + timedelta(days=rng.choice((90, 180, 365, 730)))
    )
    return Person(
        make_name(rng, gender),
        gender,
        birth,
        id_number,
        county,
        insured,
        dest,
        make_phone(rng, insured),
        ss,
        insurance,
        employer,
        address,
        district,
        hospitals,
        start,
        end,
        signed,
    )


def extra_hospitals(dest_code: str, count: int) -> list[str]:
    """``count`` hospital names for a region, padded from other regions when the directory is short."""
    pool = list(refdata.hospitals_in(dest_code))
    others = [h.name for h in refdata.hospitals() if h.name not in pool]
    return (pool + others)[:count]


def zh_date(rng: random.Random, d: date) -> str:
    """A date as people write it on forms: 2026年3月5日, 2026-03-05 or 2026.3.5."""
    style = rng.random()
    if style < 0.5:
        return f"{d.year}年{d.month}月{d.day}日"
    if style < 0.75:
        return d.isoformat()
    return f"{d.year}.{d.month}.{d.day}"
