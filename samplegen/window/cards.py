"""Cards at true size (85.6 × 54 mm): ID card front/back, residence permit card, social security card.

Why: card copies are the most common proof and the hardest to read: small
text, a photo, chip, QR code, guilloche and the red national emblem, none of
which is a seal. Each card is drawn upright on its own canvas; placing it on a
sheet (copies.py) rotates it and carries the field boxes along.
"""

from __future__ import annotations

import math
import random
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from kernel.refdata import Region, divisions
from samplegen.window.canvas import Page, mm, text
from samplegen.window.model import Person

CARD = (mm(85.6), mm(54))
LABEL = (60, 110, 170)
INK = (15, 15, 15)
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def _card(rng: random.Random, tint: tuple[int, int, int]) -> Page:
    """A blank card: rounded tinted stock with a guilloche of fine sine curves."""
    w, h = CARD
    img = Image.new("RGB", (w, h), (255, 255, 255))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=mm(3.2), fill=255)
    stock = Image.new("RGB", (w, h), tint)
    d = ImageDraw.Draw(stock)
    light = tuple(max(0, c - 28) for c in tint)
    phase = rng.uniform(0, 6.28)
    for k in range(0, h, 9):
        pts = [(x, k + 5 * math.sin(x / 23 + phase + k / 31)) for x in range(0, w, 6)]
        d.line(pts, fill=light, width=1)
    img.paste(stock, (0, 0), mask)
    ImageDraw.Draw(img).rounded_rectangle(
        (0, 0, w - 1, h - 1), radius=mm(3.2), outline=(150, 150, 150), width=2
    )
    return Page(img)


def _photo(page: Page, box: tuple[int, int, int, int]) -> None:
    """A portrait placeholder: head and shoulders in gray (never a seal)."""
    d = page.draw
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=(214, 218, 222))
    cx, w, h = (x0 + x1) / 2, x1 - x0, y1 - y0
    d.ellipse((cx - w * 0.22, y0 + h * 0.16, cx + w * 0.22, y0 + h * 0.58), fill=(95, 90, 88))
    d.chord((x0 + w * 0.08, y0 + h * 0.62, x1 - w * 0.08, y1 + h * 0.45), 180, 360, fill=(70, 70, 80))


def _mono(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(MONO, size)


def _digits(page: Page, xy: tuple[float, float], s: str, size: int) -> tuple[float, float, float, float]:
    d = page.draw
    f = _mono(size)
    d.text(xy, s, font=f, fill=INK)
    return tuple(float(v) for v in d.textbbox(xy, s, font=f))  # type: ignore[return-value]


def cn_date(d: date, spaced: bool = True) -> str:
    return f"{d.year} 年 {d.month} 月 {d.day} 日" if spaced else f"{d.year}年{d.month}月{d.day}日"


def issuer_police(division: str) -> str:
    """签发机关 for a county code: 'XX县公安局' or 'XX市公安局XX分局'."""
    divs = divisions()
    county = divs[division].name if division in divs else "城关区"
    city_code = division[:4] + "00"
    city = divs.get(city_code)
    prov = divs.get(division[:2] + "0000")
    city_name = city.name if city and city.name not in ("市辖区", "县") else (prov.name if prov else "")
    if county.endswith(("县", "旗")) or (county.endswith("市") and county != city_name):
        return f"{county}公安局"
    return f"{city_name}公安局{county.removesuffix('区')}分局"


def _address_lines(addr: str, per: int) -> list[str]:
    return [addr[i : i + per] for i in range(0, len(addr), per)]


def id_front(rng: random.Random, p: Person) -> Page:
    """居民身份证 front: labels in blue, values black, number in a monospace face."""
    pg = _card(rng, (236, 240, 246))
    lx, vx = mm(6), mm(17)
    ls, vs = mm(2.3), mm(3.0)
    y = mm(5.5)
    text(pg, (lx, y + 3), "姓 名", "hei", ls, LABEL)
    pg.put("name", p.name, text(pg, (vx, y), p.name, "hei", vs + 4, INK))
    y += mm(6.5)
    text(pg, (lx, y + 2), "性 别", "hei", ls, LABEL)
    pg.put("gender", p.gender, text(pg, (vx, y), "男" if p.gender == "male" else "女", "hei", vs, INK))
    text(pg, (mm(30), y + 2), "民 族", "hei", ls, LABEL)
    pg.put("ethnicity", p.ethnicity, text(pg, (mm(40), y), p.ethnicity, "hei", vs, INK))
    y += mm(6.5)
    text(pg, (lx, y + 2), "出 生", "hei", ls, LABEL)
    pg.put("birth_date", p.birth.isoformat(), text(pg, (vx, y), cn_date(p.birth), "hei", vs, INK))
    y += mm(6.5)
    text(pg, (lx, y + 2), "住 址", "hei", ls, LABEL)
    for ln in _address_lines(p.home_address, 11):
        pg.put("address", p.home_address, text(pg, (vx, y), ln, "hei", vs, INK))
        y += mm(4.6)
    text(pg, (lx, mm(44.5)), "公民身份号码", "hei", ls, LABEL)
    pg.put("id_number", p.id_number, _digits(pg, (mm(28), mm(43.5)), p.id_number, mm(3.6)))
    _photo(pg, (mm(57), mm(8), mm(81), mm(40)))
    return pg


def _emblem(page: Page, cx: float, cy: float, r: float) -> None:
    """The red national emblem: a filled disc with gold stars and a gate (it is no seal)."""
    d = page.draw
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(200, 30, 30), outline=(230, 180, 40), width=3)
    for k, (dx, dy, s) in enumerate(
        [(0, -0.45, 0.22), (-0.42, -0.2, 0.09), (-0.28, -0.58, 0.09), (0.28, -0.58, 0.09), (0.42, -0.2, 0.09)]
    ):
        pts = []
        for i in range(10):
            rr = r * s * (1 if i % 2 == 0 else 0.4)
            a = math.radians(-90 + 36 * i + k * 7)
            pts.append((cx + dx * r + rr * math.cos(a), cy + dy * r + rr * math.sin(a)))
        d.polygon(pts, fill=(245, 200, 40))
    d.rectangle((cx - r * 0.5, cy + r * 0.05, cx + r * 0.5, cy + r * 0.35), fill=(245, 200, 40))
    d.rectangle((cx - r * 0.6, cy + r * 0.4, cx + r * 0.6, cy + r * 0.5), fill=(245, 200, 40))


def id_back(rng: random.Random, p: Person, valid_from: date, valid_to: date | None) -> Page:
    """居民身份证 back: emblem, title, issuer and validity ('长期' means no end)."""
    pg = _card(rng, (238, 242, 246))
    _emblem(pg, mm(14), mm(14), mm(9))
    text(pg, (mm(30), mm(7)), "中华人民共和国", "serif_bold", mm(4.2), INK)
    text(pg, (mm(30), mm(15)), "居民身份证", "serif_bold", mm(6.2), INK)
    text(pg, (mm(14), mm(38)), "签发机关", "hei", mm(2.3), LABEL)
    issuer = issuer_police(p.division)
    pg.put("issuer", issuer, text(pg, (mm(30), mm(37.3)), issuer, "hei", mm(2.9), INK))
    text(pg, (mm(14), mm(45)), "有效期限", "hei", mm(2.3), LABEL)
    end = "长期" if valid_to is None else f"{valid_to:%Y.%m.%d}"
    b = text(pg, (mm(30), mm(44.3)), f"{valid_from:%Y.%m.%d}-{end}", "hei", mm(2.9), INK)
    pg.put("valid_from", valid_from.isoformat(), b)
    pg.put("valid_to", None if valid_to is None else valid_to.isoformat(), b)
    if valid_to is None:  # only '长期' says anything; a dated card leaves the flag unstated
        pg.put("valid_indefinitely", True, b)
    return pg


def residence_card(
    rng: random.Random, p: Person, dest: Region, address: str, issuer: str, vf: date, vt: date
) -> Page:
    """居住证 card of the destination province: photo left, values right, a QR code corner."""
    pg = _card(rng, (232, 244, 236))
    prov = dest.province.removesuffix("省").removesuffix("市")
    title = rng.choice([f"{dest.province}居住证", f"{prov}居住证", "居住证"])
    text(pg, (mm(22), mm(2.5)), title, "serif_bold", mm(4.2), (150, 30, 30))
    _photo(pg, (mm(3), mm(10), mm(22), mm(36)))
    x, y, ls, vs = mm(25), mm(10), mm(2.2), mm(2.7)
    rows = [
        ("姓名", "name", p.name, p.name),
        ("性别", "gender", "男" if p.gender == "male" else "女", p.gender),
    ]
    for lab, key, shown, val in rows:
        text(pg, (x, y + 2), lab, "hei", ls, LABEL)
        pg.put(key, val, text(pg, (x + mm(9), y), shown, "hei", vs, INK))
        y += mm(4.6)
    text(pg, (x, y + 2), "住址", "hei", ls, LABEL)
    for ln in _address_lines(address, 15):
        pg.put("address", address, text(pg, (x + mm(9), y), ln, "hei", vs, INK))
        y += mm(3.9)
    text(pg, (mm(3), mm(39)), "公民身份号码", "hei", ls, LABEL)
    pg.put("id_number", p.id_number, _digits(pg, (mm(20), mm(38.3)), p.id_number, mm(3.1)))
    text(pg, (mm(3), mm(44)), "签发机关", "hei", ls, LABEL)
    pg.put("issuer", issuer, text(pg, (mm(16), mm(43.6)), issuer, "hei", vs, INK))
    text(pg, (mm(3), mm(48.5)), "有效期限", "hei", ls, LABEL)
    b = text(pg, (mm(16), mm(48.1)), f"{vf:%Y.%m.%d}-{vt:%Y.%m.%d}", "hei", vs, INK)
    pg.put("valid_from", vf.isoformat(), b)
    pg.put("valid_to", vt.isoformat(), b)
    _qr(pg, rng, mm(68), mm(34), mm(15))
    return pg


def _qr(page: Page, rng: random.Random, x: int, y: int, size: int) -> None:
    """A QR-like module grid with three finder squares (no seal, no text)."""
    n = 21
    cell = size / n
    d = page.draw
    d.rectangle((x - 3, y - 3, x + size + 3, y + size + 3), fill=(255, 255, 255))
    for i in range(n):
        for j in range(n):
            finder = (i < 7 and j < 7) or (i < 7 and j >= n - 7) or (i >= n - 7 and j < 7)
            if finder:
                ii, jj = i % 14 if i < 7 else i - (n - 7), j if j < 7 else j - (n - 7)
                on = ii in (0, 6) or jj in (0, 6) or (2 <= ii <= 4 and 2 <= jj <= 4)
            else:
                on = rng.random() < 0.5
            if on:
                d.rectangle(
                    (x + j * cell, y + i * cell, x + (j + 1) * cell, y + (i + 1) * cell), fill=(10, 10, 10)
                )


def _chip(page: Page, x: int, y: int) -> None:
    d = page.draw
    w, h = mm(11), mm(8.5)
    d.rounded_rectangle((x, y, x + w, y + h), radius=8, fill=(212, 178, 92), outline=(150, 120, 50), width=2)
    d.line((x + w / 2, y, x + w / 2, y + h), fill=(150, 120, 50), width=2)
    for k in (1, 2):
        d.line((x, y + h * k / 3, x + w, y + h * k / 3), fill=(150, 120, 50), width=2)


def ss_card(
    rng: random.Random, p: Person, region: Region, issued: date, valid_to: date | None, bank: str
) -> Page:
    """社会保障卡 front: national title, issuing region, chip, bank, photo, number and card number."""
    pg = _card(rng, rng.choice([(220, 236, 248), (246, 236, 222), (236, 236, 240)]))
    text(pg, (mm(4), mm(3)), "中华人民共和国社会保障卡", "sans_bold", mm(3.6), (180, 30, 30))
    pg.put("issuer", region.name, text(pg, (mm(4), mm(8.6)), region.name, "sans", mm(2.6), (40, 40, 90)))
    text(pg, (mm(52), mm(9)), bank, "sans_bold", mm(2.6), (30, 80, 140))
    _chip(pg, mm(6), mm(17))
    _photo(pg, (mm(62), mm(16), mm(81), mm(40)))
    x, ls, vs = mm(6), mm(2.2), mm(2.8)
    y = mm(28)
    text(pg, (x, y + 2), "姓名", "hei", ls, LABEL)
    pg.put("name", p.name, text(pg, (x + mm(14), y), p.name, "hei", vs, INK))
    y += mm(4.6)
    text(pg, (x, y + 2), "社会保障号码", "hei", ls, LABEL)
    pg.put("social_security_number", p.id_number, _digits(pg, (x + mm(17), y), p.id_number, mm(2.9)))
    y += mm(4.6)
    text(pg, (x, y + 2), "社会保障卡号", "hei", ls, LABEL)
    pg.put("card_number", p.card_number, _digits(pg, (x + mm(17), y), p.card_number, mm(2.9)))
    y += mm(4.6)
    text(pg, (x, y + 2), "发卡日期", "hei", ls, LABEL)
    text(pg, (x + mm(17), y), f"{issued.year}年{issued.month:02d}月", "hei", vs, INK)
    if valid_to is not None:
        text(pg, (mm(40), y + 2), "有效期至", "hei", ls, LABEL)
        pg.put(
            "valid_to", valid_to.isoformat(), text(pg, (mm(51), y), f"{valid_to:%Y.%m.%d}", "hei", vs, INK)
        )
    return pg
