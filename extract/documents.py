"""Pages of one file → documents: classify, split at title pages, extract fields, describe seals.

A scanned file may hold several documents (a form and its proofs in one PDF), and
a document may run over several pages. A page with a title of its own starts a new
document; a page without one continues the previous. Document ids derive from the
file's hash and first page, so re-processing the same file yields the same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extract import cards
from extract.classify import classify_page, is_continuation, type_guesses
from extract.fields import extract_fields, page_contexts
from extract.fields.form import PageContext
from extract.fields.special import stamp_region
from extract.fields.values import fractions
from extract.frame import frames_of
from kernel.domain import RESIDENCE_PROOFS, DocType
from kernel.reading import PageReading, PixelBox, SealFound
from kernel.schema import DocumentResult, FieldValue, Stamp
from kernel.settings import Settings

# Proofs copied as several pages of one booklet or both sides of one card.
MULTI_SIDED = frozenset({DocType.HOUSEHOLD_REGISTER, DocType.RESIDENCE_PERMIT})
ISSUER_TYPES = frozenset({*RESIDENCE_PROOFS, DocType.REFERRAL_CERTIFICATE})


Group = tuple[DocType, float, list[PageReading]]


def joins(group: Group | None, reading: PageReading, doc_type: DocType) -> bool:
    """Whether ``reading`` (classified ``doc_type``) continues the open document ``group``.

    A page without a title continues the previous document; so does the next
    page of a household-register booklet or the back of a residence permit.
    """
    if group is None:
        return False
    previous, _, pages = group
    if is_continuation(reading, previous) and not cards.new_card(pages, reading, doc_type):
        return True  # (a whole card copy starts a card of its own)
    if previous == doc_type and (doc_type in MULTI_SIDED or cards.other_side(pages, reading, doc_type)):
        return True  # the next page or side of the same booklet/card
    return previous == DocType.UNKNOWN and doc_type == DocType.UNKNOWN


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


def read_as(
    doc_type: DocType, readings: list[PageReading], settings: Settings
) -> tuple[dict[str, FieldValue], list[Stamp]]:
    """A document's fields and seals read as ``doc_type`` from its stored page readings.

    A reviewer who says what a page the classifier gave up on is (the triage lane)
    outranks the classifier: the same extraction runs, only the type is theirs.
    """
    contexts = page_contexts(doc_type, readings)
    return extract_fields(doc_type, readings, settings, contexts), to_stamps(doc_type, readings, contexts)


def build_documents(
    source: str, file_sha256: str, readings: list[PageReading], settings: Settings
) -> list[DocumentResult]:
    """Documents found in one file's pages, with their fields and stamps."""
    stream = DocumentStream(source, file_sha256, settings)
    docs = [doc for reading in readings for doc in stream.add(reading)]
    return docs + stream.close()


class DocumentStream:
    """A file's documents built as its pages arrive, so that only the open document's pages are held.

    A page either continues the open document or closes it (its documents are
    built then) and opens the next, so a 200-page file needs the memory of its
    longest document, not of all its pages. ``build_documents`` is this over a list.
    """

    def __init__(self, source: str, file_sha256: str, settings: Settings) -> None:
        self.source, self.file_sha256, self.settings = source, file_sha256, settings
        self.open: Group | None = None

    def add(self, reading: PageReading) -> list[DocumentResult]:
        """Take the next page; returns the documents it closed (none while it continues one)."""
        doc_type, conf = classify_page(reading)
        if self.open is not None and joins(self.open, reading, doc_type):
            self.open[2].append(reading)
            return []
        closed = self.close()
        self.open = (doc_type, conf, [reading])
        return closed

    def close(self) -> list[DocumentResult]:
        """The open document's results (after the last page); nothing is held afterwards."""
        if self.open is None:
            return []
        group, self.open = self.open, None
        return self._documents(*group)

    def _documents(self, main_type: DocType, conf: float, pages: list[PageReading]) -> list[DocumentResult]:
        docs: list[DocumentResult] = []
        # a second kind of card copied on the same sheet is a document of its own (extract.cards)
        for doc_type in (main_type, *cards.more_card_types(main_type, pages)):
            contexts = page_contexts(doc_type, pages)
            suffix = "" if doc_type == main_type else f"-{doc_type.value}"
            # a page of no known type goes to a reviewer's triage lane with the types it came closest to
            guesses: dict[str, Any] = (
                {"type_guesses": type_guesses(pages[0])} if doc_type == DocType.UNKNOWN else {}
            )
            docs.append(
                DocumentResult(
                    id=document_id(self.file_sha256, pages[0].page) + suffix,
                    source=self.source,
                    pages=[p.page for p in pages],
                    doc_type=doc_type,
                    doc_type_confidence=conf,
                    fields=extract_fields(doc_type, pages, self.settings, contexts),
                    stamps=to_stamps(doc_type, pages, contexts) if not suffix else [],
                    page_frames=frames_of(pages),
                    **guesses,
                )
            )
        return docs
