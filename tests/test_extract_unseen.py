"""Failure classes met on packets never used for tuning: one unit test per repair."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from readings import page
from test_preprocess_render import SERIF, font

from extract.fields import extract_fields
from extract.fields.boxes import find_squares
from extract.fields.cells import lines_in
from extract.fields.ink import signature_present
from extract.fields.special import printed_part
from extract.fields.values import _other_place
from extract.layout import Anchor
from extract.normalize import date_certainty, parse_date, parse_phone
from kernel.domain import DocType
from kernel.reading import PageReading, TextLine
from kernel.settings import Settings

SETTINGS = Settings(low_confidence=0.80)
W, H = 1600, 2200


def _values(doc_type: DocType, reading: PageReading) -> dict[str, object]:
    return {k: v.value for k, v in extract_fields(doc_type, [reading], SETTINGS).items()}


def test_date_with_middle_dot_separators() -> None:
    assert parse_date("日期：2026·8.8") == "2026-08-08"


def test_date_whose_century_digit_was_lost() -> None:
    assert parse_date("026年7月29日") == "2026-07-29"
    assert parse_date("2026年4月24日") == "2026-04-24"  # the full year still wins
    assert parse_date("10026年1月1日") is None  # a longer number is not a lost digit


def test_date_whose_years_zero_was_lost_under_a_ring() -> None:
    assert parse_date("226年5月22日") == "2026-05-22"
    assert date_certainty("226年5月22日") < 1.0  # a repaired year is a guess to check
    assert parse_date("202年4月13日") is None  # 2026 or 2002? its last digit went: no guess
    assert parse_date("1226年5月22日") is None


def test_a_dot_of_a_date_read_as_a_full_stop() -> None:
    assert parse_date("从2026。9.2到") == "2026-09-02"


def test_a_date_whose_month_and_day_ran_into_its_year_mark() -> None:
    # 2026年5月27日 read with 月 日 lost: one split of 527 is a date
    assert parse_date("从2026年527到2027.05.27") == "2026-05-27"
    assert date_certainty("2026年527") < 1.0
    assert parse_date("2026年527号") is None  # a house number, not a day


def test_month_with_its_zero_misread() -> None:
    assert parse_date("2026-69-10") == "2026-09-10"
    assert parse_date("2026-13-10") is None  # not a zero look-alike: still no date


def test_printed_part_trims_a_label_stretched_over_ink() -> None:
    line = TextLine("本人签名：", (177.0, 1352.0, 613.0, 1413.0), 0.99)
    anchor = Anchor("applicant_signature", "本人签名", 0, 0, 4, 1.0, (177.0, 1352.0, 526.0, 1413.0))
    assert printed_part(anchor, line).box[2] < 500
    tight = TextLine("本人签名：", (177.0, 1352.0, 377.0, 1392.0), 0.99)
    same = Anchor("applicant_signature", "本人签名", 0, 0, 4, 1.0, (177.0, 1352.0, 337.0, 1392.0))
    assert printed_part(same, tight) == same


def test_a_scrawl_that_makes_the_label_line_tall_is_measured_by_the_pages_print() -> None:
    """本人签字：~~~ read as one tall line ("本人签字：7"): its height (45) says nothing of the
    label's characters (17 px wide on this low-resolution page); the page's printed lines do."""
    im = PILImage.new("RGB", (882, 1247), (250, 250, 250))
    d = ImageDraw.Draw(im)
    body = [
        "本人承诺以上填报信息及所提供材料真实有效",
        "四川省成都市成华区复兴路五号碧水湾",
        "退休后回原籍居住的人员申请备案登记",
    ]
    lines = []
    for k, text in enumerate(body * 2):
        y = 300 + 60 * k
        d.text((80, y), text, font=font(SERIF, 17), fill=(30, 30, 30))
        x0, y0, x1, y1 = d.textbbox((80, y), text, font=font(SERIF, 17))
        lines.append(TextLine(text, (x0 - 2.0, y0 - 8.0, x1 + 2.0, y1 + 8.0), 0.97))
    d.text((82, 830), "本人签字：", font=font(SERIF, 17), fill=(30, 30, 30))
    image = np.array(im)[:, :, ::-1].copy()
    signed = image.copy()
    pts = np.array(
        [[167, 843], [190, 840], [205, 815], [215, 838], [240, 836], [255, 825], [262, 845], [312, 832]]
    )
    cv2.polylines(signed, [pts.astype(np.int32)], False, (60, 60, 60), 2)
    label = TextLine("本人签字：7", (72.0, 813.0, 314.0, 858.0), 0.71)  # the scrawl's end read as a 7
    got = extract_fields(DocType.DECLARATION_FORM, [page([*lines, label], signed)], SETTINGS)
    assert got["applicant_signature"].value is True
    # unsigned, the label's own print is no signature
    bare = TextLine("本人签字：", (72.0, 822.0, 172.0, 852.0), 0.99)
    got = extract_fields(DocType.DECLARATION_FORM, [page([*lines, bare], image)], SETTINGS)
    assert got["applicant_signature"].value is False


def test_signature_ink_inside_the_label_line_box_counts() -> None:
    image = np.full((H, W, 3), 255, np.uint8)
    cv2.putText(image, "LABEL", (180, 1390), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    pts = np.array([[440, 1400], [460, 1360], [480, 1405], [500, 1362], [515, 1400], [520, 1370]], np.int32)
    cv2.polylines(image, [pts], False, (0, 0, 0), 3)
    lines = [
        TextLine("山西省异地就医登记备案表", (500.0, 60.0, 1220.0, 120.0), 0.99),
        TextLine("本人签名：", (177.0, 1352.0, 613.0, 1413.0), 0.99),
    ]
    reading = PageReading(page=1, width=W, height=H, lines=lines, seals=[], image=image)
    assert _values(DocType.DECLARATION_FORM, reading)["applicant_signature"] is True


def test_name_after_intro_whose_second_character_was_dropped() -> None:
    lines = [
        TextLine("异地就医备案申请书", (434.0, 228.0, 808.0, 267.0), 0.99),
        TextLine("本徐飞辉，身份证号14072819920107365X，因病", (199.0, 440.0, 1079.0, 471.0), 0.99),
    ]
    reading = PageReading(page=1, width=1240, height=1754, lines=lines, seals=[], image=None)
    assert _values(DocType.WRITTEN_APPLICATION, reading)["name"] == "徐飞辉"


def test_hospital_match_in_another_city_is_refused() -> None:
    assert _other_place("运城市第一人民医院", "上海市第一人民医院")
    assert not _other_place("运城市第一人民医院", "运城市第一人民医院")
    assert not _other_place("大同第三人民医院", "大同市第三人民医院")  # no printed place: match stands


def test_landline_with_a_wrapped_last_digit() -> None:
    assert parse_phone("0351-385428 6") == "0351-3854286"
    assert parse_phone("0351-123456") is None  # still too short
    assert parse_phone("0351-38542 86 1") == "0351-38542861"  # eight digits in pieces


def test_digit_that_sank_through_the_rule_stays_in_its_cell() -> None:
    upper, lower = (1280.0, 360.0, 1506.0, 438.0), (1122.0, 446.0, 1506.0, 526.0)
    cells = [upper, lower]
    lines = [
        TextLine("0351-385428", (1284.0, 368.0, 1487.0, 415.0), 0.99),
        TextLine("6", (1290.0, 436.0, 1312.0, 460.0), 0.87),
        TextLine("F32405790", (1137.0, 458.0, 1307.0, 505.0), 0.99),
    ]
    assert lines_in(upper, lines, cells) == [0, 1]
    assert lines_in(lower, lines, cells) == [2]
    assert lines_in(lower, lines) == [1, 2]  # without the page's cells: by centre, as before


def test_faint_check_box_frame_is_still_a_box() -> None:
    image = np.full((200, 400, 3), 255, np.uint8)
    # a 22 px box whose faint bottom and right edges mostly vanished (a blurred photo)
    image[50:52, 100:123] = 0  # top
    image[50:73, 100:102] = 0  # left
    image[71:73, 100:103] = 0  # a stub of the bottom
    image[50:53, 121:123] = 0  # a stub of the right
    found = find_squares(image, (60.0, 40.0, 300.0, 90.0), 23.0)
    assert len(found) == 1 and abs(found[0][0] - 100) <= 2


def test_next_rows_value_written_high_is_not_pulled_up() -> None:
    address, hospitals = (366.0, 918.0, 1506.0, 998.0), (366.0, 1004.0, 1506.0, 1186.0)
    lines = [
        TextLine("北京市延庆区坞城路101号7号楼2单元503室", (381.0, 913.0, 1037.0, 977.0), 0.99),
        TextLine("1.北京大学第一医院", (369.0, 994.0, 714.0, 1055.0), 0.97),
    ]
    assert lines_in(address, lines, [address, hospitals]) == [0]
    assert lines_in(hospitals, lines, [address, hospitals]) == [1]


def test_scrawl_read_as_punctuation_is_still_a_signature() -> None:
    image = np.full((400, 900, 3), 255, np.uint8)
    pts = np.array([[230, 60], [250, 90], [290, 70], [330, 100], [380, 60], [440, 95]], np.int32)
    cv2.polylines(image, [pts], False, (0, 0, 0), 3)
    region = (200.0, 40.0, 600.0, 130.0)
    scrawl = TextLine(">>", (220.0, 50.0, 450.0, 110.0), 0.61)  # confident enough to pass as print
    assert signature_present(region, [scrawl], image)[0] is True
    printed = TextLine("2026", (220.0, 50.0, 450.0, 110.0), 0.61)  # digits are print: blanked
    assert signature_present(region, [printed], image)[0] is False


def test_whole_landline_before_another_number_is_kept() -> None:
    assert parse_phone("0351-1234567 2026") == "0351-1234567"
    assert parse_date("20266910") is None  # run-together digits: no month to repair
