"""Form layouts met on other provinces' forms: one unit test per general rule (no OCR models)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from readings import SETTINGS, blank, grid, ln, page
from readings import values as form_values

from extract.fields import extract_fields
from extract.fields.boxes import square_ink
from extract.fields.labels import label_table
from extract.fields.marks import EMPTY_BOX, ENCLOSED, _enclosed
from extract.labelmatch import find_anchors
from kernel.domain import DocType
from kernel.reading import PageReading, TextLine

DECL = DocType.DECLARATION_FORM


def values(reading: PageReading) -> dict[str, object]:
    return form_values(DECL, reading)


def test_stacked_cells_label_on_top_value_under_it() -> None:
    """Each ruled cell holds a small label at its top and the value under it: the cell to the
    right is the next field's (it opens with its own label), not this label's value."""
    img = grid(blank(), [200, 340, 480], [100, 600, 1100, 1500])
    lines = [
        ln("姓名", 110, 210, 30),
        ln("余红敏", 140, 270),
        ln("性别", 610, 210, 30),
        ln("女", 640, 270),
        ln("备案开始日期", 110, 350, 30),
        ln("2026年07月13日", 140, 410),
        ln("备案结束日期", 610, 350, 30),
        ln("2027年01月09日", 640, 410),
        ln("申请原因", 1110, 350, 30),
        ln("退休异地安置养老", 1120, 410),
    ]
    got = values(page(lines, img))
    assert got["name"] == "余红敏"
    assert got["gender"] == "female"
    assert got["start_date"] == "2026-07-13"
    assert got["end_date"] == "2027-01-09"
    assert got["reason"] == "退休异地安置养老"


def box(img: np.ndarray, x: int, y: int, side: int = 30, tick: bool = False, angle: float = 0.0) -> None:
    """A printed check box at (x, y), optionally ticked, optionally printed askew."""
    c = (x + side / 2, y + side / 2)
    pts = cv2.boxPoints((c, (side, side), angle)).astype(np.int32)
    cv2.polylines(img, [pts], True, (0, 0, 0), 2)
    if tick:
        cv2.line(img, (x + 5, y + side // 2), (x + side // 2 - 2, y + side - 5), (0, 0, 0), 4)
        cv2.line(img, (x + side // 2 - 2, y + side - 5), (x + side - 4, y + 5), (0, 0, 0), 4)


def strokes(img: np.ndarray, x: int, y: int, chars: int, em: int = 40) -> None:
    """Printed characters' ink (a 丰-like figure per character): what OCR read as text."""
    for k in range(chars):
        x0 = x + k * em
        for dy in (8, 18, 28):
            cv2.line(img, (x0 + 6, y + dy), (x0 + em - 6, y + dy), (0, 0, 0), 3)
        cv2.line(img, (x0 + em // 2, y + 4), (x0 + em // 2, y + em - 4), (0, 0, 0), 3)


def test_check_boxes_paired_in_order_when_the_ocr_line_box_has_slack() -> None:
    """OCR's line box starts well left of its first check box (blank paper taken in), so each
    name's estimated position is off by the same amount: boxes still pair with names in order."""
    img = blank()
    names = ["异地长期居住", "常驻异地工作", "异地转诊就医", "急诊抢救"]
    x, y, text = 400, 600, ""
    for i, name in enumerate(names):
        box(img, x, y + 5, tick=i == 2)
        text += "□" + name
        x += 40 + len(name) * 40 + 80
    reading = page([ln("备案类型", 100, 600), TextLine(text, (330, 600, x - 80, 640), 0.95)], img)
    assert values(reading)["filing_category"] == "referral"


def pale_form(side: int, dotted: int, dot: int, blur: float = 0.0) -> PageReading:
    """Three categories printed in light gray (frames at 175, lighter than the fixed ink level), the
    ``dotted``-th box filled by a pale dot (●, 165) of radius ``dot``; the scan blurred if ``blur``."""
    img = blank()
    names = ["异地安置退休人员", "异地长期居住人员", "常驻异地工作人员"]
    x, text = 330, ""
    for i, name in enumerate(names):
        cv2.rectangle(img, (x, 605), (x + side, 605 + side), (175, 175, 175), 2)
        if i == dotted:
            cv2.circle(img, (x + side // 2, 605 + side // 2), dot, (165, 165, 165), -1)
        text += "□" + name + " "
        x += 40 + len(name) * 40 + 60
    if blur:
        img = cv2.GaussianBlur(img, (5, 5), blur)
    return page([ln("备案类型", 100, 600), TextLine(text.strip(), (330, 600, x - 60, 640), 0.95)], img)


def test_a_mark_as_pale_as_a_pale_printed_form_is_a_tick() -> None:
    """A form printed in light gray (frames at 175, lighter than the fixed ink level) with its
    chosen box filled by a pale dot (●, 165): the mark counts against the print, not a fixed level."""
    assert values(pale_form(side=30, dotted=1, dot=9))["filing_category"] == "long_term_resident"


def test_a_row_of_check_boxes_under_a_value_is_not_its_continuation() -> None:
    """单位名称's value, then the category's choices starting a little right of it: the employer
    does not run on into them."""
    lines = [
        ln("单位名称：", 134, 762, 36),
        ln("上饶宏达医药有限公司", 272, 755, 40),
        ln("□异地安置退休人员 异地长期居住人员 常驻异地工作人员", 324, 823, 34),
    ]
    assert values(page(lines))["employer"] == "上饶宏达医药有限公司"


def test_a_period_under_its_label_in_a_stacked_cell() -> None:
    """备案有效期 printed in the cell's corner, its two dates on the line under it (至 read 全)."""
    lines = [ln("备案有效期", 122, 1017, 34), ln("2025/10/18全2027.10.17", 137, 1066, 34)]
    got = values(page(lines))
    assert (got["start_date"], got["end_date"]) == ("2025-10-18", "2027-10-17")


def test_a_choice_whose_first_character_the_tick_took_is_still_that_choice() -> None:
    """☑职工医保 read 工医保: the tick drawn into the box ran on into 职, which OCR lost with the
    box; what is left of the wording still names the choice, and its box is the ticked one."""
    img = blank()
    box(img, 400, 605, tick=True)
    box(img, 900, 605)
    lines = [
        ln("险种", 100, 600),
        TextLine("工医保", (480, 600, 600, 640), 0.99),
        TextLine("□城乡居民医保", (890, 600, 1170, 640), 0.99),
    ]
    assert values(page(lines, img))["insurance_type"] == "employee"


def test_box_of_a_choice_named_mid_phrase_is_left_of_the_phrase() -> None:
    """A choice named by a word inside it (经定点医院转诊的人员 is a referral): its box stands left of
    the whole phrase, not left of the naming word (whose left holds the phrase's own ink)."""
    img = blank()
    box(img, 300, 605)
    strokes(img, 340, 600, 10)
    box(img, 300, 705, tick=True)
    strokes(img, 340, 700, 8)
    lines = [
        ln("备案类型", 100, 600),
        ln("经定点医院转诊的人员", 340, 600),
        ln("异地急诊抢救人员", 340, 700),
    ]
    assert values(page(lines, img))["filing_category"] == "emergency"


def test_askew_check_boxes_are_still_boxes() -> None:
    """Check boxes printed or scanned a few degrees askew: their frames miss the bounding
    rectangle's outermost rows, yet they are boxes."""
    img = blank()
    names = ["异地安置退休人员", "异地长期居住人员", "常驻异地工作人员"]
    x, texts = 300, []
    for i, name in enumerate(names):
        box(img, x, 605, tick=i == 2, angle=4.0)
        texts.append(name)
        x += 40 + len(name) * 40 + 60
    reading = page([ln("备案类型", 100, 600), TextLine("  ".join(texts), (340, 600, x - 60, 640), 0.95)], img)
    assert values(reading)["filing_category"] == "stationed_worker"


def test_options_under_a_long_category_label_start_at_its_line() -> None:
    """申请备案类型 is a 备案类型 label; the options under it start below 申请, left of the wording."""
    lines = [
        ln("申请备案类型", 100, 300),
        ln("☑退休异地安置", 100, 370),
        ln("□异地长期居住 □常驻异地工作", 420, 370),
    ]
    assert values(page(lines))["filing_category"] == "retiree_resettled"


def test_label_inside_a_choice_does_not_cut_the_options() -> None:
    """A hospitals wording inside a choice's name (□经定点医院转诊的人员) is no label: it must not end
    the category's options above the second row."""
    lines = [
        ln("备案类型", 100, 300),
        ln("□经定点医院转诊的人员", 100, 350),
        ln("□退休后异地安置人员", 700, 350),
        ln("☑其他临时外出就医人员", 100, 420),
    ]
    got = values(page(lines))
    assert got["filing_category"] == "other_temporary"
    assert "hospitals" not in got


def test_hospital_list_fills_a_stacked_cell_under_its_label() -> None:
    """A label atop its cell, the numbered hospitals under it spread over the whole cell."""
    img = grid(blank(), [200, 600, 700], [100, 700, 1500])
    lines = [
        ln("就医地", 110, 620, 30),
        ln("北京市", 300, 620),
        ln("定点医疗机构", 710, 210, 30),
        ln("1.北京协和医院", 720, 300),
        ln("2.北京大学第一医院", 720, 460),
    ]
    assert values(page(lines, img))["hospitals"] == ["北京协和医院", "北京大学第一医院"]


def test_a_region_the_rules_did_not_split_is_no_stacked_cell() -> None:
    """A damaged scan where few rules were found: one huge 'cell' holding many rows is not a cell
    with its value under the label."""
    img = grid(blank(), [200, 1400], [100, 1500])
    lines = [
        ln("工作单位", 110, 210, 30),
        ln("语后地人", 400, 300),
        ln("日长期人", 400, 350),
        ln("口地工作", 400, 400),
    ]
    assert "employer" not in values(page(lines, img))


def test_tick_glyph_read_on_a_box_the_image_shows_empty_is_no_tick() -> None:
    """OCR read ■ before one choice and 区 (a crossed box) before another; the image shows the
    first box empty (the second's faint frame was not found): the image refutes the ■."""
    img = blank()
    box(img, 300, 605)
    lines = [
        ln("备案类型", 100, 600),
        ln("■在异地长期居住的人员", 300, 600),
        ln("区经定点医院转诊的人员", 300, 700),
    ]
    assert values(page(lines, img))["filing_category"] == "referral"


def test_tall_handwriting_in_a_stacked_cell_reaching_up_to_the_label() -> None:
    """A value written large under a small label atop its cell starts above the label's bottom."""
    img = grid(blank(), [200, 330], [100, 600, 1500])
    lines = [
        ln("就医地（省、市）", 110, 210, 30),
        ln("天津市", 120, 222, 80),
        ln("异地居住地址", 610, 210, 30),
        ln("北京市朝阳区建国路88号", 620, 270),
    ]
    assert values(page(lines, img))["destination_region"] == "天津市"


def test_date_with_a_lost_separator_is_read_but_flagged() -> None:
    fields = extract_fields(DECL, [page([ln("签字日期：2026-69", 100, 1200)])], SETTINGS)
    assert fields["signed_date"].value == "2026-06-09"
    assert fields["signed_date"].low_confidence


def test_longer_label_with_one_misread_character_beats_a_short_one_inside_it() -> None:
    """备案起给日期 is a misread 备案起始日期 (five of six characters), not a generic 日期 label."""
    lines = [ln("备案起给日期", 100, 300), ln("2026-04-27", 400, 300)]
    assert values(page(lines))["start_date"] == "2026-04-27"


def test_label_whose_first_character_alone_is_misread() -> None:
    """OCR misread only the first character of a label that starts its line and ends at a colon
    (中请理由 for 申请理由, 忧医地 for 就医地) or stands alone on its line."""
    lines = [
        ln("中请理由：外出期间突发疾病急诊抢救", 100, 300),
        ln("忧医地：", 100, 400),
        ln("太原市", 400, 400),
        ln("本医地区的医院", 100, 500),  # a wording inside running text: no label
    ]
    got = values(page(lines))
    assert got["reason"] == "外出期间突发疾病急诊抢救"
    assert got["destination_region"] == "山西省太原市"
    anchors = find_anchors(lines, label_table())
    assert not [a for a in anchors if a.line == 3]


def test_one_choice_amid_other_text_is_not_a_written_in_choice() -> None:
    """A category name written alone in its cell is the choice; one category-like phrase amid an
    unreadable line of other text (a misread list of choices) decides nothing."""
    alone = [ln("备案类型", 100, 300), ln("异地长期居住人员", 400, 300)]
    assert values(page(alone))["filing_category"] == "long_term_resident"
    garbled = [ln("备案类型", 100, 300), ln("舞地长期居住人员：兴地安进体人员地常钴地工作人告", 400, 300)]
    assert "filing_category" not in values(page(garbled))


def test_one_period_label_with_two_dates_in_blanks() -> None:
    """备案期限：自 … 至 …: one label, both dates after it, the second in a line of its own."""
    lines = [ln("备案期限：自2026年11月14日", 100, 1200), ln("至2027年5月13日", 800, 1200)]
    got = values(page(lines))
    assert got["start_date"] == "2026-11-14" and got["end_date"] == "2027-05-13"


def test_period_row_whose_label_is_unreadable() -> None:
    """The period label misread beyond recognition: a 自 <date> 至 <date> row is still the period,
    at lower confidence; a lone 至 <date> elsewhere is not."""
    lines = [ln("各室期限：自2026年11月8日", 100, 1200), ln("至2027年5月7日", 800, 1200)]
    fields = extract_fields(DECL, [page(lines)], SETTINGS)
    assert fields["start_date"].value == "2026-11-08" and fields["end_date"].value == "2027-05-07"
    whole = ln("备案期限：自2026年11月8日至2027年5月7日", 100, 1200)
    labelled = extract_fields(DECL, [page([whole])], SETTINGS)
    assert fields["start_date"].confidence < labelled["start_date"].confidence
    assert "end_date" not in values(page([ln("有效至2027年5月7日", 100, 1200)]))


def test_insurance_type_as_the_persons_insurance_status() -> None:
    """参保人员类别：在职职工 / 退休人员 / 城乡居民: employees at work or retired are insured as
    employees; 退休人员 elsewhere on the form (a filing category) is no insurance type."""

    def insurance(options: str) -> object:
        lines = [ln("参保人员类别", 100, 300), ln(options, 400, 300)]
        return values(page(lines)).get("insurance_type")

    assert insurance("☑在职职工 □退休人员 □城乡居民") == "employee"
    assert insurance("□在职职工 ☑退休人员 □城乡居民") == "employee"
    assert insurance("□在职职工 □退休人员 ☑城乡居民") == "resident"
    written = values(page([ln("参保人员类别：退休", 100, 300)]))
    assert written["insurance_type"] == "employee"
    categories = [ln("□异地安置退休人员", 100, y) for y in (300, 360, 420)]
    assert "insurance_type" not in values(page(categories))


def test_a_value_read_off_printed_boxes_is_no_written_value() -> None:
    """OCR read only the unticked one of two printed choices (□城乡居民…): that is no answer."""
    got = values(page([ln("险种", 100, 300), ln("□城乡居民基本医疗保险", 400, 300)]))
    assert "insurance_type" not in got


def test_other_provinces_wordings() -> None:
    got = values(
        page(
            [
                ln("登记类型：异地安置退休人员", 100, 300),
                ln("就医统筹区：天津市", 100, 400),
                ln("转外原因：病情需要转外地医院治疗", 100, 500),
                ln("医保编码：A12345678", 100, 600),
            ]
        )
    )
    assert got["filing_category"] == "retiree_resettled"
    assert got["destination_region"] == "天津市"
    assert got["reason"] == "病情需要转外地医院治疗"
    assert got["social_security_number"] == "A12345678"


def test_label_split_over_two_lines_ending_in_a_colon() -> None:
    """就医地定点 over 医疗机构： is one hospitals label, its list written high in the cell; the
    category choice 经定点医院转诊的人员, its box glyph not read, is no hospitals label."""
    lines = [
        ln("□退休后异地安置人员", 306, 815),
        ln("□在异地长期居住的人员", 865, 813),
        ln("备案人员类型：", 114, 882),
        ln("经定点医院转诊的人员", 863, 863),
        ln("□常驻异地工作（派驻、外派）人员", 306, 875),
        ln("□异地急诊、抢救人员", 306, 930),
        ln("□其他临时外出就医人员", 863, 928),
        ln("西安交通大学第一附属医院、陕西省人民医院", 308, 999),
        ln("就医地定点", 123, 1057),
        ln("医疗机构：", 118, 1093),
        ln("备案原因：病情需要转外地医院治疗", 123, 1236),
    ]
    got = values(page(lines))
    assert got["hospitals"] == ["西安交通大学第一附属医院", "陕西省人民医院"]


def test_a_category_choice_near_the_hospitals_label_is_no_hospital() -> None:
    lines = [
        ln("□经定点医院转诊的人员", 300, 1000),
        ln("选定医院", 100, 1060),
        ln("1.北京协和医院", 300, 1060),
    ]
    assert values(page(lines))["hospitals"] == ["北京协和医院"]


def test_blurred_check_box_frames_are_not_ticks() -> None:
    """A blurred scan thickens every frame to a quarter of its box: only the ticked box holds ink
    inside the frame."""
    img = blank()
    names = ["退休异地安置", "异地长期居住", "常驻异地工作"]
    x, texts = 300, []
    for i, name in enumerate(names):
        cv2.rectangle(img, (x + 4, 609), (x + 26, 631), (0, 0, 0), 8)
        if i == 0:
            cv2.line(img, (x + 11, 620), (x + 15, 624), (0, 0, 0), 2)
            cv2.line(img, (x + 15, 624), (x + 20, 614), (0, 0, 0), 2)
        texts.append(name)
        x += 40 + len(name) * 40 + 60
    reading = page([ln("登记类型", 100, 600), TextLine("  ".join(texts), (340, 600, x - 60, 640), 0.95)], img)
    assert values(reading)["filing_category"] == "retiree_resettled"


def test_hospital_rows_with_a_misread_hospital_word() -> None:
    """A name whose 医 OCR misread (河北省人民因院) is still a row of the list and matches the
    directory; two names in one cell stay apart, one name wrapped in its cell is joined."""
    rows = [
        ln("就医地：石家庄市", 100, 200),
        ln("选定定点医疗机构", 100, 300),
        ln("1 河北省人民因院", 800, 360),
        ln("2 河北医科大学第二医院", 800, 410),
    ]
    assert values(page(rows))["hospitals"] == ["河北省人民医院", "河北医科大学第二医院"]
    img = grid(blank(), [400, 600], [100, 450, 1500])
    cell = [
        ln("就医地：北京市", 100, 200),
        ln("选定医院", 120, 480),
        ln("北京协和因院", 500, 420),
        ln("首都医科大学附属北京", 500, 470),
        ln("天坛医院", 500, 520),
    ]
    assert values(page(cell, img))["hospitals"] == ["北京协和医院", "首都医科大学附属北京天坛医院"]


def test_region_with_one_misread_character_is_read_less_sure() -> None:
    fields = extract_fields(DECL, [page([ln("参保地：哈尔汉市", 100, 300)])], SETTINGS)
    assert fields["insured_region"].value == "黑龙江省哈尔滨市"
    assert fields["insured_region"].low_confidence


def test_unreadable_id_is_not_taken_from_the_card_number_field() -> None:
    """The ID label's value is unreadable (a digit lost); the card number beside it is an ID-shaped
    number too, but it is the card's: the ID stays unread rather than borrowed."""
    lines = [
        ln("公民身份号码", 100, 300),
        ln("3210819g910241522", 400, 300),
        ln("社会保障卡号：", 800, 300),
        ln("321081198a10241525", 1100, 300),
    ]
    got = values(page(lines))
    assert got["social_security_number"] == "321081198910241525"
    assert "id_number" not in got


def test_a_wording_with_its_last_character_off_must_end_where_a_label_ends() -> None:
    """异地安置地 with its last character misread or dropped is a label only where a label would
    end; the choice 异地安置退休人员 and the title 异地就医备案申请表 merely start like one."""
    table = label_table()
    keys = {a.key for a in find_anchors([ln("异地安置退休人员", 100, 300)], table)}
    assert "destination_region" not in keys
    keys = {a.key for a in find_anchors([ln("异地就医备案申请表", 100, 300)], table)}
    assert "destination_region" not in keys
    got = values(page([ln("异地安置他：辽宁沈阳", 100, 300), ln("备案生效日期：2026年9月24日", 100, 400)]))
    assert got["destination_region"] == "辽宁省沈阳市"
    assert got["start_date"] == "2026-09-24"


def test_long_label_with_two_misread_characters() -> None:
    """独食保障卡号： opens its line and ends at a colon: a 社会保障卡号 label with two characters
    misread. 备案结来时间 is not 备案开始时间 with 开始 misread: its 结 speaks for an end label."""
    got = values(page([ln("独食保障卡号：", 100, 300), ln("350205198306060911", 400, 300)]))
    assert got["social_security_number"] == "350205198306060911"
    table = {"start_date": ("备案开始时间",), "end_date": ("结束时间", "备案结束日期")}
    anchors = find_anchors([ln("备案结来时间：", 100, 300)], table)
    assert "start_date" not in {a.key for a in anchors}


def test_check_boxes_much_smaller_than_a_tall_ocr_line() -> None:
    """OCR's line boxes are far taller than the printed text (a blurred scan): the boxes, a third
    of a line high, are still found, the one filled solid (■) is the choice."""
    img = blank()
    names = ["退休异地安置", "异地长期居住", "常驻异地工作"]
    lines = [ln("申请类别：", 100, 520)]
    for i, name in enumerate(names):
        y = 600 + 80 * i
        cv2.rectangle(img, (122, y + 22), (148, y + 48), (0, 0, 0), -1 if i == 0 else 2)
        strokes(img, 160, y + 15, len(name), em=36)
        lines.append(TextLine(name, (118, y, 118 + 42 + 36 * len(name), y + 70), 0.8))  # no box glyphs read
    assert values(page(lines, img))["filing_category"] == "retiree_resettled"


def test_a_short_word_is_a_label_only_standing_alone() -> None:
    """单位 alone in its cell labels the employer; 单位 opening a value (单位派驻外地工作) or in
    another sense (单位：人民币元) does not."""
    got = values(page([ln("单位", 100, 300), ln("南充瑞达建设工程有限公司", 400, 300)]))
    assert got["employer"] == "南充瑞达建设工程有限公司"
    other = values(
        page([ln("单位：人民币元", 900, 100), ln("申请原因", 100, 300), ln("单位派驻外地工作", 400, 300)])
    )
    assert "employer" not in other
    assert other["reason"] == "单位派驻外地工作"


def test_a_blurred_pale_empty_box_is_no_mark() -> None:
    """A blurred scan of a form printed in light gray: an empty box's frame bleeds inward, which is
    no mark; the one pale dot still is."""
    assert values(pale_form(side=24, dotted=2, dot=6, blur=1.5))["filing_category"] == "stationed_worker"


def test_a_closed_stroke_inside_a_choices_wording_is_no_check_box() -> None:
    """Choices printed one a line with no boxes, the chosen one circled (read as brackets): a closed
    square stroke inside another choice's wording (驻's 马) is a character, not that choice's box."""
    img = blank()
    strokes(img, 330, 600, 8)
    cv2.rectangle(img, (372, 604), (394, 628), (0, 0, 0), 3)  # a square with ink: the second character
    cv2.rectangle(img, (850, 604), (872, 628), (0, 0, 0), 2)  # 口 in the next wording, nearly empty
    lines = [
        ln("人员类别", 100, 650),
        TextLine("常驻异地工作人员", (330, 592, 650, 648), 0.97),
        TextLine("异地安置退休人员", (770, 592, 1090, 648), 0.97),
        TextLine("（异地急诊抢救人员）", (330, 660, 730, 704), 0.95),
    ]
    cv2.ellipse(img, (530, 682), (205, 26), 0, 0, 360, (0, 0, 0), 2)
    assert values(page(lines, img))["filing_category"] == "emergency"


@pytest.mark.parametrize(("thick", "blur"), [(2, 0.8), (3, 1.5), (3, 2.0)])
def test_a_blurred_pale_frame_bleeding_inward_is_no_ink_inside(thick: int, blur: float) -> None:
    """A 16 px light-gray box (frame 168 on paper 228) blurred by the scan: its frame bleeds a few
    pixels inward, darker than halfway to the paper; that is no mark. A pale dot in it is one."""
    img = np.full((60, 60, 3), 228, np.uint8)
    cv2.rectangle(img, (22, 22), (38, 38), (168, 168, 168), thick)
    empty = np.asarray(cv2.GaussianBlur(img, (7, 7), blur), np.uint8)
    assert square_ink(empty, (21.0, 21.0, 39.0, 39.0)) <= EMPTY_BOX
    cv2.circle(img, (30, 30), 4, (175, 175, 175), -1)
    dotted = np.asarray(cv2.GaussianBlur(img, (7, 7), blur), np.uint8)
    assert square_ink(dotted, (21.0, 21.0, 39.0, 39.0)) >= 0.2


def test_an_oval_drawn_tight_round_a_wording_inside_its_line_box_is_the_mark() -> None:
    """Choices printed one a line, no boxes; the chosen one circled so tight that OCR's box for
    the wording takes in the oval (no brackets read, nothing in the margins): the oval still
    shuts the wording in, which no other choice is."""
    img = blank()
    names = ["异地安置退休人员", "异地长期居住人员", "常驻异地工作人员"]
    lines = [ln("申请类型", 100, 700)]
    x = 330
    for i, name in enumerate(names):
        strokes(img, x + 12, 702, len(name), em=30)
        if i == 0:
            cv2.ellipse(
                img, (x + 12 + 15 * len(name), 718), (15 * len(name) + 10, 20), 0, 0, 360, (0, 0, 0), 2
            )
        lines.append(TextLine(name, (x, 694, x + 24 + 30 * len(name), 742), 0.99))
        x += 30 * len(name) + 80
    assert values(page(lines, img))["filing_category"] == "retiree_resettled"


def test_a_stacked_cell_whose_ocr_boxes_start_left_of_its_rule() -> None:
    """A label atop its cell and the name written under it, both OCR boxes taking in a few pixels
    of paper left of the cell's rule: the name is still the cell's, not the next cell's gender."""
    img = grid(blank(), [296, 392, 480], [138, 592, 1000, 1450])
    lines = [
        ln("参保人员姓名", 137, 300, 34),
        ln("程勇勇", 134, 338, 48),
        ln("性别", 598, 300, 34),
        ln("女", 606, 338, 48),
    ]
    got = values(page(lines, img))
    assert got["name"] == "程勇勇" and got["gender"] == "female"


def test_an_oval_round_a_whole_wording_shuts_in_the_name_matched_inside_it() -> None:
    """The name matched is the wording less its 人员 (two characters, more than a line height),
    the oval drawn round all of it: the search for the closing stroke reaches past the name."""
    img = blank()
    strokes(img, 330, 811, 8, em=28)  # 异地安置退休人员, 28 px a character, 34 px a line
    cv2.ellipse(img, (330 + 4 * 28, 828), (4 * 28 + 24, 30), 0, 0, 360, (0, 0, 0), 2)
    name = (330.0, 811.0, 330.0 + 6 * 28, 845.0)  # 异地安置退休
    assert _enclosed(img, name) >= ENCLOSED
    assert _enclosed(img, (800.0, 811.0, 968.0, 845.0)) < ENCLOSED  # a wording nothing surrounds


def test_a_pale_thin_oval_drawn_tight_round_a_wording_shuts_it_in() -> None:
    """A ballpoint oval scanned pale (gray 150 on white, one pixel wide), touching the characters
    above and below: a fixed ink level lost half its stroke and let the outside in."""
    img = blank()
    strokes(img, 330, 811, 8, em=28)
    cv2.ellipse(img, (330 + 4 * 28, 828), (4 * 28 + 16, 19), 0, 0, 360, (150, 150, 150), 1)
    name = (330.0, 811.0, 330.0 + 6 * 28, 845.0)
    assert _enclosed(img, name) >= ENCLOSED
    assert _enclosed(img, (800.0, 811.0, 968.0, 845.0)) < ENCLOSED


def test_a_mobile_number_whose_label_the_scan_lost_is_the_phone() -> None:
    """A bilevel scan dropped the thin print of 联系电话 (and of 性别), the bold values survived: the
    page's one mobile number standing alone on its line is the phone, flagged as less sure. Where
    an agent's number follows its own label, or two numbers stand alone, neither is taken."""
    lines = [
        ln("异地就医登记备案表", 450, 100, 40),
        ln("四名", 110, 230),
        ln("尹敏", 300, 230),
        ln("女", 650, 230),
        ln("15159809210", 930, 230),
        ln("公民身份号码", 110, 300),
        ln("330111200101111701", 300, 300),
    ]
    got = values(page(lines))
    assert got["phone"] == "15159809210"
    fields = extract_fields(DECL, [page(lines)], SETTINGS)
    assert fields["phone"].confidence < 0.8
    agent = [ln("代办人电话", 110, 900), ln("13912345678", 330, 900)]
    without_own = [line for line in lines if line.text != "15159809210"]
    assert values(page([*without_own, *agent])).get("phone") is None
    assert values(page([*lines, *agent])).get("phone") is None


def _labels_lost(*more: object) -> list:
    """A form whose thin printed labels a bilevel scan dropped (四名 for 姓名, 异年地 for 异地居住地址,
    选营定点野机 for 选定定点医疗机构): only the bold written values read."""
    return [
        ln("异地就医登记备案表", 450, 100, 40),
        ln("四名", 110, 230),
        ln("尹敏", 300, 230),
        ln("公民身份号码", 110, 300),
        ln("330111200101111701", 300, 300),
        ln("异年地", 110, 640),
        ln("湖北省武汉市武昌区新华街80号18号楼5单元1701室", 300, 640),
        ln("1.武汉大学人民医院", 300, 700),
        ln("2.武汉大学中南医院", 300, 750),
        ln("选营定点野机", 110, 730),
        *more,
    ]


def test_a_forms_one_street_address_and_numbered_hospitals_whose_labels_the_scan_lost() -> None:
    """With no label of the residence address or of the hospitals read at all, the form's one
    street address alone on its line is the residence address, and hospitals numbered one a line
    are the selected hospitals, both flagged as less sure."""
    fields = extract_fields(DECL, [page(_labels_lost())], SETTINGS)
    assert fields["residence_address"].value == "湖北省武汉市武昌区新华街80号18号楼5单元1701室"
    assert fields["hospitals"].value == ["武汉大学人民医院", "武汉大学中南医院"]
    assert fields["residence_address"].confidence < 0.8 and fields["hospitals"].confidence < 0.8


def test_an_address_by_its_shape_only_where_no_label_says_whose_it_is() -> None:
    # two addresses alone on their lines: which is the applicant's is unknown
    two = _labels_lost(ln("北京市朝阳区建国路88号", 300, 900))
    assert values(page(two)).get("residence_address") is None
    # the address right after another key's label is that label's (单位名称 here)
    employer = [x for x in _labels_lost() if "新华街" not in x.text]
    employer += [ln("单位名称", 110, 420), ln("武汉市江汉区解放大道100号", 300, 420)]
    assert values(page(employer)).get("residence_address") is None
    # its own label read, an empty cell beside it: nothing, not some other line
    labelled = [*employer[:-2], ln("居住地址", 110, 900)]
    assert (
        values(page([*labelled, ln("武汉市江汉区解放大道100号", 300, 1500)])).get("residence_address") is None
    )
    # a hospitals label read: its own cell decides, numbered lines elsewhere are not taken
    with_label = _labels_lost(ln("选定医院", 110, 1200))
    assert values(page(with_label)).get("hospitals") is None


def test_a_street_address_after_a_place_label_is_the_residence_address() -> None:
    # 异地居住地 names the destination on some forms; here the destination has its own label and
    # the place label's value is a street address: the residence address
    reading = page(
        [
            ln("锡林郭勒盟基本医疗保险参保人员异地就医备案表", 220, 90, 50),
            ln("姓名：覃军贵", 330, 220),
            ln("备案就医地：北京市", 210, 740),
            ln("备案起始日期：2026/2/16", 930, 740),
            ln("异地居住地：", 160, 910),
            ln("北京市门头沟区解放南路116号21号楼5单元204室", 345, 910),
            ln("选定就医医院：", 135, 1020),
            ln("中国人民解放军总医院", 350, 1020),
        ]
    )
    got = values(reading)
    assert got["destination_region"] == "北京市"
    assert got["residence_address"] == "北京市门头沟区解放南路116号21号楼5单元204室"


def test_a_city_after_a_place_label_is_no_residence_address() -> None:
    reading = page(
        [
            ln("参保人员异地就医备案表", 220, 90, 50),
            ln("姓名：覃军贵", 330, 220),
            ln("异地居住地：", 160, 740),
            ln("北京市朝阳区", 345, 740),
        ]
    )
    got = values(reading)
    assert got["destination_region"] == "北京市" and "residence_address" not in got


def test_an_employer_does_not_wrap_into_the_category_printed_under_it() -> None:
    # 退休异地安置 is the first of the category choices printed under the employer's line, with
    # neither a box nor a number before it
    reading = page(
        [
            ln("桂林市基本医疗保险参保人员异地就医备案表", 290, 185, 50),
            ln("姓名：郑春", 377, 326),
            ln("单位名称：桂林宏达机械制造有限公司", 197, 677),
            ln("退休异地安置", 395, 725),
            ln("其他临时外出就医人员", 930, 753),
            ln("备案类型：异地转诊人员", 194, 800),
        ]
    )
    assert values(reading)["employer"] == "桂林宏达机械制造有限公司"


def test_an_empty_employer_is_not_the_ticked_category_under_it() -> None:
    reading = page(
        [
            ln("基本医疗保险异地就医备案登记表", 465, 132, 50),
            ln("姓名：武怡妹", 253, 258),
            ln("所在单位：", 204, 536),
            ln("■异地安置退休人员", 364, 616),
            ln("□异地长期居住人员", 743, 616),
            ln("异地就医类型：", 155, 646),
            ln("□异地转诊人员", 354, 655),
        ]
    )
    got = values(reading)
    assert "employer" not in got and got["filing_category"] == "retiree_resettled"


def test_both_printed_choices_beside_the_label_are_no_value_with_a_character_of_one_lost() -> None:
    """参保险种: □职工基本医疗保险 □城乡居民基本医疗保险, the boxes and 职工's 工 lost by OCR: the
    line still lists both printed choices, so the mark decides, not the one wording read whole."""
    head = [ln("跨省异地就医登记备案表", 536, 114, 52), ln("参保险种", 834, 468)]
    both = page([*head, ln("职基本医疗保险城乡居民基本医疗保险", 842, 531)])
    assert values(both).get("insurance_type") is None  # no mark on this page: nobody's choice
    written = page([*head, ln("城乡居民基本医疗保险", 842, 531)])
    assert values(written)["insurance_type"] == "resident"
