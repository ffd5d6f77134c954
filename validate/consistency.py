"""Cross-document rules: every proof belongs to the declared person, place and time.

Proofs must carry the declaration's name and ID number. OCR misreads are
tolerated only when the extractor itself was unsure (confidence below
``settings.low_confidence``): then a ``*_uncertain`` warning asks the reviewer to
look, instead of a hard mismatch. A proof's address must lie in the destination,
a residence permit must be valid on the start date, and certificates should
predate the application.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from kernel import refdata
from kernel.domain import DocType
from kernel.idnumber import confusable, normalise
from kernel.schema import DocumentResult, FieldValue, Issue
from validate.codes import make_issue
from validate.packet import Packet, doc_label, field_of, parse_iso, text_of
from validate.seals import CERTIFICATES

_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", ".": "·", "‧": "·"})


def normalise_name(s: str) -> str:
    """Names compare without blanks, width differences or dot variants of minority names."""
    return "".join(unicodedata.normalize("NFKC", s).split()).translate(_NAME_DOTS)


def names_confusable(a: str, b: str) -> bool:
    """Same length and one character apart: what a single OCR misread of a name looks like."""
    x, y = normalise_name(a), normalise_name(b)
    return len(x) == len(y) >= 2 and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _unsure(threshold: float, *fvs: FieldValue | None) -> bool:
    return any(fv is not None and (fv.confidence < threshold or fv.low_confidence) for fv in fvs)


def _reference(packet: Packet, key: str) -> DocumentResult | None:
    """The document whose ``key`` the others must match: the declaration, else the most common reading."""
    if field_of(packet.declaration, key) is not None:
        return packet.declaration
    common = packet.common(key)
    return next((d for d in packet.docs if common is not None and text_of(d, key) == str(common)), None)


def _card_id_key(doc: DocumentResult, key: str) -> str:
    """The field a document states ``key`` in: new social-security cards print the holder's ID
    number as the 社会保障号码 (an 18-character one; a 9-character card number is no ID)."""
    if key != "id_number" or doc.doc_type != DocType.SOCIAL_SECURITY_CARD or field_of(doc, key) is not None:
        return key
    number = text_of(doc, "social_security_number")
    return "social_security_number" if number is not None and len(normalise(number)) == 18 else key


def check_identity(packet: Packet) -> list[Issue]:
    """name_mismatch / id_number_mismatch (or *_uncertain warnings) for each document of the packet."""
    issues: list[Issue] = []
    checks = (
        ("name", normalise_name, names_confusable, "name"),
        ("id_number", normalise, confusable, "id_number"),
    )
    for key, norm, near, prefix in checks:
        ref = _reference(packet, key)
        if ref is None:
            continue
        ref_fv = field_of(ref, key)
        expected = text_of(ref, key) or ""
        for doc in packet.docs:
            held = _card_id_key(doc, key)  # a social-security card's ID is its 社会保障号码
            fv = field_of(doc, held)
            if doc is ref or fv is None or doc.doc_type == DocType.UNKNOWN:
                continue
            found = text_of(doc, held) or ""
            if norm(found) == norm(expected):
                continue
            zh, en = doc_label(doc)
            uncertain = near(found, expected) and _unsure(packet.low_confidence, fv, ref_fv)
            code = f"{prefix}_uncertain" if uncertain else f"{prefix}_mismatch"
            issues.append(
                make_issue(
                    code, field=held, document=doc.id, doc=zh, doc_en=en, found=found, expected=expected
                )
            )
    return issues


@cache
def _county_names(region_code: str) -> frozenset[str]:
    """County-level names (and short forms) lying in one region, to place addresses without a city."""
    names: set[str] = set()
    for d in refdata.divisions().values():
        if d.level != "county" or d.name in ("市辖区", "县"):
            continue
        region = refdata.region_of_code(d.code)
        if region is not None and region.code == region_code:
            names.add(d.name)
    return frozenset(n for n in names if len(n) >= 3)


def address_in_region(address: str, region: refdata.Region) -> bool | None:
    """True/False when the address can be placed; None when it names no known place."""
    text = "".join(address.split())
    if any(
        form and form in text
        for form in {region.name, region.city, refdata.short_name(region.city)}
        if len(form) >= 2
    ):
        return True
    placed = refdata.address_region(text)
    if placed is not None:
        return placed.code == region.code
    if any(n in text for n in _county_names(region.code)):
        return True
    return None


def check_addresses(packet: Packet) -> list[Issue]:
    """address_outside_destination for proofs placed elsewhere; address_unverified when unplaceable."""
    dest = packet.region("destination_region")
    if dest is None:
        return []
    issues: list[Issue] = []
    for doc in packet.proofs:
        address = text_of(doc, "address")
        if address is None or doc.doc_type == DocType.ID_CARD:  # an ID card's is the home (户籍) address
            continue
        inside = address_in_region(address, dest)
        if inside is True:
            continue
        zh, en = doc_label(doc)
        code = "address_outside_destination" if inside is False else "address_unverified"
        issues.append(
            make_issue(code, field="address", document=doc.id, doc=zh, doc_en=en, destination=dest.name)
        )
    return issues


def check_permit_validity(packet: Packet) -> list[Issue]:
    """A residence permit must be valid on the filing start date."""
    start = parse_iso(packet.decl("start_date"))
    if start is None:
        return []
    issues: list[Issue] = []
    for doc in packet.of_type(DocType.RESIDENCE_PERMIT):
        valid_to, valid_from = parse_iso(text_of(doc, "valid_to")), parse_iso(text_of(doc, "valid_from"))
        if valid_to is not None and valid_to < start:
            issues.append(
                make_issue(
                    "residence_permit_expired",
                    field="valid_to",
                    document=doc.id,
                    start=start.isoformat(),
                    valid_to=valid_to.isoformat(),
                )
            )
        elif valid_from is not None and valid_from > start:
            issues.append(
                make_issue(
                    "residence_permit_not_yet_valid",
                    field="valid_from",
                    document=doc.id,
                    start=start.isoformat(),
                    valid_from=valid_from.isoformat(),
                )
            )
    return issues


def check_certificate_dates(packet: Packet) -> list[Issue]:
    """Certificates issued after the application was signed are suspicious (warning)."""
    signed = parse_iso(packet.decl("signed_date"))
    if signed is None:
        return []
    issues: list[Issue] = []
    for doc in packet.of_type(*CERTIFICATES):
        issued = parse_iso(text_of(doc, "issue_date"))
        if issued is not None and issued > signed:
            zh, en = doc_label(doc)
            issues.append(
                make_issue(
                    "certificate_after_application",
                    field="issue_date",
                    document=doc.id,
                    doc=zh,
                    doc_en=en,
                    issued=issued.isoformat(),
                    signed=signed.isoformat(),
                )
            )
    return issues
