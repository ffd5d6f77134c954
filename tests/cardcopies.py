"""Photocopies of cards on an A4 sheet, drawn for the card reader's tests.

No committed sample holds a card copy the way a window receives one: a real-size card
(85.6 x 54 mm, its text 2–3 mm high) photocopied on a gray copier background, tilted a
few degrees, one or two cards a sheet, the sheet scanned at any of four orientations.
This helper draws them with Pillow and the installed CJK fonts: the ID card's front and
back (photo box, emblem, guilloche), the social-security card (chip, emblem) and the
residence-permit card (QR-like pattern). It returns the page and what each card says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from PIL import Image, ImageDraw, ImageFont

SANS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)
SANS_BOLD = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2)
SERIF = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)
SERIF_BOLD = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2)
MING = ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)
ZEN = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)
CARD_W, CARD_H = 85.6, 54.0  # mm


@dataclass
class Person:
    """What the cards of one person print."""

    name: str = "王建国"
    gender: str = "male"
    ethnicity: str = "汉"
    birth: date = date(1988, 3, 15)
    address: str = "山西省太原市小店区坞城路92号3单元501室"
    id_number: str = "140105198803150016"
    issuer: str = "太原市公安局小店分局"
    valid_from: date = date(2016, 3, 1)
    valid_to: date | None = date(2036, 3, 1)
    card_number: str = "A12345678"
    ss_issuer: str = "山西省太原市"
    ss_valid_to: date | None = date(2030, 5, 31)


@dataclass
class CardFace:
    """One card face as drawn: its kind, the image and the fields it prints."""

    kind: str  # id_front | id_back | social_security | residence_permit
    image: Image.Image
    truth: dict[str, object] = field(default_factory=dict)


def _font(spec: tuple[str, int], mm: float, dpi: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec[0], max(6, round(mm * dpi / 25.4)), index=spec[1])


class _Card:
    """A blank card face at ``dpi`` with drawing in millimetres."""

    def __init__(self, dpi: int, tint: tuple[int, int, int], rng: random.Random) -> None:
        self.dpi, self.rng = dpi, rng
        w, h = self.px(CARD_W), self.px(CARD_H)
        self.img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.img)
        self.draw.rounded_rectangle([0, 0, w - 1, h - 1], radius=self.px(3.2), fill=(*tint, 255))
        for i in range(-h, w, max(3, self.px(1.6))):  # guilloche: fine wavy lines in a lighter ink
            pts = [(i + t + 6 * ((t // 9) % 2), t) for t in range(0, h, 9)]
            self.draw.line(pts, fill=(tint[0] - 18, tint[1] - 14, tint[2] - 8, 255), width=1)

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def text(self, x: float, y: float, s: str, mm: float, spec: tuple[str, int], ink: int = 20) -> None:
        """Text whose top left is at (x, y) mm, ``mm`` high (the em)."""
        fill = (ink, ink, ink + 30, 255)
        self.draw.text((self.px(x), self.px(y)), s, font=_font(spec, mm, self.dpi), fill=fill)

    def photo(self, x: float, y: float, w: float, h: float) -> None:
        """A printed portrait: a gray box with a head and shoulders."""
        self.draw.rectangle(
            [self.px(x), self.px(y), self.px(x + w), self.px(y + h)], fill=(178, 178, 184, 255)
        )
        cx = x + w / 2
        self.draw.ellipse(
            [self.px(cx - w * 0.22), self.px(y + h * 0.15), self.px(cx + w * 0.22), self.px(y + h * 0.5)],
            fill=(96, 96, 104, 255),
        )
        self.draw.ellipse(
            [self.px(x + w * 0.1), self.px(y + h * 0.55), self.px(x + w * 0.9), self.px(y + h * 1.25)],
            fill=(96, 96, 104, 255),
        )
        self.draw.rectangle(
            [self.px(x), self.px(y + h), self.px(x + w), self.px(y + h + 3)], fill=(0, 0, 0, 0)
        )

    def emblem(self, x: float, y: float, d: float) -> None:
        """A round national emblem: rings and rays in red-brown."""
        box = [self.px(x), self.px(y), self.px(x + d), self.px(y + d)]
        self.draw.ellipse(
            box, outline=(150, 40, 40, 255), width=max(2, self.px(0.6)), fill=(210, 120, 90, 255)
        )
        c = (self.px(x + d / 2), self.px(y + d / 2))
        for k in range(5):
            r = self.px(d * 0.18)
            self.draw.regular_polygon((c[0], c[1], r), 5, rotation=k * 72, fill=(160, 30, 30, 255))

    def chip(self, x: float, y: float) -> None:
        box = [self.px(x), self.px(y), self.px(x + 11), self.px(y + 9)]
        self.draw.rounded_rectangle(
            box, radius=self.px(1.5), fill=(190, 165, 90, 255), outline=(90, 80, 40, 255), width=2
        )
        for k in (3, 6):
            self.draw.line(
                [self.px(x), self.px(y + k), self.px(x + 11), self.px(y + k)], fill=(90, 80, 40, 255), width=2
            )

    def qr(self, x: float, y: float, side: float) -> None:
        """A QR-like square of modules with its three finder squares."""
        n = 25
        m = side / n
        for i in range(n):
            for j in range(n):
                if self.rng.random() < 0.5:
                    self.draw.rectangle(
                        [
                            self.px(x + i * m),
                            self.px(y + j * m),
                            self.px(x + (i + 1) * m),
                            self.px(y + (j + 1) * m),
                        ],
                        fill=(15, 15, 15, 255),
                    )
        for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
            x0, y0 = x + fx * m, y + fy * m
            self.draw.rectangle(
                [self.px(x0), self.px(y0), self.px(x0 + 7 * m), self.px(y0 + 7 * m)], fill=(15, 15, 15, 255)
            )
            self.draw.rectangle(
                [self.px(x0 + m), self.px(y0 + m), self.px(x0 + 6 * m), self.px(y0 + 6 * m)],
                fill=(255, 255, 255, 255),
            )
            self.draw.rectangle(
                [self.px(x0 + 2 * m), self.px(y0 + 2 * m), self.px(x0 + 5 * m), self.px(y0 + 5 * m)],
                fill=(15, 15, 15, 255),
            )


def _wrap(s: str, n: int) -> list[str]:
    return [s[i : i + n] for i in range(0, len(s), n)][:3]


def _dots(d: date) -> str:
    return f"{d.year}.{d.month:02d}.{d.day:02d}"


def id_front(p: Person, dpi: int, rng: random.Random) -> CardFace:
    c = _Card(dpi, (236, 238, 242), rng)
    face = rng.choice((SANS, ZEN, MING))
    lab, val = 2.6, 3.1
    c.text(4, 5, "姓名", lab, face, 90)
    c.text(13, 4.6, p.name, val, SANS)
    c.text(4, 12, "性别", lab, face, 90)
    c.text(13, 11.6, "男" if p.gender == "male" else "女", val, SANS)
    c.text(22, 12, "民族", lab, face, 90)
    c.text(31, 11.6, p.ethnicity, val, SANS)
    c.text(4, 19, "出生", lab, face, 90)
    c.text(13, 18.6, f"{p.birth.year}  年  {p.birth.month}  月  {p.birth.day}  日", val, SANS)
    c.text(4, 26, "住址", lab, face, 90)
    for i, part in enumerate(_wrap(p.address, 11)):
        c.text(13, 25.6 + i * 4.4, part, val, SANS)
    c.text(4, 45, "公民身份号码", lab, face, 90)
    c.text(28, 44.4, p.id_number, 3.4, SANS_BOLD)
    c.photo(55, 7, 26, 32)
    truth: dict[str, object] = {
        "name": p.name,
        "gender": p.gender,
        "ethnicity": p.ethnicity,
        "birth_date": p.birth.isoformat(),
        "address": p.address,
        "id_number": p.id_number,
    }
    return CardFace("id_front", c.img, truth)


def id_back(p: Person, dpi: int, rng: random.Random) -> CardFace:
    c = _Card(dpi, (238, 236, 230), rng)
    face = rng.choice((SANS, ZEN, MING))
    c.emblem(5, 4, 17)
    c.text(30, 7, "中华人民共和国", 4.6, SERIF_BOLD)
    c.text(31, 15, "居民身份证", 6.4, SERIF_BOLD)
    c.text(14, 38, "签发机关", lab := 2.6, face, 90)
    c.text(27, 37.6, p.issuer, 3.1, SANS)
    c.text(14, 45, "有效期限", lab, face, 90)
    end = _dots(p.valid_to) if p.valid_to else "长期"
    c.text(27, 44.6, f"{_dots(p.valid_from)}-{end}", 3.1, SANS)
    truth: dict[str, object] = {
        "issuer": p.issuer,
        "valid_from": p.valid_from.isoformat(),
        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
    }
    if p.valid_to is None:
        truth["valid_indefinitely"] = True
    return CardFace("id_back", c.img, truth)


def social_security(p: Person, dpi: int, rng: random.Random) -> CardFace:
    c = _Card(dpi, (226, 236, 246), rng)
    face = rng.choice((SANS, ZEN))
    c.emblem(3, 2.5, 9)
    c.text(14, 4, "中华人民共和国社会保障卡", 4.2, SERIF_BOLD)
    c.chip(6, 17)
    c.text(22, 20, "姓    名", 2.5, face, 70)
    c.text(36, 19.6, p.name, 3.0, SANS)
    c.text(22, 26, "社会保障号码", 2.5, face, 70)
    c.text(41, 25.6, p.id_number, 3.0, SANS)
    c.text(22, 32, "社会保障卡号", 2.5, face, 70)
    c.text(41, 31.6, p.card_number, 3.0, SANS)
    truth: dict[str, object] = {
        "name": p.name,
        "social_security_number": p.id_number,
        "card_number": p.card_number,
    }
    if p.ss_valid_to is not None:
        c.text(22, 38, "有效期至", 2.5, face, 70)
        c.text(
            36, 37.6, f"{p.ss_valid_to.year}年{p.ss_valid_to.month:02d}月{p.ss_valid_to.day:02d}日", 3.0, SANS
        )
        truth["valid_to"] = p.ss_valid_to.isoformat()
    c.text(22, 45, f"发卡机构  {p.ss_issuer}人力资源和社会保障局", 2.5, face, 70)
    truth["issuer"] = p.ss_issuer
    return CardFace("social_security", c.img, truth)


def residence_permit(p: Person, dpi: int, rng: random.Random) -> CardFace:
    c = _Card(dpi, (240, 246, 238), rng)
    face = rng.choice((SANS, ZEN))
    c.text(22, 2.5, f"{p.address[:3]}居住证", 4.6, SERIF_BOLD)
    c.text(4, 11, "姓名", 2.5, face, 90)
    c.text(13, 10.6, p.name, 3.0, SANS)
    c.text(4, 17, "住址", 2.5, face, 90)
    for i, part in enumerate(_wrap(p.address, 11)):
        c.text(13, 16.6 + i * 4.2, part, 3.0, SANS)
    c.text(4, 30, "公民身份号码", 2.5, face, 90)
    c.text(26, 29.6, p.id_number, 3.2, SANS_BOLD)
    c.text(4, 37, "签发机关", 2.5, face, 90)
    c.text(17, 36.6, p.issuer, 3.0, SANS)
    c.text(4, 43, "有效期限", 2.5, face, 90)
    end = _dots(p.valid_to) if p.valid_to else "长期"
    c.text(17, 42.6, f"{_dots(p.valid_from)}-{end}", 3.0, SANS)
    c.photo(60, 11, 21, 26)
    c.qr(64, 39, 13)
    truth: dict[str, object] = {
        "name": p.name,
        "address": p.address,
        "id_number": p.id_number,
        "issuer": p.issuer,
        "valid_from": p.valid_from.isoformat(),
        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
    }
    return CardFace("residence_permit", c.img, truth)


def sheet(
    faces: list[CardFace],
    dpi: int,
    rng: random.Random,
    rotation: int = 0,
    tilt: float = 4.0,
    background: int | None = None,
) -> Image.Image:
    """An A4 photocopy holding the faces (one above the other), each tilted up to ``tilt`` degrees,
    on a copier's gray, noisy background (``background``: its gray level, 255 for a closed white lid);
    the whole sheet then turned ``rotation`` degrees clockwise."""
    w, h = round(210 * dpi / 25.4), round(297 * dpi / 25.4)
    shade = background if background is not None else rng.randint(150, 205)
    page = Image.new("RGB", (w, h), (shade, shade, shade))
    noise = Image.effect_noise((w, h), 18).convert("RGB")
    page = Image.blend(page, noise, 0.12)
    for k, card in enumerate(faces):
        turned = card.image.rotate(rng.uniform(-tilt, tilt), resample=Image.Resampling.BICUBIC, expand=True)
        slot = h / len(faces)
        x = round((w - turned.width) / 2 + rng.uniform(-0.15, 0.15) * w)
        y = round(slot * k + (slot - turned.height) / 2 + rng.uniform(-0.1, 0.1) * slot)
        page.paste(turned, (x, y), turned)
    page = page.convert("L").convert("RGB")  # a photocopy: no colour left
    turns = {
        0: None,
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    step = turns[rotation]
    return page if step is None else page.transpose(step)
