"""A card face's field values, read by geometry relative to its printed labels.

Cards print a value right of its label on the same row (姓名 王建国; 性别 男 民族 汉 two
pairs on one row), the address wrapped over up to three lines under its first, and the
ID card's 公民身份号码 at the bottom. OCR may glue a label to its value in one line or
split them; both are read. Rows and columns are compared in the card's own frame, so
a card copied askew reads as one copied straight.

The ID number is the most certain thing on the card (its check digit proves it), so it
cross-checks the birth date and gender printed beside it (``kernel.idnumber``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.cards.locate import CardRegion, in_card_frame
from extract.cards.template import VALIDITY, Face, compact, ethnicities, fuzzy_find
from extract.fields.form import Found
from extract.fields.script import to_simplified
from extract.fields.values import address_value, checked_id
from extract.layout import v_overlap
from extract.normalize import clean_name, clean_text, find_dates, parse_gender, parse_id_number
from kernel import refdata
from kernel.domain import DocType
from kernel.idnumber import IdInfo
from kernel.idnumber import parse_id_number as id_info
from kernel.reading import PixelBox, TextLine

_BROKEN_ETHNICITY_LABEL = re.compile(r"[民族]([\u4e00-\u9fff]{1,4})")

ROW_TOLERANCE = 0.6  # a value's centre lies within this many label heights of its label's row
ADDRESS_LINES = 3
CITY_MATCH = 0.9  # a damaged city name is matched to the division list only this close (省太原市: 0.95)
INDEFINITE = ("长期", "长久", "永久")
TALLER_THAN_ROW = 2.0  # a line this much taller than a label's is no value of its row (values: ~1.2x)
# where a social-security card's issuing bureau starts after its city (OCR drops characters of it)
_ISSUING_OFFICE = re.compile(r"(人力|资源|社会保障|劳动和|人社|社会保险|医疗保障|医保).*$")
_CARD_NUMBER = re.compile(r"(?<![0-9A-Z])([A-Z]?[0-9A-Z]{8,9})(?![0-9A-Z])")


@dataclass(frozen=True)
class _Label:
    key: str
    line: int  # index into the card's lines
    start: int  # in the line's compacted text
    end: int


@dataclass(frozen=True)
class _Value:
    text: str
    confidence: float
    box: PixelBox
    rows: tuple[int, ...]  # the lines the value came from


class CardText:
    """One card's lines with their compacted texts and boxes in the card's frame."""

    def __init__(self, region: CardRegion) -> None:
        self.region = region
        self.lines: list[TextLine] = list(region.lines)
        self.texts = [compact(ln.text) for ln in self.lines]
        self.frame = [in_card_frame(ln, region) for ln in self.lines]

    def height(self, i: int) -> float:
        return max(1.0, self.frame[i][3] - self.frame[i][1])

    def cy(self, i: int) -> float:
        return (self.frame[i][1] + self.frame[i][3]) / 2

    def x_at(self, i: int, k: int) -> float:
        """The frame x where compacted character ``k`` of line ``i`` starts (characters spread evenly)."""
        x0, _, x1, _ = self.frame[i]
        n = max(1, len(self.texts[i]))
        return x0 + (x1 - x0) * k / n


def find_labels(card: CardText, face: Face) -> list[_Label]:
    """Every field's label on the card: exact wordings anywhere on it before misread ones (a
    title's 社会保障卡 is one character from 社会保障号, the real label exact), longest first,
    never two on the same characters."""
    wordings = sorted(((s, key) for key, syns in face.labels.items() for s in syns), key=lambda p: -len(p[0]))
    taken: dict[int, list[tuple[int, int]]] = {}
    found: list[_Label] = []
    for exact in (True, False):
        for i, text in enumerate(card.texts):
            for word, key in wordings:
                if any(lab.key == key for lab in found):
                    continue  # each field's first label on the card
                at = _exact(text, word) if exact else fuzzy_find(text, word)
                if at is None or any(at[0] < e and s < at[1] for s, e in taken.get(i, [])):
                    continue
                taken.setdefault(i, []).append(at)
                found.append(_Label(key, i, at[0], at[1]))
    return found


def _exact(text: str, word: str) -> tuple[int, int] | None:
    at = text.find(word)
    return (at, at + len(word)) if at >= 0 else None


def _value_after(card: CardText, label: _Label, labels: list[_Label]) -> _Value | None:
    """The value right of a label: the rest of its own line up to the next label there, else the
    nearest lines right of it on its row, up to the next label on that row."""
    i, text = label.line, card.texts[label.line]
    stops = [lab.start for lab in labels if lab.line == i and lab.start >= label.end]
    end = min(stops, default=len(text))
    glued = text[label.end : end].lstrip(":：")
    line = card.lines[i]
    if glued:
        x0 = line.box[0] + (line.box[2] - line.box[0]) * label.end / max(1, len(text))
        x1 = line.box[0] + (line.box[2] - line.box[0]) * end / max(1, len(text))
        return _Value(glued, line.confidence, (x0, line.box[1], x1, line.box[3]), (i,))
    right = card.x_at(i, label.end)
    limit = min(
        (
            card.x_at(lab.line, lab.start)
            for lab in labels
            if lab is not label and _same_row(card, lab.line, i) and card.x_at(lab.line, lab.start) > right
        ),
        default=float("inf"),
    )
    row = [
        j
        for j in range(len(card.lines))
        if j != i
        and _same_row(card, j, i)
        and card.frame[j][0] >= right - 0.5 * card.height(i)
        and card.frame[j][0] < limit
        and card.height(j) <= TALLER_THAN_ROW * card.height(i)  # a stamp's words pressed on the row
        and not any(lab.line == j and lab.start == 0 for lab in labels)
    ]
    if not row:
        return None
    row.sort(key=lambda j: card.frame[j][0])
    texts = "".join(card.texts[j] for j in row)
    boxes = [card.lines[j].box for j in row]
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    conf = min(card.lines[j].confidence for j in row)
    return _Value(texts, conf, box, tuple(row))


def _same_row(card: CardText, j: int, i: int) -> bool:
    return abs(card.cy(j) - card.cy(i)) <= ROW_TOLERANCE * card.height(i)


def _address(card: CardText, first: _Value, labels: list[_Label], claimed: set[int]) -> _Value:
    """An address with the lines it wraps onto: under its first line, starting at about its x,
    each close under the one before, none holding a label or another label's value (the ID
    number printed under the address's last line)."""
    labelled = {lab.line for lab in labels} | claimed
    parts, rows = [first.text], list(first.rows)
    x_start = min(card.x_at(r, 0) if r not in labelled else first.box[0] for r in rows)
    if first.rows and first.rows[0] in labelled:
        lab = next(lab for lab in labels if lab.line == first.rows[0] and lab.key == "address")
        x_start = card.x_at(lab.line, lab.end)
    last = max(rows, key=card.cy)
    boxes = [first.box]
    while len(parts) < ADDRESS_LINES:
        h = card.height(last)
        below = [
            j
            for j in range(len(card.lines))
            if j not in rows
            and j not in labelled
            and 0.4 * h < card.cy(j) - card.cy(last) <= 1.9 * h
            and abs(card.frame[j][0] - x_start) <= 1.5 * h
        ]
        if not below:
            break
        nxt = min(below, key=card.cy)
        parts.append(card.texts[nxt])
        rows.append(nxt)
        boxes.append(card.lines[nxt].box)
        last = nxt
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    conf = min([first.confidence, *(card.lines[j].confidence for j in rows)])
    return _Value("".join(parts), conf, box, tuple(rows))


def _issuer(key_text: str) -> str | None:
    """An issuing office as printed; a social-security card's ends in its bureau, cut off to the city."""
    text = clean_text(key_text)
    return text if len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 else None


def _issuing_city(issuer: str) -> str:
    """A social-security card's issuer as its city: the bureau's name cut off, as printed where it
    is a division's name (深圳市 stays 深圳市; 广东省深圳市 stays whole), else matched to the division
    list where it is close (OCR drops a character: 省太原市 is 山西省太原市), else as read."""
    place = _ISSUING_OFFICE.sub("", issuer) or issuer
    hit = refdata.match_region(place)
    if hit is None or hit[1] < CITY_MATCH or place in (hit[0].name, hit[0].city):
        return place
    return hit[0].name


def _normalise(key: str, text: str, face: Face) -> tuple[object, float] | None:
    """A value's canonical form and how sure its shape is, or None when it is not one."""
    text = to_simplified(text)
    if key == "name":
        name = clean_name(text)
        return (name, 1.0) if name else None
    if key == "gender":
        gender = parse_gender(text[:2])
        return (gender, 1.0) if gender else None
    if key == "ethnicity":
        han = re.sub(r"[^\u4e00-\u9fff]", "", text).removesuffix("族")
        return (han, 1.0) if 1 <= len(han) <= 5 else None
    if key in ("birth_date", "valid_to"):
        dates = find_dates(text)
        return (dates[0][0], 1.0) if dates else None
    if key == "address":  # a misread division put right as on any paper (values.address_value)
        return address_value(key, text, None) if len(clean_text(text)) >= 4 else None
    if key in ("id_number", "social_security_number"):
        return _id_number(text) or (_card_number(text) if key == "social_security_number" else None)
    if key == "card_number":
        return _card_number(text)
    if key == "issuer":
        issuer = _issuer(text)
        if issuer and face.doc_type == DocType.SOCIAL_SECURITY_CARD:
            issuer = _issuing_city(issuer)
        return (issuer, 1.0) if issuer else None
    return None


def _id_number(text: str) -> tuple[str, float] | None:
    found = parse_id_number(text)
    if found is None:
        return None
    return checked_id(*found, repaired_confidence=0.75)


def _card_number(text: str) -> tuple[str, float] | None:
    m = _CARD_NUMBER.search(compact(text).upper())
    return (m.group(1), 0.95) if m and any(ch.isdigit() for ch in m.group(1)) else None


def _validity(value: _Value) -> dict[str, Found]:
    """valid_from / valid_to (or valid_indefinitely) from a 有效期限 range."""
    dates = find_dates(value.text)
    out: dict[str, Found] = {}
    if dates:
        out["valid_from"] = Found(dates[0][0], value.confidence, value.box, None)
    if len(dates) >= 2:
        start, end = sorted((dates[0][0], dates[1][0]))
        out["valid_from"] = Found(start, value.confidence, value.box, None)
        out["valid_to"] = Found(end, value.confidence, value.box, None)
        out["valid_indefinitely"] = Found(False, value.confidence, value.box, None)
    elif dates and any(w in value.text[dates[0][2] :] for w in INDEFINITE):
        out["valid_indefinitely"] = Found(True, value.confidence, value.box, None)
    return out


def read_face(region: CardRegion, face: Face) -> dict[str, Found]:
    """Every field of the face readable on this card."""
    card = CardText(region)
    labels = find_labels(card, face)
    out: dict[str, Found] = {}
    values = {label: _value_after(card, label, labels) for label in labels}
    claimed = {r for lab, v in values.items() if v is not None and lab.key != "address" for r in v.rows}
    for label, value in values.items():
        if value is None:
            continue
        if label.key == "address":
            value = _address(card, value, labels, claimed)
        if label.key == VALIDITY:
            out.update(_validity(value))
            continue
        norm = _normalise(label.key, value.text, face)
        if norm is not None:
            out[label.key] = Found(norm[0], value.confidence * norm[1], value.box, None)
    if face.doc_type == DocType.SOCIAL_SECURITY_CARD and "issuer" in face.labels and "issuer" not in out:
        place = _issuing_place(card, claimed)
        if place is not None:
            out["issuer"] = place
    for key in ("id_number", "social_security_number"):
        if key in face.labels and key not in out:
            loose = _loose_id(card)
            if loose is not None:
                out[key] = loose
    if VALIDITY in face.labels and "valid_from" not in out:
        out.update(_loose_validity(card, claimed))
    if "ethnicity" in face.labels and "ethnicity" not in out:
        # the gender's value runs on over the group beside it (男 蒙古): those rows stay open to it
        gender = {r for lab, v in values.items() if v is not None and lab.key == "gender" for r in v.rows}
        group = _ethnicity_in_a_broken_label(card) or _ethnicity_on_gender_row(card, claimed - gender)
        if group is not None:
            out["ethnicity"] = group
    return cross_check(out) if "id_number" in out else out


def _ethnicity_on_gender_row(card: CardText, claimed: set[int]) -> Found | None:
    """An ethnic group alone on a line of the gender's row, its label 民族 lost (a stamp or the copier
    took it): the front prints 性别 男 民族 蒙古 on one row, and nothing else there is a group's name."""
    rows = [card.frame[i] for i, text in enumerate(card.texts) if re.search("[性男女]", text)]
    for i, text in enumerate(card.texts):
        if i in claimed or text.removesuffix("族") not in ethnicities():
            continue
        box = card.frame[i]
        if any(v_overlap(box, row) >= 0.5 for row in rows if row != box):
            return Found(text.removesuffix("族"), 0.7 * card.lines[i].confidence, card.lines[i].box, None)
    return None


def _ethnicity_in_a_broken_label(card: CardText) -> Found | None:
    """民族 满 read as one line with a character of the label lost (民满, 族满): the ethnic group
    that ends it is the value (the label did not match, so it was never looked after)."""
    for i, text in enumerate(card.texts):
        m = _BROKEN_ETHNICITY_LABEL.fullmatch(text)
        if m is not None and m.group(1) in ethnicities():
            line = card.lines[i]
            return Found(m.group(1), 0.8 * line.confidence, line.box, None)
    return None


def _issuing_place(card: CardText, claimed: set[int]) -> Found | None:
    """A social-security card's issuing city where no label names it: cards print the city (or its
    bureau) alone on a line by the title. A line that is a division name and little else; a
    bank's name beside it (the card's co-operating bank) names no place."""
    for i, text in enumerate(card.texts):
        place = _ISSUING_OFFICE.sub("", text) or text
        if i in claimed or len(re.findall(r"[\u4e00-\u9fff]", place)) < 3:
            continue
        hit = refdata.match_region(place)
        if hit is not None and hit[1] >= CITY_MATCH and len(place) <= len(hit[0].name) + 1:
            return Found(hit[0].name, card.lines[i].confidence * hit[1], card.lines[i].box, None)
    return None


def _loose_validity(card: CardText, claimed: set[int]) -> dict[str, Found]:
    """A validity range whose label OCR lost (有效期限 read as "1"): the one line that is a range of
    dates, or a date and 长期 (a birth date is one date alone)."""
    for i, text in enumerate(card.texts):
        dates = find_dates(text)
        if i in claimed or not dates:
            continue
        if len(dates) >= 2 or any(w in text[dates[0][2] :] for w in INDEFINITE):
            line = card.lines[i]
            return _validity(_Value(text, 0.9 * line.confidence, line.box, (i,)))
    return {}


def _loose_id(card: CardText) -> Found | None:
    """An ID number printed on the card whose label OCR lost: the one 18-character number that checks."""
    for i, text in enumerate(card.texts):
        got = _id_number(text)
        if got is not None and got[1] == 1.0:
            return Found(got[0], 0.9 * card.lines[i].confidence, card.lines[i].box, None)
    return None


def cross_check(fields: dict[str, Found]) -> dict[str, Found]:
    """Birth date and gender agree with the ID number, which a valid check digit proves: missing
    ones are filled from it, disagreeing ones yield to it (marked less sure); an ID the check
    digit rejects is trusted less when the printed birth date disagrees with it too."""
    out = dict(fields)
    ident = out["id_number"]
    info = id_info(str(ident.value))
    if not isinstance(info, IdInfo):
        return out
    implied = {"birth_date": info.birth_date.isoformat(), "gender": info.gender}
    for key, value in implied.items():
        read = out.get(key)
        if read is None:
            out[key] = Found(value, 0.85 * ident.confidence, ident.box, None)
        elif read.value != value:
            out[key] = Found(value, 0.7 * ident.confidence, read.box, None)
    return out
