"""Field extraction from letters and proofs (applications, commitments, certificates, permits,
registers), on hand-built PageReadings (no OCR models)."""

from __future__ import annotations

import cv2
import numpy as np
from readings import SETTINGS, H, W, blank, grid, ln, page, values

from extract.fields import extract_fields
from extract.fields.form import candidate_pieces, page_context
from extract.fields.labels import table_for
from kernel.domain import DocType
from kernel.reading import PageReading, SealFound

APPLICATION = DocType.WRITTEN_APPLICATION
CERTIFICATE = DocType.RESIDENCE_CERTIFICATE
ID = "11010519491231002X"


def letter(*body: str, sign: str = "申请人：王芳", date: str = "日期：2024年8月18日") -> PageReading:
    """A letter: heading, body lines, then the signature and date lines at the bottom right."""
    lines = [ln("书面申请", 650, 100, 60)]
    lines += [ln(text, 150, 300 + 60 * i) for i, text in enumerate(body)]
    lines += [ln(sign, 900, 900), ln(date, 900, 1000)]
    return page(lines)


def test_name_introduced_by_wo_jiao_in_the_letter_body() -> None:
    body = (f"我叫陈美玲，身份证号码{ID}。现因随子女异地长期居住，", "需在广州市长期就医。")
    got = values(APPLICATION, letter(*body))
    assert got["name"] == "陈美玲"
    # without a comma before the ID number
    got = values(APPLICATION, letter(f"我叫陈美玲身份证号码{ID}。现因退休异地安置，"))
    assert got["name"] == "陈美玲"


def test_body_name_beats_the_handwritten_signature_line() -> None:
    got = values(APPLICATION, letter(f"我叫陈美玲，身份证号码{ID}。", sign="申请人（签名）：陈美"))
    assert got["name"] == "陈美玲"


def test_signature_line_name_stops_before_the_date_label() -> None:
    # "申请人：王芳" and "日期：…" on two rows: the name must not run on into the next row's label
    fields = extract_fields(APPLICATION, [letter("特向贵中心申请办理异地就医备案手续，请予批准。")], SETTINGS)
    assert fields["name"].value == "王芳"
    assert fields["name"].confidence < 0.8  # a handwritten signature line is trusted less


def test_signature_label_words_are_not_the_name() -> None:
    for sign in ("申请人签字：王芳", "申请人（签名）：王芳", "承诺人（签字）：王芳"):
        got = values(APPLICATION, letter("特向贵中心申请办理异地就医备案手续，请予批准。", sign=sign))
        assert got["name"] == "王芳", sign


def test_employee_named_in_an_employers_certificate() -> None:
    got = values(
        CERTIFICATE,
        page(
            [
                ln("工作证明", 650, 100, 60),
                ln(f"我公司员工郭敏玲，女，身份证{ID}，因工作需要长期在", 150, 300),
                ln("上海市驻点工作，居住于上海市虹口区黄河路6号。", 150, 360),
                ln("特此证明！", 150, 420),
            ]
        ),
    )
    assert got["name"] == "郭敏玲"
    assert got["address"] == "上海市虹口区黄河路6号"


def test_variant_zi_of_zi_you_introduces_the_name() -> None:
    got = values(
        CERTIFICATE,
        page([ln("证明", 700, 100, 60), ln(f"茲有蒋波亮（男，公民身份号码：{ID}），自2022年起在", 150, 300)]),
    )
    assert got["name"] == "蒋波亮"


def test_validity_period_starts_with_the_earlier_date() -> None:
    # a temporary permit's ruled cell, filled by hand: the 至-date written a little higher
    reading = page(
        [
            ln("暂住证", 700, 100, 60),
            ln("暂住处所", 220, 330),
            ln("广东省深圳市龙岗区南京西路408号", 520, 330),
            ln("有效期限", 220, 430),
            ln("自2023年8月10日", 520, 432),
            ln("至", 980, 436),
            ln("2028年8月10日", 1030, 428),
        ]
    )
    reading.image = grid(blank(), [300, 400, 500], [200, 500, 1500])
    got = values(DocType.RESIDENCE_PERMIT, reading)
    assert got["valid_from"] == "2023-08-10" and got["valid_to"] == "2028-08-10"
    assert got["address"] == "广东省深圳市龙岗区南京西路408号"
    # read in either order, the period is the same
    swapped = page([ln("有效期限", 220, 430), ln("2028.08.10-2023.08.10", 520, 430)])
    got = values(DocType.RESIDENCE_PERMIT, swapped)
    assert got["valid_from"] == "2023-08-10" and got["valid_to"] == "2028-08-10"


def test_lines_in_a_ruled_cell_are_read_row_by_row() -> None:
    cell = [ln("自2023年8月10日", 520, 432), ln("至2028年8月10日", 980, 426)]  # the second a little higher
    reading = page([ln("有效期限", 220, 430), *cell])
    reading.image = grid(blank(), [300, 400, 500], [200, 500, 1500])
    ctx = page_context(reading, table_for(["validity"]))
    (anchor,) = ctx.anchors_of("validity")
    assert candidate_pieces(anchor, ctx)[0].text == "自2023年8月10日至2028年8月10日"


def test_referral_form_is_dated_by_the_stamped_opinion() -> None:
    """Two dated opinions: the department's (signed) and the hospital office's under its seal."""
    seal = SealFound((900, 1150, 1200, 1450), "round", "red", 0.9, "扬州市人民医院")
    reading = page(
        [
            ln("异地转诊转院审批表", 550, 200, 50),
            ln("姓名", 140, 300),
            ln("宋兰", 260, 300),
            ln("科室意见", 150, 1010),
            ln("主任签字：", 750, 1065),
            ln("2026.07.14", 1080, 1065),
            ln("医院医保办（医务科）意见", 130, 1250),
            ln("（盖章）", 820, 1270),
            ln("2026-715", 950, 1340),
            ln("参保地医保经办机构意见", 130, 1480),
        ],
        seals=[seal],
    )
    fields = extract_fields(DocType.REFERRAL_CERTIFICATE, [reading], SETTINGS)
    assert fields["issue_date"].value == "2026-07-15"
    assert fields["issue_date"].confidence < 0.8  # its month and day ran together
    # without a seal found, the last dated opinion
    reading.seals = []
    reading.lines[8] = ln("2026.07.15", 950, 1340)
    assert values(DocType.REFERRAL_CERTIFICATE, reading)["issue_date"] == "2026-07-15"


def test_misread_label_close_to_two_wordings_is_the_one_not_printed() -> None:
    # "转往医院" read "转住医院": one character from 转出医院 as well, which is printed above it
    reading = page(
        [
            ln("转出医院", 130, 470),
            ln("南充市人民医院", 290, 470),
            ln("转住医院", 130, 550),
            ln("河北医科大学第三医院", 290, 550),
        ]
    )
    got = values(DocType.REFERRAL_CERTIFICATE, reading)
    assert got["referring_hospital"] == "南充市人民医院"
    assert got["target_hospital"] == "河北医科大学第三医院"


def test_address_label_in_running_text_stops_at_the_sentence() -> None:
    reading = page(
        [
            ln("证明", 700, 100, 60),
            ln(f"兹有蒋波亮（男，公民身份号码：{ID}），自2022年起在", 150, 300),
            ln("我辖区居住，住址：海口市秀英区柳树镇柳树村1组38号，已连续居住4年，", 150, 360),
            ln("情况属实。", 150, 420),
        ]
    )
    assert values(CERTIFICATE, reading)["address"] == "海口市秀英区柳树镇柳树村1组38号"


def test_card_address_wraps_beside_a_photo_frame() -> None:
    # a residence permit card: the only ruled box on the page is the photo's frame
    img = np.full((H, W, 3), 255, np.uint8)
    cv2.rectangle(img, (1100, 1250), (1400, 1600), (0, 0, 0), 4)
    reading = page(
        [
            ln("广东省居住证", 750, 430, 50),
            ln("姓名", 500, 1280, 36),
            ln("余红敏", 580, 1280, 36),
            ln("住址", 500, 1470, 36),
            ln("深圳市福田区光华路324号幸", 580, 1467, 36),
            ln("福里18栋3单元2101室", 583, 1511, 36),
            ln("公民身份号码", 500, 1700, 36),
            ln(ID, 670, 1700, 36),
        ]
    )
    reading.image = img
    got = values(DocType.RESIDENCE_PERMIT, reading)
    assert got["address"] == "深圳市福田区光华路324号幸福里18栋3单元2101室"
    assert got["id_number"] == ID


def test_address_wraps_onto_tightly_set_lines() -> None:
    # OCR boxes of tightly set lines overlap by a few pixels
    reading = page(
        [
            ln("住址", 311, 479, 30),
            ln("山东省济南市市中区府前路", 376, 474, 33),
            ln("492号碧水湾27栋1单元", 376, 505, 36),
            ln("1404室", 376, 541, 35),
            ln("公民身份号码", 311, 657, 33),
            ln(ID, 444, 653, 33),
        ]
    )
    got = values(DocType.RESIDENCE_PERMIT, reading)
    assert got["address"] == "山东省济南市市中区府前路492号碧水湾27栋1单元1404室"


def test_address_phrase_in_a_sentence_follows_the_text_over_the_line_end() -> None:
    """ "现居住地址为…" is a sentence, not a label: the address wraps at the margin, not under itself."""
    reading = page(
        [
            ln("派驻工作证明", 650, 100, 60),
            ln(f"兹证明魏萍霞同志（身份证号码：{ID}）系我单位正", 190, 550),
            ln("式职工，自2025年5月起被派驻云南省昆明市工作，现居住地址为昆明市禄劝", 190, 615),
            ln("彝族苗族自治县延安路955号。", 190, 680),
            ln("特此证明。", 260, 750),
        ]
    )
    got = values(CERTIFICATE, reading)
    # 自治县 is part of the address: only 自 before a year ends it
    assert got["address"] == "昆明市禄劝彝族苗族自治县延安路955号"
    assert got["name"] == "魏萍霞"


def test_address_moved_whole_to_the_line_after_its_intro_is_read() -> None:
    # "现居住地址为" ends a short line (the printer moved the long address down whole): the line
    # stops short of the margin, yet the sentence is not over
    reading = page(
        [
            ln("居住证明", 650, 100, 60),
            ln(f"兹证明武怡妹（女，公民身份号码：{ID}），自2018年7月起在", 190, 400),
            ln("我辖区居住至今，现居住地址为", 170, 475),
            ln("上海市奉贤区人民北路312号锦华新村14号楼4单元1603室，系长期居住。", 175, 546),
            ln("特此证明。", 236, 609),
        ]
    )
    assert values(CERTIFICATE, reading)["address"] == "上海市奉贤区人民北路312号锦华新村14号楼4单元1603室"


def test_label_alone_in_its_cell_stays_a_label() -> None:
    # a ruled certificate whose label OCR misread in front ("凭铁地址" for 现居住地址)
    reading = page(
        [
            ln("居住情况证明表", 600, 100, 60),
            ln("凭铁地址", 105, 360),
            ln("山西省大同市天镇县科技园路553号", 300, 360),
            ln("居住起始时间", 100, 415),
            ln("2023年7月19日", 300, 415),
        ]
    )
    assert values(CERTIFICATE, reading)["address"] == "山西省大同市天镇县科技园路553号"


def test_issue_date_is_never_another_rows_labelled_date() -> None:
    rows = [
        ln("居住情况证明表", 600, 100, 60),
        ln("姓名", 105, 200),
        ln("许飞波", 300, 200),
        ln("居住起始时间", 100, 415),
        ln("2023年7月19日", 360, 415),
        ln("天镇县府前街道阳光社区居民委员会", 700, 1240),
    ]
    assert "issue_date" not in values(CERTIFICATE, page(rows))  # the issuer's date was not read
    dated = page([*rows, ln("2026.10.14", 900, 1320)])
    assert values(CERTIFICATE, dated)["issue_date"] == "2026-10-14"


def employer_letter(signed_by: str) -> PageReading:
    return page(
        [
            ln("证明", 700, 230, 70),
            ln(f"我公司员工叶帆磊，男，身份证{ID}，因工作需要长期在", 225, 490),
            ln("湖北省武汉市驻点工作，居住于湖北省武汉市江汉区南京西路347号。", 156, 556),
            ln("特此证明！", 220, 704),
            ln(signed_by, 815, 1117),
            ln("2026年8月10日", 884, 1200),
        ]
    )


def test_issuer_is_the_organisation_signing_the_letter() -> None:
    for issuer in ("天津汇通设计研究院", "上海恒信网络技术服务中心"):
        assert values(CERTIFICATE, employer_letter(issuer))["issuer"] == issuer
    # a name of no known kind, printed where the issuer signs above its date: less sure
    fields = extract_fields(CERTIFICATE, [employer_letter("天津汇通咨询工作室")], SETTINGS)
    assert fields["issuer"].value == "天津汇通咨询工作室"
    assert fields["issuer"].confidence < 0.8


def test_an_issuer_line_a_seal_garbled_gives_way_to_that_seals_fuller_ring() -> None:
    # the printed name under the seal lost 民委 (…社区居员会): the pattern stops at 社区 with the
    # line going on; the ring of the seal pressed on that line reads the whole name
    name = "辽中区新华街道东风社区居民委员会"
    rows = employer_letter("辽中区新道东广社区居员会").lines
    seal = SealFound((760.0, 1000.0, 1100.0, 1340.0), "round", "gray", 0.97, name)
    assert values(CERTIFICATE, page(rows, seals=[seal]))["issuer"] == name
    # a seal elsewhere on the page (another body's) is not taken for it
    apart = SealFound((100.0, 1400.0, 440.0, 1740.0), "round", "gray", 0.97, name)
    assert values(CERTIFICATE, page(rows, seals=[apart]))["issuer"] == "辽中区新道东广社区"
    # nor is any seal when the printed name is whole
    whole = employer_letter("辽中区新道东广社区居民委员会").lines
    assert values(CERTIFICATE, page(whole, seals=[seal]))["issuer"] == "辽中区新道东广社区居民委员会"


def test_an_issuer_line_a_seal_garbled_gives_way_to_the_letterhead_naming_the_same_body() -> None:
    # the signing line lost 居 under the seal (…和平社区民委员会: the pattern stops at 社区 with the
    # line going on); the paper's letterhead prints the body's whole name
    garbled = employer_letter("二七区和平社区民委员会").lines
    head = ln("二七区和平社区居民委员会", 420, 115, 50)
    assert values(CERTIFICATE, page([head, *garbled]))["issuer"] == "二七区和平社区居民委员会"
    assert values(CERTIFICATE, page(garbled))["issuer"] == "二七区和平社区"
    # another body's letterhead is not taken for it, nor is the letterhead when the signing is whole
    other = ln("郑州市公安局二七分局", 420, 115, 50)
    assert values(CERTIFICATE, page([other, *garbled]))["issuer"] == "二七区和平社区"
    whole = employer_letter("二七区和平社区居委会").lines
    assert values(CERTIFICATE, page([head, *whole]))["issuer"] == "二七区和平社区居委会"


def test_hospital_value_must_name_an_institution() -> None:
    # "转诊转院审批表" is one character from the 转诊医院 label: its 审批表 is no hospital
    heading = ln("转诊转院审批表", 420, 146, 40)
    reading = page([heading, ln("转出医院", 100, 350), ln("浙江省人民医院", 300, 350)])
    got = values(DocType.REFERRAL_CERTIFICATE, reading)
    assert got["referring_hospital"] == "浙江省人民医院"
    alone = page([heading])
    assert "referring_hospital" not in values(DocType.REFERRAL_CERTIFICATE, alone)


def _referral_rows(target: str = "浙江大学医学院附属第一医院") -> list:
    """A referral certificate's rows, no 转出医院 label and no 我院/本院 sentence: the target hospital
    stands in its own cell beside 转往医院：."""
    return [
        ln("转诊证明", 640, 300, 50),
        ln("患者姓名：陶芳", 150, 420),
        ln("身份证号：", 150, 600),
        ln("520111197904280649", 400, 600),
        ln("转往医院：", 150, 730),
        ln(target, 400, 730),
        ln("转诊原因：病情复杂，本院诊疗条件有限", 150, 800),
        ln("主治医师（签字）：刘立平", 150, 910),
    ]


def test_a_referrals_hospital_is_read_from_its_letterhead() -> None:
    rows = [ln("邯郸市人民医院", 600, 200, 60), *_referral_rows()]
    got = values(DocType.REFERRAL_CERTIFICATE, page(rows))
    assert got["referring_hospital"] == "邯郸市人民医院"
    assert got["target_hospital"] == "浙江大学医学院附属第一医院"


def test_a_referrals_hospital_is_read_from_the_name_it_signs_with() -> None:
    rows = [*_referral_rows(), ln("贵阳市中医院", 950, 1120), ln("2026年4月19日", 950, 1180)]
    assert values(DocType.REFERRAL_CERTIFICATE, page(rows))["referring_hospital"] == "贵阳市中医院"
    # the target hospital alone in its cell is above a labelled row: never the one signing
    assert "referring_hospital" not in values(DocType.REFERRAL_CERTIFICATE, page(_referral_rows()))
    # nor is a hospital named lower down in a labelled row, or an agency signing
    agency = [*_referral_rows(), ln("贵阳市医疗保障事务中心", 950, 1120)]
    assert "referring_hospital" not in values(DocType.REFERRAL_CERTIFICATE, page(agency))


def test_commitment_id_with_one_unreadable_digit_is_kept_with_less_confidence() -> None:
    reading = page(
        [
            ln("异地就医备案承诺书", 570, 244, 58),
            ln("姓名", 289, 488),
            ln("宋志", 497, 487),
            ln("身份证号码", 251, 592),
            ln("52012319721015/81x", 494, 592),
        ]
    )
    fields = extract_fields(DocType.PERSONAL_COMMITMENT, [reading], SETTINGS)
    assert fields["id_number"].value == "52012319721015781X"
    assert fields["id_number"].low_confidence


def _commitment(typed: str, signed: str) -> PageReading:
    return page(
        [
            ln("个人承诺书", 684, 292, 60),
            ln(f"本人{typed}，公民身份号码370112197511209030。本承诺所提交的异地居", 222, 448),
            ln("住情况真实，如有虚假，愿承担由此产生的一切法律责任。", 222, 512),
            ln(f"签名：{signed}", 853, 737),
            ln("日期：2026年6月7日", 861, 859),
        ]
    )


def test_a_typed_name_read_a_character_short_is_mended_by_the_signed_name() -> None:
    """OCR read 本人刘文波 as 本刘波 (two characters lost, one of the name): the name signed under the
    letter holds the typed one with one character more, and is the name, less sure."""
    fields = extract_fields(DocType.PERSONAL_COMMITMENT, [_commitment("刘波", "刘文波")], SETTINGS)
    assert fields["name"].value == "刘文波"
    assert fields["name"].low_confidence
    # a signed name that differs otherwise (another person, another character) is left to the checks
    assert values(DocType.PERSONAL_COMMITMENT, _commitment("刘波", "王文波"))["name"] == "刘波"
    assert values(DocType.PERSONAL_COMMITMENT, _commitment("刘文波", "刘文涛"))["name"] == "刘文波"
    assert values(DocType.PERSONAL_COMMITMENT, _commitment("刘文波", "刘文波"))["name"] == "刘文波"


def test_validity_period_without_a_readable_label() -> None:
    reading = page([ln("山东省居住证", 515, 967, 48), ln("有效2025-04-04-2030-04-04", 329, 1191)])
    fields = extract_fields(DocType.RESIDENCE_PERMIT, [reading], SETTINGS)
    assert (fields["valid_from"].value, fields["valid_to"].value) == ("2025-04-04", "2030-04-04")
    assert fields["valid_from"].low_confidence  # no label said so
    # a birth date and a signing date on one line are no period
    two = page([ln("出生1973年11月13日 签发2025年4月4日", 329, 1191)])
    assert "valid_from" not in values(DocType.RESIDENCE_PERMIT, two)


def test_resident_named_by_role_in_a_police_or_committee_letter() -> None:
    for role in ("暂住人口", "辖区居民"):
        reading = page(
            [
                ln("证明", 730, 272, 70),
                ln(f"经核实，{role}苏文，身份证号{ID}，实际居住在陕", 270, 552),
                ln("西省西安市蓝田县延安路443号，居住时间半年以上。", 196, 620),
            ]
        )
        got = values(CERTIFICATE, reading)
        assert got["name"] == "苏文", role
        assert got["address"] == "陕西省西安市蓝田县延安路443号"


def test_name_read_one_character_short_is_not_completed_with_its_title() -> None:
    # 唐秀 read as 秀: "秀同志" is no name
    reading = page(
        [ln("派驻工作证明", 650, 150, 60), ln(f"兹证明秀同志（身份证号：{ID}）系我单位职工，", 150, 300)]
    )
    assert "name" not in values(CERTIFICATE, reading)


def test_address_ends_with_its_paragraph() -> None:
    """A paragraph's last line stops short of the margin; the signature block after it is no address."""
    reading = page(
        [
            ln("派驻工作证明", 650, 150, 60),
            ln(f"兹证明唐秀同志（身份证号：{ID}）系我单位职工，自", 150, 300),
            ln("2022年3月起被派驻云南省昆明市工作，现居住地址为云南省昆明市禄劝彝", 110, 360),
            ln("族苗族自治县龙泉镇东岗村7组12号", 110, 420),
            ln("特此证明：", 150, 480),
            ln("台州中建电力工程集团有限公司", 900, 900),
            ln("2026年09月30日", 950, 960),
        ]
    )
    assert values(CERTIFICATE, reading)["address"] == "云南省昆明市禄劝彝族苗族自治县龙泉镇东岗村7组12号"


def test_a_reason_stated_without_an_intro_word() -> None:
    """A letter's sentence that opens with the reason itself (no 因 / 由于 / 原因) and moves on to
    where the writer lives and what is asked: the reason is that sentence's clause up to there."""
    body = (
        f"我叫徐丹勇，身份证号{ID}。退休异地安置，长期居住在深圳市，现",
        "居住在广东省深圳市南山区解放大道26号院6栋2103，为方便就医，特申请办理异地就医",
        "备案手续，恳请批准。",
    )
    assert values(APPLICATION, letter(*body))["reason"] == "退休异地安置,长期居住在深圳市"  # (halfwidth)
    # an intro word still decides where there is one
    short = f"我叫徐丹勇，身份证号{ID}。因工作调动常驻广州市，特申请办理异地就医备案。"
    assert values(APPLICATION, letter(short))["reason"] == "工作调动常驻广州市"


def test_a_certificates_address_after_the_place_that_vouches_for_it() -> None:
    """兹有…自2021年起在我所辖区广东省深圳市…居住 / 在本社区…实际居住: the address follows the
    issuer's own place word, with no 居住在 before it; a province whose first character the scan
    lost is put back from the division list, as a labelled address's district is."""
    lines = [
        ln("户籍及居住证明", 634, 257, 60),
        ln(f"兹有邵敏欣，女，身份证号{ID}，自2021年起在我所辖区广东", 272, 394),
        ln("省深圳市福田区和平大道22号朝阳家园16号楼5单元901室居住，情况属实。特此证", 203, 455),
        ln("明。", 193, 506),
        ln("深圳市公安局福田分局东关派出所", 942, 1354),
        ln("2025-08-19", 1279, 1417),
    ]
    assert (
        values(CERTIFICATE, page(lines))["address"]
        == "广东省深圳市福田区和平大道22号朝阳家园16号楼5单元901室"
    )
    lines[1:3] = [
        ln(f"兹有徐丹勇，男，身份证号{ID}，2011年起在本社区东省深", 250, 345),
        ln("圳市南山区解放大道26号院6栋2103实际居住，至今未离开。特此证明。", 186, 408),
    ]
    assert values(CERTIFICATE, page(lines))["address"] == "广东省深圳市南山区解放大道26号院6栋2103"


def test_a_letters_address_ends_at_its_house_number_where_the_next_clause_runs_on() -> None:
    """…学府路41号院3栋1529 / 需在当地长期工作和居住: no comma after the address, the next clause
    starts right after its number."""
    rows = [
        ln("居住证明", 673, 279, 60),
        ln("兹证明姜英子（男，公民身份号码：451322200308172673）系我单位职工，自2009年", 248, 418),
        ln("起由单位派驻至山东省济南市工作，现居住于山东省济南市历下区学府路41号院3栋1529", 181, 474),
        ln("需在当地长期工作和居住。特此证明。", 211, 533),
    ]
    assert values(CERTIFICATE, page(rows))["address"] == "山东省济南市历下区学府路41号院3栋1529"
    # a place whose name holds such a word before any number stays whole (现代城)
    rows[2] = ln("起由单位派驻至山东省济南市工作，现居住于济南市历下区现代城小区5号楼2单元301室。", 181, 474)
    assert values(CERTIFICATE, page(rows[:3]))["address"] == "济南市历下区现代城小区5号楼2单元301室"
