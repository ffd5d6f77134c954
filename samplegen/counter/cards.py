"""Card faces (居民身份证 front and back, 社会保障卡, 居住证), photocopied and laid on an A4 sheet."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from kernel.domain import GENDER_ZH
from samplegen.counter import cardart
from samplegen.counter.canvas import Sheet
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box, affine, transform_box, union
from samplegen.counter.marks import Val

LABEL_BLUE = (40, 110, 175)


@dataclass
class CardFace:
    """A card's printed face at ``k`` pixels per mm and its fields' boxes on it."""

    img: Image.Image
    fields: dict[str, Val]
    k: float


def _label(
    card: Sheet, k: float, x: float, y: float, s: str, colour: tuple[int, int, int] = LABEL_BLUE
) -> Box:
    return card.text((x * k, y * k), s, font("hei", round(2.3 * k)), fill=colour, spacing=k * 0.6)


def _value(card: Sheet, k: float, x: float, y: float, s: str, mm: float = 2.9, role: str = "hei") -> Box:
    return card.text((x * k, y * k), s, font(role, round(mm * k)), fill=(18, 18, 20))


def _wrap(s: str, card: Sheet, k: float, mm: float, width_mm: float) -> list[str]:
    fnt = font("hei", round(mm * k))
    lines, cur = [], ""
    for ch in s:
        if fnt.getlength(cur + ch) > width_mm * k and cur:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def id_front(
    name: str,
    gender: str,
    ethnicity: str,
    birth: date,
    address: str,
    number: str,
    k: float,
    rng: random.Random,
) -> CardFace:
    card = cardart.blank_card(k, rng, (236, 240, 236))
    f: dict[str, Val] = {}
    _label(card, k, 6, 10, "姓名")
    f["name"] = Val(name, _value(card, k, 17, 10, name, 3.4))
    _label(card, k, 6, 17, "性别")
    f["gender"] = Val(gender, _value(card, k, 17, 17, GENDER_ZH[gender]))
    _label(card, k, 26, 17, "民族")
    f["ethnicity"] = Val(ethnicity, _value(card, k, 36, 17, ethnicity))
    _label(card, k, 6, 24, "出生")
    parts = [
        _value(card, k, 17, 24, str(birth.year)),
        _label(card, k, 26.5, 24, "年"),
        _value(card, k, 31, 24, str(birth.month)),
        _label(card, k, 35, 24, "月"),
        _value(card, k, 39, 24, str(birth.day)),
        _label(card, k, 43.5, 24, "日"),
    ]
    f["birth_date"] = Val(birth.isoformat(), union(parts))
    _label(card, k, 6, 31, "住址")
    mm = 2.9
    while len(_wrap(address, card, k, mm, 34)) > 3 and mm > 2.0:
        mm -= 0.1
    boxes = [
        _value(card, k, 17, 31 + 4.3 * i, ln, mm) for i, ln in enumerate(_wrap(address, card, k, mm, 34))
    ]
    f["address"] = Val(address, union(boxes))
    _label(card, k, 6, 48.5, "公民身份号码")
    f["id_number"] = Val(
        number,
        card.text(
            (29 * k, 48.5 * k), number, font("mono", round(3.4 * k)), fill=(18, 18, 20), spacing=0.25 * k
        ),
    )
    cardart.photo(card, (56 * k, 7 * k, 80 * k, 38 * k), rng)
    return CardFace(card.img, f, k)


def id_back(issuer: str, valid_from: date, valid_to: date | None, k: float, rng: random.Random) -> CardFace:
    card = cardart.blank_card(k, rng, (238, 240, 232))
    cardart.emblem(card, 13 * k, 13 * k, 8.5 * k)
    card.text(
        (27 * k, 13 * k),
        "中华人民共和国",
        font("hei_bold", round(4.6 * k)),
        fill=(20, 20, 20),
        spacing=1.2 * k,
    )
    card.text(
        (27 * k, 24 * k), "居民身份证", font("hei_bold", round(6.6 * k)), fill=(20, 20, 20), spacing=1.8 * k
    )
    f: dict[str, Val] = {}
    _label(card, k, 14, 41, "签发机关")
    f["issuer"] = Val(issuer, _value(card, k, 29, 41, issuer))
    _label(card, k, 14, 48, "有效期限")
    start = f"{valid_from:%Y.%m.%d}"
    b0 = _value(card, k, 29, 48, start)
    b1 = _value(card, k, 29 + (b0[2] - b0[0]) / k + 0.2, 48, "-")
    end = "长期" if valid_to is None else f"{valid_to:%Y.%m.%d}"
    b2 = _value(card, k, (b1[2] / k) + 0.2, 48, end)
    f["valid_from"] = Val(valid_from.isoformat(), b0)
    f["valid_to"] = Val(None if valid_to is None else valid_to.isoformat(), None if valid_to is None else b2)
    f["valid_indefinitely"] = Val(valid_to is None, b2 if valid_to is None else union([b0, b2]))
    return CardFace(card.img, f, k)


def social_security(
    name: str,
    ssn: str,
    card_number: str,
    issuer: str,
    issued: date,
    valid_to: date | None,
    bank: str,
    k: float,
    rng: random.Random,
) -> CardFace:
    tint = rng.choice(((224, 234, 246), (232, 238, 248), (240, 236, 226)))
    card = cardart.blank_card(k, rng, tint)
    d = card.draw
    d.rectangle((0, 0, card.width, 12 * k), fill=rng.choice(((190, 40, 45), (30, 80, 160), (40, 110, 70))))
    cardart.logo(card, 7 * k, 6 * k, 4.2 * k, (255, 255, 255), rng)
    card.text(
        (13 * k, 8.3 * k), "中华人民共和国社会保障卡", font("hei_bold", round(4.4 * k)), fill=(255, 255, 255)
    )
    f: dict[str, Val] = {}
    f["issuer"] = Val(
        issuer,
        card.text((83 * k, 16 * k), issuer, font("hei", round(2.5 * k)), fill=(30, 30, 30), anchor="rs"),
    )
    cardart.chip(card, 7 * k, 18 * k, k)
    _label(card, k, 21, 24, "姓    名", (60, 60, 70))
    f["name"] = Val(name, _value(card, k, 37, 24, name, 3.2))
    _label(card, k, 21, 31, "社会保障号码", (60, 60, 70))
    f["social_security_number"] = Val(ssn, _value(card, k, 21, 35.5, ssn, 3.0, "mono"))
    _label(card, k, 21, 41.5, "社会保障卡号", (60, 60, 70))
    f["card_number"] = Val(card_number, _value(card, k, 43, 41.5, card_number, 3.0, "mono"))
    _label(card, k, 21, 47, "发卡日期", (60, 60, 70))
    _value(card, k, 35, 47, f"{issued:%Y年%m月}", 2.6)
    if valid_to is not None:
        _label(card, k, 21, 51.5, "有效期至", (60, 60, 70))
        f["valid_to"] = Val(valid_to.isoformat(), _value(card, k, 35, 51.5, f"{valid_to:%Y.%m.%d}", 2.6))
    else:
        f["valid_to"] = Val(None, None)
    cardart.photo(card, (62 * k, 19 * k, 81 * k, 43 * k), rng)
    cardart.logo(card, 63 * k, 49 * k, 3 * k, (170, 30, 30), rng)
    card.text((67.5 * k, 50.2 * k), bank, font("hei", round(2.4 * k)), fill=(60, 60, 60))
    return CardFace(card.img, f, k)


def residence_permit(
    province: str,
    name: str,
    gender: str,
    birth: date,
    number: str,
    address: str,
    issuer: str,
    valid_from: date,
    valid_to: date,
    k: float,
    rng: random.Random,
) -> CardFace:
    card = cardart.blank_card(k, rng, rng.choice(((236, 242, 250), (246, 240, 232))))
    title = f"{province}居住证"
    card.text(
        (card_width(k) / 2, 8 * k),
        title,
        font("hei_bold", round(4.6 * k)),
        fill=(150, 30, 40),
        anchor="ms",
        spacing=1.0 * k,
    )
    f: dict[str, Val] = {}
    _label(card, k, 5, 15, "姓名")
    f["name"] = Val(name, _value(card, k, 14, 15, name, 3.2))
    _label(card, k, 5, 21, "性别")
    f["gender"] = Val(gender, _value(card, k, 14, 21, GENDER_ZH[gender]))
    _label(card, k, 24, 21, "出生")
    _value(card, k, 33, 21, f"{birth:%Y.%m.%d}", 2.7)
    _label(card, k, 5, 27, "公民身份号码")
    f["id_number"] = Val(number, _value(card, k, 25, 27, number, 2.9, "mono"))
    _label(card, k, 5, 33, "居住地址")
    mm = 2.6
    while len(_wrap(address, card, k, mm, 38)) > 2 and mm > 1.8:
        mm -= 0.1
    boxes = [
        _value(card, k, 18, 33 + 4.0 * i, ln, mm) for i, ln in enumerate(_wrap(address, card, k, mm, 38))
    ]
    f["address"] = Val(address, union(boxes))
    _label(card, k, 5, 45, "签发机关")
    f["issuer"] = Val(issuer, _value(card, k, 18, 45, issuer, 2.7))
    _label(card, k, 5, 51, "有效期限")
    b0 = _value(card, k, 18, 51, f"{valid_from:%Y.%m.%d}", 2.7)
    b1 = _value(card, k, b0[2] / k + 0.3, 51, "-", 2.7)
    b2 = _value(card, k, b1[2] / k + 0.3, 51, f"{valid_to:%Y.%m.%d}", 2.7)
    f["valid_from"] = Val(valid_from.isoformat(), b0)
    f["valid_to"] = Val(valid_to.isoformat(), b2)
    cardart.photo(card, (60 * k, 12 * k, 81 * k, 39 * k), rng)
    return CardFace(card.img, f, k)


def card_width(k: float) -> float:
    return cardart.CARD_MM[0] * k


def photocopy(face: CardFace, rng: random.Random, colour: bool) -> Image.Image:
    """The card as a copier renders it: gray (or faded colour), contrast up, toner specks,
    rounded corners and a dark edge where the card's rim cast a shadow."""
    arr: npt.NDArray[np.float32] = np.asarray(face.img, dtype=np.float32)
    if not colour:
        gray = arr @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        arr = np.repeat(gray[..., None], 3, axis=2)
    else:
        mean = arr.mean(axis=2, keepdims=True)
        arr = mean + (arr - mean) * rng.uniform(0.45, 0.8)
    lift = rng.uniform(-40, 10)
    gamma = rng.uniform(1.1, 1.7)
    arr = (255.0 * np.clip((arr + lift) / 255.0, 0, 1) ** gamma).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = arr + nrng.normal(0, 6, arr.shape[:2]).astype(np.float32)[..., None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    edge = ImageDraw.Draw(img)
    k = face.k
    edge.rounded_rectangle(
        (0, 0, img.width - 1, img.height - 1), radius=3 * k, outline=(45, 45, 45), width=max(2, int(0.35 * k))
    )
    return img


def lay(
    sheet: Sheet, img: Image.Image, face: CardFace, center: tuple[float, float], angle: float
) -> dict[str, Val]:
    """Lay a (copied) card face on the sheet at ``center`` turned ``angle`` degrees; the fields'
    boxes come back on the sheet."""
    page_k = sheet.dpi / 25.4
    scale = page_k / face.k
    m = affine(angle, scale, (img.width / 2, img.height / 2), center)
    fx0, fy0, fx1, fy1 = transform_box((0, 0, img.width, img.height), m)
    x0, y0 = max(0, int(fx0) - 2), max(0, int(fy0) - 2)
    x1, y1 = min(sheet.width, int(fx1) + 3), min(sheet.height, int(fy1) + 3)
    if x1 > x0 and y1 > y0:
        mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, img.width - 1, img.height - 1), radius=3 * face.k, fill=255
        )
        # shrink to the page's scale first (area averaging), then turn and place
        sw, sh = max(2, round(img.width * scale)), max(2, round(img.height * scale))
        src = cv2.resize(np.asarray(img, dtype=np.uint8), (sw, sh), interpolation=cv2.INTER_AREA)
        msk = cv2.resize(np.asarray(mask, dtype=np.uint8), (sw, sh), interpolation=cv2.INTER_AREA)
        unshrink = np.diag([img.width / sw, img.height / sh, 1.0])
        local = np.array([[1.0, 0.0, -x0], [0.0, 1.0, -y0], [0.0, 0.0, 1.0]]) @ m @ unshrink
        m2 = np.ascontiguousarray(local[:2], dtype=np.float64)
        size = (x1 - x0, y1 - y0)
        warped = cv2.warpAffine(src, m2, size, flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
        cover = cv2.warpAffine(msk, m2, size, flags=cv2.INTER_LINEAR, borderValue=(0.0,))
        alpha = np.asarray(cover, dtype=np.float32)[..., None] / 255.0
        page = np.asarray(sheet.img.crop((x0, y0, x1, y1)), dtype=np.float32)
        out = page * (1 - alpha) + np.asarray(warped, dtype=np.float32) * alpha
        sheet.img.paste(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB"), (x0, y0))
    return {
        key: Val(v.value, None if v.box is None else transform_box(v.box, m))
        for key, v in face.fields.items()
    }


def footprint(face: CardFace, sheet: Sheet, center: tuple[float, float], angle: float) -> Box:
    """Where the whole card lands on the sheet."""
    scale = sheet.dpi / 25.4 / face.k
    m = affine(angle, scale, (face.img.width / 2, face.img.height / 2), center)
    return transform_box((0, 0, face.img.width, face.img.height), m)
