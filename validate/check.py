"""The single entry point of validation: one filing's documents in, its verdict out.

``validate_filing`` is a pure function of its inputs (the shipped rule packs are
read once per process), so the service re-runs it after every reviewer
correction and always gets the same answer for the same packet.

Besides the FilingResult schema fields it sets two extra fields:

* ``rule_pack``: name of the pack the filing was checked against;
* ``applied_defaults``: values the rules filled in, e.g. ``{"hospitals": ["山西省人民医院"]}``
  when no hospital was chosen and the pack defaults to the destination's first
  designated hospital (raised as the ``hospitals_defaulted`` warning). Empty when none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kernel.domain import FilingStatus, Severity
from kernel.idnumber import normalise
from kernel.schema import DocumentResult, FilingResult, Issue
from kernel.settings import Settings
from validate.category import check_category, parse_category
from validate.consistency import (
    check_addresses,
    check_certificate_dates,
    check_identity,
    check_permit_validity,
)
from validate.fields import check_dates, check_id_number, check_phone, check_social_security_number
from validate.packet import Packet
from validate.packs import RulePack, default_packs, select_pack
from validate.regions import check_hospitals, check_regions
from validate.required import check_required
from validate.seals import check_seals


def choose_pack(packet: Packet, packs: Mapping[str, RulePack], forced: str = "") -> RulePack:
    """The pack of the declaration's insured region (longest code prefix), unless one is forced."""
    region = packet.region("insured_region")
    return select_pack(packs, region.code if region is not None else None, forced)


def run_rules(packet: Packet, pack: RulePack) -> tuple[list[Issue], dict[str, list[str]]]:
    """Every rule in reviewing order (presence, formats, places, seals, proofs, consistency)."""
    issues: list[Issue] = []
    issues += check_required(packet, pack)
    id_issues, _ = check_id_number(packet)
    issues += id_issues
    issues += check_phone(packet)
    issues += check_social_security_number(packet)
    issues += check_dates(packet)
    issues += check_regions(packet)
    hospitals = check_hospitals(packet, pack)
    issues += hospitals.issues
    issues += check_seals(packet, pack)
    issues += check_category(packet, pack)
    issues += check_identity(packet)
    issues += check_addresses(packet)
    issues += check_permit_validity(packet)
    issues += check_certificate_dates(packet)
    defaults = {"hospitals": hospitals.defaulted} if hospitals.defaulted is not None else {}
    return _dedupe(issues), defaults


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str | None, str | None]] = set()
    out = []
    for issue in issues:
        key = (issue.code, issue.field, issue.document)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out


def _text_or_none(value: object) -> str | None:
    return str(value) if value is not None else None


def validate_filing(
    filing_id: str,
    docs: list[DocumentResult],
    *,
    settings: Settings,
    today: date,
    packs: Mapping[str, RulePack] | None = None,
) -> FilingResult:
    """Check one filing against the rule pack of its insured region.

    ``status`` is complete iff no error-severity issue was raised. ``id_number``, ``name`` and
    ``filing_category`` come from the declaration form, else the most common reading in the
    packet. ``packs`` replaces the shipped packs (tests, or an agency's own folder via
    ``validate.packs.load_packs``); ``settings.rule_pack`` forces a pack by name.
    """
    packet = Packet.of(docs, today=today, low_confidence=settings.low_confidence)
    pack = choose_pack(packet, packs if packs is not None else default_packs(), settings.rule_pack)
    issues, defaults = run_rules(packet, pack)
    id_number = packet.common("id_number")
    raw_category = packet.common("filing_category")
    category = parse_category(raw_category)
    blocked = any(i.severity == Severity.ERROR for i in issues)
    status = FilingStatus.INCOMPLETE if blocked else FilingStatus.COMPLETE
    name = packet.common("name")
    return FilingResult.model_validate(
        {
            "id": filing_id,
            "id_number": normalise(str(id_number)) if id_number is not None else None,
            "name": str(name).strip() if name is not None else None,
            "filing_category": category.value if category is not None else _text_or_none(raw_category),
            "documents": [d.id for d in docs],
            "status": status,
            "issues": issues,
            "rule_pack": pack.name,
            "applied_defaults": defaults,
        }
    )


def applied_defaults(result: FilingResult) -> dict[str, list[str]]:
    """The ``applied_defaults`` extra field of a result (empty for results from elsewhere)."""
    return dict((result.model_extra or {}).get("applied_defaults") or {})


def rule_pack_of(result: FilingResult) -> str | None:
    """The ``rule_pack`` extra field of a result: which pack it was checked against."""
    value = (result.model_extra or {}).get("rule_pack")
    return str(value) if value is not None else None
