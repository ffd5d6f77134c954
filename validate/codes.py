"""Registry of every issue code validation can raise, with its severity and messages.

Codes are a contract: the sample generator writes them into truth files and the
reviewer UI keys its help texts on them, so they live in one table here and
rule functions never spell a message themselves. Templates use ``str.format``
placeholders filled from the keyword arguments given to :func:`make_issue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kernel.domain import Severity
from kernel.schema import Issue

E = Severity.ERROR
W = Severity.WARNING


@dataclass(frozen=True)
class CodeSpec:
    """How one issue code is reported."""

    severity: Severity
    zh: str
    en: str


CODES: dict[str, CodeSpec] = {
    # presence
    "declaration_missing": CodeSpec(E, "缺少异地就医登记备案表", "declaration form missing from the packet"),
    "multiple_declarations": CodeSpec(
        W, "材料中有多份登记备案表，已采用 {used}", "several declaration forms in the packet; using {used}"
    ),
    "field_missing": CodeSpec(E, "{label}未填写", "required field {field} is empty"),
    "signature_missing": CodeSpec(E, "申请人未签字", "applicant signature missing"),
    "category_missing": CodeSpec(
        E, "备案类型未勾选或无法识别{detail}", "filing category missing or unknown{detail}"
    ),
    "category_not_eligible": CodeSpec(
        E,
        "本地规则（{pack}）不受理备案类型“{category}”",
        "rule pack {pack} does not accept filing category {category}",
    ),
    # seals
    "agency_stamp_missing": CodeSpec(
        E, "登记备案表缺少经办机构（单位）盖章", "declaration form lacks the agency (or unit) seal"
    ),
    "certificate_unstamped": CodeSpec(
        E, "{doc}未加盖出具单位公章，无效", "{doc_en} carries no issuer seal and is void"
    ),
    # proofs per category
    "residence_proof_missing": CodeSpec(
        E, "缺少居住证明材料（{accepted}）", "residence proof missing (accepted: {accepted_en})"
    ),
    "employer_certificate_missing": CodeSpec(
        E, "缺少工作单位出具并盖章的常驻异地工作证明", "employer certificate (stamped by the unit) missing"
    ),
    "employer_certificate_uncertain": CodeSpec(
        W,
        "居住证明的出具单位无法识别，请核实是否为工作单位证明",
        "certificate issuer unreadable; check it is the employer",
    ),
    "referral_certificate_missing": CodeSpec(E, "缺少转诊证明", "referral certificate missing"),
    "commitment_missing": CodeSpec(E, "缺少个人承诺书", "personal commitment missing"),
    # id number
    "id_number_length": CodeSpec(
        E,
        "公民身份号码应为18位（识别为{length}位）{hint}",
        "ID number must have 18 characters, got {length}{hint_en}",
    ),
    "id_number_checksum": CodeSpec(E, "公民身份号码校验位错误{hint}", "ID number check digit wrong{hint_en}"),
    "id_number_birth_date": CodeSpec(
        E, "公民身份号码中的出生日期无效{hint}", "ID number birth date invalid{hint_en}"
    ),
    "id_number_gender": CodeSpec(E, "性别与公民身份号码不符", "gender disagrees with the ID number"),
    "id_number_division": CodeSpec(
        E,
        "公民身份号码前六位不是有效的行政区划代码{hint}",
        "ID number does not start with a division code{hint_en}",
    ),
    # consistency
    "name_mismatch": CodeSpec(
        E,
        "{doc}上的姓名“{found}”与登记表“{expected}”不一致",
        "name on {doc_en} ({found}) differs from the declaration ({expected})",
    ),
    "name_uncertain": CodeSpec(
        W,
        "{doc}上的姓名“{found}”与登记表“{expected}”相差一字，可能识别有误，请核对",
        "name on {doc_en} ({found}) differs by one character, probably misread",
    ),
    "id_number_mismatch": CodeSpec(
        E, "{doc}上的公民身份号码与登记表不一致", "ID number on {doc_en} differs from the declaration"
    ),
    "id_number_uncertain": CodeSpec(
        W,
        "{doc}上的公民身份号码与登记表仅差易混字符，可能是识别错误，请核对",
        "ID number on {doc_en} differs only by OCR-confusable characters",
    ),
    "address_outside_destination": CodeSpec(
        E,
        "{doc}上的住址不在就医地{destination}",
        "address on {doc_en} lies outside destination {destination}",
    ),
    "address_unverified": CodeSpec(
        W,
        "无法确认{doc}上的住址是否位于就医地{destination}",
        "cannot tell whether the address on {doc_en} lies in {destination}",
    ),
    "residence_permit_expired": CodeSpec(
        E,
        "居住证在备案开始日期{start}已过期（有效期至{valid_to}）",
        "residence permit expired on {valid_to}, before start {start}",
    ),
    "residence_permit_not_yet_valid": CodeSpec(
        E,
        "居住证在备案开始日期{start}尚未生效（有效期起{valid_from}）",
        "residence permit valid only from {valid_from}, after {start}",
    ),
    "certificate_after_application": CodeSpec(
        W,
        "{doc}出具日期{issued}晚于申请日期{signed}",
        "{doc_en} issued {issued}, after the application {signed}",
    ),
    # field formats
    "phone_invalid": CodeSpec(E, "联系电话“{value}”格式不正确", "phone number {value!r} malformed"),
    "social_security_number_invalid": CodeSpec(
        E, "社会保障卡号“{value}”格式不正确", "social security number {value!r} malformed"
    ),
    "date_invalid": CodeSpec(E, "{label}“{value}”不是有效日期", "{field} {value!r} is not a real date"),
    "end_before_start": CodeSpec(
        E, "备案结束日期{end}不晚于开始日期{start}", "end date {end} is not after start date {start}"
    ),
    "signed_date_future": CodeSpec(E, "申请日期{value}晚于今天", "signed date {value} is in the future"),
    # regions and hospitals
    "region_unknown": CodeSpec(
        E, "{label}“{value}”不是有效的省市名称", "{field} {value!r} is not a known region"
    ),
    "destination_same_as_insured": CodeSpec(
        E, "就医地与参保地相同（{region}）", "destination equals insured region ({region})"
    ),
    "hospitals_defaulted": CodeSpec(
        W,
        "未选定定点医疗机构，已按规则默认为第一家定点医院：{hospital}",
        "no hospital chosen; defaulted to first designated hospital {hospital}",
    ),
    "hospitals_missing": CodeSpec(
        E, "未选定定点医疗机构（至少{min}家）", "no designated hospital chosen (at least {min} required)"
    ),
    "hospitals_too_many": CodeSpec(
        E, "选定定点医疗机构{count}家，超过上限{max}家", "{count} hospitals chosen, at most {max} allowed"
    ),
    "hospital_not_in_directory": CodeSpec(
        W,
        "“{value}”不在就医地{destination}的定点医疗机构目录中",
        "{value!r} not in the designated directory of {destination}",
    ),
}


def make_issue(code: str, *, field: str | None = None, document: str | None = None, **params: Any) -> Issue:
    """An Issue for a registered code, messages filled from ``params`` (missing keys render empty)."""
    spec = CODES[code]
    values = _Defaults(params)
    return Issue(
        code=code,
        severity=spec.severity,
        field=field,
        document=document,
        message=spec.zh.format_map(values),
        message_en=spec.en.format_map(values),
    )


class _Defaults(dict[str, Any]):
    """Format mapping that renders an absent placeholder as an empty string instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""
