"""The shape of a packet's plan: ``Recipe`` (one paper to draw), ``FilingPlan`` (one filing and
its planted defects) and ``PacketPlan`` (the filings, the stray papers, the scan's dpi and mode).

Its own module because every stage reads it (``plan`` and ``planpapers`` fill it, ``draw`` and
``truth`` read it) while none of them needs the others' code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kernel.domain import DocType
from samplegen.counter.people import Filing


@dataclass
class Recipe:
    """One paper to draw."""

    key: str
    # form | id_card | ssc | permit | register | res_cert | work_cert | referral | commitment
    # | application | receipt | bank | notice
    kind: str
    filing: str | None  # the filing it belongs to; None: no filing (see ``unfiled``)
    data: dict[str, Any] = field(default_factory=dict)
    unfiled: str = ""  # not_a_filing_document | no_matching_filing

    @property
    def doc_type(self) -> DocType:
        return {
            "form": DocType.DECLARATION_FORM,
            "id_card": DocType.ID_CARD,
            "ssc": DocType.SOCIAL_SECURITY_CARD,
            "permit": DocType.RESIDENCE_PERMIT,
            "register": DocType.HOUSEHOLD_REGISTER,
            "res_cert": DocType.RESIDENCE_CERTIFICATE,
            "work_cert": DocType.RESIDENCE_CERTIFICATE,
            "referral": DocType.REFERRAL_CERTIFICATE,
            "commitment": DocType.PERSONAL_COMMITMENT,
            "application": DocType.WRITTEN_APPLICATION,
        }.get(self.kind, DocType.UNKNOWN)


@dataclass
class FilingPlan:
    key: str
    filing: Filing
    defects: set[str]
    recipes: list[Recipe]


@dataclass
class PacketPlan:
    filings: list[FilingPlan]
    extras: list[Recipe]  # foreign pages and papers of nobody's filing
    dpi: int
    mode: str  # color | gray | bilevel

    def recipes(self) -> list[Recipe]:
        return [r for f in self.filings for r in f.recipes] + self.extras
