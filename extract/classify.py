"""Which kind of document a page is, from its title and its telling words.

Each type has weighted keywords; a keyword in the title zone (the top of the page,
or a line printed larger than the body) counts three times. Matching tolerates one
OCR-wrong character in keywords of four or more characters. A page with no strong
signal is ``unknown`` with low confidence; ``is_title_page`` tells the splitter
whether a page starts a new document or continues the previous one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from extract.cards import page_card_types
from extract.fields.labels import label_table
from extract.fields.lexicon import correct_words
from extract.fields.registry import keys_where
from extract.fields.vocabulary import vocabulary
from extract.normalize import to_halfwidth
from kernel.domain import DocType
from kernel.reading import PageReading, TextLine

# (keyword, weight) per type, a negative weight arguing against it; and how a heading that names its
# type ends ("关于办理异地就医备案的申请", "居住情况证明表"), checked in order: both in vocabulary.yaml.
KEYWORDS: dict[DocType, tuple[tuple[str, float], ...]] = {
    doc_type: words.keywords for doc_type, words in vocabulary().doc_types.items()
}
TITLE_ENDINGS: tuple[tuple[DocType, str], ...] = vocabulary().title_endings
ENDING_WEIGHT = 5.0
FOREIGN_TITLE_WEIGHT = 10.0  # taken from every type when the heading ends like a leaflet or an invoice
TITLE_WEIGHT = 3.0
HEADING_SIZE = 1.2  # a heading line is at least this much taller than the body's median line
PARAGRAPH_WIDTH = 0.5  # a body line this share of the page wide is a paragraph's, below any heading
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Field labels only a declaration form prints (FieldSpec.form_only): a form whose title was lost is
# still a form.
FORM_ONLY_KEYS = tuple(sorted(keys_where("form_only")))
FORM_LABEL_WEIGHT = 1.0
CARD_WEIGHT = 12.0  # a sheet of card copies whose faces extract.cards recognises
MIN_SCORE = 4.0  # below this a page has no recognisable identity


def _joined(lines: Sequence[TextLine]) -> str:
    """Lines as one string to look for keywords in: half-width, no spaces, look-alike misreadings of
    the domain's words corrected (a worn "关于办理异地就医备案的中请" still ends in 申请)."""
    return correct_words(to_halfwidth("".join(ln.text for ln in lines)).replace(" ", ""))


def _hits(text: str, word: str) -> int:
    """Occurrences of a keyword; one wrong inner character allowed for long keywords."""
    n = text.count(word)
    if n or len(word) < 4:
        return n
    pattern = "|".join(re.escape(word[:i]) + "." + re.escape(word[i + 1 :]) for i in range(1, len(word) - 1))
    return len(re.findall(pattern, text))


def form_labels(text: str) -> int:
    """How many declaration-only field labels (any wording in labels.yaml) a page's text holds."""
    table = label_table()
    return sum(any(len(s) >= 3 and s in text for s in table.get(key, ())) for key in FORM_ONLY_KEYS)


def title_lines(reading: PageReading) -> list[TextLine]:
    """The heading: centred lines in the top quarter set clearly larger than the body, or, where
    none is, the centred lines the page opens with (a letterhead and the title under it).

    Only the heading, not the top of the page: the first lines of a letter sit in
    the top fifth too, and their words ("…所限转诊") must not count as its title.
    A heading is set centred; handwriting in a form's first rows is often larger
    than the print, but sits in the value columns. A page that opens with neither
    (a card's copy placed anywhere on the sheet) is headed by its large centred lines.
    """
    lines = [ln for ln in reading.lines if len(_CJK.findall(ln.text)) >= 2]
    if not lines:
        return []
    width = max(1, reading.width)

    def centred(ln: TextLine) -> bool:
        return abs(ln.cx / width - 0.5) < 0.08 and len(_CJK.findall(ln.text)) <= 24

    body = median(ln.height for ln in lines)
    top = min(ln.box[1] for ln in lines)
    # a heading stands above the text it heads: a large line under a paragraph's first line (a
    # signature 申请人：赵斌辉 written large below a short letter) is no heading
    paragraph = [
        ln.box[1]
        for ln in lines
        if ln.box[2] - ln.box[0] >= PARAGRAPH_WIDTH * width and ln.height < HEADING_SIZE * body
    ]
    zone = min([top + 0.25 * max(1, reading.height), *paragraph])
    big = [ln for ln in lines if ln.box[1] <= zone and ln.height >= HEADING_SIZE * body and centred(ln)]
    if big:
        return big
    heading: list[TextLine] = []
    for ln in sorted(lines, key=lambda t: t.box[1]):
        if not centred(ln) or (heading and ln.box[1] - heading[-1].box[3] > 1.5 * heading[-1].height):
            break
        heading.append(ln)
        if len(heading) == 3:
            break
    if heading:
        return heading
    # a card copied anywhere on the sheet (back above front): its largest centred words
    return [ln for ln in lines if ln.height >= HEADING_SIZE * body and centred(ln)]


def _heading_words(line: TextLine) -> str:
    """A heading line's Chinese characters, look-alike misreadings corrected: how its ending is read."""
    return correct_words(re.sub(r"[^\u4e00-\u9fff]", "", to_halfwidth(line.text)))


def _naming_line(reading: PageReading) -> tuple[DocType, TextLine] | None:
    """The heading line that names the document's type by its ending, with that type."""
    for line in title_lines(reading):
        text = _heading_words(line)
        for doc_type, ending in TITLE_ENDINGS:
            if re.search(ending + "$", text):
                return doc_type, line
    return None


def _first_line(reading: PageReading) -> list[TextLine]:
    """The page's topmost line of words: a leaflet's heading may stand flush left, where
    ``title_lines`` (centred lines only) does not look."""
    lines = [ln for ln in reading.lines if len(_CJK.findall(ln.text)) >= 2]
    return [min(lines, key=lambda ln: ln.box[1])] if lines else []


def _foreign_heading(heading: Sequence[TextLine]) -> bool:
    """Whether a heading line ends like a paper that is no filing document (a leaflet's 温馨提示, an
    invoice): its text speaks of 异地就医 and 备案 as a form does, but it is none."""
    endings = vocabulary().foreign_title_endings
    for line in heading:
        text = _heading_words(line)
        if any(text.endswith(ending) for ending in endings):
            return True
    return False


def title_type(reading: PageReading) -> DocType | None:
    """The type a heading names by its ending, if any."""
    naming = _naming_line(reading)
    return naming[0] if naming else None


def scores(reading: PageReading) -> dict[DocType, float]:
    """Weighted keyword score per type (title zone counted three times).

    A heading that names its type by its ending lends its words to that type only:
    the 审批表 of "异地转诊转院审批表" is a referral's, not a form's title word.
    """
    whole = _joined(reading.lines)
    heading = title_lines(reading)
    naming = _naming_line(reading)
    named = naming[0] if naming else None
    out: dict[DocType, float] = {}
    for doc_type, words in KEYWORDS.items():
        own = [ln for ln in heading if naming is None or doc_type == named or ln is not naming[1]]
        title = _joined(own)
        total = 0.0
        for word, weight in words:
            in_title = _hits(title, word)
            rest = _hits(whole, word) - in_title
            total += weight * (TITLE_WEIGHT * min(in_title, 1) + 0.5 * min(max(rest, 0), 3))
        out[doc_type] = total
    if named is not None:
        out[named] += ENDING_WEIGHT
    elif _foreign_heading([*heading, *_first_line(reading)]):
        out = {doc_type: score - FOREIGN_TITLE_WEIGHT for doc_type, score in out.items()}
    out[DocType.DECLARATION_FORM] += FORM_LABEL_WEIGHT * form_labels(whole)
    # "居住证" also counts inside every "居住证明": remove that overlap
    proof = _hits(whole, "居住证明")
    out[DocType.RESIDENCE_PERMIT] -= 2.5 * 0.5 * min(proof, 3)
    for card_type in page_card_types(reading):
        out[card_type] += CARD_WEIGHT
    return out


def classify_page(reading: PageReading) -> tuple[DocType, float]:
    """The page's document type and a confidence 0..1 (``unknown`` when nothing is convincing)."""
    ranked = sorted(scores(reading).items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_SCORE:
        return DocType.UNKNOWN, round(0.3 * max(0.0, top) / MIN_SCORE, 3)
    margin = (top - max(second, 0.0)) / top
    confidence = min(0.99, 0.55 + 0.45 * margin) * min(1.0, top / (2 * MIN_SCORE) + 0.5)
    return best, round(min(0.99, confidence), 3)


def type_guesses(reading: PageReading, n: int = 3) -> list[dict[str, float | str]]:
    """The ``n`` types a page scores best for, with a confidence 0..1, best first: offered to the
    reviewer who decides what a page classified ``unknown`` is (the triage lane). Only types
    with some evidence are named; a confidence of 0.5 is a score of ``2 * MIN_SCORE``."""
    ranked = sorted(scores(reading).items(), key=lambda kv: kv[1], reverse=True)
    return [
        {"doc_type": doc_type.value, "confidence": round(min(0.99, top / (2 * MIN_SCORE) * 0.5), 3)}
        for doc_type, top in ranked[:n]
        if top > 0
    ]


def has_title(reading: PageReading, doc_type: DocType) -> bool:
    """Whether the page's heading names the type (its strongest words, or its ending): a first page."""
    if title_type(reading) == doc_type:
        return True
    title = _joined(title_lines(reading))
    return any(weight >= 2.5 and _hits(title, word) for word, weight in KEYWORDS.get(doc_type, ()))


def is_continuation(reading: PageReading, previous: DocType | None) -> bool:
    """A page continues the previous document unless it names its own type in a heading or reads as
    another type clearly (by ``MIN_SCORE`` more than as the previous one): page 2 of a form often
    scores a little for a letter (its commitment text), a certificate scanned after a form a lot."""
    if previous is None:
        return False
    doc_type, _ = classify_page(reading)
    if doc_type == DocType.UNKNOWN:
        # a blank back side or a foreign paper (an invoice filed behind the form) is a page of its
        # own; any other page of no type is the previous document's next page
        return not blank(reading) and not foreign(reading)
    if has_title(reading, doc_type):
        return False
    if doc_type == previous:
        return True
    page_scores = scores(reading)
    return page_scores[doc_type] < page_scores.get(previous, 0.0) + MIN_SCORE


BLANK_CHARS = 4  # a page with fewer characters read than this (a back side, a scan of nothing) is blank
FOREIGN_MIN = 2  # words of a paper that is no filing document (vocabulary.yaml foreign_words)


def blank(reading: PageReading) -> bool:
    """Whether nothing was read on the page (scraps of noise aside)."""
    return sum(len(ln.text.strip()) for ln in reading.lines if ln.confidence >= 0.5) < BLANK_CHARS


def foreign(reading: PageReading) -> bool:
    """Whether the page prints the words of a paper that is no filing document (an invoice, a bank
    slip, a leaflet)."""
    whole = _joined(reading.lines)
    return sum(1 for word in vocabulary().foreign_words if word in whole) >= FOREIGN_MIN


def classify_pages(readings: Sequence[PageReading]) -> list[tuple[DocType, float]]:
    """Per-page types, in order (each page judged alone)."""
    return [classify_page(r) for r in readings]
