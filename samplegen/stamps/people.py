"""Made-up people, places, hospitals and dates for the packets (real division codes and hospitals)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from kernel import idnumber, refdata
from kernel.domain import FilingCategory

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_M = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国庆文志新海峰春生"
GIVEN_F = "芳娜敏静丽艳娟霞秀英玲桂兰萍红燕梅琳雪莉倩婷慧颖琴云洁晶蓉佳悦凤珍翠"
ETHNICITIES = ["汉", "汉", "汉", "汉", "汉", "回", "满", "蒙古", "壮", "土家"]
STREETS = ["幸福", "人民", "解放", "建设", "和平", "胜利", "光明", "新华", "长江", "中山", "文化", "友谊"]
STREET_KINDS = ["路", "街", "大道", "巷"]
COMPANY_WORDS = ["新源", "宏达", "华信", "恒通", "金桥", "德润", "瑞丰", "鼎盛", "博远", "中联"]
COMPANY_KINDS = [
    "机械制造有限公司",
    "电力工程有限公司",
    "建设集团有限公司",
    "物流有限公司",
    "科技股份有限公司",
]
REASONS: dict[FilingCategory, list[str]] = {
    FilingCategory.RETIREE_RESETTLED: ["退休后随子女异地安置", "退休后回原籍养老"],
    FilingCategory.LONG_TERM_RESIDENT: ["随子女长期居住", "长期在异地居住生活", "与配偶异地长期共同居住"],
    FilingCategory.STATIONED_WORKER: ["单位派驻异地工作", "常驻外地项目部工作"],
    FilingCategory.REFERRAL: ["病情需要转诊上级医院治疗", "本地无法确诊，需转外地诊治"],
    FilingCategory.EMERGENCY: ["外出期间突发疾病急诊抢救"],
    FilingCategory.OTHER_TEMPORARY: ["临时外出探亲期间就医", "外出旅游期间就医", "异地求学期间就医"],
}


@dataclass
class Place:
    """A prefecture-level region with its districts and designated hospitals."""

    code: str
    name: str  # "<province><city>"
    city: str
    districts: list[tuple[str, str]]  # (code, name)
    hospitals: list[str]


@dataclass
class Person:
    """The insured person of one packet, with everything the forms print about them."""

    name: str
    gender: str
    ethnicity: str
    birth: date
    id_number: str
    ssn: str
    card_number: str
    phone: str
    home: Place
    home_address: str
    dest: Place
    dest_address: str
    dest_district: str
    category: FilingCategory
    insurance_type: str
    employer: str | None
    hospitals: list[str]
    signed: date
    start: date
    end: date | None
    reason: str
    id_valid_from: date
    id_valid_to: date | None
    extra: dict[str, str] = field(default_factory=dict)


def _places() -> list[Place]:
    divisions = refdata.divisions()
    out: list[Place] = []
    for code, region in sorted(refdata.regions().items()):
        hospitals = refdata.hospitals_in(code)
        if len(hospitals) < 3:
            continue
        parents = {code, code[:4] + "00"} if not code.endswith("0000") else {code[:2] + "0100"}
        districts = [
            (d.code, d.name)
            for d in divisions.values()
            if d.level == "county" and d.parent in parents and d.current and d.name.endswith("区")
        ]
        if districts:
            out.append(Place(code, region.name, region.city, sorted(districts), list(hospitals)))
    return out


_PLACES: list[Place] = []


def places() -> list[Place]:
    """Regions that have districts and at least three designated hospitals (computed once)."""
    if not _PLACES:
        _PLACES.extend(_places())
    return _PLACES


def make_id(rng: random.Random, division: str, birth: date, gender: str) -> str:
    """An 18-character ID number with a valid GB 11643 check character."""
    parity = rng.randrange(5) * 2 + (1 if gender == "male" else 0)
    first17 = f"{division}{birth:%Y%m%d}{rng.randrange(100):02d}{parity}"
    return first17 + idnumber.check_digit(first17)


def _address(rng: random.Random, place: Place) -> tuple[str, str]:
    _, dname = rng.choice(place.districts)
    street = rng.choice(STREETS) + rng.choice(STREET_KINDS)
    number = rng.randint(1, 199)
    building = f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元"
    tail = f"{number}号{building}{rng.randint(1, 28)}0{rng.randint(1, 4)}室"
    return place.name + dname + street + tail, dname


def company(rng: random.Random, place: Place) -> str:
    """A made-up company of a city (what a unit's seal reads)."""
    return place.city.removesuffix("市") + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)


def make_person(rng: random.Random, category: FilingCategory) -> Person:
    """A consistent person: ID matching gender and birth date, two different regions, valid dates."""
    home, dest = rng.sample(places(), 2)
    gender = rng.choice(["male", "female"])
    given = GIVEN_M if gender == "male" else GIVEN_F
    name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice([1, 2, 2])))
    retiree = category == FilingCategory.RETIREE_RESETTLED
    age = rng.randint(56, 78) if retiree else rng.randint(19, 62)
    birth = date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
    division = rng.choice(home.districts)[0]
    number = make_id(rng, division, birth, gender)
    home_address, _ = _address(rng, home)
    dest_address, dest_district = _address(rng, dest)
    signed = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
    start = signed + timedelta(days=rng.randint(0, 20))
    end = (
        None
        if category in (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT)
        else (start + timedelta(days=rng.choice([90, 180, 182, 365, 730])))
    )
    employee = category == FilingCategory.STATIONED_WORKER or rng.random() < 0.5
    valid_from = date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
    years = 20 if age < 46 else 0
    valid_to = date(valid_from.year + years, valid_from.month, valid_from.day) if years else None
    return Person(
        name=name,
        gender=gender,
        ethnicity=rng.choice(ETHNICITIES),
        birth=birth,
        id_number=number,
        ssn=number,
        card_number=rng.choice("ABCDEFGHJK") + f"{rng.randrange(10**8):08d}",
        phone="1" + rng.choice("3456789") + f"{rng.randrange(10**9):09d}",
        home=home,
        home_address=home_address,
        dest=dest,
        dest_address=dest_address,
        dest_district=dest_district,
        category=category,
        insurance_type="employee" if employee else "resident",
        employer=company(rng, home) if employee else None,
        hospitals=rng.sample(dest.hospitals, rng.choice([1, 1, 2, 3])),
        signed=signed,
        start=start,
        end=end,
        reason=rng.choice(REASONS[category]),
        id_valid_from=valid_from,
        id_valid_to=valid_to,
    )


def agency(place: Place) -> str:
    """The medical-insurance agency of a region (what its round seal reads)."""
    return place.city + "医疗保障事务中心"
