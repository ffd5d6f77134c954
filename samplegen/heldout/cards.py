"""Card copies: ID card front/back, residence-permit card and social-security card on an A4 sheet.

At a window the cards are photocopied at true size, one or two on a sheet, tilted and in any
orientation; card text is 2–3 mm high, over guilloche patterns, beside a photo, chip, QR code
or the red national emblem — none of which is a seal. The card is drawn on its own small
sheet, then turned and pasted, and its value boxes are carried through the same transform.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from samplegen.heldout.canvas import INK_BLACK, Color, Rect, Sheet

CARD_W, CARD_H = 85.6, 54.0
LABEL: Color = (40, 90, 150)


@dataclass
class CardFace:
    """One face to draw: kind (id_front, id_back, permit, ssc) and the strings it prints."""

    kind: str
    doc: str
    values: dict[str, str] = field(default_factory=dict)


def _guilloche(sheet: Sheet, rng: random.Random, color: Color) -> None:
    w, h = sheet.w, sheet.h
    xs = np.arange(0, w, 2, dtype=np.float32)
    for k in range(18):
        amp = h * rng.uniform(0.03, 0.12)
        freq = rng.uniform(1.5, 5.0) * 2 * math.pi / w
        phase = rng.uniform(0, 2 * math.pi)
        base = h * (k + 0.5) / 18
        ys = base + amp * np.sin(xs * freq + phase)
        pts = np.stack([xs, ys], 1).astype(np.int32)
        cv2.polylines(sheet.arr, [pts], False, color, 1, cv2.LINE_AA)


def _photo(sheet: Sheet, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    sheet.fill(x, y, x + w, y + h, (226, 228, 232))
    cx, cy = sheet.px(x + w / 2), sheet.px(y + h * 0.38)
    cv2.ellipse(
        sheet.arr,
        (int(cx), int(cy)),
        (int(sheet.px(w * 0.22)), int(sheet.px(h * 0.2))),
        0,
        0,
        360,
        (110, 110, 115),
        -1,
        cv2.LINE_AA,
    )
    cv2.ellipse(
        sheet.arr,
        (int(cx), int(sheet.px(y + h))),
        (int(sheet.px(w * 0.42)), int(sheet.px(h * 0.3))),
        0,
        180,
        360,
        (90, 92, 98),
        -1,
        cv2.LINE_AA,
    )


def _chip(sheet: Sheet, x: float, y: float) -> None:
    sheet.fill(x, y, x + 11, y + 9, (196, 170, 96))
    for i in range(1, 3):
        sheet.line(x + i * 11 / 3, y, x + i * 11 / 3, y + 9, 0.2, (120, 100, 50))
    sheet.line(x, y + 4.5, x + 11, y + 4.5, 0.2, (120, 100, 50))


def _qr(sheet: Sheet, x: float, y: float, side: float, rng: random.Random) -> None:
    n = 25
    cell = side / n
    grid = [[rng.random() < 0.5 for _ in range(n)] for _ in range(n)]
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        for i in range(7):
            for j in range(7):
                grid[fy + j][fx + i] = i in (0, 6) or j in (0, 6) or (2 <= i <= 4 and 2 <= j <= 4)
    for j in range(n):
        for i in range(n):
            if grid[j][i]:
                sheet.fill(x + i * cell, y + j * cell, x + (i + 1) * cell, y + (j + 1) * cell, INK_BLACK)


def _emblem(sheet: Sheet, x: float, y: float, r: float) -> None:
    """A national-emblem-like red disc with gold stars: printed, never a seal."""
    c = (int(sheet.px(x)), int(sheet.px(y)))
    cv2.circle(sheet.arr, c, int(sheet.px(r)), (200, 40, 40), -1, cv2.LINE_AA)
    cv2.circle(sheet.arr, c, int(sheet.px(r * 0.8)), (220, 180, 60), max(1, int(sheet.px(0.5))), cv2.LINE_AA)
    for k in range(5):
        a = math.radians(90 + 72 * k)
        sheet.text(
            x + r * 0.45 * math.cos(a),
            y - r * 0.45 * math.sin(a),
            "★",
            r * 0.35,
            "sans",
            (240, 200, 60),
            "mm",
        )
    sheet.text(x, y, "★", r * 0.7, "sans", (240, 200, 60), "mm")


def _field(
    sheet: Sheet,
    doc: str,
    key: str | None,
    label: str,
    value: str,
    x: float,
    y: float,
    size: float,
    label_w: float,
) -> Rect | None:
    sheet.text(x, y, label, size * 0.85, "hei", LABEL)
    r = sheet.text(x + label_w, y, value, size, "hei" if value.isascii() else "sans", INK_BLACK)
    if key is not None:
        sheet.record(doc, key, r)
    return r


def draw_face(face: CardFace, dpi: int, rng: random.Random) -> Sheet:
    """The face drawn at true size on its own sheet, with its value boxes recorded."""
    tint: Color = {
        "id_front": (236, 240, 238),
        "id_back": (238, 240, 236),
        "permit": (238, 236, 244),
        "ssc": (232, 240, 246),
    }[face.kind]
    card = Sheet(CARD_W, CARD_H, dpi, tint)
    _guilloche(card, rng, tuple(max(0, c - 28) for c in tint))  # type: ignore[arg-type]
    v, d, s = face.values, face.doc, 2.6
    if face.kind == "id_front":
        _photo(card, 57, 8, 24, 30, rng)
        _field(card, d, "name", "姓  名", v["name"], 6, 9, s, 10)
        _field(card, d, "gender", "性  别", v["gender"], 6, 15.5, s, 10)
        _field(card, d, "ethnicity", "民  族", v["ethnicity"], 24, 15.5, s, 9)
        card.text(6, 22, "出  生", s * 0.85, "hei", LABEL)
        r = card.text(16, 22, v["birth"], s, "sans")
        card.record(d, "birth_date", r)
        card.text(6, 28.5, "住  址", s * 0.85, "hei", LABEL)
        addr = v["address"]
        per = 11
        for i in range(0, len(addr), per):
            card.record(d, "address", card.text(16, 28.5 + (i // per) * 4.6, addr[i : i + per], s, "sans"))
        card.text(6, 46, "公民身份号码", s * 0.85, "hei", LABEL)
        card.record(d, "id_number", card.text(25, 46, v["id_number"], s * 1.12, "hei"))
    elif face.kind == "id_back":
        _emblem(card, 13, 13, 8)
        card.text(52, 10, "中华人民共和国", 4.2, "serif_bold", INK_BLACK, "mm")
        card.text(52, 22, "居 民 身 份 证", 5.6, "serif_bold", INK_BLACK, "mm")
        _field(card, d, "issuer", "签发机关", v["issuer"], 14, 38, s, 14)
        _field(card, d, None, "有效期限", "", 14, 45, s, 14)
        frm, to = v["valid"].split("-")
        r1 = card.text(28, 45, frm, s, "sans")
        card.record(d, "valid_from", r1)
        dash_x = 28 + card.text_width(frm, s)
        card.text(dash_x, 45, "-", s, "sans")
        r2 = card.text(dash_x + card.text_width("-", s), 45, to, s, "sans")
        card.record(d, "valid_indefinitely" if to == "长期" else "valid_to", r2)
    elif face.kind == "permit":
        card.text(CARD_W / 2, 6, v["title"], 3.6, "serif_bold", (120, 40, 60), "mm")
        _photo(card, 62, 11, 19, 24, rng)
        _qr(card, 64, 37.5, 14, rng)
        _field(card, d, "name", "姓名", v["name"], 5, 13, s * 0.95, 8)
        card.text(32, 13, "性别 " + v["gender"], s * 0.85, "hei", LABEL)
        _field(card, d, None, "出生", v["birth"], 5, 18.5, s * 0.95, 8)
        card.text(5, 24, "住址", s * 0.8, "hei", LABEL)
        addr = v["address"]
        for i in range(0, len(addr), 15):
            card.record(d, "address", card.text(13, 24 + (i // 15) * 4.2, addr[i : i + 15], s * 0.9, "sans"))
        card.text(5, 36, "公民身份号码", s * 0.8, "hei", LABEL)
        card.record(d, "id_number", card.text(5, 40.5, v["id_number"], s * 1.05, "hei"))
        _field(card, d, "issuer", "签发机关", v["issuer"], 5, 45.5, s * 0.9, 11)
        card.text(5, 50.5, "有效期限", s * 0.8, "hei", LABEL)
        frm, to = v["valid"].split("-")
        card.record(d, "valid_from", card.text(16, 50.5, frm, s * 0.9, "sans"))
        x2 = 16 + card.text_width(frm + "-", s * 0.9)
        card.text(16 + card.text_width(frm, s * 0.9), 50.5, "-", s * 0.9, "sans")
        card.record(d, "valid_to", card.text(x2, 50.5, to, s * 0.9, "sans"))
    else:  # social-security card front
        card.fill(0, 0, CARD_W, 10, (40, 96, 170))
        card.text(4, 5, "中华人民共和国社会保障卡", 3.4, "sans_bold", (250, 250, 250))
        r = card.text(CARD_W - 4, 14, v["issuer"], 2.8, "sans_bold", (40, 96, 170), "rm")
        card.record(d, "issuer", r)
        _chip(card, 6, 17)
        _photo(card, 62, 18, 19, 24, rng)
        _field(card, d, "name", "姓    名", v["name"], 6, 31, s, 14)
        _field(card, d, "social_security_number", "社会保障号码", v["ssn"], 6, 37, s * 0.95, 16)
        _field(card, d, "card_number", "社会保障卡号", v["card_number"], 6, 43, s * 0.95, 16)
        if v.get("valid_to"):
            _field(card, d, "valid_to", "有效期至", v["valid_to"], 6, 49, s * 0.95, 16)
        else:
            card.text(6, 49, "发卡日期  " + v["issued"], s * 0.85, "hei", LABEL)
    return card


def paste_card(
    page: Sheet, card: Sheet, cx_mm: float, cy_mm: float, angle: float, rng: random.Random
) -> None:
    """Paste ``card`` rotated by ``angle`` degrees (counter-clockwise) centred at (cx_mm, cy_mm).

    The card's rounded outline masks the paste; its recorded boxes are moved onto the page.
    """
    h, w = card.arr.shape[:2]
    mask: Any = np.zeros((h, w), np.uint8)
    rad = max(2, int(card.px(3.0)))
    cv2.rectangle(mask, (rad, 0), (w - rad, h), 255, -1)
    cv2.rectangle(mask, (0, rad), (w, h - rad), 255, -1)
    for cx, cy in ((rad, rad), (w - rad, rad), (rad, h - rad), (w - rad, h - rad)):
        cv2.circle(mask, (cx, cy), rad, (255,), -1)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos) + 2, int(h * cos + w * sin) + 2
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    img = cv2.warpAffine(card.arr, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    msk = cv2.warpAffine(mask, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=(0,)).astype(np.float32) / 255
    x0 = int(page.px(cx_mm) - nw / 2)
    y0 = int(page.px(cy_mm) - nh / 2)
    region: Any = page.arr[y0 : y0 + nh, x0 : x0 + nw].astype(np.float32)
    a = msk[: region.shape[0], : region.shape[1], None]
    region = region * (1 - a) + img[: region.shape[0], : region.shape[1]].astype(np.float32) * a
    page.arr[y0 : y0 + nh, x0 : x0 + nw] = region.astype(np.uint8)
    # card edge: a photocopied card shows a thin dark outline
    outline = cv2.Canny((msk * 255).astype(np.uint8), 50, 150)
    ys, xs = np.nonzero(outline)
    ok = (ys + y0 < page.h) & (xs + x0 < page.w)
    page.arr[ys[ok] + y0, xs[ok] + x0] = (120, 120, 120)
    for (doc, key), rects in card.marks.items():
        for r in rects:
            pts = np.array([[r[0], r[1]], [r[2], r[1]], [r[2], r[3]], [r[0], r[3]]], np.float32)
            moved = pts @ m[:, :2].T + m[:, 2]
            page.record(
                doc,
                key,
                (
                    float(moved[:, 0].min() + x0),
                    float(moved[:, 1].min() + y0),
                    float(moved[:, 0].max() + x0),
                    float(moved[:, 1].max() + y0),
                ),
            )


def card_sheet(faces: list[CardFace], dpi: int, rng: random.Random, orientation: int) -> Sheet:
    """An A4 photocopy with one or two card faces; ``orientation`` is the cards' quarter turn (0..3)."""
    page = Sheet(210, 297, dpi, (246, 246, 244))
    slots = [(105.0, 85.0)] if len(faces) == 1 else [(105.0, 80.0), (105.0, 175.0)]
    if len(faces) == 1 and rng.random() < 0.5:
        slots = [(105.0 + rng.uniform(-30, 30), rng.uniform(70, 200))]
    for face, (cx, cy) in zip(faces, slots, strict=False):
        card = draw_face(face, dpi, rng)
        angle = orientation * 90 + rng.uniform(-4, 4)
        paste_card(page, card, cx + rng.uniform(-12, 12), cy + rng.uniform(-8, 8), angle, rng)
    if rng.random() < 0.5:
        page.text(20, 275, rng.choice(("复印件", "此复印件仅供办理异地就医备案使用", "")) or "", 3.5, "sans")
    return page
