"""Words printed on forms: titles, label synonyms, category phrasings and date spellings.

Why: every province prints its own wording; the extractor must read meaning,
not one spelling. Keeping the vocabulary in one table makes the variety visible.
"""

from __future__ import annotations

import random
from datetime import date

from kernel.domain import FilingCategory

LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "参保人姓名", "申请人姓名", "参保人员姓名", "姓　　名"),
    "gender": ("性别", "性　别"),
    "id_number": ("公民身份号码", "身份证号码", "身份证号", "证件号码", "居民身份证号码"),
    "social_security_number": ("社会保障卡号", "社保卡号", "社会保障号码", "医保卡号"),
    "phone": ("联系电话", "手机号码", "联系方式", "本人电话"),
    "insured_region": ("参保地", "参保统筹区", "参保地区", "参保所在地"),
    "insurance_type": ("险种", "参保险种", "险种类型", "参保类别"),
    "employer": ("单位名称", "工作单位", "参保单位", "所在单位"),
    "filing_category": ("备案类型", "人员类别", "备案人员类别", "申请类型", "异地就医类型"),
    "destination_region": ("就医地", "异地就医地", "就医省市", "拟就医地区", "备案就医地"),
    "residence_address": ("异地居住地址", "现居住地址", "居住地详细地址", "异地居住地", "就医地居住地址"),
    "hospitals": (
        "选定定点医疗机构",
        "就医地定点医院",
        "选择的定点医疗机构",
        "拟就诊医院",
        "定点医疗机构名称",
    ),
    "start_date": ("备案开始日期", "备案起始时间", "开始时间", "备案有效期起"),
    "end_date": ("备案结束日期", "备案截止时间", "结束时间", "备案有效期止"),
    "reason": ("申请原因", "备案理由", "异地就医原因", "申请事由"),
    "applicant_signature": ("申请人签字", "参保人（签字）", "申请人签名", "本人签字"),
    "signed_date": ("申请日期", "填表日期", "日期", "申报日期"),
    "agency_stamp": (
        "经办机构盖章",
        "参保地经办机构意见（盖章）",
        "医保经办机构（章）",
        "经办机构（单位）盖章",
    ),
}

CATEGORY_WORDS: dict[FilingCategory, tuple[str, ...]] = {
    FilingCategory.RETIREE_RESETTLED: ("异地安置退休人员", "异地安置退休", "退休异地安置"),
    FilingCategory.LONG_TERM_RESIDENT: ("异地长期居住人员", "异地长期居住", "长期异地居住"),
    FilingCategory.STATIONED_WORKER: ("常驻异地工作人员", "常驻异地工作", "异地工作"),
    FilingCategory.REFERRAL: ("异地转诊人员", "异地转诊", "转诊转院"),
    FilingCategory.EMERGENCY: ("异地急诊抢救人员", "急诊抢救", "异地急诊"),
    FilingCategory.OTHER_TEMPORARY: ("其他临时外出就医人员", "临时外出就医", "其他临时外出"),
}

INSURANCE_WORDS = {
    "employee": ("职工基本医疗保险", "职工医保", "城镇职工基本医疗保险"),
    "resident": ("城乡居民基本医疗保险", "居民医保", "城乡居民医保"),
}

CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def _cn_small(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def spell_date(d: date, rng: random.Random, handwritten: bool = False) -> str:
    """A date as people write it on forms (many styles; Chinese numerals rarely)."""
    styles = [
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}年{d.month:02d}月{d.day:02d}日",
        f"{d:%Y-%m-%d}",
        f"{d:%Y.%m.%d}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d:%Y%m%d}",
    ]
    if handwritten and rng.random() < 0.1:
        return f"{_cn_year(d.year)}年{_cn_small(d.month)}月{_cn_small(d.day)}日"
    return rng.choice(styles)


def label(key: str, rng: random.Random) -> str:
    return rng.choice(LABELS[key])


def region_spelling(full: str, province: str, city: str, rng: random.Random) -> str:
    """A region as written: full, spaced, or short ('广东广州'); truth keeps the full name."""
    if province == city:
        return full
    p, c = province.removesuffix("省"), city.removesuffix("市")
    return rng.choice(
        [full, f"{province} {city}", full, f"{p}{c}" if len(p) <= 3 else full, f"{province}{city}"]
    )
