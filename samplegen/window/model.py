"""The people and filings a packet is about: every value truth will hold, before anything is drawn.

Why: values are decided once, here, so each drawn page and the truth file read
the same facts; defects are applied as explicit edits on top of a clean plan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from kernel.domain import FilingCategory
from kernel.refdata import Region, divisions, hospitals, regions
from samplegen.window import idnum

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "秀英华玉兰桂芳珍凤明国建平志伟海军涛勇杰强磊洋艳娟霞敏静丽红梅琳雪德文春燕福荣丹"
    "宇浩然子轩欣怡淑贵金山林永庆新利博晨晓光宏立"
)
COMPOUND = ("欧阳", "司马", "上官", "诸葛")
ETHNIC = ("汉",) * 12 + ("回", "满", "蒙古", "壮", "土家", "朝鲜")
STREETS = [
    "人民",
    "解放",
    "建设",
    "胜利",
    "和平",
    "长江",
    "黄河",
    "中山",
    "新华",
    "文化",
    "迎泽",
    "府前",
    "光明",
    "幸福",
    "朝阳",
    "东风",
    "团结",
    "滨河",
    "学府",
    "青年",
]
ROAD = ("路", "街", "大道", "巷")
COMMUNITY = ("花园", "小区", "家园", "新村", "苑", "公寓")
UNIT_SUFFIX = ("有限公司", "股份有限公司", "集团有限公司", "研究院", "设计院")
TRADES = ["华信", "中建", "晋能", "宏达", "恒通", "金桥", "远航", "新锐", "天成", "嘉和", "鼎盛", "安泰"]
DEST_REASONS = {
    FilingCategory.RETIREE_RESETTLED: ("退休后随子女在{dest}定居", "退休异地安置，长期居住在{dest}"),
    FilingCategory.LONG_TERM_RESIDENT: (
        "随子女在{dest}长期居住",
        "与父母在{dest}共同生活",
        "在{dest}长期居住，就医不便",
    ),
    FilingCategory.STATIONED_WORKER: ("单位派驻{dest}工作", "常驻{dest}分公司工作"),
    FilingCategory.REFERRAL: ("病情需要转往{dest}上级医院治疗", "经本院会诊建议转诊{dest}"),
    FilingCategory.EMERGENCY: ("在{dest}突发疾病急诊抢救",),
    FilingCategory.OTHER_TEMPORARY: ("临时外出{dest}探亲就医", "在{dest}求学期间就医"),
}


@dataclass
class Person:
    """One human being as the papers describe them."""

    name: str
    gender: str  # "male" | "female"
    ethnicity: str
    birth: date
    division: str  # six-digit code the ID number starts with
    id_number: str
    home_address: str
    phone: str
    card_number: str


@dataclass
class Filing:
    """What the insured person asks for, with every declaration value truth will hold."""

    person: Person
    category: FilingCategory
    insured: Region
    destination: Region
    insurance_type: str
    employer: str
    residence_address: str
    hospitals: list[str]
    start: date
    end: date
    signed: date
    reason: str
    agent: Person | None = None
    form_id_number: str = ""  # what the form shows (a defect may differ from the person's)
    extras: dict[str, str] = field(default_factory=dict)


@cache
def _dest_regions() -> tuple[Region, ...]:
    """Destinations with designated hospitals in the directory (so no directory warnings)."""
    codes = sorted({h.city_code for h in hospitals()})
    regs = regions()
    return tuple(regs[c] for c in codes if c in regs)


@cache
def _counties_of(code: str) -> tuple[str, ...]:
    """Current county codes under a region (city, or municipality's districts)."""
    divs = divisions()
    municipality = code.endswith("0000")
    parents = {d.code for d in divs.values() if d.parent == code} if municipality else {code}
    return tuple(
        sorted(d.code for d in divs.values() if d.level == "county" and d.current and d.parent in parents)
    )


@cache
def _insured_regions() -> tuple[Region, ...]:
    """Insured regions whose counties are known; 长春 (2201) is left out: its pack narrows categories."""
    return tuple(r for c, r in sorted(regions().items()) if not c.startswith("2201") and _counties_of(c))


def person_name(rng: random.Random) -> str:
    """A plausible two- or three-character name (rarely a compound surname)."""
    sur = rng.choice(COMPOUND) if rng.random() < 0.03 else rng.choice(SURNAMES)
    n = 1 if rng.random() < 0.3 else 2
    return sur + "".join(rng.choice(GIVEN) for _ in range(n))


def address_in(rng: random.Random, region: Region) -> str:
    """A street address that starts with the region's full name and a real county of it."""
    counties = _counties_of(region.code)
    county = divisions()[rng.choice(counties)].name if counties else ""
    street = rng.choice(STREETS) + rng.choice(ROAD)
    tail = rng.choice(
        [
            f"{rng.randint(1, 399)}号",
            f"{rng.randint(1, 199)}号{rng.choice(STREETS)}{rng.choice(COMMUNITY)}{rng.randint(1, 30)}号楼"
            f"{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}室",
            f"{rng.randint(1, 99)}号院{rng.randint(1, 12)}栋{rng.randint(101, 2604)}",
        ]
    )
    return f"{region.name}{county}{street}{tail}"


def make_person(rng: random.Random, home: Region, min_age: int = 18, max_age: int = 85) -> Person:
    """A person registered in ``home`` (their ID number starts with one of its county codes)."""
    today = date(2026, 12, 1)
    birth = date(today.year - rng.randint(min_age, max_age), rng.randint(1, 12), rng.randint(1, 28))
    male = rng.random() < 0.5
    division = rng.choice(_counties_of(home.code))
    number = idnum.make(division, birth, rng.randint(0, 999), male)
    return Person(
        name=person_name(rng),
        gender="male" if male else "female",
        ethnicity=rng.choice(ETHNIC),
        birth=birth,
        division=division,
        id_number=number,
        home_address=address_in(rng, home),
        phone=f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"
        if rng.random() < 0.85
        else _landline(rng),
        card_number=f"{rng.choice('ABCDEFGHJKLMN')}{rng.randint(10000000, 99999999)}",
    )


def _landline(rng: random.Random) -> str:
    """Area code and local number: 8 digits after a 3-digit code, 7 or 8 after a 4-digit one."""
    code = rng.choice(("010", "021", "027", "0351", "0371", "0731", "0871"))
    digits = 8 if len(code) == 3 or rng.random() < 0.5 else 7
    return f"{code}-{rng.randint(2 * 10 ** (digits - 1), 9 * 10 ** (digits - 1) - 1)}"


def employer_name(rng: random.Random, region: Region) -> str:
    """A work unit whose name starts with the city it sits in."""
    city = region.city.removesuffix("市") or region.province.removesuffix("市")
    trade = rng.choice(("科技", "建设", "能源", "物流", "医药", "电力"))
    return f"{city}{rng.choice(TRADES)}{trade}{rng.choice(UNIT_SUFFIX)}"


def make_filing(rng: random.Random, category: FilingCategory) -> Filing:
    """A clean filing: distinct regions, 1-3 directory hospitals, dates in order, in the past."""
    destination = rng.choice(_dest_regions())
    insured = rng.choice(_insured_regions())
    while insured.code == destination.code:
        insured = rng.choice(_insured_regions())
    if rng.random() < 0.2:  # Shanxi has its own pack: make it common
        shanxi = [r for r in _insured_regions() if r.code.startswith("14") and r.code != destination.code]
        insured = rng.choice(shanxi)
    ages = (55, 85) if category == FilingCategory.RETIREE_RESETTLED else (1, 70)
    if category == FilingCategory.STATIONED_WORKER:
        ages = (22, 58)
    person = make_person(rng, insured, *ages)
    employee = (
        category in (FilingCategory.STATIONED_WORKER, FilingCategory.RETIREE_RESETTLED) or rng.random() < 0.5
    )
    pool = [h.name for h in hospitals() if h.city_code == destination.code]
    chosen = rng.sample(pool, rng.randint(1, min(3, len(pool))))
    signed = date(2025, 1, 1) + timedelta(days=rng.randint(0, 680))
    start = signed + timedelta(days=rng.randint(0, 20))
    end = start + timedelta(days=rng.choice((180, 364, 365, 729, 730, 1095)))
    dest_short = destination.city if destination.city != destination.province else destination.province
    reason = rng.choice(DEST_REASONS[category]).format(dest=dest_short)
    return Filing(
        person=person,
        category=category,
        insured=insured,
        destination=destination,
        insurance_type="employee" if employee else "resident",
        employer=employer_name(rng, destination if category == FilingCategory.STATIONED_WORKER else insured)
        if employee and category != FilingCategory.RETIREE_RESETTLED
        else "",
        residence_address=address_in(rng, destination),
        hospitals=chosen,
        start=start,
        end=end,
        signed=signed,
        reason=reason,
        agent=make_person(rng, insured, 25, 60) if rng.random() < 0.35 else None,
        form_id_number=person.id_number,
    )
