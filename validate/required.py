"""Presence rules: a declaration form exists, its required boxes are filled in, it is signed.

Required fields are pack data (``parameters.required_fields``). ``filing_category``
is reported by the category rule (``category_missing``), not here, so a missing
tick produces one issue rather than two.
"""

from __future__ import annotations

from kernel.domain import FIELD_ZH
from kernel.schema import Issue
from validate.codes import make_issue
from validate.packet import Packet
from validate.packs import RulePack

_REPORTED_ELSEWHERE = frozenset({"filing_category"})


def check_required(packet: Packet, pack: RulePack) -> list[Issue]:
    """declaration_missing, multiple_declarations, field_missing for each empty required box, signature."""
    decl = packet.declaration
    if decl is None:
        return [make_issue("declaration_missing")]
    issues: list[Issue] = []
    if packet.extra_declarations:
        issues.append(
            make_issue("multiple_declarations", document=packet.extra_declarations[0].id, used=decl.id)
        )
    for key in pack.parameters.required_fields:
        if key not in _REPORTED_ELSEWHERE and packet.decl(key) is None:
            issues.append(
                make_issue("field_missing", field=key, document=decl.id, label=FIELD_ZH.get(key, key))
            )
    if pack.parameters.require_signature and packet.decl("applicant_signature") is not True:
        issues.append(make_issue("signature_missing", field="applicant_signature", document=decl.id))
    return issues
