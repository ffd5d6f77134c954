"""Card copies on a sheet: ID cards (front and back), social-security cards, residence-permit cards.

``page_cards`` finds the cards on a page (``locate``) and names each face by its printed
titles and labels (``template``, over ``cards.yaml``); ``card_page_type`` tells the
classifier what a sheet of card copies is; ``card_fields`` reads a document's fields from
its cards (``read``). The front and back of one card copied on one sheet are one document:
an untitled front (the ID-card layout) belongs to the titled back beside it.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from extract.cards.locate import CardRegion, card_regions
from extract.cards.read import read_face
from extract.cards.template import Face, choose_face, face_named, not_issuer_words
from extract.cards.unlabelled import read_unlabelled_front
from extract.fields.form import Found
from kernel.domain import DOC_FIELDS, DocType
from kernel.reading import PageReading

__all__ = [
    "CARD_TYPES",
    "PageCard",
    "card_fields",
    "card_page_type",
    "card_wins",
    "may_issue",
    "more_card_types",
    "new_card",
    "other_side",
    "page_card_types",
    "page_cards",
]

CARD_TYPES = frozenset({DocType.ID_CARD, DocType.SOCIAL_SECURITY_CARD})
CARD_SHARE = 0.6  # the cards must hold this share of a page's characters for it to be a sheet of cards
_CACHE_SIZE = 32


@dataclass(frozen=True)
class PageCard:
    """One card on a page: where it lies, which face it is, and the document type it belongs to."""

    region: CardRegion
    face: Face
    doc_type: DocType
    # an ID card's front known by its values, its pale labels lost: the fields read from them
    unlabelled: dict[str, Found] | None = None


# Keyed by the reading's id, holding it only weakly: a strong hold kept the last 32 pages' images
# alive (~2 MB each), so a long file's memory grew by ~60 MB before the cache was cleared.
_cache: dict[int, tuple[weakref.ref[PageReading], list[PageCard]]] = {}


def page_cards(reading: PageReading) -> list[PageCard]:
    """The recognised cards on a page, top to bottom (computed once a page: classification and
    fields both ask)."""
    held = _cache.get(id(reading))
    if held is not None and held[0]() is reading:
        return held[1]
    found: list[tuple[CardRegion, Face, dict[str, Found] | None]] = []
    for region in card_regions(reading):
        face = choose_face([ln.text for ln in region.lines])
        if face is not None:
            found.append((region, face, None))
        elif (by_values := read_unlabelled_front(region)) is not None:
            found.append((region, face_named("id_front"), by_values))
    titled = {f.doc_type for _, f, _ in found if f.titled and f.doc_type == DocType.RESIDENCE_PERMIT}
    cards = [
        PageCard(region, f, DocType.RESIDENCE_PERMIT if not f.titled and titled else f.doc_type, read)
        for region, f, read in found
    ]
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[id(reading)] = (weakref.ref(reading), cards)
    return cards


def _characters(lines: Sequence[object]) -> int:
    return sum(len(str(getattr(ln, "text", "")).strip()) for ln in lines)


def page_card_types(reading: PageReading) -> list[DocType]:
    """The document types of a sheet of card copies, in page order, each once; empty when the page
    is not one (its cards, if any, hold too little of its text: a form with a card-like box)."""
    cards = page_cards(reading)
    total = _characters(reading.lines)
    if not cards or not total:
        return []
    held = sum(_characters(card.region.lines) for card in cards)
    if held < CARD_SHARE * total:
        return []
    return list(dict.fromkeys(card.doc_type for card in cards))


def card_page_type(reading: PageReading) -> DocType | None:
    """What a sheet of card copies is, by its first card (None for other pages)."""
    types = page_card_types(reading)
    return types[0] if types else None


def card_fields(
    doc_type: DocType, readings: Sequence[PageReading], keys: Sequence[str] | None = None
) -> dict[str, tuple[Found, PageReading]]:
    """The document's fields read from its cards of that type, the surest reading of each key
    over its cards and pages."""
    wanted = set(keys if keys is not None else DOC_FIELDS.get(doc_type, ()))
    best: dict[str, tuple[Found, PageReading]] = {}
    for reading in readings:
        for card in page_cards(reading):
            if card.doc_type != doc_type:
                continue
            read = card.unlabelled if card.unlabelled is not None else read_face(card.region, card.face)
            for key, found in read.items():
                if key not in wanted:
                    continue
                held = best.get(key)
                if held is None or found.confidence > held[0].confidence:
                    best[key] = (found, reading)
    return best


def other_side(pages: Sequence[PageReading], reading: PageReading, doc_type: DocType) -> bool:
    """Whether a page's cards of ``doc_type`` are the other face of the card on the pages before
    (an ID card's front copied on one sheet, its back on the next): then they are one document.
    Two fronts are two cards, two documents."""
    before = {c.face.name for p in pages for c in page_cards(p) if c.doc_type == doc_type}
    now = {c.face.name for c in page_cards(reading) if c.doc_type == doc_type}
    return bool(before) and bool(now) and not before & now


def more_card_types(doc_type: DocType, pages: Sequence[PageReading]) -> list[DocType]:
    """Card documents that share a document's sheets beside it (an ID card and a social-security
    card copied on one sheet are two documents), in page order."""
    found = [t for p in pages for t in page_card_types(p) if t != doc_type]
    return list(dict.fromkeys(found))


def may_issue(name: str) -> bool:
    """Whether an organisation read on a sheet of card copies may be a card's issuer (a
    social-security card's bank, 中国工商银行, issues none)."""
    return not any(word in name for word in not_issuer_words())


def card_wins(doc_type: DocType, carded: Found, held: Found | None) -> bool:
    """Whether a card's reading replaces the label reader's: always on an ID or social-security
    card (the card reader knows their layout), else where the label reader found nothing or only
    the start of what the card reader read (an address's first line, its wrapped rest lost)."""
    if doc_type in CARD_TYPES or held is None:
        return True
    new, old = carded.value, held.value
    return isinstance(new, str) and isinstance(old, str) and len(new) > len(old) and new.startswith(old)


def new_card(pages: Sequence[PageReading], reading: PageReading, doc_type: DocType) -> bool:
    """Whether a sheet of card copies starts a document of its own after ``pages``: a whole card
    (the next person's ID card, copied front only) is no continuation, only its other side is."""
    if doc_type not in page_card_types(reading):
        return False
    return not other_side(pages, reading, doc_type)
