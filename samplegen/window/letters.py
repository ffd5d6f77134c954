"""Letters and register pages: residence certificates, household register, referral, commitment, application.

Why: proofs are free prose written by police stations, committees, employers
and hospitals; the values sit inside sentences, and the issuer's seal sits over
the issuer's name and date.
"""

from __future__ import annotations

import random
from datetime import date

from kernel.refdata import divisions
from samplegen.window import wording
from samplegen.window.canvas import BLACK, Page, hand, line, mm, new_page, paragraph, rect, text, text_width
from samplegen.window.model import Filing, Person
from samplegen.window.stamps import press


def _title(
    page: Page,
    s: str,
    y: float,
    face: str = "serif_bold",
    size: int | None = None,
    ink: tuple[int, int, int] = BLACK,
) -> float:
    W, _ = page.size
    size = size or mm(7)
    spaced = "  ".join(s) if len(s) <= 4 else s
    text(page, ((W - text_width(spaced, face, size)) / 2, y), spaced, face, size, ink)
    return y + size * 2.2


def _county(address: str, fallback: str) -> str:
    """The county/district name inside an address (used for police stations and committees)."""
    for d in divisions().values():
        if d.level == "county" and d.current and d.name in address[:14] and len(d.name) >= 2:
            return d.name
    return fallback


def residence_certificate(
    rng: random.Random,
    f: Filing,
    kind: str,
    issuer: str,
    issued: date,
    stamped: bool,
    person: Person | None = None,
) -> Page:
    """居住证明 from a police station, a community committee or the employer; sealed unless a defect says."""
    p = person or f.person
    page = new_page()
    W, H = page.size
    mx = mm(rng.uniform(20, 28))
    face = rng.choice(["serif", "sans", "ming", "hei"])
    y: float = mm(rng.uniform(22, 40))
    if kind == "unit" and rng.random() < 0.6:  # letterhead
        text(page, (mx, mm(12)), issuer, "serif_bold", mm(5.5), (170, 30, 30))
        line(page, (mx, mm(22)), (W - mx, mm(22)), (170, 30, 30), 4)
        y = max(y, mm(32))
    title = {
        "police": rng.choice(["居住证明", "户籍及居住证明"]),
        "committee": rng.choice(["居住证明", "居住情况证明"]),
        "unit": rng.choice(["工作证明", "常驻异地工作证明", "居住证明"]),
    }[kind]
    y = _title(page, title, y)
    size = mm(rng.uniform(3.8, 4.4))
    gender = "男" if p.gender == "male" else "女"
    since = rng.randint(2008, 2022)
    if kind == "unit":
        parts: list[tuple[str, str | None, object]] = [
            ("兹证明", None, None),
            (p.name, "name", p.name),
            (f"（{gender}，公民身份号码：", None, None),
            (p.id_number, "id_number", p.id_number),
            (f"）系我单位职工，自{since}年起由单位派驻至", None, None),
            (f.destination.name, None, None),
            ("工作，现居住于", None, None),
            (f.residence_address, "address", f.residence_address),
            ("，需在当地长期工作和居住。", None, None),
            ("特此证明。", None, None),
        ]
    else:
        who = "我所辖区" if kind == "police" else "本社区"
        parts = [
            ("兹有", None, None),
            (p.name, "name", p.name),
            (f"，{gender}，身份证号", None, None),
            (p.id_number, "id_number", p.id_number),
            (f"，自{since}年起在{who}", None, None),
            (f.residence_address, "address", f.residence_address),
            (rng.choice(["长期居住至今。", "居住，情况属实。", "实际居住，至今未离开。"]), None, None),
            ("特此证明。", None, None),
        ]
    y = paragraph(page, rng, mx, y + mm(4), W - 2 * mx, parts, face, size)
    y += mm(6)
    text(page, (mx + size * 2, y), "（此证明仅用于办理异地就医备案）", face, int(size * 0.8))
    y = max(y + mm(28), H * rng.uniform(0.5, 0.6))
    ib = text(page, (W - mx - text_width(issuer, face, size), y), issuer, face, size)
    page.put("issuer", issuer, ib)
    ds = rng.choice(
        [
            f"{issued.year}年{issued.month}月{issued.day}日",
            f"{issued:%Y-%m-%d}",
            f"{issued.year}年{issued.month:02d}月{issued.day:02d}日",
        ]
    )
    db = text(page, (W - mx - text_width(ds, face, size), y + size * 1.9), ds, face, size)
    page.put("issue_date", issued.isoformat(), db)
    if stamped:
        ink = rng.choice(["red", "red", "red2", "blue", "purple"])
        cx = (ib[0] + ib[2]) / 2 + mm(rng.uniform(-8, 4))
        press(
            page,
            rng,
            (cx, y + mm(rng.uniform(-2, 6))),
            rng.choice(["round", "round", "oval"]) if kind != "police" else "round",
            issuer,
            rng.choice(["", "", "专用章"]),
            ink,
            "issuer",
            worn=rng.choice([0, 0, 0.25]),
        )
    if rng.random() < 0.5:
        t = text(page, (mx, H - mm(40)), rng.choice(["联系人：", "经办人：", "证明人："]), face, mm(3.2))
        from samplegen.window.model import person_name

        hand(page, rng, (t[2] + 6, H - mm(42)), person_name(rng), mm(4.5))
        text(
            page,
            (mx + mm(70), H - mm(40)),
            f"电话：0{rng.randint(10, 999)}-{rng.randint(2000000, 8999999)}",
            face,
            mm(3.2),
        )
    return page


def police_station(rng: random.Random, f: Filing) -> str:
    county = _county(f.residence_address, f.destination.city)
    city = f.destination.city if f.destination.city != county else ""
    branch = county.removesuffix("区").removesuffix("县")
    beat = rng.choice(["城关", "东关", "南街", "北苑", "新华", "建设路", "和平"])
    return f"{city}公安局{branch}分局{beat}派出所"


def committee(rng: random.Random, f: Filing) -> str:
    street = rng.choice(["东风", "幸福", "花园", "新村", "滨河", "学府"]) + rng.choice(["街道", "镇"])
    name = rng.choice(["阳光", "光明", "和平", "锦绣", "朝阳"])
    return f"{_county(f.residence_address, '')}{street}{name}社区居民委员会"


def household_register(rng: random.Random, f: Filing, person: Person | None = None) -> Page:
    """常住人口登记卡 page copy: a ruled card with the register office seal (户口专用章)."""
    p = person or f.person
    page = new_page()
    W, _ = page.size
    x0, x1 = mm(22), W - mm(22)
    y: float = mm(rng.uniform(28, 60))
    ink = rng.choice([(40, 40, 40), (60, 80, 120), (120, 60, 60)])
    text(
        page,
        ((W - text_width("常住人口登记卡", "serif_bold", mm(6))) / 2, y),
        "常住人口登记卡",
        "serif_bold",
        mm(6),
        ink,
    )
    y += mm(13)
    top = y
    rh = mm(11)
    gender = "男" if p.gender == "male" else "女"
    rows: list[list[tuple[str, str, str | None]]] = [
        [("姓名", p.name, "name"), ("户主或与户主关系", rng.choice(["户主", "母", "父", "子", "女"]), None)],
        [("曾用名", "", None), ("性别", gender, None)],
        [
            (
                "出生地",
                divisions().get(p.division[:4] + "00", divisions()[p.division[:2] + "0000"]).name,
                None,
            ),
            ("民族", p.ethnicity, None),
        ],
        [("出生日期", f"{p.birth.year}年{p.birth.month}月{p.birth.day}日", None), ("宗教信仰", "", None)],
        [("公民身份号码", p.id_number, "id_number")],
        [("本市（县）其他住址", f.residence_address, "address")],
        [("服务处所", f.employer or "", None), ("职业", rng.choice(["退休", "职员", "", "无"]), None)],
        [("何时由何地迁来本市（县）", f"{rng.randint(2005, 2021)}年 由{f.insured.name}迁来", None)],
    ]
    hw = rng.random() < 0.4
    for row in rows:
        n = len(row)
        cw = (x1 - x0) / n
        for j, (lab, val, key) in enumerate(row):
            cx = x0 + j * cw
            lw = max(mm(22), text_width(lab, "sans", mm(2.9)) + mm(4))
            text(page, (cx + mm(1.5), y + (rh - mm(2.9)) / 2 - 3), lab, "sans", mm(2.9), ink)
            line(page, (cx + lw, y), (cx + lw, y + rh), ink, 2)
            if j:
                line(page, (cx, y), (cx, y + rh), ink, 2)
            if val:
                sz = mm(3.4)
                while text_width(val, "ming", sz) > cw - lw - mm(3) and sz > 18:
                    sz -= 2
                b = (
                    hand(page, rng, (cx + lw + mm(1.5), y + (rh - sz) / 2 - 3), val, sz)
                    if hw
                    else text(page, (cx + lw + mm(1.5), y + (rh - sz) / 2 - 3), val, "ming", sz)
                )
                if key:
                    page.put(key, val, b)
        line(page, (x0, y + rh), (x1, y + rh), ink, 2)
        y += rh
    rect(page, (x0, top, x1, y), ink, 3)
    station = police_station(rng, f)
    ib = text(page, (x1 - mm(95), y + mm(8)), "登记机关：", "sans", mm(3.0), ink)
    sb = text(page, (ib[2] + 4, y + mm(8)), station, "sans", mm(3.0), ink)
    page.put("issuer", station, sb)
    press(
        page,
        rng,
        (x1 - mm(40), y + mm(10)),
        "round",
        station,
        "户口专用章",
        rng.choice(["red", "red", "red2"]),
        "issuer",
    )
    return page


def referral(rng: random.Random, f: Filing, issued: date, stamped: bool, referring: str, target: str) -> Page:
    """转诊证明 on the referring hospital's letterhead, with 转出医院/转入医院 and the hospital seal."""
    p = f.person
    page = new_page()
    W, _ = page.size
    mx = mm(20)
    red = rng.random() < 0.5
    head_ink = (180, 30, 30) if red else (20, 60, 120)
    text(
        page,
        ((W - text_width(referring, "serif_bold", mm(6.5))) / 2, mm(14)),
        referring,
        "serif_bold",
        mm(6.5),
        head_ink,
    )
    line(page, (mx, mm(27)), (W - mx, mm(27)), head_ink, 4)
    y = _title(page, rng.choice(["转诊证明", "异地转诊转院证明", "转院证明书"]), mm(36), size=mm(6.5))
    rh = mm(12)
    gender = "男" if p.gender == "male" else "女"
    age = issued.year - p.birth.year
    rows: list[tuple[str, str, str | None]] = [
        ("姓名", p.name, "name"),
        ("性别", gender, None),
        ("年龄", f"{age}岁", None),
        ("身份证号码", p.id_number, "id_number"),
        (
            "临床诊断",
            rng.choice(
                ["冠状动脉粥样硬化性心脏病", "肺恶性肿瘤", "慢性肾功能不全", "脑梗死恢复期", "乳腺恶性肿瘤"]
            ),
            None,
        ),
        (rng.choice(["转出医院", "转出医疗机构"]), referring, "referring_hospital"),
        (rng.choice(["转入医院", "转往医院", "拟转入医疗机构"]), target, "target_hospital"),
        (
            "转诊原因",
            rng.choice(["本院技术条件有限，建议转上级医院进一步诊治。", "病情复杂，需转院治疗。"]),
            None,
        ),
    ]
    hw = rng.random() < 0.5
    top = y
    for lab, val, key in rows:
        lw = mm(38)
        text(page, (mx + mm(2), y + (rh - mm(3.2)) / 2 - 3), lab, "sans", mm(3.2))
        line(page, (mx + lw, y), (mx + lw, y + rh), BLACK, 2)
        sz = mm(3.6)
        while text_width(val, "sans", sz) > W - 2 * mx - lw - mm(4) and sz > 18:
            sz -= 2
        b = (
            hand(page, rng, (mx + lw + mm(2), y + (rh - sz) / 2 - 4), val, sz)
            if hw
            else text(page, (mx + lw + mm(2), y + (rh - sz) / 2 - 3), val, "sans", sz)
        )
        if key:
            page.put(key, val, b)
        line(page, (mx, y + rh), (W - mx, y + rh), BLACK, 2)
        y += rh
    rect(page, (mx, top, W - mx, y), BLACK, 3)
    y += mm(12)
    text(page, (mx, y), "主治医师：", "sans", mm(3.2))
    from samplegen.window.model import person_name

    hand(page, rng, (mx + mm(22), y - mm(2)), person_name(rng), mm(5))
    ds = wording.spell_date(issued, rng)
    db = text(page, (W - mx - text_width(ds, "sans", mm(3.4)), y + mm(14)), ds, "sans", mm(3.4))
    page.put("issue_date", issued.isoformat(), db)
    tb = text(page, (W - mx - mm(62), y), "（医院盖章）", "sans", mm(3.2))
    if stamped:
        press(
            page,
            rng,
            ((tb[0] + tb[2]) / 2, y + mm(6)),
            "round",
            referring,
            rng.choice(["", "医务科", "转诊专用章"]),
            rng.choice(["red", "red2", "purple"]),
            "issuer",
        )
    return page


def statement(rng: random.Random, f: Filing, kind: str, when: date) -> Page:
    """个人承诺书 or 书面申请 (申请书): typed or handwritten prose, signed and dated by hand."""
    p = f.person
    page = new_page(paper=(255, 255, 255) if rng.random() < 0.7 else (250, 248, 240))
    W, H = page.size
    mx = mm(rng.uniform(18, 26))
    hw = rng.random() < 0.45
    face = "kai" if hw else rng.choice(["serif", "sans", "ming"])
    y: float = mm(rng.uniform(24, 40))
    if kind == "commitment":
        y = _title(page, rng.choice(["个人承诺书", "承诺书", "异地就医备案个人承诺书"]), y)
        body: list[tuple[str, str | None, object]] = [
            ("本人", None, None),
            (p.name, "name", p.name),
            ("，公民身份号码", None, None),
            (p.id_number, "id_number", p.id_number),
            (f"，参保地为{f.insured.name}，现因{f.reason}，申请办理异地就医备案。", None, None),
            (
                "本人承诺：以上所述情况真实，所提供的材料真实有效。如有虚假，本人愿承担由此产生的一切法律责任，并退还已享受的医保待遇。",
                None,
                None,
            ),
        ]
    else:
        y = _title(page, rng.choice(["申请书", "书面申请", "异地就医备案申请"]), y)
        body = [
            (f"{f.insured.name}医疗保障局：", None, None),
        ]
        y = paragraph(page, rng, mx, y, W - 2 * mx, body, face, mm(4.2), indent=0)
        body = [
            ("我叫", None, None),
            (p.name, "name", p.name),
            ("，身份证号", None, None),
            (p.id_number, "id_number", p.id_number),
            ("。", None, None),
            (f.reason, "reason", f.reason),
            (
                f"，现居住在{f.residence_address}，为方便就医，特申请办理异地就医备案手续，恳请批准。",
                None,
                None,
            ),
        ]
    y = paragraph(page, rng, mx, y, W - 2 * mx, body, face, mm(4.2))
    y = max(y + mm(25), H * 0.55)
    lab = (
        rng.choice(["承诺人（签字）：", "申请人：", "本人签名："])
        if kind == "commitment"
        else rng.choice(["申请人：", "申请人签字："])
    )
    lb = text(page, (W - mx - mm(90), y), lab, face if not hw else "sans", mm(3.6))
    sb = hand(page, rng, (lb[2] + mm(2), y - mm(3)), p.name, mm(6.5))
    page.put("signature", True, sb)
    ds = wording.spell_date(when, rng, True)
    db = hand(page, rng, (W - mx - mm(75), y + mm(15)), ds, mm(4.4))
    page.put("date", when.isoformat(), db)
    if rng.random() < 0.3:  # a fingerprint in red ink: not a seal, but a red blob
        cx, cy = sb[2] + mm(6), (sb[1] + sb[3]) / 2
        page.draw.ellipse((cx - mm(5), cy - mm(6.5), cx + mm(5), cy + mm(6.5)), fill=(214, 120, 120))
    return page
