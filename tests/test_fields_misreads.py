"""Paper nobody here drew: OCR's look-alike misreadings, labels inside sentences, an agent's rows,
and a choice circled by hand — on hand-built readings (no OCR models)."""

from __future__ import annotations

import cv2
from readings import blank, ln, page, values

from extract.classify import classify_page
from extract.fields.lexicon import correct_words
from extract.fields.marks import Option, choose_ticked, find_options
from extract.preprocess import u8
from kernel.domain import DocType

ID = "11010519491231002X"
AGENT_ID = "610303197804174139"


def test_look_alike_misreadings_give_way_to_the_domain_word() -> None:
    assert correct_words("退体后回原籍居住") == "退休后回原籍居住"
    assert correct_words("退休后国原籍居住") == "退休后回原籍居住"
    assert correct_words("辽中区新华街道东风社区居民委员卷") == "辽中区新华街道东风社区居民委员会"
    assert correct_words("与配偶在乒地共同生活") == "与配偶在异地共同生活"
    assert correct_words("本地医院诊疗条件所限特诊") == "本地医院诊疗条件所限转诊"
    assert correct_words("特此证明") == "特此证明"  # 特 stays where no domain word is near
    # a word's first character is never changed, and text that holds no near-miss stays as read
    assert correct_words("和平村村民委员会") == "和平村村民委员会"
    assert correct_words("张三在北京市工作") == "张三在北京市工作"


def test_a_worn_heading_still_names_its_document() -> None:
    reading = page(
        [
            ln("关于办理异地就医备案的中请", 480, 240, 64),
            ln("市医疗保障事务中心：", 260, 420),
            ln(f"我叫苏静，身份证号码{ID}，现因病情需要转外地医院治疗，", 260, 500),
            ln("特向贵中心申请办理异地就医备案手续，请予批准。", 180, 570),
            ln("申请人（签名）：苏静", 800, 1380),
            ln("日期：2026.10.24", 800, 1510),
        ]
    )
    assert classify_page(reading)[0] == DocType.WRITTEN_APPLICATION
    assert values(DocType.WRITTEN_APPLICATION, reading)["reason"] == "病情需要转外地医院治疗"


def test_a_reason_read_with_a_look_alike_is_corrected() -> None:
    reading = page(
        [
            ln("书面申请", 650, 100, 60),
            ln(f"我叫陈美玲，身份证号码{ID}。现因退体后回原籍居住，", 150, 300),
            ln("申请人：陈美玲", 900, 900),
            ln("日期：2024年8月18日", 900, 1000),
        ]
    )
    assert values(DocType.WRITTEN_APPLICATION, reading)["reason"] == "退休后回原籍居住"


def test_an_address_label_inside_a_sentence_runs_on_over_the_line_end() -> None:
    reading = page(
        [
            ln("居住情况证明", 660, 270, 70),
            ln(f"兹有郑凯俊（男，身份证号码：{ID}），自2020年起在", 260, 540, w=1200),
            ln("我辖区居住，住址：辽宁省沈阳市辽中区光华路144号金色港湾2栋2单元2", 185, 610, w=1275),
            ln("801室，已连续居住6年，情况属实。", 185, 690),
            ln("特此证明。", 260, 760),
        ]
    )
    got = values(DocType.RESIDENCE_CERTIFICATE, reading)
    assert got["address"] == "辽宁省沈阳市辽中区光华路144号金色港湾2栋2单元2801室"


def test_an_agents_number_is_never_the_applicants() -> None:
    reading = page(
        [
            ln("陕西省异地就医登记备案表", 540, 140, 50),
            ln("姓名", 230, 270),
            ln("卢晓", 370, 270),
            ln("经办人姓名", 180, 540),
            ln("汪涛华", 330, 540),
            ln("经办人身份证号", 590, 540),
            ln(AGENT_ID, 800, 545),
            ln("身份证号码", 200, 630),
            ln(ID, 380, 630),
        ]
    )
    got = values(DocType.DECLARATION_FORM, reading)
    assert got["id_number"] == ID
    assert got["name"] == "卢晓"


def test_a_choice_circled_by_hand_is_the_chosen_one() -> None:
    words = ["异地安置退休人员", "异地长期居住人员", "常驻异地工作人员", "异地转诊人员"]
    lines = [ln(w, 300 + 330 * i, 870, 34) for i, w in enumerate(words)]
    image = blank()
    chosen = lines[2]
    cx, cy = (chosen.box[0] + chosen.box[2]) / 2, (chosen.box[1] + chosen.box[3]) / 2
    half_w, half_h = (chosen.box[2] - chosen.box[0]) / 2 + 14, (chosen.box[3] - chosen.box[1]) / 2 + 12
    cv2.ellipse(image, (round(cx), round(cy)), (round(half_w), round(half_h)), 0, 0, 360, (0, 0, 0), 3)
    chosen_value = choose_ticked(find_options(lines, u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))))
    assert chosen_value is not None and chosen_value[0] == "stationed_worker"
    # the same row with nothing drawn: no choice is made up
    assert choose_ticked(find_options(lines, u8(cv2.cvtColor(blank(), cv2.COLOR_BGR2GRAY)))) is None


def test_a_circle_read_as_brackets_marks_the_choice() -> None:
    lines = [ln("异地安置退休人员 异地长期居住人员 （异地转诊人员） 其他临时外出就医人员", 300, 870, 34)]
    options = find_options(lines, None)
    assert choose_ticked(options) == ("referral", 0.85)


def test_a_filled_box_found_on_the_image_beats_ink_credited_to_a_box_not_found() -> None:
    box = (0.0, 0.0, 100.0, 30.0)
    options = [
        Option("retiree_resettled", 0, box, None, 0.0, framed=True),
        Option("long_term_resident", 0, box, None, 1.0, framed=True),  # ■ filled
        Option("referral", 0, box, None, 0.5, framed=False),  # its box not found: ink credited
        Option("emergency", 0, box, None, 0.0, framed=True),
    ]
    assert choose_ticked(options) == ("long_term_resident", 0.95)


def test_hospitals_in_numbered_slot_labels_are_all_read_in_order() -> None:
    reading = page(
        [
            ln("黑龙江省基本医疗保险异地就医备案申请表", 380, 100, 50),
            ln("姓名", 120, 300),
            ln("潘德", 260, 300),
            ln("定点医院一：湖南省人民医院", 305, 1031),
            ln("就医地定点医院", 116, 1074),
            ln("定点医院二：中南大学湘雅医院", 310, 1111),
        ]
    )
    assert values(DocType.DECLARATION_FORM, reading)["hospitals"] == ["湖南省人民医院", "中南大学湘雅医院"]


def test_a_circle_beats_one_box_found_beside_it_in_a_row_without_boxes() -> None:
    """No check boxes printed; the circle's stroke beside the neighbour's name passes there for one
    box with ink in it: one box alone is no row of printed boxes, and the circled wording wins."""
    box = (0.0, 0.0, 100.0, 30.0)
    options = [
        Option("retiree_resettled", 0, box, None, 0.06, ring=0.0),
        Option("stationed_worker", 0, box, None, 0.49, framed=True, ring=0.0),
        Option("referral", 0, box, None, 0.05, ring=0.058),
        Option("emergency", 0, box, None, 0.24, ring=0.0),
    ]
    assert choose_ticked(options) == ("referral", 0.7)
    # a row of printed boxes (two or more found) is judged by its boxes
    options[0] = Option("retiree_resettled", 0, box, None, 0.0, framed=True, ring=0.0)
    assert choose_ticked(options) == ("stationed_worker", 0.95)


def test_a_label_character_read_as_two_latin_letters_still_labels() -> None:
    """日 read as EI (备案开始EI期): one character split into two Latin look-alikes is one misread
    character of the label, and the date beside it is the start date."""
    got = values(
        DocType.DECLARATION_FORM,
        page([ln("备案开始EI期", 150, 1104), ln("2026年7月17日", 420, 1104), ln("备案结束日期", 900, 1104)]),
    )
    assert got["start_date"] == "2026-07-17"


def test_a_rule_read_as_one_between_two_divisions_is_dropped_a_house_number_is_not() -> None:
    from extract.fields.values import address_value

    got = address_value("address", "北京市1门头沟区解放南路116号", None)
    assert got == ("北京市门头沟区解放南路116号", 1.0)
    assert address_value("address", "北京市朝阳区1号楼3单元", None) == ("北京市朝阳区1号楼3单元", 1.0)


def test_traditional_forms_the_recogniser_reads_are_written_simplified() -> None:
    """The recogniser's dictionary holds both scripts and on worn print sometimes picks the
    traditional form (製造 for 制造); values are written simplified, character by character, except
    characters simplified writing keeps in names and places (乾县, the surname 於)."""
    from extract.fields.script import to_simplified

    assert to_simplified("桂林宏达机械製造有限公司") == "桂林宏达机械制造有限公司"
    assert to_simplified("朝鮮") == "朝鲜"
    assert to_simplified("陕西省咸阳市乾县人民路1号") == "陕西省咸阳市乾县人民路1号"
    assert to_simplified("於建华") == "於建华"
    assert to_simplified("2026年3月5日 ABC") == "2026年3月5日 ABC"
    # a letter's issuer, which running text gives and no normaliser sees, and a labelled employer
    letter = page(
        [
            ln("证明", 700, 230, 70),
            ln("兹证明郑春同志系我单位职工，身份证号450324198501216764。", 156, 490),
            ln("特此证明。", 220, 704),
            ln("信阳恆通信息技术股份有限公司", 815, 1117),
            ln("2026年8月10日", 884, 1200),
        ]
    )
    assert values(DocType.RESIDENCE_CERTIFICATE, letter)["issuer"] == "信阳恒通信息技术股份有限公司"
    form = page(
        [
            ln("异地就医备案表", 600, 100, 50),
            ln("工作单位：", 100, 400),
            ln("桂林宏达机械製造有限公司", 300, 400),
        ]
    )
    assert values(DocType.DECLARATION_FORM, form)["employer"] == "桂林宏达机械制造有限公司"
