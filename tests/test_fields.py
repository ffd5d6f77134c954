"""Field extraction from hand-built PageReadings (no OCR models)."""

from __future__ import annotations

import cv2
import numpy as np
from readings import SETTINGS, H, W, blank, grid, ln, page, values

from extract.fields import extract_fields
from kernel.domain import DocType
from kernel.reading import SealFound, TextLine

DECL = DocType.DECLARATION_FORM


def test_value_right_of_label_and_below_label() -> None:
    got = values(
        DECL,
        page(
            [
                ln("山西省异地就医登记备案表", 500, 60, 60),
                ln("姓名", 100, 200),
                ln("张三", 400, 202),
                ln("性别", 800, 200),
                ln("男", 1100, 203),
                ln("公民身份号码", 100, 300),
                ln("11010519491231002X", 100, 350),
                ln("联系电话", 800, 300),
                ln("138 1234 5678", 1100, 300),
            ]
        ),
    )
    assert got["name"] == "张三"
    assert got["gender"] == "male"
    assert got["id_number"] == "11010519491231002X"
    assert got["phone"] == "13812345678"


def test_glued_labels_and_unseen_wordings() -> None:
    got = values(
        DECL,
        page(
            [
                ln("参保人员姓名：李四", 100, 200),
                ln("居民身份证号码11010519491231002X", 100, 300),
                ln("手机号：13900001111", 100, 400),
                ln("参保统筹地区：河南郑州", 100, 500),
                ln("拟就医地：上海", 100, 600),
                ln("居住详细地址：上海市浦东新区世纪大道100号", 100, 700),
                ln("备案起始日期：2024.07.01", 100, 800),
                ln("备案终止日期：2025.06.30", 800, 800),
                ln("申请事由：长期在上海工作", 100, 900),
            ]
        ),
    )
    assert got["name"] == "李四"
    assert got["id_number"] == "11010519491231002X"
    assert got["phone"] == "13900001111"
    assert got["insured_region"] == "河南省郑州市"
    assert got["destination_region"] == "上海市"
    assert got["residence_address"] == "上海市浦东新区世纪大道100号"
    assert got["start_date"] == "2024-07-01" and got["end_date"] == "2025-06-30"
    assert got["reason"] == "长期在上海工作"


def test_label_with_one_misread_character_still_anchors() -> None:
    got = values(DECL, page([ln("公民身分号码", 100, 300), ln("11010519491231002X", 500, 300)]))
    assert got["id_number"] == "11010519491231002X"


def test_table_cells_keep_an_empty_cell_empty() -> None:
    cols = [100, 500, 800, 1200, 1500]
    img = grid(blank(), [200, 300, 400], cols)
    reading = page(
        [
            ln("联系电话", 120, 230),
            ln("参保地", 820, 230),
            ln("山西省太原市", 1220, 230),
            ln("单位名称", 120, 330),
            ln("太原重工股份有限公司", 1220, 330),
        ],
        image=img,
    )
    got = values(DECL, reading)
    assert "phone" not in got
    assert got["insured_region"] == "山西省太原市"


def test_ticked_check_box_decides_the_category() -> None:
    img = np.full((H, W, 3), 255, np.uint8)
    names = ["异地安置退休人员", "异地长期居住人员", "常驻异地工作人员"]
    x, y, lines = 300, 600, [ln("备案类型", 100, 600)]
    texts = []
    for i, name in enumerate(names):
        cv2.rectangle(img, (x, y + 5), (x + 30, y + 35), (0, 0, 0), 3)
        if i == 1:
            cv2.line(img, (x + 5, y + 20), (x + 13, y + 31), (0, 0, 0), 4)
            cv2.line(img, (x + 13, y + 31), (x + 27, y + 8), (0, 0, 0), 4)
        texts.append(name)
        x += 40 + len(name) * 40 + 20
    # OCR read the names as one line and dropped every box glyph
    lines.append(TextLine("  ".join(texts), (340, 600, x - 60, 640), 0.95))
    got = values(DECL, page(lines, image=img))
    assert got["filing_category"] == "long_term_resident"


def test_tick_glyph_read_by_ocr_decides_without_image() -> None:
    got = values(
        DECL,
        page(
            [
                ln("险种", 100, 200),
                ln("□职工基本医疗保险 ☑城乡居民基本医疗保险", 300, 200),
                ln("备案类型", 100, 300),
                ln("☐异地安置退休人员 ✓异地转诊人员 ☐其他临时外出就医人员", 300, 300),
            ]
        ),
    )
    assert got["insurance_type"] == "resident"
    assert got["filing_category"] == "referral"


def test_hospitals_are_split_and_matched_to_the_directory() -> None:
    got = values(
        DECL,
        page(
            [
                ln("就医地", 100, 200),
                ln("北京市", 400, 200),
                ln("选定定点医疗机构", 100, 300),
                ln("1.北京协和医完 2、北京大学第一医院；北京大学人民医院", 450, 300),
            ]
        ),
    )
    assert got["hospitals"] == ["北京协和医院", "北京大学第一医院", "北京大学人民医院"]


def test_hospitals_in_numbered_rows_under_the_label() -> None:
    got = values(
        DECL,
        page(
            [
                ln("就医地：北京市", 100, 200),
                ln("选定定点医疗机构", 100, 300),
                ln("1.北京协和医院", 150, 350),
                ln("2.北京大学人民医院", 150, 400),
                ln("申请原因：随子女居住", 100, 500),
            ]
        ),
    )
    assert got["hospitals"] == ["北京协和医院", "北京大学人民医院"]


def test_low_ocr_confidence_is_flagged() -> None:
    fields = extract_fields(
        DECL,
        [
            page(
                [
                    ln("姓名", 100, 200),
                    ln("张三", 400, 200, conf=0.5),
                    ln("联系电话", 100, 300),
                    ln("13812345678", 400, 300),
                ]
            )
        ],
        SETTINGS,
    )
    assert fields["name"].low_confidence and fields["name"].confidence < 0.8
    assert not fields["phone"].low_confidence
    assert all(0 <= v <= 1 for v in fields["phone"].bbox or [])


def test_bad_check_digit_is_repaired_only_with_low_confidence() -> None:
    # printed 11010519491231002X, OCR read the 9 of the birth year as 8
    misread = "11010518491231002X"
    fields = extract_fields(DECL, [page([ln("身份证号", 100, 200), ln(misread, 400, 200)])], SETTINGS)
    assert fields["id_number"].low_confidence
    assert fields["id_number"].value in (misread, "11010519491231002X")


def test_paragraph_certificate() -> None:
    got = values(
        DocType.RESIDENCE_CERTIFICATE,
        page(
            [
                ln("居住证明", 600, 100, 60),
                ln("兹证明王小明（身份证号：11010519491231002X）自2019年起", 100, 300),
                ln("居住在上海市浦东新区张江路1号，情况属实。", 100, 360),
                ln("特此证明。", 100, 420),
                ln("上海市浦东新区张江镇派出所", 900, 700),
                ln("二〇二四年五月十日", 900, 760),
            ]
        ),
    )
    assert got["name"] == "王小明"
    assert got["id_number"] == "11010519491231002X"
    assert got["address"] == "上海市浦东新区张江路1号"
    assert got["issuer"] == "上海市浦东新区张江镇派出所"
    assert got["issue_date"] == "2024-05-10"


def test_residence_permit_validity_period() -> None:
    got = values(
        DocType.RESIDENCE_PERMIT,
        page(
            [
                ln("浙江省居住证", 500, 100, 60),
                ln("姓名 赵六", 100, 300),
                ln("公民身份号码 11010519491231002X", 100, 360),
                ln("住址 杭州市西湖区文三路5号", 100, 420),
                ln("签发机关 杭州市公安局西湖分局", 100, 480),
                ln("有效期限 2023.01.01-2026.01.01", 100, 540),
            ]
        ),
    )
    assert got["valid_from"] == "2023-01-01" and got["valid_to"] == "2026-01-01"
    assert got["issuer"] == "杭州市公安局西湖分局"
    assert got["address"] == "杭州市西湖区文三路5号"


def test_agency_stamp_and_signature() -> None:
    img = np.full((H, W, 3), 255, np.uint8)
    cv2.putText(img, "sig", (420, 1240), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.5, (20, 20, 20), 5)
    seal = SealFound((500, 1400, 800, 1700), "round", "red", 0.9)
    reading = page(
        [
            ln("申请人签字", 100, 1200),
            ln("申请日期：2024年5月20日", 900, 1200),
            ln("经办机构（单位）盖章", 100, 1400),
        ],
        image=img,
        seals=[seal],
    )
    got = values(DECL, reading)
    assert got["applicant_signature"] is True
    assert got["signed_date"] == "2024-05-20"
    assert got["agency_stamp"] is True
    unsigned = values(DECL, page(reading.lines, image=np.full((H, W, 3), 255, np.uint8)))
    assert unsigned["applicant_signature"] is False
    assert unsigned["agency_stamp"] is False


def test_the_applicants_own_name_seal_is_no_agency_stamp() -> None:
    """The applicant pressed a personal name seal (an 18 mm square, 覃伟春印) over the signature:
    that is no agency's stamp, in the stamp box or elsewhere; an office's seal there is."""
    mm = max(W, H) / 297.0
    name_seal = SealFound((420, 1180, 420 + 18 * mm, 1180 + 18 * mm), "square", "red", 0.7)
    lines = [ln("申请人签字", 100, 1200), ln("经办机构（单位）盖章", 100, 1400)]
    assert values(DECL, page(lines, image=blank(), seals=[name_seal]))["agency_stamp"] is False
    office = SealFound((500, 1400, 500 + 40 * mm, 1400 + 40 * mm), "round", "red", 0.9)
    assert values(DECL, page(lines, image=blank(), seals=[name_seal, office]))["agency_stamp"] is True


def test_several_labels_glued_in_one_ocr_line() -> None:
    got = values(DECL, page([ln("姓名张三性别男联系电话13812345678", 100, 200)]))
    assert got["name"] == "张三"
    assert got["gender"] == "male"
    assert got["phone"] == "13812345678"


def test_written_application_letter() -> None:
    got = values(
        DocType.WRITTEN_APPLICATION,
        page(
            [
                ln("书面申请", 600, 100, 60),
                ln("本人陈美玲，身份证号码11010519491231002X，因投靠子女，", 100, 300),
                ln("长期居住在广州市，特申请办理异地就医备案。", 100, 360),
                ln("申请人：陈美玲", 900, 600),
                ln("日期：2024年8月18日", 900, 680),
            ]
        ),
    )
    assert got["name"] == "陈美玲"
    assert got["id_number"] == "11010519491231002X"
    assert got["reason"] == "投靠子女"
    assert got["signature"] is True
    assert got["date"] == "2024-08-18"


def test_letter_spaced_labels() -> None:
    got = values(DECL, page([ln("姓　　名", 100, 200), ln("张三", 400, 200), ln("性  别：女", 800, 200)]))
    assert got["name"] == "张三"
    assert got["gender"] == "female"


def test_unruled_address_wrapping_onto_a_second_line() -> None:
    got = values(
        DECL,
        page(
            [
                ln("居住地址：北京市朝阳区建国路", 100, 200),
                ln("88号院3号楼", 100 + 5 * 40, 245),
                ln("联系电话：13812345678", 100, 330),
            ]
        ),
    )
    assert got["residence_address"] == "北京市朝阳区建国路88号院3号楼"
    assert got["phone"] == "13812345678"


def test_tight_unruled_rows_do_not_wrap_into_the_next_field() -> None:
    got = values(
        DECL,
        page(
            [
                ln("居住地址：", 100, 200),
                ln("北京市朝阳区建国路88号", 320, 200),
                ln("申请原因：", 100, 250),
                ln("随子女长期居住", 320, 250),
            ]
        ),
    )
    assert got["residence_address"] == "北京市朝阳区建国路88号"
    assert got["reason"] == "随子女长期居住"


def test_a_value_does_not_wrap_into_the_numbered_choices_printed_under_it() -> None:
    got = values(
        DECL,
        page(
            [
                ln("参保单位：锡林郭勒金桥商贸有限公司", 100, 200),
                ln("1.异地转诊人员", 100 + 5 * 40, 245),
                ln("2.其他临时外出就医人员", 700, 245),
            ]
        ),
    )
    assert got["employer"] == "锡林郭勒金桥商贸有限公司"


def test_a_value_written_half_a_line_above_its_label_on_the_fill_in_line() -> None:
    got = values(
        DECL,
        page(
            [
                ln("就医地居住地址：", 160, 943),
                ln("上海市奉贤区人民北路312号锦华新村14号楼", 404, 911),
                ln("申请原因：", 160, 1043),
                ln("随子女长期居住", 404, 1043),
            ]
        ),
    )
    assert got["residence_address"] == "上海市奉贤区人民北路312号锦华新村14号楼"
    assert got["reason"] == "随子女长期居住"
    # the row above has its own label: its value is not this label's
    tight = values(
        DECL,
        page([ln("工作单位：", 160, 900), ln("上海某某公司", 404, 911), ln("居住地址：", 160, 943)]),
    )
    assert tight.get("residence_address") is None and tight["employer"] == "上海某某公司"


def test_misread_category_name_still_found() -> None:
    got = values(
        DECL,
        page(
            [ln("备案类型", 100, 300), ln("☐异地安置退休人员 ☑异地长朋居住人员 ☐常驻异地工作人员", 300, 300)]
        ),
    )
    assert got["filing_category"] == "long_term_resident"


def test_card_number_of_its_own_is_kept_as_read() -> None:
    fields = extract_fields(DECL, [page([ln("社会保障卡号：A12345678", 100, 200)])], SETTINGS)
    assert fields["social_security_number"].value == "A12345678"
    assert not fields["social_security_number"].low_confidence


def test_label_split_into_pieces_by_ocr() -> None:
    got = values(
        DECL,
        page(
            [
                ln("姓", 100, 200),
                ln("名", 200, 200),
                ln("张三", 400, 200),
                ln("选定定点", 100, 300),
                ln("医疗机构", 100, 342),
                ln("北京协和医院", 400, 320),
                ln("就医地：北京市", 100, 450),
                ln("参保人（代办人）签字：张三", 100, 600),
            ]
        ),
    )
    assert got["name"] == "张三"
    assert got["hospitals"] == ["北京协和医院"]
    assert got["applicant_signature"] is True


def test_a_signature_label_whose_wording_sits_in_brackets() -> None:
    """参保人（签章）：the bracketed 签章 is part of the label (a 参保人签章 label), while the
    bracketed 代办人 of 参保人（代办人）签字 is an insert; either way the name after it is signed."""
    for label in ("参保人（签章）：赵海", "本人(签章)：赵海", "参保人（代办人）签字：赵海"):
        got = values(DECL, page([ln("姓名", 100, 200), ln("赵海", 400, 200), ln(label, 100, 600)]))
        assert got["applicant_signature"] is True, label


def test_a_longer_label_wording_wins_over_its_shorter_start() -> None:
    """拟就医地区 is one label (not 拟就医地 followed by a value starting 区), and a city whose
    province the recogniser lost (省同市) is still the one region spelled that close."""
    got = values(DECL, page([ln("姓名", 100, 200), ln("邵建", 400, 200), ln("拟就医地区：省同市", 100, 400)]))
    assert got["destination_region"] == "山西省大同市"


def test_agent_block_does_not_replace_the_applicant() -> None:
    """The national form's 代办人 rows: another person's name, ID and phone, under compound labels
    on one form and under plain labels beside a 代办人 side heading on another."""
    applicant = [
        ln("跨省异地就医登记备案表", 500, 60, 60),
        ln("姓名", 100, 200),
        ln("田文", 400, 202, conf=0.82),
        ln("联系电话", 800, 200),
        ln("18737106430", 1100, 200, conf=0.85),
        ln("公民身份号码", 100, 300),
        ln("440306199102168371", 400, 300, conf=0.84),
    ]
    compound = [
        ln("代办人姓名", 100, 1500),
        ln("田萍萍", 400, 1502),
        ln("与参保人关系", 800, 1500),
        ln("配偶", 1100, 1500),
        ln("代办人身份证号码", 100, 1600),
        ln("440306197102163707", 500, 1600),
        ln("代办人联系电话", 900, 1600),
        ln("19990192429", 1250, 1600),
    ]
    plain = [
        ln("代", 40, 1500),
        ln("办", 40, 1560),
        ln("人", 40, 1620),
        ln("姓名", 100, 1500),
        ln("田萍萍", 400, 1502),
        ln("身份证号码", 100, 1600),
        ln("440306197102163707", 500, 1600),
        ln("联系电话", 900, 1600),
        ln("19990192429", 1250, 1600),
    ]
    for agent in (compound, plain):
        got = values(DECL, page(applicant + agent))
        assert got["name"] == "田文"
        assert got["id_number"] == "440306199102168371"
        assert got["phone"] == "18737106430"


def test_ticked_group_heading_is_not_the_category() -> None:
    """The national form: two ticked headings that are category names themselves, their choices
    after a colon; and another form whose choices carry a colon and an explanation."""
    grouped = [
        ln("备案类型", 100, 600),
        ln(
            "☑异地长期居住人员：□退休后异地安置人员 □在异地长期居住的人员 ☑常驻异地工作（派驻、外派）人员",
            300,
            580,
        ),
        ln("□临时外出就医人员：□经定点医院转诊的人员 □异地急诊、抢救人员 □其他临时外出就医人员", 300, 640),
    ]
    assert values(DECL, page(grouped))["filing_category"] == "stationed_worker"
    on_next_line = [
        ln("备案类型", 100, 600),
        ln("☑异地长期居住人员：", 300, 560),
        ln("□退休后异地安置人员 ☑在异地长期居住的人员 □常驻异地工作人员", 300, 610),
    ]
    assert values(DECL, page(on_next_line))["filing_category"] == "long_term_resident"
    explained = [
        ln("备案类型", 100, 600),
        ln("□异地安置退休人员：指退休后在异地定居的人员", 300, 560),
        ln("☑异地长期居住人员：指在异地居住生活半年以上的人员", 300, 610),
    ]
    assert values(DECL, page(explained))["filing_category"] == "long_term_resident"


def test_id_number_in_digit_boxes_under_its_label() -> None:
    """One digit per printed box: each box a line of its own, one read wrong with little confidence."""
    digits = "360104198104038652"
    boxes = [ln(d, 130 + 42 * k, 470, conf=0.13 if k == 1 else 0.99) for k, d in enumerate(digits)]
    boxes[1] = ln("0", 130 + 42, 470, conf=0.13)  # the 6 of the second box read as 0
    fields = extract_fields(DECL, [page([ln("身份证号码", 120, 408, 34), *boxes])], SETTINGS)
    assert fields["id_number"].value == digits
    assert fields["id_number"].low_confidence  # settled by the check character: a reviewer looks
    sure = [ln(d, 130 + 42 * k, 470) for k, d in enumerate(digits)]
    assert values(DECL, page([ln("身份证号码", 120, 408, 34), *sure]))["id_number"] == digits


def test_boxed_digits_read_out_of_step_are_put_back_in_their_boxes() -> None:
    """Two boxes read as one piece ("14"), a box's rule beside a digit ("0:"), and a rule read as one
    more digit in the last piece ("304" over two boxes): in order they spell no ID (19 digits); put
    back by the boxes' pitch, one way of dropping the extra digit makes the ID whose check holds."""
    digits = "140701198105021804"

    def box(k: int, text: str, width: int = 1) -> TextLine:
        return ln(text, 130 + 42 * k, 470, w=42 * width - 8)

    pieces = [box(0, "14", 2), box(2, "0:")]
    pieces += [box(k, digits[k]) for k in range(3, 16)]
    pieces.append(box(16, "304", 2))
    fields = extract_fields(DECL, [page([ln("身份证号码", 120, 408, 34), *pieces])], SETTINGS)
    assert fields["id_number"].value == digits
    assert fields["id_number"].low_confidence  # put back by position: a reviewer looks


def test_an_id_number_misread_where_the_form_prints_it_twice_takes_the_reading_that_holds() -> None:
    """身份证号码 read 3 → 8 twice (its check fails), 医保卡号 the same number read right: the
    holding reading is taken, flagged; a twin further apart, or not OCR look-alikes, is left."""

    def form(id_text: str, card_text: str) -> dict[str, object]:
        rows = [
            ln("姓名", 100, 130),
            ln("许涛", 180, 130),
            ln("身份证号码", 600, 130),
            ln(id_text, 760, 130),
            ln("医保卡号", 100, 230),
            ln(card_text, 260, 230),
        ]
        fields = extract_fields(DECL, [page(rows)], SETTINGS)
        return {"id": fields["id_number"].value, "low": fields["id_number"].low_confidence}

    assert form("820102196508076882", "320102196508076832") == {"id": "320102196508076832", "low": True}
    # four digits apart: another number, not a misread of this one
    assert form("820102196508876882", "320102196508076832")["id"] == "820102196508876882"
    # 3 and 4 are no look-alikes: left for the reviewer as read
    assert form("420102196508076832", "320102196508076832")["id"] == "420102196508076832"


def test_an_id_number_read_with_a_letter_takes_its_twins_reading() -> None:
    """公民身份号码 read 44060510m712061812 (a 9 read 0, a 7 read m: no ID number at all), 社会保障卡号
    the same number read right: the twin's reading is the ID, flagged. Without a letter, or three
    places apart, nothing is taken."""

    def form(id_text: str) -> dict[str, object]:
        rows = [
            ln("姓名", 100, 130),
            ln("周磊凯", 180, 130),
            ln("公民身份号码", 100, 230),
            ln(id_text, 300, 230),
            ln("社会保障卡号", 100, 330),
            ln("440605197712061812", 300, 330),
        ]
        fields = extract_fields(DECL, [page(rows)], SETTINGS)
        got = fields.get("id_number")
        return {"id": got.value if got else None, "low": got.low_confidence if got else None}

    assert form("44060510m712061812") == {"id": "440605197712061812", "low": True}
    assert form("4406051mm7m2061812")["id"] is None  # three places apart


def test_a_social_security_number_written_past_its_cell_takes_the_id_number() -> None:
    """社会保障卡号 written on past the table's ruling, its last one or two characters lost there
    (4101041960031804 for 41010419600318041X): where the ID number, whose check holds, begins with
    it, it is the ID number, flagged. Three characters short, or not its beginning, it stays."""

    def form(card_text: str) -> dict[str, object]:
        rows = [
            ln("姓名", 100, 130),
            ln("郭凯华", 180, 130),
            ln("公民身份号码", 100, 230),
            ln("41010419600318041X", 300, 230),
            ln("社会保障卡号", 700, 230),
            ln(card_text, 900, 230),
        ]
        got = extract_fields(DECL, [page(rows)], SETTINGS)["social_security_number"]
        return {"value": got.value, "low": got.low_confidence}

    assert form("4101041960031804") == {"value": "41010419600318041X", "low": True}
    assert form("41010419600318041")["value"] == "41010419600318041X"
    assert form("410104196003180")["value"] == "410104196003180"  # three short: not put right
    assert form("4101041960031805")["value"] == "4101041960031805"  # not the ID's beginning


def test_an_agents_id_number_is_never_the_applicants() -> None:
    """With the applicant's own number unreadable, the agent's row (经办人身份证号) gives no ID."""
    rows = [
        ln("姓名", 120, 200),
        ln("邵建涛", 300, 200),
        ln("经办人身份证号", 120, 300),
        ln("14072320011216588X", 420, 300),
    ]
    assert "id_number" not in values(DECL, page(rows))
    own = [*rows, ln("身份证号码", 120, 400), ln("140701198105021804", 420, 400)]
    assert values(DECL, page(own))["id_number"] == "140701198105021804"


def test_a_phone_number_that_is_no_real_mobile_is_reported_as_written() -> None:
    # 11565148601 is no mobile number (no 1[3-9] prefix): reported, not lost, so that the phone
    # rule flags it on the right field instead of "phone missing"
    head = [ln("姓名", 120, 230), ln("黎玉露", 300, 230), ln("本人电话", 900, 230)]
    reading = page([*head, ln("11565148601", 1090, 230)])
    fields = extract_fields(DECL, [reading], SETTINGS)
    assert fields["phone"].value == "11565148601" and fields["phone"].low_confidence
    # a number one digit short is no phone at all
    short = page([*head, ln("1156514860", 1090, 230)])
    assert "phone" not in values(DECL, short)


def _form_with_gender(gender: str) -> list[TextLine]:
    return [
        ln("绵阳市异地长期居住人员备案表", 853, 91, 56),
        ln("姓名：", 144, 212),
        ln("马婷", 305, 214),
        ln("性别：", 692, 217),
        ln(gender, 836, 217),
        ln("身份证号码：", 1003, 209),
        ln("510722198105097148", 1201, 214),
    ]


def test_a_gender_no_mark_gave_is_the_one_the_id_number_encodes_flagged() -> None:
    """A handwritten 女 read as 4: no gender read, where the ID number holds its check (its 17th
    digit even: female) the gender it encodes, less sure; a gender read stays as read, so a form
    that disagrees with its ID is still caught by the checks."""
    fields = extract_fields(DECL, [page(_form_with_gender("4"))], SETTINGS)
    assert fields["gender"].value == "female" and fields["gender"].low_confidence
    assert values(DECL, page(_form_with_gender("男")))["gender"] == "male"
    broken = [
        x if x.text != "510722198105097148" else ln("510722198105097149", 1201, 214)
        for x in _form_with_gender("4")
    ]
    assert "gender" not in values(DECL, page(broken))
