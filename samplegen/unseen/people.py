"""People, places and numbers for the unseen set, insured outside the project's home province.

The main generator insures people mostly in Shanxi; here the insured region follows the
province whose form is drawn (广东, 浙江, 江苏, 四川, 北京, 上海 …). Regions whose rule packs
change the verdict rules (Shanxi ``14``, the municipal example ``2201``) are left out, so
every packet is judged by the national pack and the expected issues stay computable here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from kernel import refdata
from samplegen.values import (
    TODAY,
    Person,
    _counties_of,
    hospital_regions,
    make_id,
    make_name,
    other_valid_id,
)

# Layout province -> insured region codes the form is used in.
PROVINCE_REGIONS: dict[str, tuple[str, ...]] = {
    "guangdong": ("440100", "440300", "440600", "440400", "445100"),
    "zhejiang": ("330100", "330200", "330300", "330600", "331000"),
    "jiangsu": ("320100", "320500", "320200", "321000", "320300"),
    "sichuan": ("510100", "510700", "511300", "510600"),
    "beijing": ("110000",),
    "shanghai": ("310000",),
}
OTHER_REGIONS = (
    "420100",
    "430100",
    "410100",
    "370100",
    "370200",
    "130100",
    "210100",
    "350100",
    "350200",
    "530100",
    "460100",
    "610100",
    "500000",
    "120000",
    "340100",
    "360100",
    "450100",
    "230100",
    "620100",
    "640100",
    "650100",
    "520100",
    "150100",
)
AREA_CODES = {
    "11": "010",
    "31": "021",
    "12": "022",
    "50": "023",
    "4401": "020",
    "4403": "0755",
    "4406": "0757",
    "4419": "0769",
    "3301": "0571",
    "3302": "0574",
    "3201": "025",
    "3205": "0512",
    "5101": "028",
    "4201": "027",
    "4301": "0731",
    "4101": "0371",
    "3701": "0531",
    "1301": "0311",
    "2101": "024",
}
STREETS = (
    "天河路",
    "中山大道",
    "深南大道",
    "科技园路",
    "文三路",
    "延安路",
    "中山北路",
    "珠江路",
    "人民南路",
    "春熙路",
    "长安街",
    "复兴路",
    "南京西路",
    "淮海中路",
    "建设大道",
    "解放大道",
    "五一路",
    "花园路",
    "滨江大道",
    "黄河路",
    "和平里东街",
    "光华路",
    "学院路",
    "东风路",
    "新华街",
    "府前路",
)
ESTATES = ("锦绣花园", "阳光家园", "翠苑小区", "金色港湾", "幸福里", "东湖小区", "书香门第", "碧水湾")
VILLAGES = ("新桥", "王家", "柳树", "石桥", "东岗", "河头", "龙泉", "杨庄")
FIRMS = ("华为", "恒信", "中建", "远洋", "广联", "瑞达", "嘉禾", "汇通", "博雅", "晨光", "天合")
TRADES = (
    ("科技", "有限公司"),
    ("建设工程", "有限公司"),
    ("物流", "股份有限公司"),
    ("贸易", "有限责任公司"),
    ("电力工程", "集团有限公司"),
    ("设计", "研究院"),
    ("医药", "有限公司"),
    ("网络", "技术服务中心"),
)
RELATIONS = ("子女", "配偶", "父母", "儿子", "女儿", "亲属", "朋友")


def eligible(code: str) -> bool:
    return not code.startswith("14") and not code.startswith("2201") and code in refdata.regions()


def county_of(code: str, r: random.Random) -> tuple[str, str]:
    return r.choice(_counties_of(code))


def phone(r: random.Random, region_code: str) -> tuple[str, str]:
    """(truth value, as printed): mobiles as digits (printed grouped sometimes), landlines 0571-8xxxxxxx."""
    if r.random() < 0.8:
        digits = f"1{r.choice('35789')}{r.randint(0, 999999999):09d}"
        shown = f"{digits[:3]} {digits[3:7]} {digits[7:]}" if r.random() < 0.2 else digits
        return digits, shown
    area = AREA_CODES.get(region_code[:4], AREA_CODES.get(region_code[:2], "0" + region_code[:3]))
    rest = 7 if len(area) == 3 else 6  # 3-digit area codes have 8-digit numbers
    local = f"{r.randint(2, 8)}{r.randint(0, 10**rest - 1):0{rest}d}"
    value = f"{area}-{local}"  # (021)… would be the same number but another string to score
    return value, value


def address(r: random.Random, dest: str, rural: bool = False) -> tuple[str, str]:
    """(address as written on the declaration, district) inside region ``dest``."""
    _, district = county_of(dest, r)
    reg = refdata.regions()[dest]
    head = reg.name if r.random() < 0.7 else reg.city
    if rural:
        town = r.choice(VILLAGES)
        return (
            f"{head}{district}{town}镇{r.choice(VILLAGES)}村{r.randint(1, 9)}组{r.randint(1, 80)}号",
            district,
        )
    rest = f"{r.choice(STREETS)}{r.randint(1, 999)}号"
    if r.random() < 0.6:
        room = f"{r.randint(1, 30)}{r.randint(1, 4):02d}室"
        rest += f"{r.choice(ESTATES)}{r.randint(1, 30)}栋{r.randint(1, 4)}单元{room}"
    return f"{head}{district}{rest}", district


def company(r: random.Random, city_code: str) -> str:
    short = refdata.short_name(refdata.regions()[city_code].city)
    trade, kind = r.choice(TRADES)
    return f"{short}{r.choice(FIRMS)}{trade}{kind}"


def ss_number(r: random.Random, id_number: str) -> str | None:
    """社会保障卡号 as printed: the ID number, a card number (A12345678) or a 10-digit 个人编号."""
    x = r.random()
    if x < 0.45:
        return id_number
    if x < 0.65:
        return f"{r.choice('ABCDEFGHJKLM')}{r.randint(0, 99999999):08d}"
    if x < 0.8:
        return f"{r.randint(1000000000, 9999999999)}"
    return None


@dataclass
class Agent:
    """A 代办人: someone else filing on the person's behalf (distractor values on the form)."""

    name: str
    id_number: str
    phone: str
    relation: str


def make_agent(r: random.Random, p: Person) -> Agent:
    gender = r.choice(("male", "female"))
    age = r.randint(25, 55)
    birth = p.birth.replace(year=TODAY.year - age, day=min(p.birth.day, 28))
    name = p.name[0] + make_name(r, gender)[1:] if r.random() < 0.5 else make_name(r, gender)
    county, _ = county_of(p.insured_code, r)
    agent_id = make_id(r, county, birth, gender)
    if agent_id == p.id_number:
        agent_id = other_valid_id(r, agent_id)
    return Agent(name, agent_id, phone(r, p.insured_code)[0], r.choice(RELATIONS))


def make_person(
    r: random.Random,
    category: str,
    insured: str,
    *,
    same_region: bool = False,
    n_hospitals: int | None = None,
) -> tuple[Person, str]:
    """A person insured in ``insured`` filing ``category``; also the phone as printed."""
    gender = r.choice(("male", "female"))
    age = r.randint(60, 82) if category == "retiree_resettled" else r.randint(19, 58)
    birth = TODAY.replace(year=TODAY.year - age, month=r.randint(1, 12), day=r.randint(1, 28))
    need = max(2, n_hospitals or 0)
    dests = [c for c in hospital_regions() if c != insured and len(refdata.hospitals_in(c)) >= need]
    dest = insured if same_region else r.choice(dests)
    county, _ = county_of(insured, r)
    id_number = make_id(r, county, birth, gender)
    employee = category == "stationed_worker" or (category != "retiree_resettled" and r.random() < 0.5)
    insurance = (
        "employee" if employee or (category == "retiree_resettled" and r.random() < 0.6) else "resident"
    )
    employer = company(r, insured) if insurance == "employee" and category != "retiree_resettled" else None
    addr, district = address(r, dest, rural=r.random() < 0.15)
    pool = refdata.hospitals_in(dest)
    k = n_hospitals if n_hospitals is not None else r.choice((1, 1, 2, 2, 3))
    k = min(k, len(pool)) if n_hospitals is None else k
    hospitals = r.sample(pool, k) if k <= len(pool) else list(pool)
    signed = TODAY - timedelta(days=r.randint(5, 240))
    start = signed + timedelta(days=r.randint(0, 25))
    end = (
        None
        if category in ("retiree_resettled", "long_term_resident") and r.random() < 0.5
        else start + timedelta(days=r.choice((90, 180, 182, 365, 730, 1095)))
    )
    ph, shown = phone(r, insured)
    person = Person(
        make_name(r, gender),
        gender,
        birth,
        id_number,
        county,
        insured,
        dest,
        ph,
        ss_number(r, id_number),
        insurance,
        employer,
        addr,
        district,
        hospitals,
        start,
        end,
        signed,
    )
    return person, shown
