"""Card copies on an A4 sheet: ID card front and back, social-security card, in any orientation.

The photo, chip, QR code, card logo and the red national emblem on the ID card's back are not
seals; the sheet may carry a 'copy matches original' stamp, a name seal, a receipt stamp.
"""

from __future__ import annotations

import random
from datetime import date

from PIL import Image, ImageDraw

from samplegen.stamps import kinds
from samplegen.stamps.fonts import font
from samplegen.stamps.page import DPI, Box, Page, union

K = DPI / 25.4
CARD = (85.6, 54.0)
RED = (200, 38, 40)


class Card:
    """One card drawn upright in its own image, with boxes of its printed values (card pixels)."""

    def __init__(self, tint: tuple[int, int, int]) -> None:
        self.img = Image.new("RGB", (int(CARD[0] * K), int(CARD[1] * K)), tint)
        self.draw = ImageDraw.Draw(self.img)
        self.draw.rounded_rectangle(
            (0, 0, self.img.width - 1, self.img.height - 1),
            radius=int(3 * K),
            outline=(120, 120, 120),
            width=2,
        )
        self.boxes: dict[str, tuple[object, Box]] = {}

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float,
        *,
        face: str = "sans",
        fill: tuple[int, int, int] = (30, 30, 30),
        key: str | None = None,
        value: object = None,
    ) -> Box:
        f = font(face, int(size * K))
        self.draw.text((x * K, y * K), s, fill=fill, font=f)
        x0, y0, x1, y1 = self.draw.textbbox((x * K, y * K), s, font=f)
        box = (float(x0), float(y0), float(x1), float(y1))
        if key:
            old = self.boxes.get(key)
            self.boxes[key] = (value if value is not None else s, union([old[1], box]) if old else box)
        return box

    def photo(self, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
        d, k = self.draw, K
        bg = rng.choice([(232, 236, 240), (214, 226, 240), (240, 240, 240)])
        d.rectangle((x * k, y * k, (x + w) * k, (y + h) * k), fill=bg)
        skin = (rng.randint(150, 200),) * 3
        d.ellipse(((x + w * 0.28) * k, (y + h * 0.12) * k, (x + w * 0.72) * k, (y + h * 0.62) * k), fill=skin)
        d.ellipse(
            ((x + w * 0.25) * k, (y + h * 0.08) * k, (x + w * 0.75) * k, (y + h * 0.32) * k),
            fill=(40, 40, 40),
        )
        d.pieslice(
            ((x + w * 0.02) * k, (y + h * 0.6) * k, (x + w * 0.98) * k, (y + h * 1.4) * k),
            180,
            360,
            fill=(50, 55, 70),
        )

    def emblem(self, x: float, y: float, r: float) -> None:
        """A red national-emblem-like roundel (look-alike: never a seal)."""
        d, k = self.draw, K
        d.ellipse(((x - r) * k, (y - r) * k, (x + r) * k, (y + r) * k), outline=RED, width=int(0.6 * k))
        d.ellipse(
            ((x - r * 0.8) * k, (y - r * 0.8) * k, (x + r * 0.8) * k, (y + r * 0.8) * k), fill=(230, 180, 60)
        )
        d.rectangle(((x - r * 0.5) * k, (y - r * 0.05) * k, (x + r * 0.5) * k, (y + r * 0.4) * k), fill=RED)
        d.polygon(
            [((x - r * 0.6) * k, y * k), (x * k, (y - r * 0.35) * k), ((x + r * 0.6) * k, y * k)], fill=RED
        )
        for i in range(5):
            cx, cy = x - r * 0.45 + i * r * 0.22, y - r * 0.55 + (0.0 if i == 0 else r * 0.05)
            d.regular_polygon((cx * k, cy * k, r * (0.14 if i == 0 else 0.07) * k), 5, fill=(250, 220, 80))

    def qr(self, x: float, y: float, s: float, rng: random.Random) -> None:
        n = 25
        cell = s * K / n
        for i in range(n):
            for j in range(n):
                finder = (i < 7 and j < 7) or (i < 7 and j >= n - 7) or (i >= n - 7 and j < 7)
                on = (
                    finder
                    and (
                        min(i % 18, j % 18) in (0, 6)
                        or max(i % 18, j % 18) in (0, 6)
                        or (2 <= i % 18 <= 4 and 2 <= j % 18 <= 4)
                    )
                ) or (not finder and rng.random() < 0.5)
                if on:
                    x0, y0 = x * K + j * cell, y * K + i * cell
                    self.draw.rectangle((x0, y0, x0 + cell, y0 + cell), fill=(20, 20, 20))


def id_front(
    rng: random.Random, name: str, gender: str, ethnicity: str, birth: date, address: str, number: str
) -> Card:
    c = Card((238, 236, 228))
    grey = (90, 90, 100)
    c.text(5, 6, "姓名", 2.6, fill=grey)
    c.text(15, 5.5, name, 3.4, face="sans", key="name", value=name)
    c.text(5, 13, "性别", 2.6, fill=grey)
    c.text(15, 12.5, "男" if gender == "male" else "女", 3.0, key="gender", value=gender)
    c.text(26, 13, "民族", 2.6, fill=grey)
    c.text(35, 12.5, ethnicity, 3.0, key="ethnicity", value=ethnicity)
    c.text(5, 20, "出生", 2.6, fill=grey)
    c.text(
        15,
        19.5,
        f"{birth.year}  年  {birth.month}  月  {birth.day}  日",
        3.0,
        key="birth_date",
        value=str(birth),
    )
    c.text(5, 27, "住址", 2.6, fill=grey)
    for i in range(0, len(address), 12):
        c.text(15, 26.5 + (i // 12) * 4.2, address[i : i + 12], 2.9, key="address", value=address)
    c.text(5, 45, "公民身份号码", 2.6, fill=grey)
    c.text(25, 44.3, number, 3.4, key="id_number", value=number)
    c.photo(58, 7, 24, 30, rng)
    return c


def id_back(rng: random.Random, issuer: str, valid_from: date, valid_to: date | None) -> Card:
    c = Card((236, 238, 232))
    c.emblem(14, 14, 9.5)
    c.text(32, 8, "中华人民共和国", 4.6, face="serif_bold")
    c.text(30, 16, "居民身份证", 7.0, face="serif_bold")
    grey = (90, 90, 100)
    c.text(12, 37, "签发机关", 2.6, fill=grey)
    c.text(28, 36.5, issuer, 3.0, key="issuer", value=issuer)
    c.text(12, 44, "有效期限", 2.6, fill=grey)
    to = "长期" if valid_to is None else f"{valid_to:%Y.%m.%d}"
    box = c.text(28, 43.5, f"{valid_from:%Y.%m.%d}-{to}", 3.0)
    c.boxes["valid_from"] = (str(valid_from), box)
    c.boxes["valid_to"] = (None if valid_to is None else str(valid_to), box)
    c.boxes["valid_indefinitely"] = (valid_to is None, box)
    return c


def ss_card(
    rng: random.Random, name: str, ssn: str, card_number: str, issuer: str, valid_to: date | None
) -> Card:
    c = Card(rng.choice([(214, 230, 246), (236, 228, 214), (226, 238, 226)]))
    d = c.draw
    d.ellipse((4 * K, 3 * K, 13 * K, 12 * K), fill=(30, 90, 180))
    d.ellipse((6 * K, 5 * K, 11 * K, 10 * K), fill=(220, 50, 50))
    c.text(15, 4.5, "中华人民共和国社会保障卡", 3.8, face="sans_bold", fill=(30, 60, 140))
    d.rounded_rectangle(
        (6 * K, 18 * K, 17 * K, 27 * K), radius=int(1.5 * K), fill=(212, 176, 90), outline=(150, 120, 60)
    )
    c.text(5, 31, "姓名", 2.5)
    c.text(20, 30.5, name, 3.0, key="name", value=name)
    c.text(5, 37, "社会保障号码", 2.5)
    c.text(20, 36.5, ssn, 2.9, key="social_security_number", value=ssn)
    c.text(5, 43, "社会保障卡号", 2.5)
    c.text(20, 42.5, card_number, 2.9, key="card_number", value=card_number)
    c.text(5, 48.5, "发卡地", 2.3)
    c.text(20, 48, issuer, 2.6, key="issuer", value=issuer)
    if valid_to:
        c.text(44, 48, "有效期至", 2.3)
        c.text(55, 47.8, f"{valid_to:%Y年%m月}", 2.6, key="valid_to", value=str(valid_to))
    c.photo(62, 12, 19, 24, rng)
    if rng.random() < 0.6:
        c.qr(44, 14, 13, rng)
    return c


def paste(
    page: Page, card: Card, x_mm: float, y_mm: float, quarter: int, grey: bool
) -> dict[str, tuple[object, Box]]:
    """Paste a card turned by ``quarter`` × 90° (counter-clockwise) at (x, y) mm; its boxes on the page."""
    img = card.img.convert("L").convert("RGB") if grey else card.img
    w, h = img.size
    turned = img.rotate(90 * quarter, expand=True)
    ox, oy = page.px(x_mm), page.px(y_mm)
    page.img.paste(turned, (ox, oy))
    out: dict[str, tuple[object, Box]] = {}
    for key, (value, (bx0, by0, bx1, by1)) in card.boxes.items():
        pts = [_turn(px, py, w, h, quarter) for px, py in ((bx0, by0), (bx1, by1))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out[key] = (value, (ox + min(xs), oy + min(ys), ox + max(xs), oy + max(ys)))
    return out


def _turn(x: float, y: float, w: int, h: int, quarter: int) -> tuple[float, float]:
    for _ in range(quarter % 4):
        x, y, w, h = y, w - x, h, w
    return x, y


def card_sheet(rng: random.Random, cards: list[Card], *, stamped: bool, holder: str, day: date) -> Page:
    """An A4 sheet with one or two cards pasted on it, and (``stamped``) copy/name/receipt stamps."""
    page = Page(rng)
    quarter = rng.choice([0, 0, 0, 1, 2, 3])
    grey = rng.random() < 0.4
    spots = [(62, 40), (62, 130)] if quarter % 2 == 0 else [(30, 60), (112, 60)]
    for card, (x, y) in zip(cards, spots, strict=False):
        for key, val in paste(
            page, card, x + rng.uniform(-8, 8), y + rng.uniform(-5, 5), quarter, grey
        ).items():
            page.fields[key] = val
    if rng.random() < 0.3:
        page.hand(40, 215, "此复印件仅供异地就医备案使用", size_mm=5.0, ink="black")
        page.signature(120, 228, holder)
    if not stamped:
        return page
    pr = kinds.press(rng)
    spot = rng.random()
    if spot < 0.2:  # near the edge, partly off the sheet
        cx, cy = rng.choice(
            [(rng.uniform(196, 204), rng.uniform(60, 260)), (rng.uniform(40, 170), rng.uniform(290, 296))]
        )
    elif spot < 0.6:  # over a card
        cx, cy = rng.uniform(80, 140), rng.uniform(60, 170)
    else:
        cx, cy = rng.uniform(60, 150), rng.uniform(200, 260)
    page.press(
        kinds.copy_matches(rng, day if rng.random() < 0.5 else None),
        cx,
        cy,
        pr,
        "unknown",
    )
    if rng.random() < 0.35:
        pr2 = kinds.press(rng)
        page.stamp(
            kinds.name_seal(rng, holder),
            cx + rng.uniform(18, 30),
            cy + rng.uniform(-6, 10),
            ink=pr2.ink,
            role="unknown",
            angle=pr2.angle / 2,
        )
    if rng.random() < 0.25:
        pr3 = kinds.press(rng)
        page.stamp(
            kinds.receipt(rng, day),
            rng.uniform(40, 170),
            rng.uniform(250, 275),
            ink=pr3.ink,
            role="unknown",
            angle=pr3.angle / 2,
            faded=pr3.faded,
        )
    return page
