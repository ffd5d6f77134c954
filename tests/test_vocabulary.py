"""The extractor's vocabulary (extract/fields/vocabulary.yaml): loaded once, checked at load, and
what "looks like an institution name" means in each of its uses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.fields.institutions import looks_like_institution
from extract.fields.vocabulary import VOCABULARY_PATH, VocabularyError, load_vocabulary, vocabulary
from kernel.domain import DocType, FilingCategory


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _shipped() -> dict[str, object]:
    with VOCABULARY_PATH.open(encoding="utf-8") as f:
        data: dict[str, object] = yaml.safe_load(f)
    return data


def test_the_shipped_vocabulary_loads_once_and_covers_every_category_and_type() -> None:
    assert vocabulary() is vocabulary()
    voc = vocabulary()
    assert set(voc.choices["filing_category"]) == {c.value for c in FilingCategory}
    assert set(voc.doc_types) == set(DocType) - {DocType.UNKNOWN}
    assert {t for t, _ in voc.title_endings} == set(DocType) - {DocType.UNKNOWN}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["choices"].update(favourite_colour={"red": ["红"]}), "not a canonical field key"),
        (lambda d: d["choices"]["filing_category"].update(tourist=["旅游"]), "not filing categories"),
        (lambda d: d["doc_types"].update(invoice={"keywords": [["发票", 3]]}), "doc_types.invoice"),
        (lambda d: d["doc_types"]["id_card"]["keywords"].append(["身份证", "heavy"]), "doc_types.id_card"),
        (lambda d: d["title_endings"].append(["id_card", "(身份证"]), "not a regular expression"),
        (lambda d: d["letters"]["signing_intros"].append("委托人"), "must be among name_intros"),
        (lambda d: d["letters"].pop("seal_noise"), "letters.seal_noise: Field required"),
        (lambda d: d["institutions"]["hospital"].update(at="start"), "institutions.hospital.at"),
        (lambda d: d["institutions"]["hospital"].update(words=[]), "institutions.hospital.words"),
        (lambda d: d.update(colours=["红"]), "colours: Extra inputs are not permitted"),
    ],
)
def test_a_malformed_vocabulary_is_refused_with_the_entry_at_fault(tmp_path: Path, change, message) -> None:
    data = _shipped()
    change(data)
    with pytest.raises(VocabularyError, match=message) as info:
        load_vocabulary(_write(tmp_path, data))
    assert str(tmp_path / "vocabulary.yaml") in str(info.value)


def test_a_file_that_is_not_yaml_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text("choices: [unclosed\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="cannot be read as YAML"):
        load_vocabulary(path)


@pytest.mark.parametrize(
    ("text", "test", "looks"),
    [
        ("运城市第一人民医院", "hospital", True),
        ("某某社区卫生服务中心", "hospital", True),
        ("运城市中心", "hospital", False),  # a hospitals cell keeps no bare 中心
        ("运城市眼科中心", "hospital_sure", True),
        ("运城市门诊部", "hospital_sure", False),
        ("居住证明表", "hospital_char", False),
        ("运城市因院", "hospital_row", True),  # 医 misread: …院 at the row's end
        ("运城市因院 （盖章）", "hospital_row", False),
        ("经定点医疗机构转诊", "hospital_row", True),
        ("第一人民医院", "name_end", True),
        ("太原市公安局小店分局", "issuer", True),
        ("幸福里社区居民委员会", "issuer", True),
        ("张三", "issuer", False),
    ],
)
def test_each_named_institution_test(text: str, test: str, looks: bool) -> None:
    assert looks_like_institution(text, test) is looks
