"""samplegen.window: same seed → same bytes, truth fits the schema, ID numbers valid unless a defect."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kernel.domain import DocType
from kernel.refdata import is_division_code
from kernel.schema import ProcessResult
from samplegen.window import generate, idnum

N = 2


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    a, b = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    generate(a, N, 11)
    generate(b, N, 11)
    return a, b


def test_check_digit_of_the_standard_example() -> None:
    assert idnum.check_digit("11010519491231002") == "X"
    assert idnum.is_valid("11010519491231002X")
    assert not idnum.is_valid(idnum.transpose_sequence("11010519491231002X"))


def test_same_seed_same_bytes(trees: tuple[Path, Path]) -> None:
    a, b = trees
    assert _digest(a) == _digest(b)
    assert (a / "manifest.json").exists()
    assert len(list(a.glob("packet_*/truth.json"))) == N


def test_truth_validates_and_ids_are_valid_unless_a_defect(trees: tuple[Path, Path]) -> None:
    import json

    root = trees[0]
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    defects = {p["packet"]: set(p["defects"]) for p in manifest["packets"]}
    for path in sorted(root.glob("packet_*/truth.json")):
        truth = ProcessResult.model_validate_json(path.read_text(encoding="utf-8"))
        assert truth.filings and truth.documents
        for doc in truth.documents:
            assert (path.parent / doc.source).exists()
            for fv in doc.fields.values():
                assert fv.bbox is None or all(0.0 <= v <= 1.0 for v in fv.bbox)
            number = doc.fields.get("id_number")
            if number is None or not number.value:
                continue
            on_form = doc.doc_type == DocType.DECLARATION_FORM
            broken = on_form and "bad_check_digit" in defects[path.parent.name]
            assert idnum.is_valid(number.value) != broken, (path, doc.id, number.value)
            assert is_division_code(number.value[:6])
