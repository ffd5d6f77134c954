"""Field extraction per document type: ``extract_fields(doc_type, readings, settings)``.

Labelled values (forms, cards) are read beside their labels; values stated in
running text (certificates, letters) by patterns; ticks, signatures and stamps
from the image and the seals. A multi-page document keeps, per key, the most
confident reading over its pages. A key with no readable value is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extract import cards  # the module, not its names: extract.cards reads with extract.fields' parts
from extract.fields.form import Found, PageContext, page_context, read_key
from extract.fields.labels import table_for
from extract.fields.lexicon import correct_words
from extract.fields.paragraph import join_page
from extract.fields.registry import spec_for
from extract.fields.script import to_simplified
from extract.fields.values import make_field, normalise
from extract.layout import contains_point
from kernel import refdata
from kernel.domain import DOC_FIELDS, DocType
from kernel.idnumber import DIGIT_SWAPS, IdInfo, check_holds
from kernel.idnumber import parse_id_number as id_info
from kernel.reading import PageReading
from kernel.schema import FieldValue
from kernel.settings import Settings

__all__ = ["extract_fields", "page_contexts"]

_LABEL_ONLY_EXTRA = ("validity", "date", "signature", "period")


def _page_fields(
    doc_type: DocType, keys: Sequence[str], ctx: PageContext, region_code: str | None
) -> dict[str, Found]:
    """Every wanted key readable on one page: each key's finders (``FieldSpec.find``), then the
    running text for what they left out."""
    out: dict[str, Found] = {}
    for key in keys:
        found = spec_for(key).find(ctx, region_code)
        if found is not None:
            out[key] = found
    on_form = doc_type == DocType.DECLARATION_FORM
    # a form's sentences are its printed instructions: only keys that say so are read from them there
    paragraph_keys = [k for k in keys if spec_for(k).paragraph_on_form] if on_form else keys
    # a label's words inside a letter's sentence ("现居住地址为…") are no label: its value runs on
    # across line ends, which the sentence patterns follow; the label's reading is the fallback
    in_text: dict[str, Found] = {}
    if not on_form:
        in_text = {k: out.pop(k) for k in list(out) if k in paragraph_keys and _in_sentence(out[k], ctx)}
    missing = [k for k in keys if k not in out and k in paragraph_keys]
    if missing:
        claimed = {f.value for f in out.values() if f.anchor is not None and isinstance(f.value, str)}
        for key, found in _paragraph_fields(missing, ctx.reading).items():
            # a form's number in no labelled place, not the value another label claimed (a card
            # number that is an ID number too is no reading of an unreadable ID field)
            if on_form and found.value in claimed:
                continue
            # the organisation a sheet of card copies prints last may be a social-security card's bank
            if doc_type in cards.CARD_TYPES and key == "issuer" and not cards.may_issue(str(found.value)):
                continue
            out[key] = _directory(key, found, region_code)
    return {**in_text, **out}


def _corrected(key: str, value: object) -> object:
    """Text written simplified (``script``: also what running text gave, which no normaliser saw),
    and free text in the domain's words with look-alike misreadings corrected (``FieldSpec.lexicon``)."""
    if isinstance(value, list):
        return [to_simplified(v) if isinstance(v, str) else v for v in value]
    if not isinstance(value, str):
        return value
    value = to_simplified(value)
    return correct_words(value) if spec_for(key).lexicon else value


def _paragraph_fields(keys: Sequence[str], reading: PageReading) -> dict[str, Found]:
    """Whatever of the wanted keys the running text of a page states (``FieldSpec.paragraph``)."""
    joined = join_page(reading)
    out: dict[str, Found] = {}
    for key in keys:
        finder = spec_for(key).paragraph
        found = finder(reading, joined) if finder is not None else None
        if found is not None:
            out[key] = found
    return out


def _in_sentence(found: Found, ctx: PageContext) -> bool:
    """Whether a value's label stands inside running text: a punctuation mark before it and more of
    the line after it, or a character before it and after it more of the line that is not a colon
    (a misread label alone in its cell is still one)."""
    anchor = found.anchor
    if anchor is None or anchor.start == 0:
        return False
    text = ctx.lines[anchor.line].text
    before, after = text[anchor.start - 1], text[anchor.end : anchor.end + 1]
    if re.match(r"[，,。；;]", before):
        # "…居住，住址：辽宁省…": a label after a comma is the sentence's, colon or not
        return after != ""
    return bool(re.match(r"[\u4e00-\u9fff]", before)) and after not in ("", ":", "：")


def _directory(key: str, found: Found, region_code: str | None) -> Found:
    """Hospital names read from running text, matched to the directory like labelled ones, and
    addresses put right against the division list like labelled ones."""
    spec = spec_for(key)
    if not (spec.directory or spec.divisions):
        return found
    norm = normalise(key, str(found.value), region_code)
    if norm is None:
        return found
    value, factor = norm
    return Found(value, min(1.0, found.confidence / 0.8) * factor, found.box, found.anchor)


def page_contexts(doc_type: DocType, readings: Sequence[PageReading]) -> list[PageContext]:
    """Each page's labels and cells for the document type's fields (empty for a type without any):
    built once a page, for the fields and for the stamps' roles."""
    keys = DOC_FIELDS.get(doc_type, ())
    if not keys:
        return []
    table = table_for([*keys, *_LABEL_ONLY_EXTRA])
    return [page_context(reading, table) for reading in readings]


TWIN_REPAIRED = 0.6  # confidence of an ID number taken from the same document's other reading of it


def _id_from_its_twin(best: dict[str, tuple[Found, PageReading]]) -> None:
    """An ID number whose check fails, where the same document prints it again as its
    social-security number (医保卡号 = 身份证号 on most forms) and that reading holds, one or two
    digits apart and each a digit OCR mistakes for the other (3 read 8): the twin's digits, flagged."""
    if "id_number" not in best or "social_security_number" not in best:
        return
    found, reading = best["id_number"]
    number, twin = str(found.value).upper(), str(best["social_security_number"][0].value).upper()
    if len(number) != 18 or check_holds(number) or not check_holds(twin):
        return
    apart = [(a, b) for a, b in zip(number, twin, strict=True) if a != b]
    if 0 < len(apart) <= 2 and all(
        b in DIGIT_SWAPS.get(a, "") or a in DIGIT_SWAPS.get(b, "") for a, b in apart
    ):
        best["id_number"] = (
            replace(found, value=twin, confidence=min(found.confidence, TWIN_REPAIRED)),
            reading,
        )


_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")


def _id_from_a_garbled_twin(
    best: dict[str, tuple[Found, PageReading]], readings: Sequence[PageReading]
) -> None:
    """No ID number read, where the document prints it twice: an 18-character reading with a
    letter in it (44060510m712061812) that is the social-security number's reading (whose check
    holds) but for one or two characters is that number misread: the twin's, flagged. Sixteen
    of eighteen places alike is no other person's number."""
    if "social_security_number" not in best:
        return
    held, held_on = best["social_security_number"]
    twin = str(held.value).upper()
    if len(twin) != 18 or not check_holds(twin):
        return
    held_x, held_y = (held.box[0] + held.box[2]) / 2, (held.box[1] + held.box[3]) / 2
    for reading in readings:
        for line in reading.lines:
            if reading is held_on and contains_point(line.box, held_x, held_y):
                continue  # the social-security number's own reading (put right already), not an ID's
            for m in _ID_LIKE.finditer(line.text.replace(" ", "")):
                token = m.group(0).upper()
                apart = sum(a != b for a, b in zip(token, twin, strict=True))
                if 0 < apart <= 2 and re.search(r"[A-WYZ]", token[:17]):
                    best["id_number"] = (Found(twin, TWIN_REPAIRED, line.box, None), reading)
                    return


CUT_SHORT = (1, 2)  # characters a number written past its cell's edge may lose off its end


def _number_cut_short(best: dict[str, tuple[Found, PageReading]]) -> None:
    """A social-security number read one or two characters short, its end written past the cell's
    ruling and lost there (4101041960031804 for 41010419600318041X), where the same document's ID
    number, whose check holds, begins with it: the ID number, flagged (医保卡号 = 身份证号 on most
    forms; sixteen or seventeen leading characters alike are no other person's number)."""
    if "id_number" not in best or "social_security_number" not in best:
        return
    number = str(best["id_number"][0].value).upper()
    found, reading = best["social_security_number"]
    short = str(found.value).upper()
    if len(number) != 18 or not check_holds(number) or 18 - len(short) not in CUT_SHORT:
        return
    if number.startswith(short):
        best["social_security_number"] = (
            replace(found, value=number, confidence=min(found.confidence, TWIN_REPAIRED)),
            reading,
        )


GENDER_FROM_ID = 0.6  # confidence of a gender no mark gave, taken from the ID number (the reviewer checks it)


def _gender_from_the_id(best: dict[str, tuple[Found, PageReading]]) -> None:
    """No gender read (a handwritten 女 read as 4, a tick the scan lost), where the document's ID
    number holds its check: the gender that number encodes, flagged. A gender that was read stays
    as read, so a form whose gender disagrees with its ID is still caught by the checks."""
    if "id_number" not in best:
        return
    ident, reading = best["id_number"]
    info = id_info(str(ident.value))  # an IdInfo only where the check digit holds
    if isinstance(info, IdInfo):
        best["gender"] = (Found(info.gender, GENDER_FROM_ID, ident.box, None), reading)


def extract_fields(
    doc_type: DocType,
    readings: Sequence[PageReading],
    settings: Settings,
    contexts: Sequence[PageContext] | None = None,
) -> dict[str, FieldValue]:
    """Canonical fields of one document (its pages in order), each with value, confidence, page, bbox.

    ``contexts`` are the pages' ``page_contexts`` when the caller has them already.
    """
    keys = DOC_FIELDS.get(doc_type, ())
    if not keys or not readings:
        return {}
    if contexts is None:
        contexts = page_contexts(doc_type, readings)
    best: dict[str, tuple[Found, PageReading]] = {}
    region_code: str | None = None
    for reading, ctx in zip(readings, contexts, strict=True):
        if region_code is None and "destination_region" in keys:
            dest = read_key("destination_region", ctx)
            hit = refdata.match_region(str(dest.value)) if dest is not None else None
            region_code = hit[0].code if hit else None
        for key, found in _page_fields(doc_type, keys, ctx, region_code).items():
            held = best.get(key)
            if held is None or spec_for(key).replaces(found, held[0]):
                best[key] = (found, reading)
    for key, carded in cards.card_fields(doc_type, readings, keys).items():  # card copies
        if cards.card_wins(doc_type, carded[0], best[key][0] if key in best else None):
            best[key] = carded
    if "id_number" in keys and "id_number" not in best:
        _id_from_a_garbled_twin(best, readings)
    _id_from_its_twin(best)
    _number_cut_short(best)
    if "gender" in keys and "gender" not in best:
        _gender_from_the_id(best)
    return {
        key: make_field(
            _corrected(key, found.value),
            found.confidence,
            reading,
            found.box if found.box[2] > found.box[0] else None,
            settings.low_confidence,
        )
        for key, (found, reading) in best.items()
    }
