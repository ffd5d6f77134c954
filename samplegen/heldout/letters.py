"""Letter-like proofs: residence certificates, referral certificates, commitments, applications,
and the household-register page.

They are prose, not grids: values sit inside sentences, after labels, or under a seal, which
is exactly where a field extractor tuned on forms slips. Each writer records the ink of the
values it prints under its document reference.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from samplegen.heldout.canvas import INK_BLACK, Color, Rect, Sheet, union
from samplegen.heldout.fill import Pen, fmt_date
from samplegen.heldout.stamps import stamp


@dataclass
class LetterValues:
    """Values a letter may print; None means the letter does not print it."""

    name: str
    id_number: str
    gender_zh: str = ""
    address: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    referring_hospital: str | None = None
    target_hospital: str | None = None
    reason: str | None = None
    signer: str | None = None
    date: dt.date | None = None
    seal: str | None = None  # seal ring text, None = unstamped
    seal_ink: str = "red"
    seal_shape: str = "round"
    diagnosis: str = ""


class Writer:
    """Runs of printed text and filled values along a line, wrapping at the right margin."""

    def __init__(
        self,
        sheet: Sheet,
        doc: str,
        x0: float,
        x1: float,
        y: float,
        size: float,
        role: str,
        color: Color,
        pen: Pen | None,
    ) -> None:
        self.s, self.doc, self.x0, self.x1, self.y = sheet, doc, x0, x1, y
        self.size, self.role, self.color, self.pen = size, role, color, pen
        self.x = x0

    def newline(self, factor: float = 2.0, indent: float = 0.0) -> None:
        self.y += self.size * factor
        self.x = self.x0 + indent

    def printed(self, text: str) -> None:
        for ch in text:
            w = self.s.text_width(ch, self.size, self.role)
            if self.x + w > self.x1:
                self.newline()
            self.s.text(self.x, self.y, ch, self.size, self.role, self.color)
            self.x += w

    def value(self, key: str | None, text: str, underline: bool = False) -> Rect | None:
        """A value, kept on one line (wrapping before it when needed), optionally underlined."""
        pen = self.pen
        w = pen.width(self.s, text) if pen else self.s.text_width(text, self.size, self.role)
        if self.x + w + 2 > self.x1 and self.x > self.x0 + 1:
            self.newline()
        if self.x + w + 2 > self.x1:  # longer than a whole line: split it over two
            half = len(text) // 2
            r = self.value(key, text[:half], underline)
            self.newline()
            return union(r, self.value(key, text[half:], underline))
        if pen is not None:
            r = pen.write(self.s, self.x + 1, self.y, text)
        else:
            r = self.s.text(self.x + 1, self.y, text, self.size, self.role, self.color)
        if underline:
            self.s.line(
                self.x, self.y + self.size * 0.75, self.x + w + 2, self.y + self.size * 0.75, 0.2, self.color
            )
        self.x += w + 2
        if key is not None:
            self.s.record(self.doc, key, r)
        return r


def _title(sheet: Sheet, text: str, y: float, rng: random.Random, color: Color = INK_BLACK) -> None:
    spaced = "  ".join(text) if len(text) <= 5 else text
    sheet.text(
        sheet.w_mm / 2,
        y,
        spaced,
        rng.uniform(7.0, 8.5),
        rng.choice(("serif_bold", "sans_bold", "hei")),
        color,
        "mm",
    )


def _seal_and_date(
    sheet: Sheet,
    doc: str,
    v: LetterValues,
    st_pen: Pen | None,
    rng: random.Random,
    x_right: float,
    y: float,
    issuer_key: bool = True,
    size: float = 4.0,
    role: str = "sans",
) -> None:
    """The issuer line and date at the bottom right, the seal pressed over them."""
    if v.issuer is not None:
        w = sheet.text_width(v.issuer, size, role)
        r = sheet.text(x_right - w, y, v.issuer, size, role)
        if issuer_key:
            sheet.record(doc, "issuer", r)
    if v.issue_date is not None:
        text = fmt_date(v.issue_date, rng.choice(("cn", "cn0", "dots")))
        if st_pen is not None and rng.random() < 0.5:
            w = st_pen.width(sheet, text)
            r = st_pen.write(sheet, x_right - w, y + 9, text)
        else:
            w = sheet.text_width(text, size, role)
            r = sheet.text(x_right - w, y + 9, text, size, role)
        sheet.record(doc, "issue_date", r)
    if v.seal is not None:
        cx = x_right - 28 + rng.uniform(-8, 6)
        shape = v.seal_shape
        stamp(
            sheet,
            doc,
            cx,
            y + 3 + rng.uniform(-5, 5),
            shape=shape,
            text=v.seal,
            ink=v.seal_ink,
            role="issuer",
            rng=rng,
            size_mm=(40, 40) if shape == "round" else (46, 31),
            lines=("户口专用章",) if "公安" in v.seal and rng.random() < 0.5 else (),
        )


def residence_certificate(
    sheet: Sheet, doc: str, v: LetterValues, pen: Pen | None, rng: random.Random, kind: str
) -> None:
    """居住证明 from a police station, a community committee or an employer (kind: police|community|unit)."""
    x0, x1 = rng.uniform(22, 30), sheet.w_mm - rng.uniform(22, 30)
    y = rng.uniform(30, 45)
    title = {
        "police": "居住证明",
        "community": "居 住 证 明",
        "unit": rng.choice(("工作证明", "常驻异地工作证明")),
    }[kind]
    _title(sheet, title.replace(" ", ""), y, rng)
    size = rng.uniform(4.0, 4.6)
    w = Writer(sheet, doc, x0, x1, y + 22, size, rng.choice(("serif", "sans", "ming")), INK_BLACK, pen)
    w.x = x0 + size * 2
    w.printed("兹证明")
    w.value("name", v.name, underline=pen is not None)
    w.printed(f"（性别：{v.gender_zh}，公民身份号码：")
    w.value("id_number", v.id_number, underline=pen is not None)
    if kind == "unit":
        w.printed("）系我单位职工，经单位派驻，自")
        w.printed(f"{rng.randrange(2016, 2024)}年起常驻")
        w.printed("异地工作，现居住于")
    else:
        w.printed("）自" + str(rng.randrange(2012, 2023)) + "年起在我辖区长期居住，现住址为")
    w.value("address", v.address or "", underline=pen is not None)
    w.printed("。")
    w.newline(2.0, size * 2)
    w.printed("特此证明。" if rng.random() < 0.6 else "此证明仅用于办理异地就医备案，特此证明。")
    w.newline(2.0, size * 2)
    w.printed("联系电话：" + f"0{rng.randrange(10, 999)}-{rng.randrange(2000000, 8999999)}")
    _seal_and_date(sheet, doc, v, pen, rng, x1 - 5, w.y + rng.uniform(30, 45), size=size)


def referral_certificate(
    sheet: Sheet, doc: str, v: LetterValues, pen: Pen | None, rng: random.Random
) -> None:
    """转诊（转院）证明 on the referring hospital's letterhead, with its seal and a 转出医院 label."""
    x0, x1 = rng.uniform(20, 26), sheet.w_mm - rng.uniform(20, 26)
    head = v.referring_hospital or ""
    head_color: Color = rng.choice(((180, 30, 36), INK_BLACK, (20, 60, 140)))
    sheet.text(sheet.w_mm / 2, 20, head, rng.uniform(6.5, 8.0), "serif_bold", head_color, "mm")
    sheet.line(x0, 27, x1, 27, 0.6, head_color)
    sheet.line(x0, 28.2, x1, 28.2, 0.25, head_color)
    _title(sheet, rng.choice(("转诊证明", "转院证明", "转诊（转院）证明", "异地转诊证明")), 40, rng)
    size = rng.uniform(3.8, 4.4)
    role = rng.choice(("sans", "serif"))
    y = 56.0
    rows: list[tuple[str, str | None, str]] = [
        ("患者姓名：", "name", v.name),
        ("性    别：", None, v.gender_zh),
        ("身份证号：", "id_number", v.id_number),
        ("临床诊断：", None, v.diagnosis),
        ("转出医院：", "referring_hospital", head),
        ("转入医院：", "target_hospital", v.target_hospital or ""),
        ("转诊原因：", None, v.reason or "本院诊疗条件有限，建议转上级医院进一步诊治"),
    ]
    if rng.random() < 0.5:
        rows[0], rows[2] = rows[2], rows[0]
    for label, key, text in rows:
        sheet.text(x0, y, label, size, role)
        lx = x0 + sheet.text_width(label, size, role) + 2
        wr = Writer(sheet, doc, lx, x1, y, size, role, INK_BLACK, pen)
        wr.value(key, text, underline=True)
        y = wr.y + size * 2.6
    sheet.text(x0, y + 6, "经治医师：", size, role)
    sheet.hand(
        x0 + sheet.text_width("经治医师：", size, role) + 3,
        y + 6,
        rng.choice(("陈刚", "周丽", "孙平")),
        size * 1.3,
        rng,
    )
    sheet.text(x0, y + 16, "医务科（章）：", size, role)
    if rng.random() < 0.5:
        stamp(
            sheet,
            doc,
            x0 + 55,
            y + 16,
            shape="square",
            text="医务科",
            ink=v.seal_ink,
            role="unknown",
            rng=rng,
            size_mm=(30, 11),
            lines=("医务科",),
        )
    _seal_and_date(sheet, doc, v, pen, rng, x1 - 5, y + 34, issuer_key=False, size=size, role=role)


def statement(sheet: Sheet, doc: str, v: LetterValues, pen: Pen, rng: random.Random, kind: str) -> None:
    """个人承诺书 (kind=commitment) or 书面申请 (kind=application): prose, signature and date."""
    x0, x1 = rng.uniform(22, 28), sheet.w_mm - rng.uniform(22, 28)
    _title(
        sheet,
        "个人承诺书" if kind == "commitment" else rng.choice(("书面申请", "申请书", "异地就医申请")),
        32,
        rng,
    )
    size = rng.uniform(4.0, 4.5)
    role = rng.choice(("serif", "sans", "ming"))
    w = Writer(sheet, doc, x0, x1, 52, size, role, INK_BLACK, pen)
    if kind == "application":
        w.printed(rng.choice(("医保经办机构：", "尊敬的医疗保障经办机构：")))
        w.newline(2.2, size * 2)
    else:
        w.x = x0 + size * 2
    w.printed("本人")
    w.value("name", v.name, underline=True)
    w.printed("，公民身份号码")
    w.value("id_number", v.id_number, underline=True)
    if kind == "application":
        w.printed("，因")
        w.value("reason", v.reason or "", underline=True)
        w.printed("，现申请办理异地就医备案，请予批准。")
    else:
        w.printed("，现居住于")
        w.value(None, v.address or "", underline=True)
        w.printed(
            "。本人承诺所填信息及提供的材料真实有效，如有虚假，愿承担相应的法律责任，"
            "并退还由此产生的医保基金支出。"
        )
    w.newline(2.2, size * 2)
    w.printed("特此" + ("申请。" if kind == "application" else "承诺。"))
    y = w.y + rng.uniform(28, 40)
    label = "申请人（签字）：" if kind == "application" else "承诺人（签字）："
    lx = x1 - 75
    sheet.text(lx, y, label, size, role)
    if v.signer:
        r = sheet.hand(
            lx + sheet.text_width(label, size, role) + 2, y, v.signer, size * 1.5, rng, pen.color, -8
        )
        sheet.record(doc, "signature", r)
    if v.date is not None:
        sheet.text(lx, y + 12, "日期：", size, role)
        r = pen.write(
            sheet,
            lx + sheet.text_width("日期：", size, role) + 2,
            y + 12,
            fmt_date(v.date, rng.choice(("cn", "cn0", "dots", "iso"))),
        )
        sheet.record(doc, "date", r)


def household_register(sheet: Sheet, doc: str, v: LetterValues, rng: random.Random) -> None:
    """A 常住人口登记卡 page copy: printed grid, typed values, the registration office's seal."""
    x0, x1 = 25.0 + rng.uniform(-4, 4), 185.0 + rng.uniform(-4, 4)
    y = 30.0 + rng.uniform(0, 20)
    sheet.text((x0 + x1) / 2, y, "常住人口登记卡", 7.0, "serif_bold", anchor="mm")
    y += 10
    size = 3.6
    rows: list[list[tuple[str, str | None, str]]] = [
        [
            ("姓名", "name", v.name),
            ("户主或与户主关系", None, rng.choice(("户主", "父亲", "母亲", "子", "女"))),
        ],
        [("曾用名", None, ""), ("性别", None, v.gender_zh)],
        [("出生地", None, ""), ("民族", None, "汉")],
        [("住址", "address", v.address or "")],
        [("公民身份证件编号", "id_number", v.id_number), ("宗教信仰", None, "")],
        [("服务处所", None, ""), ("职业", None, rng.choice(("退休", "职员", "无")))],
        [("何时由何地迁来本址", None, "")],
    ]
    h = 12.0
    for cells in rows:
        cw = (x1 - x0) / len(cells)
        for i, (label, key, text) in enumerate(cells):
            a = x0 + i * cw
            lw = min(cw * 0.42, sheet.text_width(label, size) + 4)
            sheet.box(a, y, a + lw, y + h, 0.25)
            sheet.box(a + lw, y, a + cw, y + h, 0.25)
            sheet.text(
                a + lw / 2,
                y + h / 2,
                label,
                size if lw > sheet.text_width(label, size) + 1 else 2.6,
                anchor="mm",
            )
            if text:
                tsize = size * 1.05
                while tsize > 2.4 and sheet.text_width(text, tsize) > (cw - lw) - 3:
                    tsize -= 0.2
                r = sheet.text(a + lw + 1.5, y + h / 2, text, tsize, "sans")
                if key is not None:
                    sheet.record(doc, key, r)
        y += h
    y += 10
    label = "登记机关："
    sheet.text(x0, y, label, size)
    r = sheet.text(x0 + sheet.text_width(label, size) + 2, y, v.issuer or "", size * 1.05)
    sheet.record(doc, "issuer", r)
    sheet.text(x1 - 60, y, "登记日期：" + fmt_date(v.issue_date or dt.date(2010, 1, 1), "cn"), size)
    if v.seal is not None:
        stamp(
            sheet,
            doc,
            x0 + 60 + rng.uniform(-10, 10),
            y - 4,
            shape=v.seal_shape,
            text=v.seal,
            ink=v.seal_ink,
            role="issuer",
            rng=rng,
            size_mm=(40, 40) if v.seal_shape == "round" else (46, 31),
            lines=("户口专用章",),
        )
