"""Pure value normalisers: raw OCR strings → the typed values of ``kernel.domain``.

OCR of Chinese forms returns fullwidth digits, stray blanks, ``O`` for ``0`` and
dates in half a dozen styles. Every extractor funnels its raw text through these
functions so a value means the same thing whichever form or engine it came from.
Each returns ``None`` when the text does not hold a real value: callers then
report the field as absent or low-confidence instead of guessing.
"""

from __future__ import annotations

import re
from datetime import date

from kernel.idnumber import OCR_CONFUSIONS, check_holds

_FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20

# Letters OCR reads where the printed character must be a digit: the ID numbers' table, for every
# digit string (phones, dates, codes) alike.
DIGIT_CONFUSIONS = OCR_CONFUSIONS
_DIGITISH = "0-9" + re.escape("".join(DIGIT_CONFUSIONS))


_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "o": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_DIGIT_CLASS = "〇零○Oo0一二两三四五六七八九"


def to_halfwidth(text: str) -> str:
    """Fullwidth ASCII (Ｘ１２：) and the ideographic space → their plain forms."""
    return text.translate(_FULL_TO_HALF)


def _digits_only(text: str) -> str:
    """Map the digit-shaped letters to digits, then keep digits only."""
    return "".join(DIGIT_CONFUSIONS.get(ch, ch) for ch in text if ch.isdigit() or ch in DIGIT_CONFUSIONS)


def _real_date(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _cn_number(text: str) -> int | None:
    """Chinese numerals for a month or day: 五, 十, 十二, 二十, 三十一, or digit-by-digit 〇五."""
    if not text:
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, -1) if head else 1
        units = _CN_DIGITS.get(tail, -1) if tail else 0
        if tens < 0 or units < 0:
            return None
        return tens * 10 + units
    value = 0
    for ch in text:
        if ch not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[ch]
    return value


_D = f"[{_DIGITISH}]"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2026年3月5日 / 2026 年 03 月 05 日 (日 optional: OCR often drops it); 2025年-3月16日: a month's
    # leading 0 read as a stroke, which 年 and 月 around it keep from being a minus or a range
    re.compile(rf"({_D}{{4}})\s*年\s*[-.·、]?\s*({_D}{{1,2}})\s*月\s*[-.·、]?\s*({_D}{{1,2}})\s*[日号]?"),
    # 2026-03-05, 2026.3.5, 2026/03/05, 2026-3-5, 2026。9.2 (a dot read as the full stop), 2026.09:19
    # (a dot read as a colon: one of the two only, a time's colons are no date's)
    re.compile(
        rf"(?!{_D}{{4}}\s*[:：]\s*{_D}{{1,2}}\s*[:：])"
        rf"({_D}{{4}})\s*[-./、,，·•。:：]\s*({_D}{{1,2}})\s*[-./、,，·•。:：]\s*({_D}{{1,2}})"
    ),
    # 20260305 (exactly eight digits, not inside a longer number)
    re.compile(rf"(?<![0-9])({_D}{{4}})({_D}{{2}})({_D}{{2}})(?![0-9])"),
    # 026年7月29日: the century digit lost at a seal's edge or a torn margin; 年 keeps it a date
    re.compile(rf"(?<![0-9])(0{_D}{{2}})\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*[日号]?"),
    # 226年5月22日: the year's 0 lost under a seal's ring (not 20X年: that one lost its last digit)
    re.compile(rf"(?<![0-9])2([1-9][0-9])\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*[日号]?"),
)
# 2026-715, 2026.1231, 2026年527: the separator between month and day lost (and 月 日 with it);
# read only where one split is a date.
# A line of nothing but a recent year and two or three digits (202689) lost both: a date line, read alike.
_MONTH_DAY_RUN = re.compile(
    rf"(?<![0-9])({_D}{{4}})\s*[-./年]\s*({_D}{{3,4}})(?![0-9号室栋楼层])|(?m:^\s*(20[1-3]\d)(\d{{2,3}})\s*$)"
)
# 二二六年四月二十八日: the small 〇 of a year 二〇XY lost (the commonest character OCR drops in such dates).
_CN_DATE_ZERO_LOST = re.compile(
    r"(?<![〇零○Oo0一二两三四五六七八九])二([一二两三四五六七八九〇零○Oo0]{2})\s*年\s*"
    rf"([{_CN_DIGIT_CLASS}十]{{1,3}})\s*月\s*([{_CN_DIGIT_CLASS}十]{{1,3}})\s*[日号]?"
)
# Digits a seal's ink or a smudge turns a month's leading 0 into (09 → 69).
_ZERO_LOOKALIKES = "689"
_CN_DATE = re.compile(
    rf"([{_CN_DIGIT_CLASS}]{{4}})\s*年\s*([{_CN_DIGIT_CLASS}十]{{1,3}})\s*月"
    rf"\s*([{_CN_DIGIT_CLASS}十]{{1,3}})\s*[日号]?"
)


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every real date in a text as ``(iso, start, end)``, in reading order, overlaps removed."""
    text = to_halfwidth(text)
    hits: list[tuple[str, int, int]] = []

    def taken(m: re.Match[str]) -> bool:  # overlaps a date already found (earlier patterns win)
        return any(m.start() < e and s < m.end() for _, s, e in hits)

    for pattern in (*_DATE_PATTERNS, _CN_DATE):
        for m in pattern.finditer(text):
            if taken(m):
                continue
            if pattern is _CN_DATE:
                year = _cn_number(m.group(1))
                month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
                iso = _real_date(year, month, day) if None not in (year, month, day) else None  # type: ignore[arg-type]
                if iso is None and year is not None and day is not None:
                    iso = _cn_month_repaired(year, m.group(2), day)
            else:
                raw = "".join(m.groups())
                if pattern is not _DATE_PATTERNS[0] and sum(ch.isdigit() for ch in raw) < len(raw) - 2:
                    continue  # mostly letters: a word, not a misread date
                parts = [int(_digits_only(g)) for g in m.groups()]
                if pattern in _DATE_PATTERNS[3:]:
                    parts[0] += 2000
                iso = _real_date(*parts)
                if iso is None and pattern in _DATE_PATTERNS[:2]:  # separated: the month is known
                    iso = _month_repaired(m.group(2), parts)
            if iso is not None:
                hits.append((iso, m.start(), m.end()))
    for m in _CN_DATE_ZERO_LOST.finditer(text):
        if taken(m):
            continue
        year, month, day = _cn_number(m.group(1)), _cn_number(m.group(2)), _cn_number(m.group(3))
        if year is None or month is None or day is None:
            continue
        iso = _real_date(2000 + year, month, day)
        if iso is not None:
            hits.append((iso, m.start(), m.end()))
    for m in _MONTH_DAY_RUN.finditer(text):
        if taken(m):
            continue
        head, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if not m.group(1) and len(rest) == 2 and 1 <= int(rest) <= 12:
            continue  # 202611 may be a year and its month (2026.11): no guess
        iso = _split_month_day(int(_digits_only(head)), _digits_only(rest))
        if iso is not None:
            hits.append((iso, m.start(), m.end()))
    return sorted(hits, key=lambda h: h[1])


def _split_month_day(year: int, digits: str, at: int | None = None) -> str | None:
    """Month and day run together ("715", "1231"), or parted ``at`` a surviving separator: the
    date when exactly one split into a month and a day of one or two digits each is real
    (1231 is 12-31, never 1-231)."""
    found = {
        iso
        for k in ((at,) if at is not None else (1, 2))
        if 0 < k <= 2
        and 0 < len(digits) - k <= 2
        and (iso := _real_date(year, int(digits[:k]), int(digits[k:]))) is not None
    }
    return found.pop() if len(found) == 1 else None


def date_certainty(span: str) -> float:
    """How sure a date read from its matched text (``find_dates``' span) is: less where the month
    and day ran together and were split by the only reading that makes a date, or where a
    year's 0 was lost."""
    t = to_halfwidth(span)
    guessed = (_MONTH_DAY_RUN, _CN_DATE_ZERO_LOST, _DATE_PATTERNS[4])
    return 0.8 if any(p.fullmatch(t) for p in guessed) or _cn_repaired(t) else 1.0


def _cn_repaired(span: str) -> bool:
    """Whether a Chinese-numeral date span reads as a real date only with its month repaired."""
    m = _CN_DATE.fullmatch(span)
    if m is None:
        return False
    parts = [_cn_number(g) for g in m.groups()]
    return None in parts or _real_date(*parts) is None  # type: ignore[arg-type]


def _month_repaired(month: str, parts: list[int]) -> str | None:
    """A date whose two-digit month is impossible only because its 0 was misread (69 → 09)."""
    digits = _digits_only(month)
    if len(digits) != 2 or digits[0] not in _ZERO_LOOKALIKES:
        return None
    return _real_date(parts[0], int(digits[1]), parts[2])


# Chinese numerals OCR takes for each other: a stroke more or less (二月三十一日 for 三月三十一日)
_CN_STROKES = {"二": "三", "三": "二"}


def _cn_month_repaired(year: int, month: str, day: int) -> str | None:
    """A Chinese-numeral date impossible only because its month lost or gained a stroke: the one
    real date that changing one 二/三 of the month makes (二月三十一日 → 03-31), else None."""
    found = {
        iso
        for k, ch in enumerate(month)
        if ch in _CN_STROKES
        and (m := _cn_number(month[:k] + _CN_STROKES[ch] + month[k + 1 :])) is not None
        and (iso := _real_date(year, m, day)) is not None
    }
    return found.pop() if len(found) == 1 else None


def parse_date(text: str) -> str | None:
    """The first real date in a value string, as ISO ``YYYY-MM-DD``; None when there is none."""
    hits = find_dates(text)
    return hits[0][0] if hits else None


_SEPARATORS = "-./·、"
_LOST_SEPARATOR = re.compile(rf"(?<![0-9])(?:19|20)[0-9]{{2}}[{re.escape(_SEPARATORS)}0-9]{{2,5}}(?![0-9])")


def parse_date_lost_separator(text: str) -> str | None:
    """A date OCR lost a separator of, when its digits split into a month and a day one way only.

    2026-69 → 2026-06-09, 202511.22 → 2025-11-22, 2026826 → 2026-08-26; 2026111 (1-11 or
    11-1) stays unread, and so does a year and month (2026.11, 202611). Callers trust it less
    than a date read whole.
    """
    for m in _LOST_SEPARATOR.finditer(to_halfwidth(text)):
        year, rest = int(m.group(0)[:4]), m.group(0)[4:]
        inner = [k for k, ch in enumerate(rest) if ch in _SEPARATORS]
        digits = "".join(ch for ch in rest if ch.isdigit())
        if len(inner) > 1 or (inner and inner[0] == len(rest) - 1):
            continue
        if inner and inner[0] > 0:  # the separator between month and day survived
            iso = _split_month_day(year, digits, at=inner[0])
        elif len(digits) >= 3 or (inner and int(digits) > 12):  # not a year and month
            iso = _split_month_day(year, digits)
        else:
            continue
        if iso is not None:
            return iso
    return None


def parse_gender(text: str) -> str | None:
    """男 → male, 女 → female; None when neither or both appear."""
    t = text.strip()
    male, female = "男" in t, "女" in t
    if male == female:
        return None
    return "male" if male else "female"


def parse_insurance_type(text: str) -> str | None:
    """职工(基本医疗保险) → employee; 城乡居民/居民 → resident; a person's status written in
    (在职, 退休: employees at work or retired) → employee."""
    t = re.sub(r"\s", "", text)
    employee = "职工" in t or "在职" in t or "退休" in t
    resident = "居民" in t or "城乡" in t
    if employee == resident:
        return None
    return "employee" if employee else "resident"


def clean_id_number(text: str) -> str:
    """Blanks and separators out, fullwidth → halfwidth, x → X, digit-shaped letters → digits.

    The first 17 positions must be digits, so letter confusions are mapped back there;
    the last position keeps an ``X``. No digit is changed into another digit here (that is
    ``kernel.idnumber.repair_one_swap``, which callers report as a repair).
    """
    t = re.sub(r"[\s\-_.·,，:：]", "", to_halfwidth(text))
    t = t.replace("x", "X").replace("×", "X")
    chars = [DIGIT_CONFUSIONS.get(ch, ch) for ch in t[:17]] + list(t[17:])
    return "".join(chars)


_ID_CANDIDATE = re.compile(rf"[{_DIGITISH}Xx×]{{15,20}}")


def find_id_numbers(text: str) -> list[tuple[str, bool]]:
    """18-character ID candidates in a text as ``(number, check_digit_ok)``, valid ones first."""
    squeezed = re.sub(r"(?<=[0-9A-Za-z])[\s\-]+(?=[0-9A-Za-z])", "", to_halfwidth(text))
    out: list[tuple[str, bool]] = []
    for m in _ID_CANDIDATE.finditer(squeezed):
        raw = m.group(0)
        if sum(ch.isdigit() for ch in raw) < 14:
            continue
        number = clean_id_number(raw)
        if len(number) != 18 or not re.fullmatch(r"\d{17}[\dX]", number):
            continue
        out.append((number, check_holds(number)))
    return sorted(out, key=lambda c: not c[1])


# 18 characters with one OCR read as a stroke or a dot, not a digit ("52012319721015/81X": a 7 read
# as /); with 17 digits around it a dot is a lost digit, not a separator (that would leave 18).
_ID_ONE_UNREADABLE = re.compile(
    rf"(?<![0-9A-Za-z])([{_DIGITISH}]{{1,16}})[/\\?*#'`~^.,·-]([{_DIGITISH}]{{0,16}}[{_DIGITISH}Xx×])(?![0-9A-Za-z])"
)


def id_with_unreadable(text: str) -> str | None:
    """The ID number whose one unreadable character among the first 17 the check character decides.

    A single unknown digit is fixed by the weighted sum (every weight is prime to
    11), so at most one digit makes the check hold, and the birth date it spells
    must be real. None unless exactly one reading holds.
    """
    found: set[str] = set()
    for m in _ID_ONE_UNREADABLE.finditer(to_halfwidth(text)):
        head, tail = m.group(1), m.group(2)
        if len(head) + len(tail) != 17:
            continue
        for digit in "0123456789":
            n = clean_id_number(head + digit + tail)
            if check_holds(n) and _real_date(int(n[6:10]), int(n[10:12]), int(n[12:14])):
                found.add(n)
    return found.pop() if len(found) == 1 else None


def parse_id_number(text: str) -> tuple[str, bool] | None:
    """The best 18-character ID in a value string and whether its check digit holds."""
    found = find_id_numbers(text)
    return found[0] if found else None


def parse_phone(text: str) -> str | None:
    """A mobile (1[3-9] + 9 digits) or a landline with area code (0xx-xxxxxxx); None otherwise."""
    t = to_halfwidth(text)
    mobile = re.search(rf"(?<!\d)1[\s]*[3-9](?:[\s-]*{_D}){{9}}(?!\d)", t)
    if mobile:
        return _digits_only(mobile.group(0))
    land = re.search(r"(?<!\d)(0\d{2,3})[\s\-—－)）]*(\d{7,8})(?!\d)", t)
    # else the local number split by a space where a handwritten digit wrapped or drifted
    land = land or re.search(r"(?<!\d)(0\d{2,3})[\s\-—－)）]*(\d(?: ?\d){6,7})(?! ?\d)", t)
    if land:
        return f"{land.group(1)}-{land.group(2).replace(' ', '')}"
    return None


_NAME_LABELS = re.compile(r"^(姓名|名字|申请人|本人|参保人|户主)[:：\s]*")


def clean_name(text: str) -> str | None:
    """A person's name without labels, blanks or punctuation; None unless 2–5 Chinese characters.

    Names of ethnic minorities may carry a middle dot (阿依古丽·买买提), kept as ``·``.
    """
    t = _NAME_LABELS.sub("", to_halfwidth(text).strip())
    t = re.sub(r"[\s:：,，.。;；、()（）\[\]【】\"'“”]", "", t).replace("•", "·")
    han = r"[\u4e00-\u9fff]"
    if re.fullmatch(han + "{2,5}", t) or re.fullmatch(han + "{1,8}·" + han + "{1,8}", t):
        return t
    return None


def clean_text(text: str) -> str:
    """A free-text value: halfwidth, leading colons/labels' punctuation and blanks removed."""
    t = to_halfwidth(text).strip()
    t = re.sub(r"^[:：;；,，、.\s]+", "", t)
    t = re.sub(r"\s+", "", t) if re.search(r"[\u4e00-\u9fff]", t) else t
    return t.strip()
