"""Proofs written as letters: 居住证明, 工作证明, 转诊证明, 个人承诺书, 书面申请 — letterheads, a
兹证明 paragraph with the person's values set in, the issuer's name, date and seal."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from kernel.domain import GENDER_ZH
from samplegen.counter import dates
from samplegen.counter.canvas import INK, PRINT_RED, Sheet
from samplegen.counter.flow import Flow
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box
from samplegen.counter.marks import DrawnDoc, Val
from samplegen.counter.pen import Writer, signature
from samplegen.counter.seals import press
from samplegen.counter.stampkit import issuer_seal


@dataclass
class Who:
    """The person a proof is about, as that proof spells them."""

    name: str
    gender: str
    id_number: str


def _start(sheet: Sheet, rng: random.Random, title: str, head: str | None) -> tuple[Flow, Box | None]:
    s = sheet
    hb: Box | None = None
    margin = s.mm(rng.uniform(20, 28))
    y = s.mm(rng.uniform(20, 34))
    if head:  # a printed letterhead: the issuer's name, often red, with a rule under it
        red = rng.random() < 0.6
        hf = s.fit(
            head, rng.choice(("song_bold", "hei_bold")), s.pt(rng.uniform(17, 22)), s.width - 2 * margin
        )
        hb = s.text(
            (s.width / 2, y + hf.size),
            head,
            hf,
            fill=PRINT_RED if red else INK,
            anchor="ms",
            spacing=hf.size * 0.1,
        )
        y = hb[3] + s.mm(3)
        s.line((margin, y), (s.width - margin, y), PRINT_RED if red else INK, max(2, round(s.dpi / 60)))
        y += s.mm(1.2)
        if rng.random() < 0.5:
            s.line((margin, y), (s.width - margin, y), PRINT_RED if red else INK, 1)
        y += s.mm(8)
    tf = font(rng.choice(("song_bold", "hei_bold", "song")), s.pt(rng.uniform(18, 24)))
    spaced = " ".join(title) if len(title) <= 4 else title
    tb = s.text((s.width / 2, y + tf.size), spaced, tf, anchor="ms")
    y = tb[3] + s.mm(12)
    px = s.pt(rng.uniform(11.5, 14))
    flow = Flow(
        s,
        margin,
        s.width - margin,
        y + px,
        rng.choice(("song", "song", "ming", "hei")),
        px,
        px * rng.uniform(1.8, 2.3),
    )
    return flow, hb


def _issuer_block(
    sheet: Sheet,
    flow: Flow,
    rng: random.Random,
    issuer: str,
    when: date,
    stamped: bool,
    doc: DrawnDoc,
    upper: bool,
) -> None:
    s = sheet
    flow.newline()
    flow.newline()
    fnt = flow.fnt
    right = flow.x1 - s.mm(rng.uniform(0, 12))
    ib = s.text(
        (right, flow.y), issuer, s.fit(issuer, flow.role, flow.px, (flow.x1 - flow.x0) * 0.7), anchor="rs"
    )
    if rng.random() < 0.4:
        s.text((ib[0] - s.mm(1), flow.y), "（盖章）" if rng.random() < 0.5 else "", fnt, anchor="rs")
    doc.fields["issuer"] = Val(issuer, ib)
    flow.newline()
    style = "upper" if upper else dates.pick(rng)
    if rng.random() < 0.4:
        db = Writer(True, "kai", flow.px, (25, 35, 100)).put(
            s, ib[0] + s.mm(4), flow.y, dates.fmt(when, style), s.mm(80)
        )
    else:
        db = s.text((right, flow.y), dates.fmt(when, style), fnt, anchor="rs")
    doc.fields["issue_date"] = Val(when.isoformat(), db)
    if stamped:
        cx = (ib[0] + ib[2]) / 2 + s.mm(rng.uniform(-10, 10))
        cy = (ib[1] + db[3]) / 2 + s.mm(rng.uniform(-6, 4))
        mark = press(s, issuer_seal(issuer, rng), (cx, cy), rng)
        if mark:
            doc.stamps.append(mark)


def residence_certificate(
    sheet: Sheet,
    rng: random.Random,
    who: Who,
    address: str,
    issuer: str,
    issued: date,
    since: date,
    stamped: bool,
) -> DrawnDoc:
    """A 居住证明 from a community committee, a police station or a village committee."""
    doc = DrawnDoc("residence_certificate")
    head = issuer if rng.random() < 0.45 else None
    flow, _ = _start(sheet, rng, rng.choice(("居住证明", "证明", "居住情况证明", "常住证明")), head)
    w = Writer.pick(sheet, rng, hand=rng.random() < 0.45)
    w.px = flow.px
    blanks = w.hand
    flow.newline(2)
    flow.text("兹证明")
    doc.fields["name"] = Val(who.name, flow.value(who.name, w, underline=blanks, pad=6 if blanks else 0))
    flow.text(f"（{GENDER_ZH[who.gender]}，公民身份号码：" if rng.random() < 0.6 else "，身份证号码：")
    doc.fields["id_number"] = Val(
        who.id_number, flow.value(who.id_number, w, underline=blanks, pad=4 if blanks else 0)
    )
    flow.text("）" if flow.x > flow.x0 and rng.random() < 0.6 else "，")
    flow.text(f"自{since.year}年{since.month}月起在我辖区居住至今，现居住地址为")
    doc.fields["address"] = Val(address, flow.value(address, w, underline=blanks, pad=4 if blanks else 0))
    flow.text("，" + rng.choice(("情况属实。", "系长期居住。", "居住稳定。")))
    flow.paragraph()
    flow.text("特此证明。")
    _issuer_block(sheet, flow, rng, issuer, issued, stamped, doc, upper=rng.random() < 0.3)
    return doc


def work_certificate(
    sheet: Sheet,
    rng: random.Random,
    who: Who,
    employer: str,
    destination: str,
    address: str,
    issued: date,
    since: date,
    stamped: bool,
) -> DrawnDoc:
    """The employer's certificate that a worker is stationed elsewhere (a unit's 居住/工作证明)."""
    doc = DrawnDoc("residence_certificate")
    head = employer if rng.random() < 0.5 else None
    flow, _ = _start(sheet, rng, rng.choice(("工作证明", "常驻异地工作证明", "派驻证明", "证明")), head)
    w = Writer.pick(sheet, rng, hand=rng.random() < 0.3)
    w.px = flow.px
    flow.newline(2)
    flow.text("兹证明")
    doc.fields["name"] = Val(who.name, flow.value(who.name, w))
    flow.text("同志（身份证号：")
    doc.fields["id_number"] = Val(who.id_number, flow.value(who.id_number, w))
    flow.text(
        f"）系我单位正式职工，自{since.year}年{since.month}月起由我单位派驻{destination}工作，常驻异地居住地址为"
    )
    doc.fields["address"] = Val(address, flow.value(address, w))
    flow.text("。")
    flow.paragraph()
    flow.text("该同志在异地工作期间需在当地就医，请予办理异地就医备案手续。")
    flow.paragraph()
    flow.text("特此证明。")
    _issuer_block(sheet, flow, rng, employer, issued, stamped, doc, upper=False)
    return doc


def referral_certificate(
    sheet: Sheet,
    rng: random.Random,
    who: Who,
    age: int,
    referring: str,
    target: str,
    diagnosis: str,
    issued: date,
    stamped: bool,
) -> DrawnDoc:
    """A 转诊证明 on the referring hospital's letterhead, signed by a doctor, with the hospital seal."""
    doc = DrawnDoc("referral_certificate")
    s = sheet
    flow, head_box = _start(
        s, rng, rng.choice(("转诊转院证明", "异地转诊证明", "转诊证明", "转院证明")), referring
    )
    doc.fields["referring_hospital"] = Val(referring, head_box)
    w = Writer.pick(s, rng)
    w.px = flow.px
    rows: list[tuple[str, str, str | None]] = [
        ("患者姓名", who.name, "name"),
        ("性别", GENDER_ZH[who.gender], None),
        ("年龄", f"{age}岁", None),
        ("身份证号", who.id_number, "id_number"),
        ("临床诊断", diagnosis, None),
        ("转往医院", target, "target_hospital"),
        (
            "转诊原因",
            rng.choice(("病情复杂，本院诊疗条件有限", "需进一步检查治疗", "需上级医院手术治疗")),
            None,
        ),
    ]
    lab_w = flow.px * 5.2
    for label, value, key in rows:
        s.text((flow.x0, flow.y), label + "：", flow.fnt)
        box = w.put(s, flow.x0 + lab_w, flow.y, value, flow.x1 - flow.x0 - lab_w)
        s.line((flow.x0 + lab_w - 4, flow.y + flow.px * 0.3), (flow.x1, flow.y + flow.px * 0.3), INK, 1)
        if key:
            doc.fields[key] = Val(value, box)
        flow.newline()
    flow.newline()
    sig = s.text((flow.x0, flow.y), "主治医师（签字）：", flow.fnt)
    signature(s, sig[2] + s.mm(2), flow.y, _doctor(rng), rng)
    s.text((flow.x0 + (flow.x1 - flow.x0) * 0.55, flow.y), "科室负责人：", flow.fnt)
    flow.newline()
    _issuer_block(s, flow, rng, referring, issued, stamped, doc, upper=False)
    doc.fields.pop("issuer", None)
    return doc


def _doctor(rng: random.Random) -> str:
    return (
        rng.choice("王李张刘陈杨赵黄周吴")
        + rng.choice("建明华国志海春晓立秀")
        + rng.choice("平军红强英伟勇梅")
    )


def personal_commitment(
    sheet: Sheet,
    rng: random.Random,
    who: Who,
    insured: str,
    destination: str,
    reason: str,
    signed: date,
) -> DrawnDoc:
    """A 个人承诺书: the person's values in blanks, a promise, signature and date."""
    doc = DrawnDoc("personal_commitment")
    s = sheet
    flow, _ = _start(
        s, rng, rng.choice(("个人承诺书", "承诺书", "异地就医备案个人承诺书", "异地居住承诺书")), None
    )
    w = Writer.pick(s, rng, hand=rng.random() < 0.7)
    w.px = flow.px
    flow.newline(2)
    flow.text("本人")
    doc.fields["name"] = Val(who.name, flow.value(who.name, w, underline=True, pad=8))
    flow.text("，公民身份号码")
    doc.fields["id_number"] = Val(who.id_number, flow.value(who.id_number, w, underline=True, pad=6))
    flow.text(f"，参保地为{insured}。因{reason}，需在{destination}就医，现申请办理异地就医备案。")
    flow.paragraph()
    flow.text(
        "本人承诺：所提供的信息及材料真实、准确、完整，如有虚假，本人愿意承担由此产生的一切法律责任及经济责任，并退还已享受的医保待遇。"
    )
    flow.paragraph()
    flow.text("特此承诺。")
    flow.newline()
    flow.newline()
    lab = s.text(
        (flow.x0 + (flow.x1 - flow.x0) * 0.45, flow.y),
        rng.choice(("承诺人（签字）：", "承诺人：", "本人签字：")),
        flow.fnt,
    )
    sig = signature(s, lab[2] + s.mm(2), flow.y, who.name, rng)
    doc.fields["signature"] = Val(True, sig)
    if rng.random() < 0.25:
        _fingerprint(s, (sig[2] + s.mm(3), (sig[1] + sig[3]) / 2), rng)
    flow.newline()
    dl = s.text(
        (flow.x0 + (flow.x1 - flow.x0) * 0.45, flow.y),
        "日期：" if rng.random() < 0.5 else "承诺日期：",
        flow.fnt,
    )
    db = Writer(True, "kai", flow.px, (25, 35, 100)).put(
        s, dl[2] + s.mm(2), flow.y, dates.fmt(signed, dates.pick(rng)), s.mm(70)
    )
    doc.fields["date"] = Val(signed.isoformat(), db)
    return doc


def written_application(
    sheet: Sheet,
    rng: random.Random,
    who: Who,
    agency: str,
    reason: str,
    destination: str,
    signed: date,
) -> DrawnDoc:
    """A 书面申请 to the agency, giving the reason, signed and dated."""
    doc = DrawnDoc("written_application")
    s = sheet
    flow, _ = _start(s, rng, rng.choice(("申请书", "书面申请", "异地就医申请", "申请")), None)
    w = Writer.pick(s, rng)
    w.px = flow.px
    flow.text(f"{agency}：")
    flow.newline(2)
    flow.text("本人")
    doc.fields["name"] = Val(who.name, flow.value(who.name, w))
    flow.text("，身份证号")
    doc.fields["id_number"] = Val(who.id_number, flow.value(who.id_number, w))
    flow.text("，因")
    doc.fields["reason"] = Val(reason, flow.value(reason, w))
    flow.text(f"，需长期在{destination}生活，就医不便，特申请办理异地就医备案，望予批准。")
    flow.paragraph()
    flow.text("此致")
    flow.newline()
    flow.text("敬礼！")
    flow.newline()
    flow.newline()
    lab = s.text((flow.x0 + (flow.x1 - flow.x0) * 0.5, flow.y), "申请人：", flow.fnt)
    doc.fields["signature"] = Val(True, signature(s, lab[2] + s.mm(2), flow.y, who.name, rng))
    flow.newline()
    db = Writer(True, "kai", flow.px, (25, 35, 100)).put(
        s, lab[0], flow.y, dates.fmt(signed, dates.pick(rng)), s.mm(70)
    )
    doc.fields["date"] = Val(signed.isoformat(), db)
    return doc


def _fingerprint(sheet: Sheet, center: tuple[float, float], rng: random.Random) -> None:
    """A red thumbprint (按手印): red ink, round-ish, but not a seal."""
    import numpy as np

    s = sheet
    r = s.mm(rng.uniform(6, 8))
    size = int(r * 2.4)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) - size / 2
    ang = rng.uniform(0, 3.14)
    u = xx * np.cos(ang) + yy * np.sin(ang)
    v = -xx * np.sin(ang) + yy * np.cos(ang)
    ell = (u / r) ** 2 + (v / (r * 0.72)) ** 2
    ridges = 0.5 + 0.5 * np.sin(np.sqrt(u**2 * 1.0 + (v * 1.3) ** 2) / (s.mm(0.28)))
    a = np.clip(1.2 - ell, 0, 1) * ridges * rng.uniform(0.5, 0.8)
    page = s.array().astype(np.float32)
    x0, y0 = int(center[0] - size / 2), int(center[1] - size / 2)
    x1, y1 = min(s.width, x0 + size), min(s.height, y0 + size)
    if x0 < 0 or y0 < 0 or x1 <= x0 or y1 <= y0:
        return
    sub = a[: y1 - y0, : x1 - x0]
    ink = np.array([200, 40, 50], dtype=np.float32) / 255
    page[y0:y1, x0:x1] *= 1 - sub[..., None] * (1 - ink)
    s.set_array(np.clip(page, 0, 255))
