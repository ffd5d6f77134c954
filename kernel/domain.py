"""The vocabulary of 异地就医备案 filings, as ../shared/DOMAIN.md defines it.

Every stage (ingest, extract, validate, api) speaks these keys; nothing else in
the code base spells a document type, a filing category or a field key as a
bare string literal that is not listed here.
"""

from __future__ import annotations

from enum import StrEnum


class DocType(StrEnum):
    """Kinds of paper a filing packet holds."""

    DECLARATION_FORM = "declaration_form"
    HOUSEHOLD_REGISTER = "household_register"
    RESIDENCE_PERMIT = "residence_permit"
    RESIDENCE_CERTIFICATE = "residence_certificate"
    REFERRAL_CERTIFICATE = "referral_certificate"
    PERSONAL_COMMITMENT = "personal_commitment"
    WRITTEN_APPLICATION = "written_application"
    ID_CARD = "id_card"
    SOCIAL_SECURITY_CARD = "social_security_card"
    UNKNOWN = "unknown"


class FilingCategory(StrEnum):
    """备案类型: why the insured person needs treatment elsewhere."""

    RETIREE_RESETTLED = "retiree_resettled"
    LONG_TERM_RESIDENT = "long_term_resident"
    STATIONED_WORKER = "stationed_worker"
    REFERRAL = "referral"
    EMERGENCY = "emergency"
    OTHER_TEMPORARY = "other_temporary"


class Severity(StrEnum):
    """An error blocks approval; a warning is shown to the reviewer only."""

    ERROR = "error"
    WARNING = "warning"


class FilingStatus(StrEnum):
    """Verdict of validation on a filing packet."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


# Chinese names, for the reviewer UI and for the sample generator.
DOC_TYPE_ZH: dict[DocType, str] = {
    DocType.DECLARATION_FORM: "异地就医登记备案表",
    DocType.HOUSEHOLD_REGISTER: "户口簿",
    DocType.RESIDENCE_PERMIT: "居住证",
    DocType.RESIDENCE_CERTIFICATE: "居住证明",
    DocType.REFERRAL_CERTIFICATE: "转诊证明",
    DocType.PERSONAL_COMMITMENT: "个人承诺书",
    DocType.WRITTEN_APPLICATION: "书面申请",
    DocType.ID_CARD: "居民身份证",
    DocType.SOCIAL_SECURITY_CARD: "社会保障卡",
    DocType.UNKNOWN: "未识别",
}

CATEGORY_ZH: dict[FilingCategory, str] = {
    FilingCategory.RETIREE_RESETTLED: "异地安置退休人员",
    FilingCategory.LONG_TERM_RESIDENT: "异地长期居住人员",
    FilingCategory.STATIONED_WORKER: "常驻异地工作人员",
    FilingCategory.REFERRAL: "异地转诊人员",
    FilingCategory.EMERGENCY: "异地急诊抢救人员",
    FilingCategory.OTHER_TEMPORARY: "其他临时外出就医人员",
}

# Canonical field keys (DOMAIN.md) with their printed Chinese label.
FIELD_ZH: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "公民身份号码",
    "social_security_number": "社会保障卡号",
    "phone": "联系电话",
    "insured_region": "参保地",
    "insurance_type": "险种",
    "employer": "单位名称",
    "filing_category": "备案类型",
    "destination_region": "就医地",
    "residence_address": "异地居住地址",
    "hospitals": "选定定点医疗机构",
    "start_date": "备案开始日期",
    "end_date": "备案结束日期",
    "reason": "申请原因",
    "applicant_signature": "申请人签字",
    "signed_date": "申请日期",
    "agency_stamp": "经办机构盖章",
    "address": "住址",
    "issuer": "签发机关",
    "valid_from": "有效期起",
    "valid_to": "有效期至",
    "issue_date": "出具日期",
    "referring_hospital": "转出医院",
    "target_hospital": "转入医院",
    "signature": "签字",
    "date": "日期",
    "ethnicity": "民族",
    "birth_date": "出生",
    "card_number": "卡号",
    "valid_indefinitely": "长期有效",
}

# Which fields each document type carries.
DOC_FIELDS: dict[DocType, tuple[str, ...]] = {
    DocType.DECLARATION_FORM: (
        "name",
        "gender",
        "id_number",
        "social_security_number",
        "phone",
        "insured_region",
        "insurance_type",
        "employer",
        "filing_category",
        "destination_region",
        "residence_address",
        "hospitals",
        "start_date",
        "end_date",
        "reason",
        "applicant_signature",
        "signed_date",
        "agency_stamp",
    ),
    DocType.HOUSEHOLD_REGISTER: ("name", "id_number", "address", "issuer"),
    DocType.RESIDENCE_PERMIT: ("name", "id_number", "address", "issuer", "valid_from", "valid_to"),
    DocType.RESIDENCE_CERTIFICATE: ("name", "id_number", "address", "issuer", "issue_date"),
    DocType.REFERRAL_CERTIFICATE: (
        "name",
        "id_number",
        "referring_hospital",
        "target_hospital",
        "issue_date",
    ),
    DocType.PERSONAL_COMMITMENT: ("name", "id_number", "signature", "date"),
    DocType.WRITTEN_APPLICATION: ("name", "id_number", "reason", "signature", "date"),
    # Card copies (DOMAIN.md "Card copies"): an ID card's front and back, a social-security card.
    DocType.ID_CARD: (
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "address",
        "id_number",
        "issuer",
        "valid_from",
        "valid_to",
        "valid_indefinitely",
    ),
    DocType.SOCIAL_SECURITY_CARD: (
        "name",
        "social_security_number",
        "card_number",
        "issuer",
        "valid_to",
    ),
    DocType.UNKNOWN: (),
}

# Value conventions (also documented in README "Result format"):
#   dates            ISO "YYYY-MM-DD" strings
#   gender           "male" | "female"
#   insurance_type   "employee" (职工基本医疗保险) | "resident" (城乡居民基本医疗保险)
#   filing_category  a FilingCategory value
#   regions          "<province><city>" full names, e.g. "山西省太原市", "北京市"
#   hospitals        list of institution names
#   applicant_signature, agency_stamp, signature   booleans
DATE_FIELDS = frozenset(
    {
        "start_date",
        "end_date",
        "signed_date",
        "valid_from",
        "valid_to",
        "issue_date",
        "date",
        "birth_date",
    }
)
BOOL_FIELDS = frozenset({"applicant_signature", "agency_stamp", "signature", "valid_indefinitely"})
REGION_FIELDS = frozenset({"insured_region", "destination_region"})
LIST_FIELDS = frozenset({"hospitals"})

GENDER_ZH = {"male": "男", "female": "女"}
INSURANCE_TYPE_ZH = {"employee": "职工基本医疗保险", "resident": "城乡居民基本医疗保险"}

# Proof documents a residence filing may present.
RESIDENCE_PROOFS = frozenset(
    {
        DocType.HOUSEHOLD_REGISTER,
        DocType.RESIDENCE_PERMIT,
        DocType.RESIDENCE_CERTIFICATE,
    }
)
