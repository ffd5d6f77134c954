"""Page classification by title and telling words, tolerant to OCR errors."""

from __future__ import annotations

import pytest

from extract.classify import classify_page, is_continuation, title_lines, type_guesses
from kernel.domain import DocType
from kernel.reading import PageReading, TextLine


def reading(title: str, *body: str) -> PageReading:
    lines = [TextLine(title, (500, 80, 1100, 140), 0.97)] if title else []
    lines += [TextLine(t, (100, 400 + 60 * i, 1400, 440 + 60 * i), 0.97) for i, t in enumerate(body)]
    return PageReading(page=1, width=1600, height=2200, lines=lines)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "山西省异地就医登记备案表",
            ["姓名", "参保地", "就医地", "☐异地转诊人员", "本人承诺所填信息真实"],
            DocType.DECLARATION_FORM,
        ),
        ("广东省基本医疗保险异地就医备案申请表", ["参保人姓名", "定点医疗机构"], DocType.DECLARATION_FORM),
        ("常住人口登记卡", ["姓名", "户主或与户主关系", "公民身份号码"], DocType.HOUSEHOLD_REGISTER),
        ("居民户口簿", ["户主姓名", "户号", "住址"], DocType.HOUSEHOLD_REGISTER),
        (
            "浙江省居住证",
            ["姓名", "公民身份号码", "签发机关", "有效期限 2023.01.01-2026.01.01"],
            DocType.RESIDENCE_PERMIT,
        ),
        ("居住证明", ["兹证明张三居住在北京市朝阳区", "特此证明"], DocType.RESIDENCE_CERTIFICATE),
        ("证明", ["兹证明王五系我单位职工，现常驻上海工作", "特此证明"], DocType.RESIDENCE_CERTIFICATE),
        ("异地转诊证明", ["患者张三因病情需要转往北京协和医院"], DocType.REFERRAL_CERTIFICATE),
        ("转院证明", ["转出医院：山西省人民医院"], DocType.REFERRAL_CERTIFICATE),
        ("个人承诺书", ["本人承诺以上信息真实"], DocType.PERSONAL_COMMITMENT),
        ("书面申请", ["本人因随子女居住申请异地就医备案"], DocType.WRITTEN_APPLICATION),
        ("异地就医申请书", ["特此申请"], DocType.WRITTEN_APPLICATION),
    ],
)
def test_titles(title: str, body: list[str], expected: DocType) -> None:
    doc_type, confidence = classify_page(reading(title, *body))
    assert doc_type == expected
    assert confidence >= 0.5


def test_ocr_damaged_title_still_classifies() -> None:
    assert classify_page(reading("异地就医登记备桉表", "姓名", "参保地"))[0] == DocType.DECLARATION_FORM
    damaged = reading("居住证朋", "兹证明李四居住在本社区", "特此证明")
    assert classify_page(damaged)[0] == DocType.RESIDENCE_CERTIFICATE


def test_residence_certificate_is_not_a_permit() -> None:
    certificate = reading("居住证明", "兹证明张三居住在", "特此证明")
    assert classify_page(certificate)[0] == DocType.RESIDENCE_CERTIFICATE


def test_unknown_with_low_confidence() -> None:
    doc_type, confidence = classify_page(reading("发票", "金额", "税号"))
    assert doc_type == DocType.UNKNOWN
    assert confidence < 0.5


def test_page_without_title_continues_previous() -> None:
    assert is_continuation(reading("", "申请原因：随子女居住", "申请人签字"), DocType.DECLARATION_FORM)
    assert not is_continuation(reading("居住证明", "兹证明张三居住在"), DocType.DECLARATION_FORM)
    assert not is_continuation(reading("", "anything"), None)


def test_form_without_readable_title_is_still_a_form() -> None:
    page = reading(
        "",
        "参保人姓名",
        "参保地区：山西太原",
        "就医地区：北京",
        "定点医院：北京协和医院",
        "备案开始日期",
        "备案结束日期",
        "经办机构盖章",
    )
    assert classify_page(page)[0] == DocType.DECLARATION_FORM


def letter(title: str, *body: str) -> PageReading:
    """A letter: a heading a little larger than the body, body lines from just under it."""
    lines = [TextLine(title, (500, 250, 1150, 305), 0.99)]
    lines += [TextLine(t, (190, 380 + 55 * i, 1450, 422 + 55 * i), 0.98) for i, t in enumerate(body)]
    return PageReading(page=1, width=1654, height=2339, lines=lines)


@pytest.mark.parametrize(
    "title", ["关于办理异地就医备案的申请", "异地就医申请", "异地就医备案申请书", "申请"]
)
def test_application_letters_by_their_heading(title: str) -> None:
    page = letter(
        title,
        "市医疗保障事务中心：",
        "我叫黄超伟，身份证号码420107200709148112。现因本地医院诊疗条件所限转诊，",
        "需在北京市长期就医，特向贵中心申请办理异地就医备案手续，请予批准。",
        "此致",
        "敬礼！",
    )
    assert classify_page(page)[0] == DocType.WRITTEN_APPLICATION  # 转诊 in the body is no title


def test_certificate_after_a_form_starts_a_document() -> None:
    """Two documents in one PDF: a certificate whose heading has no strong keyword still starts anew."""
    table_certificate = letter(
        "居住情况证明表", "姓名", "郑萍艳", "身份证号码", "居住地址", "出具单位（盖章）"
    )
    assert not is_continuation(table_certificate, DocType.DECLARATION_FORM)
    plain = letter(
        "证明", "兹有蒋波亮（男，公民身份号码：330328195308075319），自2022年起在", "我辖区居住，情况属实。"
    )
    assert not is_continuation(plain, DocType.DECLARATION_FORM)
    assert classify_page(table_certificate)[0] == DocType.RESIDENCE_CERTIFICATE


def test_second_page_of_a_form_continues_it() -> None:
    page_two = reading(
        "",
        "就医地定点医疗机构 1. 北京协和医院",
        "本人承诺：以上所填信息真实有效，如有虚假，愿承担相应法律责任。",
        "参保人（签章）：",
        "申请日期：2026年5月1日",
        "经办机构意见：",
    )
    assert is_continuation(page_two, DocType.DECLARATION_FORM)


def test_referral_form_after_a_form_in_one_file_starts_a_document() -> None:
    """A hospital's 审批表 whose handwritten values are larger than its print: the centred letterhead
    and title are its heading, and a heading naming a referral lends its 审批表 to no form."""
    lines = [
        TextLine("武汉大学人民医院", (672, 146, 977, 195), 1.0),
        TextLine("参保人员转外就医审批表", (551, 227, 1100, 278), 0.94),
        TextLine("姓名", (162, 348, 246, 412), 1.0),
        TextLine("黄超伟", (292, 337, 413, 423), 0.97),
        TextLine("参保类型", (1132, 353, 1263, 407), 1.0),
        TextLine("居民医保", (1281, 340, 1431, 418), 0.95),
        TextLine("身份证号码", (145, 448, 290, 499), 1.0),
        TextLine("转出医院", (150, 538, 286, 592), 1.0),
        TextLine("武汉大学人民医院", (327, 536, 567, 602), 0.86),
        TextLine("转往医院", (150, 636, 286, 687), 0.99),
        TextLine("中国人民解放军总医院", (327, 626, 631, 692), 0.88),
        TextLine("临床诊断", (153, 729, 286, 780), 0.99),
        TextLine("慢性肾功能不全", (324, 720, 550, 798), 0.94),
        TextLine("科室意见", (177, 1165, 295, 1208), 0.75),
        TextLine("医院医保办（医务科）意见", (155, 1412, 330, 1506), 0.9),
        TextLine("参保地医保经办机构意见", (153, 1691, 320, 1774), 0.9),
    ]
    page = PageReading(page=2, width=1654, height=2339, lines=lines)
    assert [ln.text for ln in title_lines(page)] == ["武汉大学人民医院", "参保人员转外就医审批表"]
    assert classify_page(page)[0] == DocType.REFERRAL_CERTIFICATE
    assert not is_continuation(page, DocType.DECLARATION_FORM)


def test_register_card_with_its_title_cut_short() -> None:
    """常住人口登记卡 read as 常住人口登记: the card's own printed rows still tell it."""
    rows = ("姓名", "与户主关系", "曾用名", "何时由何地迁来本市（县）", "服务处所", "住址")
    page = reading("常住人口登记", *rows)
    assert classify_page(page)[0] == DocType.HOUSEHOLD_REGISTER


def test_card_copy_headed_by_its_large_centred_title_anywhere_on_the_sheet() -> None:
    """A permit's two faces copied onto one sheet, the personal side on top: the title is mid-page."""
    lines = [
        TextLine("姓名", (309, 325, 357, 356), 0.73),
        TextLine("吴晶佳", (374, 319, 458, 356), 0.9),
        TextLine("民族汉", (472, 369, 584, 410), 0.97),
        TextLine("住址", (311, 479, 353, 507), 0.97),
        TextLine("山东省济南市市中区府前路", (376, 474, 654, 507), 1.0),
        TextLine("公民身份号码", (311, 657, 428, 690), 0.92),
        TextLine("山东省居住证", (515, 967, 749, 1015), 1.0),
        TextLine("签发机关济南市公安局市中分局", (331, 1133, 660, 1166), 0.97),
        TextLine("有效2025-04-04-2030-04-04", (329, 1191, 668, 1228), 0.98),
    ]
    page = PageReading(page=1, width=1268, height=1856, lines=lines)
    assert [ln.text for ln in title_lines(page)] == ["山东省居住证"]
    assert classify_page(page)[0] == DocType.RESIDENCE_PERMIT


def test_a_short_letters_large_signature_is_no_heading() -> None:
    """A one-paragraph application whose title is set no larger than its body, signed large and
    a little right of centre within the top quarter: the heading is the title above the
    paragraph, not the signature under it, and it names the page a written application."""
    lines = [
        TextLine("异地就医申请", (652, 227, 970, 278), 1.0),
        TextLine("云浮市医疗保险管理服务中心：", (175, 373, 625, 417), 0.99),
        TextLine(
            "本人赵斌辉，身份证号445322199411084192，因随子女在外地长期居住，需长期在",
            (241, 429, 1442, 480),
            0.99,
        ),
        TextLine(
            "辽宁省沈阳市生活，就医不便，特申请办理异地就医备案，望予批准。", (172, 497, 1196, 541), 1.0
        ),
        TextLine("此致", (241, 560, 320, 609), 1.0),
        TextLine("敬礼！", (175, 624, 266, 670), 0.96),
        TextLine("申请人：赵斌辉", (807, 730, 1098, 792), 0.96),
        TextLine("2026-07-27", (812, 799, 980, 851), 1.0),
    ]
    page = PageReading(page=6, width=1654, height=2339, lines=lines)
    assert [ln.text for ln in title_lines(page)] == ["异地就医申请"]
    assert classify_page(page)[0] == DocType.WRITTEN_APPLICATION
    assert not is_continuation(page, DocType.RESIDENCE_CERTIFICATE)


def test_a_page_of_no_known_type_still_names_the_types_it_came_closest_to() -> None:
    # a referral letter's scrap: too little to call it one, enough to guess it first
    headless = reading("", "转往北京")
    doc_type, _ = classify_page(headless)
    guesses = type_guesses(headless)
    assert doc_type == DocType.UNKNOWN
    assert guesses and guesses[0]["doc_type"] == DocType.REFERRAL_CERTIFICATE.value
    confidences = [float(g["confidence"]) for g in guesses]
    assert confidences == sorted(confidences, reverse=True) and all(0 < c < 0.5 for c in confidences)
    assert type_guesses(reading("增值税普通发票", "价税合计 壹佰元整")) == []  # no evidence: no guess


def test_a_blank_back_side_or_a_foreign_paper_is_no_continuation() -> None:
    speck = [TextLine("·", (800, 900, 810, 910), 0.4)]
    blank_side = PageReading(page=2, width=1600, height=2200, lines=speck)
    assert not is_continuation(blank_side, DocType.DECLARATION_FORM)
    invoice = reading("", "发票号码：41678041458182685434", "开票日期：2026年9月11日", "购买方 戴霞凤")
    assert classify_page(invoice)[0] == DocType.UNKNOWN
    assert not is_continuation(invoice, DocType.DECLARATION_FORM)
    # a form's second page of no type (its notes, a signature) still continues it
    notes = reading("", "填表说明：", "1. 本表一式两份", "2. 请用黑色签字笔填写")
    assert is_continuation(notes, DocType.DECLARATION_FORM)


def test_a_leaflet_about_the_filing_is_no_filing_document() -> None:
    """Its heading, set flush left, ends like a leaflet (温馨提示): its text speaks of 异地就医, 备案,
    定点医疗机构 and 参保地 as a form does, but it is none."""
    body = [
        "参保人员在参保地以外的定点医疗机构就医，",
        "可通过国家医保服务平台APP或到参保地医保经办机构办理备案。",
        "备案后请选择定点医疗机构就医，携带社会保障卡。",
        "姓名、公民身份号码、就医地须与备案一致。",
    ]
    lines = [TextLine("异地就医直接结算温馨提示", (150, 170, 820, 230), 0.99)]
    lines += [TextLine(t, (170, 400 + 70 * i, 1300, 440 + 70 * i), 0.98) for i, t in enumerate(body)]
    leaflet = PageReading(page=1, width=1654, height=2339, lines=lines)
    assert classify_page(leaflet)[0] == DocType.UNKNOWN
    # the same words under a form's own heading are a form
    form = PageReading(
        page=1,
        width=1654,
        height=2339,
        lines=[TextLine("异地就医备案表", (600, 120, 1050, 190), 0.99), *lines[1:]],
    )
    assert classify_page(form)[0] == DocType.DECLARATION_FORM
