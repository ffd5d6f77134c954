"""What different provinces print: form titles, field labels, category names, value spellings."""

from __future__ import annotations

import random

from kernel import refdata
from kernel.domain import FilingCategory

TITLES = (
    "{province}异地就医登记备案表",
    "{province}基本医疗保险异地就医备案申请表",
    "{city}基本医疗保险参保人员异地就医备案表",
    "{city}异地就医人员申报表",
    "跨省异地就医登记备案表",
    "基本医疗保险异地就医备案登记表",
    "{city}参保人员异地就医备案申请表",
    "{province}医疗保障异地就医备案表",
)

LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "参保人姓名", "申请人姓名", "姓  名"),
    "gender": ("性别", "性  别"),
    "id_number": ("公民身份号码", "身份证号码", "身份证号", "证件号码"),
    "social_security_number": ("社会保障卡号", "社保卡号", "社会保障卡卡号", "医保卡号"),
    "phone": ("联系电话", "手机号码", "联系方式", "本人电话"),
    "insured_region": ("参保地", "参保地区", "参保统筹区", "参保所在地"),
    "insurance_type": ("险种", "参保险种", "险种类型", "参保类型"),
    "employer": ("单位名称", "工作单位", "参保单位", "所在单位"),
    "filing_category": ("备案类型", "人员类别", "备案人员类别", "异地就医类型", "申请类别"),
    "destination_region": ("就医地", "就医地区", "异地就医地", "拟就医地", "备案就医地"),
    "residence_address": ("异地居住地址", "异地居住地", "现居住地址", "就医地居住地址", "常住地址"),
    "hospitals": ("选定定点医疗机构", "选择定点医院", "定点医疗机构", "就医医院", "选定就医医院"),
    "start_date": ("备案开始日期", "开始日期", "备案起始日期", "起始时间"),
    "end_date": ("备案结束日期", "结束日期", "截止日期", "终止时间"),
    "period": ("备案期限", "备案有效期", "备案时间", "有效期限"),
    "reason": ("申请原因", "备案原因", "申请事由", "异地就医原因"),
}

CATEGORY_WORDS: dict[FilingCategory, tuple[str, ...]] = {
    FilingCategory.RETIREE_RESETTLED: ("异地安置退休人员", "退休异地安置", "异地安置退休"),
    FilingCategory.LONG_TERM_RESIDENT: ("异地长期居住人员", "异地长期居住", "长期异地居住人员"),
    FilingCategory.STATIONED_WORKER: ("常驻异地工作人员", "常驻外地工作", "异地工作人员"),
    FilingCategory.REFERRAL: ("异地转诊人员", "转诊转院人员", "异地转诊"),
    FilingCategory.EMERGENCY: ("异地急诊抢救人员", "急诊抢救人员", "异地急诊抢救"),
    FilingCategory.OTHER_TEMPORARY: ("其他临时外出就医人员", "临时外出就医人员", "其他临时外出就医"),
}

INSURANCE_WORDS = {
    "employee": ("职工基本医疗保险", "职工医保", "城镇职工基本医疗保险"),
    "resident": ("城乡居民基本医疗保险", "居民医保", "城乡居民医保"),
}

SIGN_LABELS = ("申请人签字", "申请人（签名）", "本人签字", "参保人签字", "申请人签名")
DATE_LABELS = ("申请日期", "填表日期", "日期", "签字日期")
AGENCY_LABELS = ("经办机构意见", "参保地经办机构意见", "医保经办机构审核意见", "经办机构审核意见", "受理意见")
AGENT_LABELS = (
    ("代办人姓名", "代办人身份证号", "代办人电话", "与参保人关系"),
    ("经办人姓名", "经办人证件号码", "经办人联系电话", "与申请人关系"),
)
PROMISES = (
    "本人承诺以上填报信息真实有效，如有虚假愿承担相应责任。",
    "本人对所填内容的真实性负责。",
    "以上信息经本人确认无误，承诺遵守异地就医相关规定。",
)


def region_text(region: refdata.Region, rng: random.Random) -> str:
    """How a region is spelled on paper: full, short, or the city alone."""
    roll = rng.random()
    if region.code in refdata.MUNICIPALITIES:
        return region.name if roll < 0.7 else refdata.short_name(region.name)
    if roll < 0.5 or not region.city.endswith("市"):
        return region.name
    if roll < 0.8:
        return refdata.short_name(region.province) + refdata.short_name(region.city)
    return region.province + region.city if roll < 0.9 else region.city


def title(region: refdata.Region, rng: random.Random) -> str:
    province = region.province
    city = region.name if region.code in refdata.MUNICIPALITIES else region.city
    return rng.choice(TITLES).format(province=province, city=city)
