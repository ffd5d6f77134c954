"""Splitting a file's pages into documents, stable ids, stamps as page fractions."""

from __future__ import annotations

from extract.documents import build_documents
from kernel.domain import DocType
from kernel.reading import PageReading, SealFound, TextLine
from kernel.settings import Settings

SHA = "0123456789abcdef" * 4


def page(n: int, *texts: str, seals: list[SealFound] | None = None) -> PageReading:
    lines = [
        TextLine(t, (100, 80 + 70 * i, 100 + 45 * len(t), 125 + 70 * i), 0.97) for i, t in enumerate(texts)
    ]
    return PageReading(page=n, width=2000, height=3000, lines=lines, seals=seals or [])


def three_pages() -> list[PageReading]:
    return [
        page(
            1,
            "山西省异地就医登记备案表",
            "姓名：张三",
            "公民身份号码：11010519491231002X",
            "参保地：山西省太原市",
        ),
        page(
            2,
            "申请原因：随子女长期居住",
            "申请日期：2024年5月20日",
            "经办机构盖章",
            seals=[SealFound((200, 300, 600, 700), "round", "red", 0.9, "太原市医疗保障局")],
        ),
        page(
            3,
            "居住证明",
            "兹证明张三（身份证号：11010519491231002X）居住在北京市朝阳区建国路88号，",
            "特此证明。",
            "北京市朝阳区建国路社区居民委员会",
            "2024年5月10日",
            seals=[SealFound((1000, 2000, 1400, 2400), "round", "red", 0.8)],
        ),
    ]


def test_three_pages_two_documents() -> None:
    docs = build_documents("p1/scan.pdf", SHA, three_pages(), Settings())
    assert [d.doc_type for d in docs] == [DocType.DECLARATION_FORM, DocType.RESIDENCE_CERTIFICATE]
    assert [d.pages for d in docs] == [[1, 2], [3]]
    form, cert = docs
    assert form.fields["name"].value == "张三"
    assert form.fields["reason"].value == "随子女长期居住"
    assert form.fields["reason"].page == 2
    assert form.fields["agency_stamp"].value is True
    assert form.stamps[0].role == "agency" and form.stamps[0].page == 2
    assert cert.fields["name"].value == "张三"
    assert cert.stamps[0].role == "issuer"


def test_ids_are_stable() -> None:
    first = build_documents("a.pdf", SHA, three_pages(), Settings())
    again = build_documents("a.pdf", SHA, three_pages(), Settings())
    assert [d.id for d in first] == [d.id for d in again] == [f"{SHA[:12]}-p1", f"{SHA[:12]}-p3"]


def test_boxes_are_fractions() -> None:
    for doc in build_documents("a.pdf", SHA, three_pages(), Settings()):
        for fv in doc.fields.values():
            assert fv.bbox is None or all(0.0 <= v <= 1.0 for v in fv.bbox)
        for stamp in doc.stamps:
            assert all(0.0 <= v <= 1.0 for v in stamp.bbox)
            assert stamp.bbox[2] > stamp.bbox[0]


def test_no_pages_no_documents() -> None:
    assert build_documents("a.pdf", SHA, [], Settings()) == []


def test_booklet_pages_stay_one_household_register() -> None:
    pages = [page(1, "居民户口簿", "户主姓名：张三", "户号：123"), page(2, "常住人口登记卡", "姓名：张三")]
    docs = build_documents("hr.pdf", SHA, pages, Settings())
    assert [(d.doc_type, d.pages) for d in docs] == [(DocType.HOUSEHOLD_REGISTER, [1, 2])]
