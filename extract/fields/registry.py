"""The field registry: one ``FieldSpec`` per canonical key the extractor produces.

A spec says everything about reading one field: the finders that may produce it on a
page (beside its label, in digit boxes, from ticked boxes, from a period or the
signature's date, …), tried in order; the running-text finder of letters and
certificates; its normaliser; whether the first labelled occurrence on a page wins
(the insured person's block before an agent's), whether its value may wrap onto the
next line, how readings of several pages merge; and whether its label marks a
declaration form. Its printed label wordings are the key's entry in ``labels.yaml``
(``label_wordings``); card copies read it by ``extract/cards/cards.yaml``.

``extract_fields`` runs one loop over the specs where it once had a chain of
``if key == …``; the label reader (``form.read_key``), the normaliser
(``values.normalise``) and the classifier read the flags here. To add a field: one
``FieldSpec`` below, its wordings in ``labels.yaml`` (and ``vocabulary.yaml`` for
printed choices), its key in ``kernel/domain.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from extract.fields import dates, special, unlabelled
from extract.fields.boxed import boxed_id
from extract.fields.form import Found, PageContext, read_key
from extract.fields.labels import label_table
from extract.fields.marks import UNTICKED
from extract.fields.paragraph import (
    Joined,
    find_address,
    find_id,
    find_last_date,
    find_name,
    find_page_issuer,
    find_reason,
    find_referring,
    find_target,
)
from extract.fields.period import period
from extract.fields.values import (
    Normalised,
    address_value,
    date_value,
    employer_value,
    gender_value,
    hospital_value,
    hospitals_list_value,
    id_value,
    insurance_type_value,
    name_value,
    phone_value,
    region_value,
    street_address,
    text_value,
)
from extract.fields.vocabulary import choices
from kernel.domain import DOC_FIELDS
from kernel.reading import PageReading

# A page finder: (key, page, destination region code) → the value found there, or None.
Finder = Callable[[str, PageContext, str | None], Found | None]
# A running-text finder: (page, its text joined in reading order) → the value a sentence states.
ParagraphFinder = Callable[[PageReading, Joined], Found | None]
# A normaliser: (key, raw text stripped and not empty, destination region code) → value and factor.
Normaliser = Callable[[str, str, str | None], Normalised]


# --- page finders: thin adapters over the readers in form, special, dates, period, boxed --------------


def by_label(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The value beside (or under, or in the cell right of) one of the key's printed labels."""
    return read_key(key, ctx, region_code)


def in_digit_boxes(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """An ID number written one digit per printed box near its label."""
    return boxed_id(ctx)


def ticked_choice(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The ticked one of the key's printed choices (``vocabulary.yaml`` choices)."""
    return special.choice(key, ctx, choices(key))


def labelled_choice(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """A value written beside its label, else the ticked choice; a labelled value that lists every
    choice (boxes printed beside the label) is no value: the ticked box decides."""
    words = choices(key)
    found = read_key(key, ctx, region_code) or special.choice(key, ctx, words)
    if found is not None and found.anchor is not None and _lists_choices(found, ctx, words):
        found = special.choice(key, ctx, words)
    return found


def _lists_choices(found: Found, ctx: PageContext, words: Mapping[str, tuple[str, ...]]) -> bool:
    """A labelled value that lists every choice (check boxes printed beside the label), or that
    was read off printed boxes (□退休人员 口城乡居民: only the choices OCR could read)."""
    lines = ctx.lines
    rows = special.value_rows(found.anchor, ctx) if found.anchor is not None else set()
    text = "".join(lines[i].text for i in rows)
    if any(ch in UNTICKED for ch in text):
        return True
    return sum(any(_printed(w, text) for w in names) for names in words.values()) >= 2


def _printed(word: str, text: str) -> bool:
    """Whether a choice's wording stands in ``text``, also with one inner character OCR dropped
    (职工基本医疗保险 read 职基本医疗保险 beside 城乡居民基本医疗保险: both choices are printed)."""
    if word in text:
        return True
    return len(word) >= 6 and any(word[:i] + word[i + 1 :] in text for i in range(1, len(word) - 1))


def signed(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """Handwriting in the signing area right of a signature label."""
    return special.signature(key, ctx)


def stamped(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """A seal in the stamp box (or anywhere on the page, less sure)."""
    return special.agency_stamp(ctx)


def hospital_list(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """Every hospital name beside or under the hospitals label, matched to the directory."""
    return special.hospitals(ctx, region_code)


def validity_start(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The first date of a 有效期限 range."""
    pair = special.validity(ctx)
    return None if pair is None else pair[0]


def validity_end(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The second date of a 有效期限 range."""
    pair = special.validity(ctx)
    return None if pair is None else pair[1]


def period_start(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The 自-date of a period label's row (备案期限：自 … 至 …)."""
    return period(ctx)[0]


def period_end(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The 至-date of a period label's row."""
    return period(ctx)[1]


def unlabelled_issue_date(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The date at the issuer's seal, else the page's last date outside other labels' rows."""
    return dates.issue_date(ctx)


def at_place_label(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """A street address written after a place label (异地居住地：…路116号21号楼): some forms print
    a wording other forms use for the destination over the residence address's line. Only a
    value with a house number counts; a city there is the destination."""
    streets = [
        found
        for anchor in ctx.anchors_of("destination_region")
        if (found := read_key(key, ctx, region_code, anchors=[anchor])) is not None
        and street_address(str(found.value))
    ]
    return max(streets, key=lambda f: f.confidence, default=None)


def numbered_hospitals(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """Hospitals numbered one a line on a form where no hospitals label was read."""
    return unlabelled.numbered_hospitals(ctx, region_code)


def unlabelled_address(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The form's one street address alone on its line, where no label of the key was read."""
    return unlabelled.lone_street_address(ctx, key)


def unlabelled_phone(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The page's one mobile number alone on its line, where its label was lost."""
    return unlabelled.lone_mobile(ctx)


def date_by_signature(key: str, ctx: PageContext, region_code: str | None) -> Found | None:
    """The 日期 label's date nearest the signature label, else a date on the signature's row."""
    sig = ctx.anchors_of("applicant_signature") or ctx.anchors_of("signature")
    return special.nearest_date(ctx, sig[0] if sig else None)


# --- the spec ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """How one canonical field is read."""

    key: str
    normalise: Normaliser = text_value
    # page finders, tried in order: the first that finds a value gives it
    finders: tuple[Finder, ...] = (by_label,)
    # the value stated in a letter's running text ("兹证明张三（身份证号：…）居住在…")
    paragraph: ParagraphFinder | None = None
    # the running text is read for it on a declaration form too, where no label gave it (a form's
    # other keys are never read from its sentences: their printed instructions are no values)
    paragraph_on_form: bool = False
    # a value read from running text is matched to the hospital directory like a labelled one
    directory: bool = False
    # a value read from running text is put right against the division list like a labelled one
    # (an address's misread district, a province's dropped first character)
    divisions: bool = False
    # the first labelled occurrence on a page that gives a sure value wins (the insured person's
    # block comes before an agent's or a contact's under the same plain labels)
    first_wins: bool = False
    # free text that may wrap onto a second line where the form has no ruled cells
    wraps: bool = False
    # how a later page's reading replaces an earlier one: "surer" when clearly more confident,
    # "present" only when it finds what the earlier did not (a stamp, a signature)
    merge: Literal["surer", "present"] = "surer"
    # its label is printed only on a declaration form (a form whose title was lost is still a form)
    form_only: bool = False
    # a row led by its label may carry a proof's issue date (the signing and stamping lines)
    issuing_row: bool = False
    # card copies read it too (extract/cards/cards.yaml), their reading preferred on a card
    card: bool = False
    # free text in the domain's words: look-alike misreadings corrected (extract/fields/lexicon.py)
    lexicon: bool = False

    def find(self, ctx: PageContext, region_code: str | None) -> Found | None:
        """The key's value on one page: the first finder's that finds one."""
        for finder in self.finders:
            found = finder(self.key, ctx, region_code)
            if found is not None:
                return found
        return None

    def replaces(self, new: Found, old: Found) -> bool:
        """Whether a later page's reading replaces the one held."""
        if self.merge == "present":
            return bool(new.value) and not bool(old.value)
        return new.confidence > old.confidence + 0.05


_SPECS = (
    # the insured person
    FieldSpec("name", name_value, paragraph=find_name, first_wins=True, card=True),
    FieldSpec("gender", gender_value, (labelled_choice,), first_wins=True, card=True),
    FieldSpec(
        "id_number",
        id_value,
        (by_label, in_digit_boxes),
        paragraph=find_id,
        paragraph_on_form=True,
        first_wins=True,
        card=True,
    ),
    FieldSpec("social_security_number", id_value, first_wins=True, card=True),
    FieldSpec("phone", phone_value, (by_label, unlabelled_phone), first_wins=True),
    FieldSpec("ethnicity", finders=(), card=True),
    FieldSpec("birth_date", date_value, finders=(), card=True),
    # the filing (declaration form)
    FieldSpec("insured_region", region_value, form_only=True),
    FieldSpec("insurance_type", insurance_type_value, (labelled_choice,), form_only=True),
    FieldSpec("employer", employer_value, wraps=True, lexicon=True),
    FieldSpec("filing_category", finders=(ticked_choice,), form_only=True),
    FieldSpec("destination_region", region_value, form_only=True),
    FieldSpec(
        "residence_address",
        address_value,
        (by_label, at_place_label, unlabelled_address),
        wraps=True,
        form_only=True,
    ),
    FieldSpec("hospitals", hospitals_list_value, (hospital_list, numbered_hospitals), form_only=True),
    FieldSpec("start_date", date_value, (by_label, period_start), form_only=True),
    FieldSpec("end_date", date_value, (by_label, period_end), form_only=True),
    FieldSpec("reason", paragraph=find_reason, wraps=True, lexicon=True),
    FieldSpec("applicant_signature", finders=(signed,), merge="present", issuing_row=True),
    FieldSpec("signed_date", date_value, (by_label, date_by_signature)),
    FieldSpec("agency_stamp", finders=(stamped,), merge="present", form_only=True, issuing_row=True),
    # proofs: residence documents, referrals, letters, cards
    FieldSpec("address", address_value, paragraph=find_address, divisions=True, wraps=True, card=True),
    FieldSpec("issuer", paragraph=find_page_issuer, issuing_row=True, card=True, lexicon=True),
    FieldSpec("valid_from", date_value, (validity_start,), card=True),
    FieldSpec("valid_to", date_value, (validity_end,), card=True),
    FieldSpec("valid_indefinitely", finders=(), card=True),
    FieldSpec("issue_date", date_value, (by_label, unlabelled_issue_date), issuing_row=True),
    FieldSpec("referring_hospital", hospital_value, paragraph=find_referring, directory=True),
    FieldSpec("target_hospital", hospital_value, paragraph=find_target, directory=True),
    FieldSpec("card_number", finders=(), card=True),
    FieldSpec("signature", finders=(signed,), merge="present", issuing_row=True),
    FieldSpec("date", date_value, (date_by_signature,), paragraph=find_last_date, issuing_row=True),
)
REGISTRY: Mapping[str, FieldSpec] = {spec.key: spec for spec in _SPECS}
_PLAIN = FieldSpec("")  # a key outside the registry: read beside its label as plain text


def spec_for(key: str) -> FieldSpec:
    """The key's spec; a key the registry does not know (a label-only key) reads as plain text."""
    return REGISTRY.get(key, _PLAIN)


def extracted_keys() -> frozenset[str]:
    """Every canonical key some document type's fields include (``kernel.domain.DOC_FIELDS``)."""
    return frozenset(key for keys in DOC_FIELDS.values() for key in keys)


def keys_where(flag: str) -> frozenset[str]:
    """The keys whose spec sets a flag (``first_wins``, ``wraps``, ``form_only`` …)."""
    return frozenset(key for key, spec in REGISTRY.items() if getattr(spec, flag))


def label_wordings(key: str) -> tuple[str, ...]:
    """The printed wordings of a key's label (``labels.yaml``)."""
    return label_table().get(key, ())
