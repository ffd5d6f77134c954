"""Category rules: is the filing category known and eligible, and are its proofs in the packet?

Which documents prove which category is pack data (``parameters.proofs``), so a
region that accepts other proofs changes YAML, not this module. The category is
read from the declaration's ticked box; when it is missing or unknown no proof
rule can be chosen, so ``category_missing`` is the only issue raised about it.
"""

from __future__ import annotations

from kernel.domain import CATEGORY_ZH, DOC_TYPE_ZH, DocType, FilingCategory
from kernel.schema import DocumentResult, Issue
from validate.codes import make_issue
from validate.packet import Packet
from validate.packs import ProofRule, RulePack
from validate.seals import certificate_issuer_kind

CATEGORY_ALIASES: dict[str, FilingCategory] = {
    **{c.value: c for c in FilingCategory},
    **{zh: c for c, zh in CATEGORY_ZH.items()},
}


def parse_category(value: object) -> FilingCategory | None:
    """A FilingCategory from its key or its Chinese name (or a one-item list of ticks), else None."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        return None
    return CATEGORY_ALIASES.get(value.strip())


def _serving(
    rule: ProofRule,
    docs: list[DocumentResult],
) -> tuple[list[DocumentResult], list[DocumentResult]]:
    """Documents that serve as the proof, and those that only might (issuer unreadable)."""
    sure, maybe = [], []
    for doc in docs:
        if doc.doc_type not in rule.any_of:
            continue
        if rule.issuer == "unit" and doc.doc_type == DocType.RESIDENCE_CERTIFICATE:
            kind = certificate_issuer_kind(doc)
            if kind == "unit":
                sure.append(doc)
            elif kind == "unknown":
                maybe.append(doc)
        else:
            sure.append(doc)
    return sure, maybe


def check_category(packet: Packet, pack: RulePack) -> list[Issue]:
    """category_missing / category_not_eligible, then the category's proof rule of the pack."""
    decl = packet.declaration
    doc_id = decl.id if decl is not None else None
    raw = packet.decl("filing_category")
    category = parse_category(raw)
    if decl is None:
        return []  # declaration_missing already says everything the category could
    if category is None:
        detail = f"（{raw}）" if raw is not None else ""
        return [make_issue("category_missing", field="filing_category", document=doc_id, detail=detail)]
    params = pack.parameters
    if category not in params.eligible_categories:
        return [
            make_issue(
                "category_not_eligible",
                field="filing_category",
                document=doc_id,
                pack=pack.name,
                category=CATEGORY_ZH[category],
            )
        ]
    rule = params.proofs.get(category)
    if rule is None or not rule.any_of:
        return []
    sure, maybe = _serving(rule, packet.proofs)
    if sure:
        return []
    if maybe:
        return [make_issue("employer_certificate_uncertain", document=maybe[0].id)]
    if (
        rule.commitment_alternative
        and params.commitment_accepts_residence
        and packet.of_type(DocType.PERSONAL_COMMITMENT)
    ):
        return []
    accepted = [DOC_TYPE_ZH[t] for t in rule.any_of]
    accepted_en = [t.value for t in rule.any_of]
    if rule.commitment_alternative and params.commitment_accepts_residence:
        accepted.append(DOC_TYPE_ZH[DocType.PERSONAL_COMMITMENT])
        accepted_en.append(DocType.PERSONAL_COMMITMENT.value)
    return [
        make_issue(
            rule.missing_code,
            document=doc_id,
            accepted="、".join(accepted),
            accepted_en=", ".join(accepted_en),
        )
    ]
