"""DOMAIN.md's rules, applied to what the papers of one filing say, to give the truth's verdict.

Written from DOMAIN.md alone ("Rules a complete filing must pass" and "Field checks"); the issue
codes for ID numbers are those ``kernel.idnumber`` names, the others are this generator's words
for the rule they stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kernel import refdata
from kernel.domain import RESIDENCE_PROOFS, DocType, FilingCategory, Severity
from kernel.idnumber import IdInfo, parse_id_number
from kernel.schema import Issue

REFERENCE_DAY = date(2026, 12, 1)  # "signed_date not in the future", judged on this day

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_CARD_NUMBER = re.compile(r"^[A-Z]\d{8}$")

CERTIFICATES = frozenset({DocType.RESIDENCE_CERTIFICATE, DocType.REFERRAL_CERTIFICATE})


@dataclass
class Facts:
    """One document of a filing as the truth reads it: field values and whether its issuer sealed it."""

    id: str
    doc_type: DocType
    fields: dict[str, Any]
    sealed: bool
    hospitals_printed: bool = True  # declaration form: whether any hospital was written in


def _issue(
    code: str, zh: str, en: str, field: str | None, doc: str | None, severity: Severity = Severity.ERROR
) -> Issue:
    return Issue(code=code, severity=severity, field=field, document=doc, message=zh, message_en=en)


def judge(form: Facts, proofs: list[Facts], today: date = REFERENCE_DAY) -> list[Issue]:
    """Every issue of the filing the declaration ``form`` opens, with ``proofs`` attached."""
    out: list[Issue] = []
    out += _form_checks(form, today)
    out += _required_proof(form, proofs)
    for p in proofs:
        out += _proof_checks(form, p)
    return out


def _form_checks(form: Facts, today: date) -> list[Issue]:
    f, fid = form.fields, form.id
    out: list[Issue] = []
    number = f.get("id_number")
    if number:
        parsed = parse_id_number(number, today=today)
        if isinstance(parsed, IdInfo):
            if f.get("gender") and f["gender"] != parsed.gender:
                out.append(
                    _issue(
                        "gender_mismatch",
                        "性别与身份号码不符",
                        "gender disagrees with the ID number",
                        "gender",
                        fid,
                    )
                )
        else:
            for p in parsed:
                out.append(
                    _issue(
                        p.code,
                        f"公民身份号码无效（{p.detail}）",
                        f"invalid ID number: {p.code} {p.detail}",
                        "id_number",
                        fid,
                    )
                )
    phone = f.get("phone")
    if phone and not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        out.append(
            _issue("phone_invalid", "联系电话格式不正确", "phone number is not well formed", "phone", fid)
        )
    ssn = f.get("social_security_number")
    if ssn and not (_CARD_NUMBER.match(ssn) or isinstance(parse_id_number(ssn, today=today), IdInfo)):
        out.append(
            _issue(
                "social_security_number_invalid",
                "社会保障卡号格式不正确",
                "social-security number is not well formed",
                "social_security_number",
                fid,
            )
        )
    if f.get("insured_region") and f.get("insured_region") == f.get("destination_region"):
        out.append(
            _issue(
                "same_region",
                "就医地与参保地相同",
                "destination region equals the insured region",
                "destination_region",
                fid,
            )
        )
    start, end, signed = f.get("start_date"), f.get("end_date"), f.get("signed_date")
    if start and end and end <= start:
        out.append(
            _issue(
                "end_before_start",
                "备案结束日期早于开始日期",
                "end date is not after the start date",
                "end_date",
                fid,
            )
        )
    if signed and date.fromisoformat(signed) > today:
        out.append(
            _issue(
                "signed_date_in_future",
                "申请日期晚于今日",
                "signed date lies in the future",
                "signed_date",
                fid,
            )
        )
    hospitals = f.get("hospitals") or []
    if not form.hospitals_printed:
        out.append(
            _issue(
                "hospitals_defaulted",
                "未选择定点医疗机构，已默认第一家定点医院",
                "no hospital chosen: the first designated hospital is the default",
                "hospitals",
                fid,
                Severity.WARNING,
            )
        )
    elif len(hospitals) > 3:
        out.append(
            _issue(
                "too_many_hospitals",
                "选定定点医疗机构超过三家",
                "more than three hospitals chosen",
                "hospitals",
                fid,
            )
        )
    if not f.get("agency_stamp"):
        out.append(
            _issue(
                "agency_stamp_missing",
                "申报表缺少经办机构盖章",
                "the declaration form carries no agency seal",
                "agency_stamp",
                fid,
            )
        )
    return out


def _required_proof(form: Facts, proofs: list[Facts]) -> list[Issue]:
    category = form.fields.get("filing_category")
    kinds = {p.doc_type for p in proofs}
    fid = form.id
    if category in (FilingCategory.RETIREE_RESETTLED, FilingCategory.LONG_TERM_RESIDENT):
        if not kinds & RESIDENCE_PROOFS:
            return [
                _issue(
                    "missing_residence_proof", "缺少异地长期居住证明材料", "no proof of residence", None, fid
                )
            ]
    elif category == FilingCategory.STATIONED_WORKER:
        if DocType.RESIDENCE_CERTIFICATE not in kinds:
            return [
                _issue(
                    "missing_employer_certificate",
                    "缺少单位出具的常驻异地工作证明",
                    "no employer's certificate",
                    None,
                    fid,
                )
            ]
    elif category == FilingCategory.REFERRAL:
        if DocType.REFERRAL_CERTIFICATE not in kinds:
            return [
                _issue("missing_referral_certificate", "缺少转诊证明", "no referral certificate", None, fid)
            ]
    elif category == FilingCategory.OTHER_TEMPORARY and DocType.PERSONAL_COMMITMENT not in kinds:
        return [_issue("missing_personal_commitment", "缺少个人承诺书", "no personal commitment", None, fid)]
    return []


def _proof_checks(form: Facts, p: Facts) -> list[Issue]:
    f = form.fields
    out: list[Issue] = []
    name = p.fields.get("name")
    if name and f.get("name") and name != f["name"]:
        out.append(
            _issue(
                "name_mismatch",
                "材料上的姓名与申报表不一致",
                "name differs from the declaration form",
                "name",
                p.id,
            )
        )
    number = p.fields.get("id_number")
    if number and f.get("id_number") and number != f["id_number"]:
        out.append(
            _issue(
                "id_number_mismatch",
                "材料上的公民身份号码与申报表不一致",
                "ID number differs from the declaration form",
                "id_number",
                p.id,
            )
        )
    if p.doc_type in CERTIFICATES and not p.sealed:
        out.append(
            _issue(
                "certificate_not_stamped",
                "证明材料未加盖出具单位公章",
                "the certificate carries no seal of its issuer",
                None,
                p.id,
            )
        )
    if p.doc_type in RESIDENCE_PROOFS and p.fields.get("address") and f.get("destination_region"):
        region = refdata.address_region(p.fields["address"])
        if region is None or region.name != f["destination_region"]:
            out.append(
                _issue(
                    "address_not_in_destination",
                    "居住地址不在就医地",
                    "the proof's address lies outside the destination region",
                    "address",
                    p.id,
                )
            )
    if p.doc_type == DocType.RESIDENCE_PERMIT and f.get("start_date"):
        start = f["start_date"]
        vf, vt = p.fields.get("valid_from"), p.fields.get("valid_to")
        if (vt and vt < start) or (vf and vf > start):
            out.append(
                _issue(
                    "residence_permit_expired",
                    "居住证在备案开始日期不在有效期内",
                    "the residence permit is not valid on the start date",
                    "valid_to",
                    p.id,
                )
            )
    return out
