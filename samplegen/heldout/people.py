"""Made-up insured people and their places, drawn from the real division and hospital lists.

Names, streets and employers are invented here; regions, districts and designated hospitals
come from ``kernel.refdata`` (public GB/T 2260 codes and the hospital directory) because
truth must name places a back office would accept, while the people must be nobody.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kernel import refdata
from samplegen.heldout.idnum import make_id

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_M = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆锋建国庆志文博宏振海峰亮东晨"
GIVEN_F = "芳娜敏静丽艳娟霞秀英华慧巧美娅琳雪梅兰凤洁玲倩婷颖莉琴云红月萍燕桂珍"
STREETS = (
    "建设路",
    "人民路",
    "解放路",
    "和平街",
    "朝阳路",
    "文化路",
    "新华街",
    "胜利路",
    "长安街",
    "光明路",
    "幸福里",
    "育才路",
    "滨河东路",
    "工农街",
    "青年路",
    "花园路",
    "友谊大道",
    "振兴路",
    "学府路",
    "东风路",
)
ESTATES = ("阳光小区", "锦绣家园", "金色华庭", "翠苑", "碧水湾", "康乐新村", "书香苑", "龙湖花园", "绿洲小区")
ETHNIC = ("汉",) * 16 + ("回", "满", "蒙古", "壮", "土家", "苗", "朝鲜")
FIRMS = ("建工", "电力", "恒达", "华信", "宏远", "中联", "鼎盛", "瑞祥", "通达", "天成", "汇通", "金桥")
FIRM_TAIL = ("有限公司", "有限责任公司", "股份有限公司", "工程有限公司")
# Insured regions whose rule pack narrows what is accepted: kept out so that a clean packet stays clean.
_SPECIAL_PACK_PREFIXES = ("2201",)


@dataclass(frozen=True)
class Place:
    """A province+city region with one of its districts and a street address in it."""

    code: str
    name: str  # canonical region name, e.g. 山西省太原市 or 北京市
    city: str  # city part, e.g. 太原市 (北京市 for municipalities)
    district: str
    address: str


@dataclass
class Person:
    """The insured person of a packet, everything a document may print about them."""

    name: str
    male: bool
    ethnicity: str
    birth: dt.date
    id_number: str
    phone: str
    home: Place  # household registration (insured side)
    insured: Place
    destination: Place
    employer: str | None
    insurance: str  # employee | resident
    card_number: str
    hospitals_all: list[str] = field(default_factory=list)


def _districts(code: str) -> list[tuple[str, str]]:
    divs = refdata.divisions()
    municipality = code in refdata.MUNICIPALITIES
    out = [
        (d.code, d.name)
        for d in divs.values()
        if d.current
        and d.level == "county"
        and d.name not in ("市辖区", "县")
        and (d.code[:2] == code[:2] if municipality else d.parent == code)
        and d.name.endswith(("区", "县", "市"))
    ]
    return sorted(out)


def insured_regions() -> list[refdata.Region]:
    """Cities an insured person may come from: real regions with districts, special packs left out."""
    out = []
    for r in sorted(refdata.regions().values(), key=lambda r: r.code):
        if r.code.startswith(_SPECIAL_PACK_PREFIXES) or not r.city.endswith("市") or len(r.code) != 6:
            continue
        if r.code[4:] != "00" and r.code not in refdata.MUNICIPALITIES:
            continue  # county-level cities under a province: skip, their districts are few
        if _districts(r.code):
            out.append(r)
    return out


def destination_regions(min_hospitals: int = 1) -> list[refdata.Region]:
    """Regions whose designated hospitals the directory lists (so chosen hospitals are real ones)."""
    regs = refdata.regions()
    codes = sorted({h.city_code for h in refdata.hospitals()})
    return [regs[c] for c in codes if c in regs and len(refdata.hospitals_in(c)) >= min_hospitals]


def street_address(region: refdata.Region, rng: random.Random) -> Place:
    """A made-up address inside ``region``: district, street and number (sometimes an estate)."""
    code, district = rng.choice(_districts(region.code))
    tail = f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
    if rng.random() < 0.45:
        building = f"{rng.randrange(1, 30)}号楼{rng.randrange(1, 6)}单元{rng.randrange(101, 2600)}室"
        tail += f"{rng.choice(ESTATES)}{building}"
    return Place(code, region.name, region.city, district, f"{region.name}{district}{tail}")


def person_name(male: bool, rng: random.Random) -> str:
    given = GIVEN_M if male else GIVEN_F
    n = 1 if rng.random() < 0.35 else 2
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(n))


AREA_CODES = (
    "010",
    "020",
    "021",
    "022",
    "023",
    "024",
    "025",
    "027",
    "028",
    "029",
    "0311",
    "0351",
    "0371",
    "0431",
    "0451",
    "0531",
    "0551",
    "0571",
    "0591",
    "0731",
    "0771",
    "0791",
    "0871",
    "0898",
    "0931",
)


def phone_number(rng: random.Random) -> str:
    """A mobile number, or a landline with a real area code (DOMAIN.md's phone rule)."""
    if rng.random() < 0.8:
        return f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
    area = rng.choice(AREA_CODES)
    digits = 8 if len(area) == 3 else rng.choice((7, 8))
    return f"{area}-{rng.randrange(2 * 10 ** (digits - 1), 9 * 10 ** (digits - 1))}"


def make_person(
    rng: random.Random, *, retiree: bool, destination: refdata.Region, same_region: bool = False
) -> Person:
    """A consistent person: ID number from home district and birth date, places, employer, card."""
    male = rng.random() < 0.5
    today = dt.date(2025, 6, 1)
    age = rng.randrange(60, 82) if retiree else rng.randrange(19, 58)
    birth = dt.date(today.year - age, rng.randrange(1, 13), rng.randrange(1, 29))
    regions = insured_regions()
    insured_r = destination if same_region else rng.choice([r for r in regions if r.code != destination.code])
    home = street_address(insured_r, rng)
    id_number = make_id(home.code, birth, male, rng)
    employee = retiree or rng.random() < 0.6
    employer = None
    if employee and not retiree:
        employer = f"{insured_r.city[:-1]}{rng.choice(FIRMS)}{rng.choice(FIRM_TAIL)}"
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    return Person(
        name=person_name(male, rng),
        male=male,
        ethnicity=rng.choice(ETHNIC),
        birth=birth,
        id_number=id_number,
        phone=phone_number(rng),
        home=home,
        insured=home,
        destination=street_address(destination, rng),
        employer=employer,
        insurance="employee" if employee else "resident",
        card_number=f"{letter}{rng.randrange(0, 10**8):08d}",
        hospitals_all=refdata.hospitals_in(destination.code),
    )
