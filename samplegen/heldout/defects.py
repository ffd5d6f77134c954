"""Which rule a packet breaks, and the issue truth expects for it (DOMAIN.md's rules).

The verdict is derived here from the defect the generator planted, not from running the
validator, so that truth stays an independent statement of what the rules say. Codes and
fields are the contract of ``validate/codes.py`` (the registry truth files must use).
"""

from __future__ import annotations

from dataclasses import dataclass

from kernel.domain import FilingCategory as C

# defect -> (issue code, issue field, categories it applies to or None for all)
DEFECTS: dict[str, tuple[str, str | None, tuple[str, ...] | None]] = {
    "missing_proof": (
        "",
        None,
        (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT, C.STATIONED_WORKER, C.REFERRAL, C.OTHER_TEMPORARY),
    ),
    "id_mismatch": ("id_number_mismatch", "id_number", None),
    "name_mismatch": ("name_mismatch", "name", None),
    "checksum": ("id_number_checksum", "id_number", None),
    "permit_expired": ("residence_permit_expired", "valid_to", (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT)),
    "agency_stamp_missing": ("agency_stamp_missing", "agency_stamp", None),
    "certificate_unstamped": (
        "certificate_unstamped",
        None,
        (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT, C.STATIONED_WORKER),
    ),
    "hospitals_too_many": ("hospitals_too_many", "hospitals", None),
    "hospitals_none": ("hospitals_defaulted", "hospitals", None),
    "end_before_start": ("end_before_start", "end_date", None),
    "same_region": ("destination_same_as_insured", "destination_region", None),
    "address_outside": (
        "address_outside_destination",
        "address",
        (C.RETIREE_RESETTLED, C.LONG_TERM_RESIDENT),
    ),
    "signature_missing": ("signature_missing", "applicant_signature", None),
    "phone_invalid": ("phone_invalid", "phone", None),
    "gender_mismatch": ("id_number_gender", "gender", None),
}

MISSING_PROOF_CODE = {
    C.RETIREE_RESETTLED: "residence_proof_missing",
    C.LONG_TERM_RESIDENT: "residence_proof_missing",
    C.STATIONED_WORKER: "employer_certificate_missing",
    C.REFERRAL: "referral_certificate_missing",
    C.OTHER_TEMPORARY: "commitment_missing",
}

# Defects that cannot share a packet (they touch the same document or value).
CLASHES = (
    {
        "missing_proof",
        "id_mismatch",
        "name_mismatch",
        "permit_expired",
        "certificate_unstamped",
        "address_outside",
    },
    {"hospitals_too_many", "hospitals_none"},
    {"checksum", "id_mismatch", "gender_mismatch"},
)


@dataclass(frozen=True)
class Planted:
    """One planted defect: its name, and the issue (code, field, document ref) it must raise."""

    name: str
    code: str
    field: str | None
    doc_ref: str


def applies(defect: str, category: str) -> bool:
    cats = DEFECTS[defect][2]
    return cats is None or category in cats


def compatible(chosen: list[str], candidate: str) -> bool:
    return candidate not in chosen and not any(candidate in g and g & set(chosen) for g in CLASHES)
