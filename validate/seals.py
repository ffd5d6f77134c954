"""Seal rules: the declaration needs the agency's (or unit's) seal; certificates their issuer's.

DOMAIN.md: "A certificate from a police station / committee / unit is only valid
with its seal." The extractor reports seals as ``Stamp`` objects with a role and
sets the declaration's ``agency_stamp`` box; both are read here, because either
may be missed on a poor scan and the reviewer should not be asked twice.
"""

from __future__ import annotations

from typing import Literal

from kernel.domain import DocType
from kernel.schema import DocumentResult, Issue
from validate.codes import make_issue
from validate.packet import Packet, doc_label, text_of, value_of
from validate.packs import RulePack

CERTIFICATES = (DocType.RESIDENCE_CERTIFICATE, DocType.REFERRAL_CERTIFICATE)
IssuerKind = Literal["police", "committee", "hospital", "unit", "unknown"]

_POLICE = ("派出所", "公安", "警务", "户政")
_COMMITTEE = ("居民委员会", "村民委员会", "居委会", "村委会", "社区", "街道办事处", "街道")
_HOSPITAL = ("医院", "卫生院", "医疗中心", "门诊部")
_UNIT = (
    "公司",
    "有限",
    "集团",
    "厂",
    "单位",
    "学校",
    "大学",
    "学院",
    "研究院",
    "研究所",
    "局",
    "委员会",
    "中心",
    "银行",
    "事务所",
    "协会",
    "办公室",
    "部",
)


def issuer_kind(text: str | None) -> IssuerKind:
    """Who issued a certificate, from its issuer text or seal text (police / committee / unit …)."""
    if not text:
        return "unknown"
    for kind, words in (
        ("police", _POLICE),
        ("committee", _COMMITTEE),
        ("hospital", _HOSPITAL),
        ("unit", _UNIT),
    ):
        if any(w in text for w in words):
            return kind  # type: ignore[return-value]
    return "unknown"


def certificate_issuer_kind(doc: DocumentResult) -> IssuerKind:
    """Issuer kind from the issuer field, else from the text of its seals."""
    kind = issuer_kind(text_of(doc, "issuer"))
    if kind != "unknown":
        return kind
    for stamp in doc.stamps:
        kind = issuer_kind(stamp.text)
        if kind != "unknown":
            return kind
    return "unknown"


def has_agency_stamp(doc: DocumentResult) -> bool:
    """The stamp box is ticked by the extractor, or a seal with the agency role was found.

    A seal of unknown role counts only when the extractor left ``agency_stamp`` empty, not
    when it positively read the box as unstamped.
    """
    flag = value_of(doc, "agency_stamp")
    if flag is True or any(s.role == "agency" for s in doc.stamps):
        return True
    return flag is None and any(s.role == "unknown" for s in doc.stamps)


def has_issuer_seal(doc: DocumentResult) -> bool:
    """Any seal on a certificate (fax-like scans turn red seals gray, so colour is not required)."""
    return bool(doc.stamps)


def check_seals(packet: Packet, pack: RulePack) -> list[Issue]:
    """agency_stamp_missing on the declaration; certificate_unstamped on each unsealed certificate."""
    issues: list[Issue] = []
    decl = packet.declaration
    if decl is not None and pack.parameters.require_agency_stamp and not has_agency_stamp(decl):
        issues.append(make_issue("agency_stamp_missing", field="agency_stamp", document=decl.id))
    for doc in packet.of_type(*CERTIFICATES):
        if not has_issuer_seal(doc):
            zh, en = doc_label(doc)
            issues.append(make_issue("certificate_unstamped", document=doc.id, doc=zh, doc_en=en))
    return issues
