"""Card copies (extract.cards) on hand-built page readings: OCR lines placed as a detector reports
them for a real-size card on an A4 sheet, no models. A card's text is ~20 px high at 200 dpi."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from builders import GOOD_ID, codes, declaration, doc
from readings import H, W, page, values

import extract.cards.locate as locate
from extract.cards import page_card_types
from extract.cards.template import choose_face
from extract.classify import classify_page
from extract.documents import build_documents
from kernel.domain import DocType
from kernel.reading import PageReading, TextLine
from kernel.settings import Settings
from validate.check import validate_filing
from validate.grouping import group_documents

SETTINGS = Settings(low_confidence=0.80)
TODAY = date(2024, 6, 1)
HT = 22  # line height in pixels


def tl(
    text: str, x: float, y: float, angle: float = 0.0, about: tuple[float, float] = (700, 600), h: float = HT
) -> TextLine:
    """A line ``h`` high at (x, y), turned ``angle`` degrees about ``about`` (a card copied askew)."""
    width = sum(h if ord(c) > 0x2E80 else 0.55 * h for c in text)
    corners = [(x, y), (x + width, y), (x + width, y + h), (x, y + h)]
    a = math.radians(angle)
    cx, cy = about
    turned = tuple(
        (
            cx + (px - cx) * math.cos(a) - (py - cy) * math.sin(a),
            cy + (px - cx) * math.sin(a) + (py - cy) * math.cos(a),
        )
        for px, py in corners
    )
    xs, ys = [p[0] for p in turned], [p[1] for p in turned]
    return TextLine(text, (min(xs), min(ys), max(xs), max(ys)), 0.97, turned)


def id_front(x: float, y: float, angle: float = 0.0, **kw: str) -> list[TextLine]:
    v = {"name": "张三", "birth": "1988年3月15日", "gender": "男", "id": GOOD_ID, **kw}
    about = (x + 300, y + 200)
    return [
        tl("姓名", x, y, angle, about),
        tl(v["name"], x + 80, y, angle, about),
        tl("性别", x, y + 55, angle, about),
        tl(v["gender"], x + 80, y + 55, angle, about),
        tl("民族", x + 160, y + 55, angle, about),
        tl("汉", x + 240, y + 55, angle, about),
        tl("出生" + v["birth"], x, y + 110, angle, about),  # OCR glued the label to its value
        tl("住址", x, y + 165, angle, about),
        tl("山西省太原市小店区坞城", x + 80, y + 165, angle, about),
        tl("路92号3单元501室", x + 80, y + 200, angle, about),
        tl("公民身份号码", x, y + 330, angle, about),
        tl(v["id"], x + 200, y + 330, angle, about),
    ]


def id_back(x: float, y: float, validity: str = "2016.03.01-2036.03.01") -> list[TextLine]:
    return [
        tl("中华人民共和国", x + 200, y + 30, h=34),
        tl("居民身份证", x + 210, y + 90, h=48),
        tl("签发机关", x + 100, y + 280),
        tl("太原市公安局小店分局", x + 220, y + 280),
        tl("有效期限", x + 100, y + 330),
        tl(validity, x + 220, y + 330),
    ]


def ss_card(
    x: float,
    y: float,
    number: str = GOOD_ID,
    name: str = "张三",
    issuer: str = "发卡机构 山西省太原市人力资源和社会保障局",
) -> list[TextLine]:
    return [
        tl("中华人民共和国社会保障卡", x + 60, y + 20, h=30),
        tl("姓名", x + 150, y + 120),
        tl(name, x + 300, y + 120),
        tl("社会保障号码", x + 150, y + 170),
        tl(number, x + 330, y + 170),
        tl("社会保障卡号A12345678", x + 150, y + 220),
        tl("有效期至2030年05月31日", x + 150, y + 270),
        tl(issuer, x + 150, y + 330),
    ]


def sheet(*cards: list[TextLine]) -> PageReading:
    return page([ln for card in cards for ln in card])


def test_id_card_front_and_back_on_one_sheet_are_one_document_with_every_field() -> None:
    reading = sheet(id_front(400, 300), id_back(400, 1300))
    assert classify_page(reading)[0] == DocType.ID_CARD
    docs = build_documents("p1/card.jpg", "ab" * 32, [reading], SETTINGS)
    assert [d.doc_type for d in docs] == [DocType.ID_CARD]
    got = {k: v.value for k, v in docs[0].fields.items()}
    assert got == {
        "name": "张三",
        "gender": "male",
        "ethnicity": "汉",
        "birth_date": "1988-03-15",
        "address": "山西省太原市小店区坞城路92号3单元501室",
        "id_number": GOOD_ID,
        "issuer": "太原市公安局小店分局",
        "valid_from": "2016-03-01",
        "valid_to": "2036-03-01",
        "valid_indefinitely": False,
    }


def test_a_card_copied_askew_reads_in_its_own_frame() -> None:
    # tilted 6 degrees: the value right of 姓名 lies ~9 px lower than the label, the ID ~35 px
    reading = sheet(id_front(400, 300, angle=6.0))
    got = values(DocType.ID_CARD, reading)
    assert (got["name"], got["gender"], got["id_number"]) == ("张三", "male", GOOD_ID)
    assert got["address"] == "山西省太原市小店区坞城路92号3单元501室"


def test_a_card_laid_sideways_and_read_down_the_page_reads_in_its_own_frame() -> None:
    # its top to the right of an upright sheet (the back beside it upright): the recogniser read
    # each line turned, so the lines are right but run down the page, labels above their values
    reading = sheet(id_front(400, 300, angle=90.0), id_back(300, 1400))
    got = values(DocType.ID_CARD, reading)
    assert (got["name"], got["gender"], got["id_number"]) == ("张三", "male", GOOD_ID)
    assert got["address"] == "山西省太原市小店区坞城路92号3单元501室"
    assert got["issuer"] == "太原市公安局小店分局"


def test_a_stamps_words_pressed_on_a_cards_row_are_no_part_of_its_value() -> None:
    # a 复印件与原件一致 stamp over the card's right half, its words read as one tall line on the
    # name's row, just right of the name
    card = ss_card(400, 600, name="武怡妹")
    name = next(x for x in card if x.text == "武怡妹")
    x, y0, y1 = name.box[2], name.box[1], name.box[3]
    stamp = TextLine("复印件与原件一致", (x + 20, y0 - 40, x + 270, y1 + 60), 1.0)
    got = values(DocType.SOCIAL_SECURITY_CARD, sheet([*card, stamp]))
    assert got["name"] == "武怡妹"


def test_the_bank_a_social_security_card_prints_is_no_id_cards_issuer() -> None:
    # an ID card's front beside a social-security card that prints its bank: the front has no
    # issuer, and the page's last organisation (the bank) is none
    ss = [*ss_card(400, 1200, issuer="山西省太原市"), tl("中国工商银行", 900, 1540)]
    got = values(DocType.ID_CARD, sheet(id_front(400, 300), ss))
    assert got["name"] == "张三" and "issuer" not in got


def test_indefinite_validity_has_no_end_date() -> None:
    got = values(DocType.ID_CARD, sheet(id_back(400, 600, "2012.05.20-长期")))
    assert got["valid_from"] == "2012-05-20" and got["valid_indefinitely"] is True
    assert "valid_to" not in got


@pytest.mark.parametrize("validity", ["2018.05.27-长期", "2016.03.01-2036.03.01"])
def test_a_validity_range_whose_label_ocr_lost_is_still_read(validity: str) -> None:
    lines = [
        tl("1", ln.box[0], ln.box[1]) if ln.text == "有效期限" else ln for ln in id_back(400, 600, validity)
    ]
    got = values(DocType.ID_CARD, sheet(lines))
    assert got["valid_from"] == validity[:10].replace(".", "-")
    assert got["valid_indefinitely"] is ("长期" in validity)


def test_the_id_number_corrects_a_misread_birth_date_and_fills_the_gender() -> None:
    lines = [ln for ln in id_front(400, 300, birth="1986年3月15日") if ln.text not in ("男",)]
    got = values(DocType.ID_CARD, sheet(lines))
    assert got["birth_date"] == "1988-03-15"  # digits 7-14 of the checked ID number
    assert got["gender"] == "male"  # 17th digit odd


def test_front_and_back_side_by_side_joined_by_the_backs_big_title_are_two_cards() -> None:
    """A landscape sheet, back and front side by side: the back's 居民身份证 (twice the body's
    height) has a gap threshold that reaches the front, so their lines made one cluster too wide
    for a card, and the page was no card at all. Cut at the wide gap between its columns."""
    lines = [*id_back(100, 300), *id_front(800, 300)]
    reading = PageReading(page=1, width=2339, height=1654, lines=lines)
    assert classify_page(reading)[0] == DocType.ID_CARD
    docs = build_documents("p1/cards.jpg", "cd" * 32, [reading], SETTINGS)
    got = {k: v.value for k, v in docs[0].fields.items()}
    assert (got["name"], got["id_number"]) == ("张三", GOOD_ID)  # the front's
    assert (got["issuer"], got["valid_to"]) == ("太原市公安局小店分局", "2036-03-01")  # the back's


def test_a_card_whose_outline_was_not_found_beside_one_that_was_is_found_by_its_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The image search found the back's outline only (a white front on a white sheet): the front
    is still a card, from the cluster its lines make among the lines no outline holds."""

    back_outline = np.array([[480, 300], [1100, 300], [1100, 700], [480, 700]], np.float64)
    monkeypatch.setattr(locate, "face_quads", lambda image, side: [back_outline])
    reading = page([*id_back(400, 300), *id_front(400, 1100)], image=np.full((H, W), 250, np.uint8))
    regions = locate.card_regions(reading)
    assert len(regions) == 2
    faces = [choose_face([ln.text for ln in r.lines]) for r in regions]
    assert {f.name for f in faces if f is not None} == {"id_front", "id_back"}


def test_a_cards_label_column_left_out_of_the_outline_found_is_still_the_cards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The image search found an inner panel holding the values only (姓名, 性别 … stood just left
    of it): the labels' column, on the same rows beside it, is the same card, not a card of its own,
    and the front's fields are read whole."""
    values_panel = np.array([[470, 290], [1000, 290], [1000, 650], [470, 650]], np.float64)
    monkeypatch.setattr(locate, "face_quads", lambda image, side: [values_panel])
    reading = page(id_front(400, 300), image=np.full((H, W), 250, np.uint8))
    regions = locate.card_regions(reading)
    assert len(regions) == 1
    assert {"姓名", "性别", "住址"} <= {ln.text for ln in regions[0].lines}
    got = values(DocType.ID_CARD, reading)
    assert (got["name"], got["gender"], got["id_number"]) == ("张三", "male", GOOD_ID)


def test_an_ethnicity_glued_to_its_label_with_a_label_character_lost_is_read() -> None:
    """民族 满 read as one line 民满 (族 lost): no 民族 label matches, the ethnic group ends the line."""
    lines = [ln for ln in id_front(400, 300) if ln.text not in ("民族", "汉")]
    lines.append(tl("民满", 560, 355))
    assert values(DocType.ID_CARD, sheet(lines))["ethnicity"] == "满"
    # a line of the address or a name is no such label
    lines[-1] = tl("民航路", 560, 355)
    assert "ethnicity" not in values(DocType.ID_CARD, sheet(lines))


def test_a_front_whose_number_label_a_stamp_took_is_still_a_front() -> None:
    """A stamp pressed over the front took 公民身份号码 and garbled 性别 and 民族: three labels are
    left, and the number whose check digit holds stands for its label."""
    lost = {"公民身份号码", "性别", "民族", "汉"}
    lines = [ln for ln in id_front(400, 300) if ln.text not in lost]
    lines += [tl("性制", 400, 355), tl("良兰", 560, 355), tl("蒙古", 640, 355), tl("原件已核", 380, 520)]
    face = choose_face([ln.text for ln in lines])
    assert face is not None and face.name == "id_front"
    reading = sheet(lines, id_back(400, 1300))
    assert page_card_types(reading) == [DocType.ID_CARD]
    assert values(DocType.ID_CARD, reading)["id_number"] == GOOD_ID
    # a number whose check digit fails is no stand-in for the label: three labels are no front
    broken = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    assert choose_face([ln.text if ln.text != GOOD_ID else broken for ln in lines]) is None


def test_an_ethnic_group_alone_on_the_gender_row_is_read_without_its_label() -> None:
    """民族 lost (a stamp, a pale copy) while the other labels read: the group beside the gender is
    the ethnicity."""
    lines = [ln for ln in id_front(400, 300) if ln.text not in ("民族", "汉")]
    lines.append(tl("蒙古", 640, 355))
    assert values(DocType.ID_CARD, sheet(lines))["ethnicity"] == "蒙古"


def test_an_ethnic_group_off_the_gender_row_is_not_taken_for_one() -> None:
    """A group's name elsewhere on the card (an address line, a name) is not its ethnicity."""
    lines = [ln for ln in id_front(400, 300) if ln.text not in ("民族", "汉")]
    lines.append(tl("回", 560, 420))  # on the birth date's row, below the gender's
    assert "ethnicity" not in values(DocType.ID_CARD, sheet(lines))


def test_a_cards_misread_city_is_put_right_from_the_division_list() -> None:
    lines = [ln for ln in id_front(400, 300) if ln.text != "山西省太原市小店区坞城"]
    lines.append(tl("山西省太源市小店区坞城", 480, 465))
    assert values(DocType.ID_CARD, sheet(lines))["address"] == "山西省太原市小店区坞城路92号3单元501室"


def test_social_security_card_fields_and_its_issuing_city() -> None:
    reading = sheet(ss_card(300, 500))
    assert classify_page(reading)[0] == DocType.SOCIAL_SECURITY_CARD
    assert values(DocType.SOCIAL_SECURITY_CARD, reading) == {
        "name": "张三",
        "social_security_number": GOOD_ID,
        "card_number": "A12345678",
        "valid_to": "2030-05-31",
        "issuer": "山西省太原市",
    }


@pytest.mark.parametrize(
    ("printed", "issuer"),
    [
        ("发卡地 深圳市", "深圳市"),
        ("发卡地 广东省深圳市", "广东省深圳市"),
        ("发卡机构 省太原市人力资源和社会保障局", "山西省太原市"),
    ],
)
def test_a_social_security_cards_issuing_city_is_kept_as_printed_and_mended_when_misread(
    printed: str, issuer: str
) -> None:
    """发卡地 深圳市 is the issuer 深圳市, as printed (the division list does not add the province);
    a province that lost a character is put back from the list."""
    assert values(DocType.SOCIAL_SECURITY_CARD, sheet(ss_card(300, 500, issuer=printed)))["issuer"] == issuer


def test_a_card_number_as_the_social_security_number_is_read_beside_its_label() -> None:
    got = values(DocType.SOCIAL_SECURITY_CARD, sheet(ss_card(300, 500, number="B87654321")))
    assert got["social_security_number"] == "B87654321" and got["card_number"] == "A12345678"


def test_an_id_card_and_a_social_security_card_on_one_sheet_are_two_documents() -> None:
    reading = sheet(id_front(400, 250), ss_card(300, 1300, name="张三"))
    docs = build_documents("p1/cards.jpg", "cd" * 32, [reading], SETTINGS)
    assert sorted(d.doc_type for d in docs) == [DocType.ID_CARD, DocType.SOCIAL_SECURITY_CARD]
    assert len({d.id for d in docs}) == 2
    by_type = {d.doc_type: d for d in docs}
    assert by_type[DocType.ID_CARD].fields["name"].value == "张三"
    assert "card_number" not in by_type[DocType.ID_CARD].fields  # each reads its own card
    assert by_type[DocType.SOCIAL_SECURITY_CARD].fields["card_number"].value == "A12345678"


def test_front_and_back_on_two_sheets_join_but_two_fronts_do_not() -> None:
    front, back = sheet(id_front(400, 300)), sheet(id_back(400, 300))
    back.page = 2
    docs = build_documents("p1/id.pdf", "ef" * 32, [front, back], SETTINGS)
    assert [(d.doc_type, d.pages) for d in docs] == [(DocType.ID_CARD, [1, 2])]
    other = sheet(id_front(400, 300, name="李四"))
    other.page = 2
    docs = build_documents("p1/ids.pdf", "ef" * 32, [front, other], SETTINGS)
    assert [d.pages for d in docs] == [[1], [2]]


def test_a_registers_personal_page_and_a_form_are_no_card() -> None:
    assert (
        choose_face(["常住人口登记卡", "姓名 张三", "性别 男", "民族 汉", "出生 1988年3月15日", "住址"])
        is None
    )
    # a form's labels over the whole page: one cluster far larger than a card
    form = page(
        [
            tl(t, 150, 150 + 140 * i)
            for i, t in enumerate(
                [
                    "姓名 张三",
                    "性别 男",
                    "民族 汉",
                    "出生 1988年3月15日",
                    "住址 北京市朝阳区",
                    "公民身份号码",
                    GOOD_ID,
                    "备注",
                    "签字",
                    "日期",
                    "联系电话",
                    "附件",
                    "说明",
                ]
            )
        ]
    )
    assert page_card_types(form) == []
    assert W < H  # the sheet is portrait A4


def test_card_copies_count_in_the_filing_name_and_id_against_the_form() -> None:
    card = doc(
        DocType.ID_CARD, "id-1", name="张四", id_number=GOOD_ID, address="山西省太原市小店区坞城路92号"
    )
    ss = doc(DocType.SOCIAL_SECURITY_CARD, "ss-1", name="张三", social_security_number="A1234")
    result = validate_filing("f", [declaration(), card, ss], settings=SETTINGS, today=TODAY)
    issue_codes = codes(result)
    assert "name_mismatch" in issue_codes and "social_security_number_invalid" in issue_codes
    flagged = {(i.code, i.document) for i in result.issues}
    assert ("name_mismatch", "id-1") in flagged and ("social_security_number_invalid", "ss-1") in flagged
    # an ID card's address is the home address, never checked against the destination
    assert not any(i.document == "id-1" and i.field == "address" for i in result.issues)


def test_a_social_security_card_printing_another_id_number_is_a_mismatch() -> None:
    other = GOOD_ID[:-2] + "23"
    ss = doc(DocType.SOCIAL_SECURITY_CARD, "ss-1", name="张三", social_security_number=other)
    result = validate_filing("f", [declaration(), ss], settings=SETTINGS, today=TODAY)
    assert ("id_number_mismatch", "ss-1", "social_security_number") in {
        (i.code, i.document, i.field) for i in result.issues
    }
    same = doc(DocType.SOCIAL_SECURITY_CARD, "ss-1", name="张三", social_security_number=GOOD_ID)
    result = validate_filing("f", [declaration(), same], settings=SETTINGS, today=TODAY)
    assert "id_number_mismatch" not in codes(result)


def test_a_social_security_card_groups_with_its_declaration_by_the_id_it_prints() -> None:
    ss = doc(
        DocType.SOCIAL_SECURITY_CARD,
        "ss-1",
        source="other/ss.jpg",
        name="张叁",
        social_security_number=GOOD_ID,
    )
    groups = group_documents([declaration(), ss])
    assert [[d.id for d in g] for g in groups] == [["decl-1", "ss-1"]]


def test_a_social_security_cards_unlabelled_city_is_its_issuer_never_the_bank() -> None:
    card = [
        tl("中华人民共和国社会保障卡", 360, 520, h=30),
        tl("山西省临汾市", 360, 556),
        tl("中国工商银行", 700, 556),
        tl("姓名", 372, 680),
        tl("杨林永", 470, 680),
        tl("社会保障号码", 372, 720),
        tl(GOOD_ID, 520, 720),
        tl("社会保障卡号", 372, 760),
        tl("F37606568", 520, 760),
    ]
    got = values(DocType.SOCIAL_SECURITY_CARD, sheet(card))
    assert got["issuer"] == "山西省临汾市" and got["name"] == "杨林永"


def test_a_leaflet_naming_the_card_is_no_card() -> None:
    leaflet = page(
        [
            TextLine("异地就医直接结算温馨提示", (500, 200, 1100, 250), 0.99),
            TextLine("参保人员在参保地以外的定点医疗机构就医，", (170, 320, 1400, 360), 0.99),
            TextLine("备案后请选择定点医疗机构就医，", (170, 900, 1000, 940), 0.99),
            TextLine("并携带社会保障卡或医保电子凭证。", (170, 960, 1040, 1000), 0.99),
        ]
    )
    assert page_card_types(leaflet) == []
    assert classify_page(leaflet)[0] != DocType.SOCIAL_SECURITY_CARD


def test_an_id_cards_front_whose_pale_labels_the_copy_lost_is_read_by_its_values() -> None:
    # a bilevel copy keeps the black values and drops the light-blue labels
    values_only = [
        tl("潘德", 380, 600),
        tl("女", 380, 655),
        tl("汉", 470, 655),
        tl("1959年7月5日", 380, 710),
        tl("黑龙江省齐齐哈尔市铁锋", 380, 765),
        tl("区滨河大道393号", 380, 800),
        tl("230206195907058580", 480, 930),
    ]
    reading = sheet(values_only)
    assert classify_page(reading)[0] == DocType.ID_CARD
    assert values(DocType.ID_CARD, reading) == {
        "name": "潘德",
        "gender": "female",
        "ethnicity": "汉",
        "birth_date": "1959-07-05",
        "address": "黑龙江省齐齐哈尔市铁锋区滨河大道393号",
        "id_number": "230206195907058580",
    }
    # a number and a date that do not agree are no card's front
    assert page_card_types(sheet([*values_only[:3], tl("1960年7月5日", 380, 710), *values_only[4:]])) == []


def test_a_registers_page_with_a_number_and_its_birth_date_is_no_unlabelled_card() -> None:
    register = sheet(
        [
            tl("常住人口登记卡", 420, 500, h=30),
            tl("户主", 372, 560),
            tl("张三", 470, 560),
            tl("1988年3月15日", 372, 610),
            tl("山西省太原市小店区坞城路92号", 372, 660),
            tl(GOOD_ID, 520, 720),
        ]
    )
    assert page_card_types(register) == []


def test_a_residence_permit_reports_domains_fields_only_not_the_gender_its_card_prints() -> None:
    # DOMAIN.md lists a permit's fields (name, id_number, address, issuer, valid_from, valid_to);
    # its card prints 性别 too, but a gender there is a field no filing asks of a permit
    reading = sheet([tl("广东省居住证", 460, 250, h=30), *id_front(400, 300, gender="女")])
    assert classify_page(reading)[0] == DocType.RESIDENCE_PERMIT
    got = values(DocType.RESIDENCE_PERMIT, reading)
    assert "gender" not in got and got["name"] == "张三" and got["id_number"] == GOOD_ID


def test_reading_a_pages_cards_does_not_keep_the_page_alive() -> None:
    """The cards found on a page are remembered for its fields, but not the page itself: holding
    the last pages' readings kept their images (~2 MB each) in memory through a long file."""
    import gc
    import weakref

    reading = sheet([tl("广东省居住证", 460, 250, h=30), *id_front(400, 300, gender="女")])
    assert page_card_types(reading)
    gone = weakref.ref(reading)
    del reading
    gc.collect()
    assert gone() is None


def test_a_name_signed_beside_the_address_label_is_no_address() -> None:
    """A stamp took the address's first line; on its row, right of the label, only a name signed
    across the card (陈娜) is left: no address is read rather than the name."""
    from extract.fields.values import normalise

    lines = [ln for ln in id_front(400, 300) if ln.text not in ("山西省太原市小店区坞城", "路92号3单元501室")]
    lines.append(tl("陈娜", 700, 465))
    assert "address" not in values(DocType.ID_CARD, sheet(lines))
    assert normalise("address", "陈娜") is None
    assert normalise("address", "北京市") == ("北京市", 1.0)  # short, but a place
    assert normalise("address", "朝阳区3号楼") == ("朝阳区3号楼", 1.0)
