"""Raw value text → a typed ``FieldValue`` with an honest confidence.

Confidence multiplies what we know: the OCR confidence of the lines read, how well
the label matched, and whether the normaliser accepted the text (a region or
hospital also brings its directory match score). A value the normaliser rejects
is kept only as a low-confidence raw string, never silently "fixed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from extract.fields.institutions import institution_words, looks_like_institution
from extract.fields.script import to_simplified
from extract.fields.vocabulary import alternation, printed_choice, vocabulary
from extract.normalize import (
    clean_name,
    clean_text,
    date_certainty,
    find_dates,
    id_with_unreadable,
    parse_date_lost_separator,
    parse_gender,
    parse_id_number,
    parse_insurance_type,
    parse_phone,
    to_halfwidth,
)
from kernel import refdata
from kernel.idnumber import repair_one_swap
from kernel.reading import PageReading, PixelBox
from kernel.refdata.counties import snap_city, snap_county, snap_province
from kernel.schema import FieldValue


def fractions(box: PixelBox, reading: PageReading) -> list[float]:
    """Pixel box → ``[x0, y0, x1, y1]`` fractions of the upright page, clipped to 0..1."""
    w, h = max(1, reading.width), max(1, reading.height)
    vals = [box[0] / w, box[1] / h, box[2] / w, box[3] / h]
    return [round(min(1.0, max(0.0, v)), 4) for v in vals]


def make_field(
    value: object, confidence: float, reading: PageReading, box: PixelBox | None, threshold: float
) -> FieldValue:
    """A FieldValue on one page; low_confidence set from the threshold."""
    conf = round(min(1.0, max(0.0, confidence)), 3)
    return FieldValue(
        value=value,
        confidence=conf,
        page=reading.page,
        bbox=fractions(box, reading) if box is not None else None,
        low_confidence=conf < threshold,
        source="text_layer" if reading.from_text_layer else "ocr",
    )


def checked_id(number: str, ok: bool, repaired_confidence: float) -> tuple[str, float]:
    """A parsed ID number with its confidence: 1.0 when its check digit holds, ``repaired_confidence``
    when one OCR swap makes it hold (the caller knows how much its source is worth), 0.5 as read."""
    if ok:
        return number, 1.0
    repaired = repair_one_swap(number)
    return (repaired, repaired_confidence) if repaired else (number, 0.5)


_RUN_TOGETHER = re.compile(f"({institution_words('run_together')})" + r"(?=[\u4e00-\u9fff]{4,})")


def split_hospitals(text: str) -> list[str]:
    """A hospitals cell → names: split at 、，,;；: , at numbering (1. 2、 ① "1 " before a name) and at
    institution codes, which sub-tables print beside each name (H43010067752)."""
    t = to_halfwidth(text)
    t = re.sub(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{8,14}(?![0-9])", "\n", t)
    t = re.sub(r"(?:^|(?<=[^\d]))[(（]?[1-9][)）.、:：](?!\d)", "\n", t)
    t = re.sub(r"(?:^|(?<=\s))[1-9]\s+(?=[\u4e00-\u9fff])", "\n", t)
    t = re.sub(r"[①②③④⑤]", "\n", t)
    t = _RUN_TOGETHER.sub("\\1\n", t)  # names run together across lines
    # a colon between two names is a 、 OCR misread (a label's own colon was cut with the label)
    parts = re.split(r"[、,;；:：\n]|\s{2,}", t)
    return [p.strip(" .:：") for p in parts if len(p.strip(" .:：")) >= 3]


def hospitals_value(texts: Sequence[str], region_code: str | None) -> tuple[list[str], float] | None:
    """Names matched to the directory (preferring the destination region), with the weakest score."""
    names: list[str] = []
    scores: list[float] = []
    for text in texts:
        for part in split_hospitals(text):
            hit = refdata.match_hospital(part, region_code)
            if hit is None and not looks_like_institution(part, "hospital"):
                continue  # not a hospital name: instructions, a label, noise
            name, score = (hit[0], hit[1]) if hit else (clean_text(part), 0.7)
            if name and name not in names:
                names.append(name)
                scores.append(score)
    if not names:
        return None
    return names, min(scores)


# A clause of the letter run on after an address read from running text ("住址：…38号，已连续居住4年，"):
# cut at the punctuation when what follows is a sentence, not more of the address.
_SENTENCE_AFTER_ADDRESS = re.compile(
    r"[,，。;；].*?(" + alternation(vocabulary().letters.sentence_after_address) + r").*$"
)


@cache
def _region_forms() -> dict[int, list[tuple[str, str]]]:
    """Every region's written forms (province and city, city alone, short forms) by length."""
    out: dict[int, list[tuple[str, str]]] = {}
    for r in refdata.regions().values():
        city, prov = refdata.short_name(r.city), refdata.short_name(r.province)
        for form in {r.name, r.city, city, prov + city, prov + r.city, r.province + city}:
            out.setdefault(len(form), []).append((form, r.name))
    return out


def region_misread(raw: str) -> tuple[str, int] | None:
    """The one region a place name is a few misread characters away from, and how many.

    Edit similarity rejects a four-character name with one character wrong (哈尔汉市 →
    黑龙江省哈尔滨市) or a six-character one with two (黑老江哈尔汉), yet no other region is
    spelled that close: one wrong character in three at most, names of three characters
    or more, and only when exactly one region is that close.
    """
    text = "".join(re.findall(r"[\u4e00-\u9fff]", raw))
    if len(text) < 3:
        return None
    by_distance: dict[int, set[str]] = {}
    for form, name in _region_forms().get(len(text), []):
        wrong = sum(a != b for a, b in zip(form, text, strict=True))
        if 1 <= wrong <= len(text) // 3:
            by_distance.setdefault(wrong, set()).add(name)
    if not by_distance:
        return None
    wrong = min(by_distance)
    near = by_distance[wrong]
    return (near.pop(), wrong) if len(near) == 1 else None


_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,8}?[省市县]")


def _other_place(read: str, known: str) -> bool:
    """A directory match named after another city than the one printed (运城市… ≠ 上海市…).

    Hospital names such as 第一人民医院 repeat in every city, so a fuzzy match
    can swap the place; the printed place wins and the reading is kept as read.
    """
    a, b = _PLACE_PREFIX.match(read), _PLACE_PREFIX.match(known)
    return a is not None and b is not None and a.group(0) != b.group(0)


Normalised = tuple[object, float] | None  # (typed value, normaliser factor 0..1), None when unusable


def normalise(key: str, raw: str, region_code: str | None = None) -> Normalised:
    """(typed value, normaliser factor 0..1) for one key's raw text; None when nothing usable.

    The key's normaliser is its ``FieldSpec.normalise`` (``extract.fields.registry``); a key
    the registry does not know is read as plain text.
    """
    from extract.fields.registry import spec_for  # the registry names this module's normalisers

    raw = to_simplified(raw.strip())
    if not raw:
        return None
    return spec_for(key).normalise(key, raw, region_code)


# The normalisers: each takes the key, its raw text (stripped, not empty) and the destination
# region's code (for the hospital directory).


def name_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """A person's name; a few Chinese characters with other marks among them, less sure."""
    name = clean_name(raw)
    if name:
        return name, 1.0
    cjk = "".join(re.findall(r"[\u4e00-\u9fff·]", raw))
    return (cjk, 0.5) if 2 <= len(cjk) <= 6 else None


def gender_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """``male`` or ``female``."""
    g = parse_gender(raw)
    return (g, 1.0) if g else None


def id_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """An ID number (check digit held, or repaired by one OCR swap); a social-security number may
    also be a card number of its own (letters and digits)."""
    found = parse_id_number(raw)
    if found is None and key == "id_number":
        recovered = id_with_unreadable(raw)
        if recovered is not None:
            return recovered, 0.6  # one character decided by the check digit
    if found is None:
        if key == "social_security_number":
            code = re.sub(r"[^0-9A-Za-z]", "", to_halfwidth(raw)).upper()
            if re.fullmatch(r"[A-Z]{0,2}\d{8,12}", code):
                return code, 0.95  # a card number of its own (letter + digits)
            return (code, 0.7) if len(code) >= 6 else None
        return None
    return checked_id(*found, repaired_confidence=0.6)


_ELEVEN_DIGITS = re.compile(r"[^\d]{0,4}?(1\d{10})")


def phone_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """A mobile number or a landline with its area code; else eleven digits from 1 as written, a
    mobile number that is no real one (11565148601), for the phone rule to flag, not to lose."""
    p = parse_phone(raw)
    if p:
        return p, 1.0
    written = _ELEVEN_DIGITS.fullmatch(to_halfwidth(raw).strip())
    return (written.group(1), 0.8) if written else None


def region_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """A region's full name from the division list; a name a few characters misread, less sure."""
    hit = refdata.match_region(raw)
    if hit:
        return hit[0].name, hit[1]
    near = region_misread(raw)
    return (near[0], 0.8 - 0.1 * near[1]) if near else None


def insurance_type_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """``employee`` or ``resident``."""
    t = parse_insurance_type(raw)
    return (t, 1.0) if t else None


def date_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """An ISO date; one whose separator was lost, less sure."""
    dates = find_dates(raw)
    if dates:
        iso, start, end = dates[0]
        return iso, date_certainty(raw[start:end])
    # a separator lost (2026-69, 202511.22): readable one way only, but less sure
    d = parse_date_lost_separator(raw)
    return (d, 0.75) if d else None


def hospitals_list_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """The names in a hospitals cell, matched to the directory."""
    return hospitals_value([raw], region_code)


def hospital_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """One institution's name (a referral's): the directory's where it knows it, else as read."""
    name = clean_text(raw)
    if not looks_like_institution(name, "hospital_char"):
        return None  # no institution's name (a heading's 审批表 beside a misread label)
    known = refdata.match_hospital(name, region_code)
    if known and not _other_place(name, str(known[0])):
        return known
    return (name, 0.85) if looks_like_institution(name, "hospital_sure") else (name, 0.6)


# a cell's rule or a pen stroke read as "1" between a division's name and the next one's
# (北京市1门头沟区); a 1 before 号/楼/室… is a house number (朝阳区1号楼) and stays
_RULE_AS_ONE = re.compile(r"(?<=[省市区县])[1lI|丨](?=[\u4e00-\u9fff])(?![号栋楼幢层室单元弄巷街路道])")


def address_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """An address, a letter's clause run on after it cut off, a misread district and a province's
    dropped first character put right (both from the division list, both flagged less sure)."""
    text = _RULE_AS_ONE.sub("", _SENTENCE_AFTER_ADDRESS.sub("", clean_text(raw)))
    province = snap_province(text) or snap_city(text)
    if province is not None:
        text = province  # the district is then checked on the address put right
    snapped = snap_county(text)
    if snapped is not None:
        return snapped, 0.9  # one character of the district put right from the division list
    if province is not None:
        return text, 0.9  # the province's or the city's lost character put back from the division list
    # a short text naming no place is no address: a name signed beside the label (陈娜), a scrap
    return (text, 1.0) if len(text) >= 6 or (len(text) >= 2 and _PLACE_CHAR.search(text)) else None


# what an address holds somewhere, however short (北京市, 朝阳区, 3号楼); none a given name often holds
_PLACE_CHAR = re.compile(r"[省市区县镇乡村路街巷弄号楼栋幢室]|胡同|单元")


# a house number (116号, 204室, 21号楼, 3栋) or a street with a number after it
_HOUSE = re.compile(r"\d+\s*[号室栋楼幢弄]|[路街巷道].*\d")


def street_address(text: str) -> bool:
    """Whether an address reaches street level (a house number), not just a city or district."""
    return _HOUSE.search(text) is not None


def employer_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """An employer's name as text; never a printed choice found where the cell is empty (the
    category row under it: ■异地安置退休人员)."""
    return None if printed_choice(raw) else text_value(key, raw, region_code)


def text_value(key: str, raw: str, region_code: str | None) -> Normalised:
    """Free text, cleaned (two characters at least)."""
    text = clean_text(raw)
    return (text, 1.0) if len(text) >= 2 else None
