"""Field-format rules: ID number, phone, social-security number, dates.

Each check is a small function of a value (``*_ok`` / ``parse_*``) plus a
packet-level wrapper that turns failures into coded issues pointing at the
field and document, so the reviewer is sent straight to the box to fix.
"""

from __future__ import annotations

import re
from datetime import date

from kernel.domain import DATE_FIELDS, FIELD_ZH, DocType
from kernel.idnumber import IdInfo, check_digit, normalise, ocr_repair_candidates, parse_id_number
from kernel.schema import DocumentResult, Issue
from validate.codes import make_issue
from validate.packet import Packet, field_of, parse_iso, text_of, value_of

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:0\d{2,3}-?|\(0\d{2,3}\)|（0\d{2,3}）)\d{7,8}(?:-\d{1,6})?$")
_CARD = re.compile(r"^(?=.*\d)[A-Z0-9]{9,10}$")
GENDER_ALIASES = {
    "male": "male",
    "男": "male",
    "m": "male",
    "female": "female",
    "女": "female",
    "f": "female",
}


def phone_ok(s: str) -> bool:
    """Mobile ``1[3-9]`` + 9 digits (optionally +86), or a landline with its area code.

    Landlines: 0351-7654321, 03517654321, (010)12345678, with an optional -extension.
    """
    return bool(_MOBILE.match(re.sub(r"[\s]", "", s)) or _LANDLINE.match(re.sub(r"\s", "", s)))


def social_security_number_ok(s: str) -> bool:
    """A social-security number is well formed when it is either

    * an 18-character citizen ID number with a valid GB 11643 check digit (the social
      security number *is* the ID number for most insured persons), or
    * a card number (社会保障卡卡号): 9–10 upper-case letters and digits with at least one
      digit, e.g. ``A12345678`` — printed on the card and often copied instead.
    """
    n = normalise(s).upper()
    if len(n) == 18:
        return n[:17].isdigit() and n[17] in "0123456789X" and check_digit(n[:17]) == n[17]
    return bool(_CARD.match(n))


def parse_date(value: object) -> date | None:
    """A real ISO date or None (the extractor already converted 2024年3月1日 to ISO)."""
    return parse_iso(value)


def _hint(raw: str) -> tuple[str, str]:
    cands = ocr_repair_candidates(raw)
    if not cands:
        return "", ""
    return f"（可能识别有误，或为 {cands[0]}）", f" (probably misread; {cands[0]}?)"


def check_id_number(packet: Packet) -> tuple[list[Issue], IdInfo | None]:
    """The filing's ID number: GB 11643 shape, check digit, birth date, division, gender agreement."""
    doc = packet.declaration
    if doc is None or field_of(doc, "id_number") is None:
        doc = next((d for d in packet.docs if field_of(d, "id_number") is not None), None)
    raw = text_of(doc, "id_number")
    if doc is None or raw is None:
        return [], None
    parsed = parse_id_number(raw, today=packet.today)
    if not isinstance(parsed, IdInfo):
        hint, hint_en = _hint(raw)
        return [
            make_issue(
                p.code,
                field="id_number",
                document=doc.id,
                length=len(normalise(raw)),
                hint=hint,
                hint_en=hint_en,
            )
            for p in parsed
        ], None
    gender = GENDER_ALIASES.get(str(packet.decl("gender") or "").strip().lower())
    if gender is not None and gender != parsed.gender and packet.declaration is not None:
        return [make_issue("id_number_gender", field="gender", document=packet.declaration.id)], parsed
    return [], parsed


def check_phone(packet: Packet) -> list[Issue]:
    """The declaration's contact phone, when filled in, must be a mobile or landline number."""
    raw = text_of(packet.declaration, "phone")
    if raw is None or packet.declaration is None or phone_ok(raw):
        return []
    return [make_issue("phone_invalid", field="phone", document=packet.declaration.id, value=raw)]


def check_social_security_number(packet: Packet) -> list[Issue]:
    """A social-security number, where present, must be well formed (see social_security_number_ok):
    the declaration's, and the one printed on a social-security card copy."""
    docs = [packet.declaration, *packet.of_type(DocType.SOCIAL_SECURITY_CARD)]
    issues = []
    for doc in docs:
        raw = text_of(doc, "social_security_number")
        if raw is None or doc is None or social_security_number_ok(raw):
            continue
        issues.append(
            make_issue(
                "social_security_number_invalid", field="social_security_number", document=doc.id, value=raw
            )
        )
    return issues


def _invalid_dates(doc: DocumentResult) -> list[Issue]:
    out = []
    for key in sorted(DATE_FIELDS):
        v = value_of(doc, key)
        if v is not None and parse_date(v) is None:
            out.append(make_issue("date_invalid", field=key, document=doc.id, value=v, label=FIELD_ZH[key]))
    return out


def check_dates(packet: Packet) -> list[Issue]:
    """Every date is real; the filing ends after it starts; the application is not signed in future."""
    issues = [i for d in packet.docs for i in _invalid_dates(d)]
    decl = packet.declaration
    if decl is None:
        return issues
    start, end = parse_date(packet.decl("start_date")), parse_date(packet.decl("end_date"))
    if start is not None and end is not None and end <= start:
        issues.append(
            make_issue(
                "end_before_start",
                field="end_date",
                document=decl.id,
                start=start.isoformat(),
                end=end.isoformat(),
            )
        )
    signed = parse_date(packet.decl("signed_date"))
    if signed is not None and signed > packet.today:
        issues.append(
            make_issue("signed_date_future", field="signed_date", document=decl.id, value=signed.isoformat())
        )
    return issues
