"""Pages of one file → documents: classify, split at title pages, extract fields, describe seals.

A scanned file may hold several documents (a form and its proofs in one PDF), and
a document may run over several pages. A page with a title of its own starts a new
document; a page without one continues the previous. Document ids derive from the
file's hash and first page, so re-processing the same file yields the same ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract import cards
from extract.classify import classify_page, is_continuation
from extract.fields import extract_fields, page_contexts
from extract.fields.form import PageContext
from extract.fields.special import stamp_region
from extract.fields.values import fractions
from kernel.domain import RESIDENCE_PROOFS, DocType
from kernel.reading import PageReading, PixelBox, SealFound
from kernel.schema import DocumentResult, Stamp
from kernel.settings import Settings

# Proofs copied as several pages of one booklet or both sides of one card.
MULTI_SIDED = frozenset({DocType.HOUSEHOLD_REGISTER, DocType.RESIDENCE_PERMIT})
ISSUER_TYPES = frozenset({*RESIDENCE_PROOFS, DocType.REFERRAL_CERTIFICATE})


def split_pages(readings: Sequence[PageReading]) -> list[tuple[DocType, float, list[PageReading]]]:
    """Group consecutive pages into documents: (type, type confidence, pages).

    A page without a title continues the previous document; so does the next
    page of a household-register booklet or the back of a residence permit.
    """
    groups: list[tuple[DocType, float, list[PageReading]]] = []
    for reading in readings:
        doc_type, conf = classify_page(reading)
        previous = groups[-1][0] if groups else None
        new_card = groups and cards.new_card(groups[-1][2], reading, doc_type)  # a card of its own
        if groups and is_continuation(reading, previous) and not new_card:
            groups[-1][2].append(reading)
            continue
        if (
            groups
            and groups[-1][0] == doc_type
            and (doc_type in MULTI_SIDED or cards.other_side(groups[-1][2], reading, doc_type))
        ):
            groups[-1][2].append(reading)  # the next page or side of the same booklet/card
            continue
        if groups and groups[-1][0] == DocType.UNKNOWN and doc_type == DocType.UNKNOWN:
            groups[-1][2].append(reading)
            continue
        groups.append((doc_type, conf, [reading]))
    return groups


def _stamp_role(doc_type: DocType, seal: SealFound, region: PixelBox | None) -> str:
    """agency: in the stamp box of a declaration form; issuer: on a certificate or proof."""
    if doc_type in ISSUER_TYPES:
        return "issuer"
    if doc_type == DocType.DECLARATION_FORM and region is not None:
        cx, cy = (seal.box[0] + seal.box[2]) / 2, (seal.box[1] + seal.box[3]) / 2
        if region[0] <= cx <= region[2] and region[1] <= cy <= region[3]:
            return "agency"
    return "unknown"


def to_stamps(
    doc_type: DocType, readings: Sequence[PageReading], contexts: Sequence[PageContext]
) -> list[Stamp]:
    """Seals of a document's pages as schema Stamps (boxes as page fractions); ``contexts`` are the
    pages' labels (``page_contexts``: one a page for a form), where the form's stamp box is found."""
    stamps: list[Stamp] = []
    for index, reading in enumerate(readings):
        if not reading.seals:
            continue
        region = None
        if doc_type == DocType.DECLARATION_FORM:
            region = stamp_region(contexts[index])
        for seal in reading.seals:
            stamps.append(
                Stamp(
                    page=reading.page,
                    bbox=fractions(seal.box, reading),
                    confidence=round(min(1.0, max(0.0, seal.confidence)), 3),
                    shape=seal.shape,
                    text=seal.text,
                    color=seal.color,
                    role=_stamp_role(doc_type, seal, region),  # type: ignore[arg-type]
                )
            )
    return stamps


def document_id(file_sha256: str, first_page: int) -> str:
    """Stable id: the same file always yields the same ids."""
    return f"{file_sha256[:12]}-p{first_page}"


def build_documents(
    source: str, file_sha256: str, readings: list[PageReading], settings: Settings
) -> list[DocumentResult]:
    """Documents found in one file's pages, with their fields and stamps."""
    docs: list[DocumentResult] = []
    for main_type, conf, pages in split_pages(readings):
        # a second kind of card copied on the same sheet is a document of its own (extract.cards)
        for doc_type in (main_type, *cards.more_card_types(main_type, pages)):
            contexts = page_contexts(doc_type, pages)
            suffix = "" if doc_type == main_type else f"-{doc_type.value}"
            docs.append(
                DocumentResult(
                    id=document_id(file_sha256, pages[0].page) + suffix,
                    source=source,
                    pages=[p.page for p in pages],
                    doc_type=doc_type,
                    doc_type_confidence=conf,
                    fields=extract_fields(doc_type, pages, settings, contexts),
                    stamps=to_stamps(doc_type, pages, contexts) if not suffix else [],
                )
            )
    return docs
