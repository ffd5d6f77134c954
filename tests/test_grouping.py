"""Grouping a run's documents into filings."""

from __future__ import annotations

from builders import GOOD_ID, declaration, doc, household_register, make_id, residence_permit

from kernel.domain import DocType
from kernel.schema import DocumentResult
from validate.grouping import group_documents

OTHER_ID = make_id("37010219900101002")


def lisi(doc_id: str, source: str) -> DocumentResult:
    return declaration(doc_id, source=source, name="李四", id_number=OTHER_ID)


def ids(groups: list[list[DocumentResult]]) -> list[list[str]]:
    return [[d.id for d in g] for g in groups]


def test_by_id_number_across_folders_and_order() -> None:
    docs = [
        declaration("d1", source="a/1.pdf"),
        lisi("d2", "b/1.pdf"),
        household_register("h1", source="c/x.jpg"),
        household_register("h2", name="李四", id_number=OTHER_ID),
    ]
    assert ids(group_documents(docs)) == [["d1", "h1"], ["d2", "h2"]]


def test_lowercase_x_and_spaces_same_key() -> None:
    x_id = make_id("11010519491231002")
    docs = [declaration("d1", id_number=x_id), household_register("h1", id_number=" " + x_id.lower())]
    assert ids(group_documents(docs)) == [["d1", "h1"]]


def test_one_confused_id_char_joins_when_names_agree() -> None:
    misread = GOOD_ID.replace("0", "O", 1)
    docs = [declaration("d1"), household_register("h1", id_number=misread)]
    assert ids(group_documents(docs)) == [["d1", "h1"]]
    stranger = household_register("h2", id_number=misread, name="李四")
    assert ids(group_documents([declaration("d1"), stranger])) == [["d1"], ["h2"]]


def test_one_confused_name_char_joins_when_ids_agree() -> None:
    docs = [declaration("d1"), household_register("h1", name="张王")]
    assert ids(group_documents(docs)) == [["d1", "h1"]]


def test_same_name_different_person_stays_apart() -> None:
    docs = [
        declaration("d1", source="p1/a.pdf"),
        household_register("h1", source="p2/b.pdf", id_number=OTHER_ID),
    ]
    assert ids(group_documents(docs)) == [["d1"], ["h1"]]


def test_name_only_document_joins_unique_name() -> None:
    docs = [declaration("d1"), household_register("h1", id_number=None)]
    assert ids(group_documents(docs)) == [["d1", "h1"]]


def test_name_only_document_prefers_its_folder_when_name_is_shared() -> None:
    docs = [
        declaration("d1", source="a/1.pdf"),
        declaration("d2", source="b/1.pdf", id_number=OTHER_ID),
        household_register("h1", source="b/2.pdf", id_number=None),
    ]
    assert ids(group_documents(docs)) == [["d1"], ["d2", "h1"]]


def test_keyless_document_joins_its_folder() -> None:
    docs = [
        declaration("d1", source="a/1.pdf"),
        doc(DocType.UNKNOWN, "u1", source="a/2.jpg"),
        lisi("d2", "b/1.pdf"),
    ]
    assert ids(group_documents(docs)) == [["d1", "u1"], ["d2"]]


def test_keyless_document_in_ambiguous_folder_stays_alone() -> None:
    docs = [
        declaration("d1", source="in/1.pdf"),
        lisi("d2", "in/2.pdf"),
        residence_permit("r1", source="in/3.pdf", name=None, id_number=None),
    ]
    assert ids(group_documents(docs)) == [["d1"], ["d2"], ["r1"]]


def test_keyless_document_prefers_its_own_file() -> None:
    docs = [
        declaration("d1", source="in/1.pdf"),
        lisi("d2", "in/2.pdf"),
        doc(DocType.UNKNOWN, "u1", source="in/2.pdf"),
    ]
    assert ids(group_documents(docs)) == [["d1"], ["d2", "u1"]]


def test_keyless_documents_of_an_unclaimed_folder_group_together() -> None:
    docs = [doc(DocType.UNKNOWN, "u1", source="z/1.jpg"), doc(DocType.UNKNOWN, "u2", source="z/2.jpg")]
    assert ids(group_documents(docs)) == [["u1", "u2"]]


def test_group_without_declaration_is_still_a_filing() -> None:
    assert ids(group_documents([household_register("h1")])) == [["h1"]]
    assert group_documents([]) == []


def test_proof_with_other_id_joins_same_name_declaration_of_its_folder() -> None:
    typo_id = make_id("14010519880315991")  # two digits off: not an OCR confusion
    docs = [
        declaration("d1", source="p1/form.jpg"),
        household_register("h1", source="p1/hukou.jpg", id_number=typo_id),
        lisi("d2", "p2/form.jpg"),
    ]
    assert ids(group_documents(docs)) == [["d1", "h1"], ["d2"]]


def test_proof_with_other_id_stays_apart_when_name_or_folder_differs() -> None:
    typo_id = make_id("14010519880315991")
    other_folder = [
        declaration("d1", source="p1/form.jpg"),
        household_register("h1", source="p9/h.jpg", id_number=typo_id),
    ]
    assert ids(group_documents(other_folder)) == [["d1"], ["h1"]]
    namesakes = [
        declaration("d1", source="p1/a.jpg"),
        declaration("d2", source="p1/b.jpg", id_number=OTHER_ID),
        household_register("h1", source="p1/h.jpg", id_number=typo_id),
    ]
    assert ids(group_documents(namesakes)) == [["d1"], ["d2"], ["h1"]]


def test_name_only_document_with_one_misread_character_joins_its_folders_declaration() -> None:
    commitment = household_register("h1", source="p1/c.jpg", id_number=None, name="张成")
    docs = [declaration("d1", source="p1/form.jpg"), lisi("d2", "p2/form.jpg"), commitment]
    assert ids(group_documents(docs)) == [["d1", "h1"], ["d2"]]
    # another folder, two characters apart, or two such declarations: no guess
    elsewhere = household_register("h1", source="p9/c.jpg", id_number=None, name="张成")
    assert ids(group_documents([declaration("d1", source="p1/form.jpg"), elsewhere])) == [["d1"], ["h1"]]
    stranger = household_register("h1", source="p1/c.jpg", id_number=None, name="王成")
    assert ids(group_documents([declaration("d1", source="p1/form.jpg"), stranger])) == [["d1"], ["h1"]]
    twins = [
        declaration("d1", source="p1/a.jpg"),
        declaration("d2", source="p1/b.jpg", name="张五", id_number=OTHER_ID),
        commitment,
    ]
    assert ids(group_documents(twins)) == [["d1"], ["d2"], ["h1"]]
