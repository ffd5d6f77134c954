"""Values written in running text: "兹证明张三（身份证号：…）居住在…", as certificates and letters are.

The page's lines are joined in reading order and searched with patterns keyed on
the words that introduce a value; each hit maps back to the lines it came from for
its box and OCR confidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extract.fields.form import Found
from extract.fields.institutions import institution_words, looks_like_institution
from extract.fields.labels import label_table
from extract.fields.vocabulary import alternation, vocabulary
from extract.labelmatch import AGENT
from extract.layout import reading_order, sub_box, union
from extract.normalize import (
    clean_name,
    date_certainty,
    find_dates,
    find_id_numbers,
    id_with_unreadable,
    to_halfwidth,
)
from kernel.reading import PageReading, PixelBox, SealFound, TextLine

# The phrases of letters (vocabulary.yaml "letters"); the patterns' grammar stays here.
_WORDS = vocabulary().letters
_SIGNING_INTRO = alternation(_WORDS.signing_intros)  # the signature line: the name there is handwritten
_NAME_INTRO = re.compile(
    r"(?:(" + alternation(_WORDS.name_intros) + r""
    # 本人 with its 人 lost by OCR, kept only where the ID number follows the name
    r"|本(?=[\u4e00-\u9fff·]{2,5}[,，]?(?:身份证|公民身份)))"
    # a signature label's own words: 申请人（签名）：, 承诺人签字：
    r"[(（]?(?:签字|签名|签章)?[)）]?[:：\s]*"
    r"(?:(?:我|本|该)(?:单位|公司|社区|辖区|村|院)的?)?(?:职工|员工|居民|村民|同志|人员)?"
    # an employer's or a committee's letter: 我公司员工张三, 本社区居民李四, 辖区居民王五, 暂住人口赵六
    r"|(?:我|本|该)(?:单位|公司|社区|辖区|村|院|校|厂|局|中心)的?(?:职工|员工|居民|村民|同志|人员|学生|干部)"
    r"|(?:辖区|社区|村)(?:居民|村民)|(?:暂住|流动|常住)人口)"
)
_NAME_AFTER = re.compile(
    r"[\u4e00-\u9fff·]{2,5}?(?=[,，。(（、\s:：]|" + alternation(_WORDS.name_followers) + r"|$)"
)
_ADDRESS = re.compile(
    r"(?:" + alternation(_WORDS.address_intros) + r")"
    r"([^，,。;；)）\n]{4,60}?)(?=[，,。;；)）\n]|(?:实际)?居住|已|自(?=[0-9一二〇○]|从)|$"
    r"|(?<=[0-9号室])(?:" + alternation(_WORDS.address_enders) + r"))"
)
_ISSUER = re.compile(r"([\u4e00-\u9fff]{2,30}(?:" + institution_words("issuer") + r"))")
_HOSPITAL = r"([\u4e00-\u9fff]{2,30}?(?:" + institution_words("letter_hospital") + r"))"
_REFERRING = re.compile(r"(?:" + alternation(_WORDS.referring_intros) + r")[:：]?" + _HOSPITAL)
_TARGET = re.compile(r"(?:" + alternation(_WORDS.target_intros) + r")[:：]?" + _HOSPITAL)
_REASON = re.compile(r"(?:" + alternation(_WORDS.reason_intros) + r")([^，,。;；]{2,40})")
# a sentence opening with a reason's own words, up to where the letter moves on (，现居住在…)
_REASON_SENTENCE = re.compile(
    r"(?:^|[。;；])\s*((?:" + alternation(_WORDS.reason_openers) + r")[^。;；]{2,40}?)"
    r"(?=[，,]\s*(?:" + alternation(_WORDS.reason_closers) + r")|[。;；]|$)"
)
_NOT_A_NAME = re.compile(f"({alternation(_WORDS.not_a_name)})")
_NOT_AN_ISSUER = re.compile(f"({alternation(_WORDS.not_an_issuer)})")
_SEAL_NOISE = re.compile(f"({alternation(_WORDS.seal_noise)})$")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# an agent's word and a number's label right before an ID number: the agent's (经办人身份证号 1407…)
_AGENT_BEFORE = re.compile(f"({alternation(label_table()[AGENT])})[^，,。；;0-9]{{0,8}}[:：]?$")
AGENT_REACH = 12
_ISSUER_PREFIX = re.compile(f"^({alternation(_WORDS.issuer_prefixes)})[:：]?")


@dataclass(frozen=True)
class Joined:
    """A page's text in reading order, with each character's line."""

    text: str
    owner: list[int]  # line index per character (-1 for the joins)
    offset: list[int]  # character index within that line


# Variant forms of the characters the patterns key on (茲 is printed for 兹 in some fonts), one for one.
_VARIANTS = str.maketrans("茲", "兹")


def join_page(reading: PageReading) -> Joined:
    """The page's lines in reading order, one character per character (offsets stay valid)."""
    text: list[str] = []
    owner: list[int] = []
    offset: list[int] = []
    for i in reading_order(reading.lines):
        for k, ch in enumerate(to_halfwidth(reading.lines[i].text).translate(_VARIANTS)):
            text.append(ch)
            owner.append(i)
            offset.append(k)
        text.append("\n")
        owner.append(-1)
        offset.append(0)
    return Joined("".join(text), owner, offset)


def span_found(
    reading: PageReading, joined: Joined, value: object, start: int, end: int, factor: float = 1.0
) -> Found:
    """A Found whose box and confidence come from the lines a text span covers."""
    boxes: list[PixelBox] = []
    confs: list[float] = []
    by_line: dict[int, list[int]] = {}
    for pos in range(start, end):
        li = joined.owner[pos]
        if li >= 0:
            by_line.setdefault(li, []).append(joined.offset[pos])
    for li, offs in by_line.items():
        line = reading.lines[li]
        boxes.append(sub_box(line, min(offs), max(offs) + 1))
        confs.append(line.confidence)
    box = union(boxes) if boxes else (0.0, 0.0, 0.0, 0.0)
    return Found(value, (min(confs) if confs else 0.5) * factor, box, None)


_OPEN_END = re.compile(r"(?:为|是|在|于|[:：])\s*$")


def _flat(joined: Joined, lines: Sequence[TextLine] = ()) -> tuple[str, list[int]]:
    """Text without line breaks (values wrap across lines), with positions back into the joined text.

    With the page's ``lines``, a break after a line that stops short of the text's
    right margin is kept: that line ends its paragraph, and no value runs on past it,
    unless the line ends on words that want their value (…现居住地址为 / 住址：), which a
    printer moved to the next line whole.
    """
    margin = max((ln.box[2] for ln in lines if len(ln.text) >= 12), default=None)
    keep: list[int] = []
    for i, ch in enumerate(joined.text):
        if ch == "\n":
            prev = joined.owner[i - 1] if i > 0 else -1
            if margin is None or prev < 0:
                continue
            line = lines[prev]
            if line.box[2] >= margin - 2 * (line.box[3] - line.box[1]) or _OPEN_END.search(line.text):
                continue
        keep.append(i)
    return "".join(joined.text[i] for i in keep), keep


def find_name(reading: PageReading, joined: Joined) -> Found | None:
    """The person a letter is about: the short name right after 兹证明/我叫/本人/申请人/姓名 ….

    The first introduced name in reading order wins: the typed body ("我叫张三，…")
    comes before the signature line, whose handwritten name OCR reads less well
    and which is trusted less when it is all there is.
    """
    flat, pos = _flat(joined)
    for intro in _NAME_INTRO.finditer(flat):
        m = _NAME_AFTER.match(flat, intro.end())
        if m is None:
            continue
        # a one-character name read short by OCR runs on into its 同志: not a name
        name = clean_name(re.sub(r"(同志|先生|女士)$", "", m.group(0)))
        if name and not _NOT_A_NAME.search(name):
            factor = 0.75 if intro.group(1) and re.fullmatch(_SIGNING_INTRO, intro.group(1)) else 0.9
            found = span_found(reading, joined, name, pos[m.start()], pos[m.end() - 1] + 1, factor)
            signed = _signed_name(flat[m.end() :], name)
            return (
                found if signed is None else replace(found, value=signed, confidence=0.75 * found.confidence)
            )
    return None


_SIGNATURE_LABEL = re.compile(r"(?:" + alternation(_WORDS.signature_labels) + r")[:：]\s*")


def _signed_name(rest: str, name: str) -> str | None:
    """The name signed under the letter where it holds the typed ``name`` with one character more
    (刘文波 signed, 刘波 typed): OCR drops a character of a line far more often than it adds one,
    and a letter names one person. A signed name that differs otherwise is left to the checks."""
    for label in _SIGNATURE_LABEL.finditer(rest):
        m = _NAME_AFTER.match(rest, label.end())
        signed = clean_name(m.group(0)) if m else None
        if signed and len(signed) == len(name) + 1 and signed[0] == name[0] and _within(name, signed):
            return signed
    return None


def _within(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with characters left out (in order)."""
    chars = iter(long)
    return all(c in chars for c in short)


def find_id(reading: PageReading, joined: Joined) -> Found | None:
    """The first ID number in the text that is no agent's (经办人身份证号 …, 代办人证件号码 …); else
    one with a single unreadable character the check decides."""
    flat, pos = _flat(joined)
    for number, ok in find_id_numbers(flat):
        k = flat.find(number[:10])
        if k >= 0 and _AGENT_BEFORE.search(flat[max(0, k - AGENT_REACH) : k]):
            continue  # the number an agent's label introduces: never the insured person's
        s = pos[k] if k >= 0 else 0
        return span_found(reading, joined, number, s, min(len(joined.text), s + 18), 1.0 if ok else 0.5)
    recovered = id_with_unreadable(flat)
    if recovered is not None:
        k = flat.find(recovered[:6])
        s = pos[k] if k >= 0 else 0
        return span_found(reading, joined, recovered, s, min(len(joined.text), s + 18), 0.6)
    return None


def find_address(reading: PageReading, joined: Joined) -> Found | None:
    """The address after 居住在/现住/住址为 …, to the end of its clause or paragraph."""
    flat, pos = _flat(joined, reading.lines)
    m = _ADDRESS.search(flat)
    if m is None:
        return None
    return span_found(reading, joined, m.group(1).strip(), pos[m.start(1)], pos[m.end(1) - 1] + 1, 0.9)


def find_issuer(reading: PageReading, joined: Joined, seals: Sequence[SealFound]) -> Found | None:
    """The issuing body: the last organisation printed on the page (the signature line), else the
    line the issuer signs with above its date, else the seal's ring text, which OCR reads less
    reliably than printed lines."""
    hits = list(_ISSUER.finditer(joined.text))  # line by line: an organisation name does not wrap
    if hits:
        m = hits[-1]
        value = _ISSUER_PREFIX.sub("", m.group(1))
        found = span_found(reading, joined, value, m.start(1), m.end(1), 0.88)
        if _CJK_CHAR.match(joined.text, m.end(1)):
            # the line goes on past the name's ending: the ink of the seal pressed on it garbled the
            # real ending (…社区居员会), and that seal's ring, read apart, holds more of the name
            return _fuller_ring(found, seals) or _fuller_letterhead(found, reading) or found
        return found
    signing = _signing_line(reading)
    if signing is not None:
        return signing
    return next((ring for ring in map(_ring_issuer, seals) if ring is not None), None)


def _fuller_ring(found: Found, seals: Sequence[SealFound]) -> Found | None:
    """The ring text of a seal pressed on ``found``'s line that starts like it and reads longer."""
    value = str(found.value)
    for ring in map(_ring_issuer, seals):
        if (
            ring is not None
            and _overlaps(ring.box, found.box)
            and len(str(ring.value)) > len(value)
            and str(ring.value)[:2] == value[:2]
        ):
            return ring
    return None


def _fuller_letterhead(found: Found, reading: PageReading) -> Found | None:
    """The body's name in the letterhead, where the name it signs with was garbled (二七区和平社区民委员会
    read over the seal): a line in the page's top fifth that is an issuing body's whole name, starts
    like ``found`` and reads longer. A letter is signed by the body whose paper it is printed on."""
    value = str(found.value)
    zone = LETTERHEAD_ZONE * max(1, reading.height)
    for line in sorted(reading.lines, key=lambda ln: ln.box[1]):
        text = _bare(line.text)
        if line.box[3] > zone:
            break
        if _ISSUER.fullmatch(text) and len(text) > len(value) and text[:2] == value[:2]:
            return Found(text, 0.85 * line.confidence, line.box, None)
    return None


def _overlaps(a: PixelBox, b: PixelBox) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _ring_issuer(seal: SealFound) -> Found | None:
    """A seal's ring text as the issuer's name (its trailing 专用章-style words taken off)."""
    text = _SEAL_NOISE.sub("", re.sub(r"\s", "", seal.text))
    return Found(text, 0.8 * seal.confidence, seal.box, None) if len(text) >= 4 else None


def _signing_line(reading: PageReading) -> Found | None:
    """The line right above a letter's last date, where the issuer signs (落款): a name of four or
    more characters without digits or sentence punctuation. Weaker than a recognised organisation."""
    lines = reading.lines
    dated = [i for i in reading_order(lines) if find_dates(lines[i].text)]
    if not dated:
        return None
    date_line = lines[dated[-1]]
    h = date_line.box[3] - date_line.box[1]
    above = [
        ln
        for ln in lines
        if 0 <= date_line.box[1] - ln.box[3] < 2.5 * h
        and min(ln.box[2], date_line.box[2]) > max(ln.box[0], date_line.box[0])
    ]
    if not above:
        return None
    ln = max(above, key=lambda t: t.box[3])
    text = _bare(ln.text)
    if not re.fullmatch(r"[\u4e00-\u9fff()（）]{4,30}", text) or _NOT_AN_ISSUER.search(text):
        return None
    return Found(text, 0.7 * ln.confidence, ln.box, None)


def find_last_date(reading: PageReading, joined: Joined) -> Found | None:
    """The page's last date in reading order: a letter is dated under its signature."""
    dates = find_dates(joined.text)
    if not dates:
        return None
    iso, s, e = dates[-1]
    return span_found(reading, joined, iso, s, e, 0.85 * date_certainty(joined.text[s:e]))


def find_pattern(reading: PageReading, joined: Joined, pattern: re.Pattern[str]) -> Found | None:
    flat, pos = _flat(joined)
    m = pattern.search(flat)
    if m is None:
        return None
    return span_found(reading, joined, m.group(1).strip(), pos[m.start(1)], pos[m.end(1) - 1] + 1, 0.8)


def find_page_issuer(reading: PageReading, joined: Joined) -> Found | None:
    """The issuing body, its seals' ring text the last resort (``find_issuer``)."""
    return find_issuer(reading, joined, reading.seals)


def find_referring(reading: PageReading, joined: Joined) -> Found | None:
    """The hospital after 转出医院/我院/本院/经 …, else the hospital the certificate is issued by:
    its letterhead (a hospital's name alone on a line at the top of the page, above the title), else
    the name it signs with (alone on a line below every labelled row: the 落款 over the date)."""
    return (
        find_pattern(reading, joined, _REFERRING)
        or _hospital_alone(reading, top=True)
        or _hospital_alone(reading, top=False)
    )


LETTERHEAD_ZONE = 0.2  # a letterhead stands in this top share of the page


def _hospital_alone(reading: PageReading, top: bool) -> Found | None:
    """A line that is nothing but a hospital's name: the topmost in the page's top fifth (``top``,
    a letterhead), or the lowest below every row with a label's colon (the name signed under the
    body; a target hospital in its own cell beside 转往医院： stands in a labelled row, above it)."""
    named = [
        ln
        for ln in reading.lines
        if _HOSPITAL_ALONE.fullmatch(text := _bare(ln.text)) and looks_like_institution(text, "hospital")
    ]
    if top:
        zone = LETTERHEAD_ZONE * max(1, reading.height)
        named = [ln for ln in named if ln.box[3] <= zone]
        pick = min(named, key=lambda ln: ln.box[1], default=None)
    else:
        labelled = [ln.box[3] for ln in reading.lines if re.search(r"[:：]", ln.text)]
        floor = max(labelled, default=float(reading.height))
        named = [ln for ln in named if ln.box[1] >= floor]
        pick = max(named, key=lambda ln: ln.box[3], default=None)
    if pick is None:
        return None
    return Found(_bare(pick.text), (0.8 if top else 0.7) * pick.confidence, pick.box, None)


_HOSPITAL_ALONE = re.compile(r"[\u4e00-\u9fff（）()]{4,30}")


def _bare(text: str) -> str:
    """A line's text as names are matched: halfwidth, no blanks."""
    return re.sub(r"\s", "", to_halfwidth(text))


def find_target(reading: PageReading, joined: Joined) -> Found | None:
    """The hospital after 转往/转至/转入 …."""
    return find_pattern(reading, joined, _TARGET)


def find_reason(reading: PageReading, joined: Joined) -> Found | None:
    """The clause after 因/由于/原因：…, else a sentence that opens with a reason's own words
    (a letter's 退休异地安置，长期居住在深圳市，现居住在… states it without an intro word)."""
    return find_pattern(reading, joined, _REASON) or find_pattern(reading, joined, _REASON_SENTENCE)
