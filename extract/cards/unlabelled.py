"""An ID card's front whose printed labels the copy lost, read by what its values are.

A resident ID card prints its labels (姓名 性别 民族 出生 住址 公民身份号码) in a pale
blue that a bilevel or faded photocopy drops, while the values, printed black, survive.
Such a card is still told by its values agreeing with each other: an ID number whose
check digit holds, and the birth date that number encodes printed as a date on the card.
Its fields are then read by their order on the card: the name on the first row, gender
and ethnicity on the next, the birth date, the address lines down to the number.
"""

from __future__ import annotations

import re

from extract.cards.locate import CardRegion, in_card_frame
from extract.cards.template import compact, ethnicities, not_card_words
from extract.clusters import bounds
from extract.fields.form import Found
from extract.fields.values import checked_id
from extract.normalize import clean_name, clean_text, find_dates, parse_id_number
from kernel.idnumber import IdInfo
from kernel.idnumber import parse_id_number as id_info
from kernel.reading import PixelBox, TextLine

MAX_ROWS = 14  # a card's front holds a dozen lines at most (a register's page, a form: many more)
CONFIDENCE = 0.8  # a value placed by its order, not by its label: the reviewer checks it
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _ordered(region: CardRegion) -> list[tuple[PixelBox, TextLine]]:
    """The card's lines with their boxes in the card's frame, top to bottom."""
    placed = [(in_card_frame(ln, region), ln) for ln in region.lines if ln.text.strip()]
    return sorted(placed, key=lambda p: ((p[0][1] + p[0][3]) / 2, p[0][0]))


def read_unlabelled_front(region: CardRegion) -> dict[str, Found] | None:
    """The front's fields when the region is an ID card's front by its values, else None."""
    whole = "".join(compact(ln.text) for ln in region.lines)
    if any(word in whole for word in not_card_words()):
        return None  # a household register's page prints a number and a birth date too
    rows = _ordered(region)
    if len(rows) > MAX_ROWS:
        return None
    ident: tuple[int, str, float, IdInfo] | None = None
    for i, (_, line) in enumerate(rows):
        found = parse_id_number(compact(line.text))
        if found is None:
            continue
        value, conf = checked_id(*found, repaired_confidence=0.75)
        info = id_info(value)
        if conf == 1.0 and isinstance(info, IdInfo):
            ident = (i, value, line.confidence, info)
            break
    if ident is None:
        return None
    at, number, number_conf, info = ident
    birth = info.birth_date.isoformat()
    born = next(
        (i for i, (_, ln) in enumerate(rows[:at]) if any(d[0] == birth for d in find_dates(ln.text))), None
    )
    if born is None:
        return None  # no printed birth date agrees with the number: not a card's front
    out: dict[str, Found] = {
        "id_number": Found(number, number_conf, rows[at][1].box, None),
        "birth_date": Found(birth, CONFIDENCE, rows[born][1].box, None),
        "gender": Found(info.gender, CONFIDENCE, rows[at][1].box, None),
    }
    above = [ln for _, ln in rows[:born]]
    for line in above:
        text = "".join(_CJK.findall(line.text))
        group = next((e for e in ethnicities() if text.endswith(e) and len(text) - len(e) <= 1), None)
        if group is not None and "ethnicity" not in out:
            out["ethnicity"] = Found(group, CONFIDENCE * line.confidence, line.box, None)
            continue
        name = clean_name(line.text)
        if name and 2 <= len(name) <= 5 and "name" not in out and text not in ("男", "女"):
            out["name"] = Found(name, CONFIDENCE * line.confidence, line.box, None)
    address = [ln for _, ln in rows[born + 1 : at] if len(_CJK.findall(ln.text)) >= 2]
    if address:
        text = clean_text("".join(ln.text for ln in address))
        if len(text) >= 4:
            confidence = CONFIDENCE * min(ln.confidence for ln in address)
            out["address"] = Found(text, confidence, bounds(address), None)
    return out
