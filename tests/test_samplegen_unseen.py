"""The unseen-set generator: same seed same bytes, well-formed truth, and verdicts that validation
reproduces when fed the truth (a perfect extraction). Fast: no OCR."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kernel.domain import DOC_FIELDS, FilingStatus
from kernel.schema import ProcessResult
from kernel.settings import Settings
from samplegen.plan import ISSUE_CODES
from samplegen.unseen import generate, package, plan
from samplegen.unseen.generate import truth
from validate.check import validate_filing
from validate.codes import CODES

TODAY = date(2026, 11, 22)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _truths(root: Path) -> list[ProcessResult]:
    return [
        ProcessResult.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted(root.glob("packet_*/truth.json"))
    ]


def _agrees(result: ProcessResult) -> None:
    filing = result.filings[0]
    docs = [d for d in result.documents if d.id in filing.documents]
    got = validate_filing(filing.id, docs, settings=Settings(), today=TODAY)
    assert sorted((i.code, i.document) for i in got.issues) == sorted(
        (i.code, i.document) for i in filing.issues
    ), filing.id
    assert got.status == filing.status, filing.id


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("unseen")
    generate(out, 4, seed=11)
    return out


def test_same_seed_same_bytes(small_set: Path, tmp_path: Path) -> None:
    generate(tmp_path, 4, seed=11)
    assert _files(small_set) == _files(tmp_path)


def test_truth_is_well_formed(small_set: Path) -> None:
    truths = _truths(small_set)
    assert len(truths) == 4
    for t in truths:
        packet = small_set / f"packet_{t.filings[0].id[1:4]}"
        ids = {d.id for d in t.documents}
        for doc in t.documents:
            assert (packet / doc.source).is_file(), doc.source
            assert set(doc.fields) == set(DOC_FIELDS[doc.doc_type]), doc.id
            for fv in doc.fields.values():
                assert fv.source == "truth" and fv.confidence == 1.0 and fv.page in doc.pages
            boxes = [f.bbox for f in doc.fields.values() if f.bbox] + [s.bbox for s in doc.stamps]
            for b in boxes:
                assert all(0.0 <= v <= 1.0 for v in b) and b[0] < b[2] and b[1] < b[3], (doc.id, b)
            assert doc.duplicate_of is None or doc.duplicate_of in ids
        for issue in t.filings[0].issues:
            assert issue.code in CODES and CODES[issue.code].severity == issue.severity
            assert issue.document is None or issue.document in ids
        if t.filings[0].status == FilingStatus.COMPLETE:
            assert all(i.severity == "warning" for i in t.filings[0].issues)


def test_validator_agrees_with_written_truth(small_set: Path) -> None:
    for t in _truths(small_set):
        _agrees(t)


def test_schedule_spreads_every_code_over_half_the_packets() -> None:
    for seed in range(3):
        sched = plan.schedule(24, seed)
        assert sum(1 for s in sched if not s) == 12
        assert {c for s in sched for c in s} == set(ISSUE_CODES)
        assert all(plan.compatible(s) for s in sched if s)


@pytest.mark.parametrize("layout", plan.LAYOUTS)
def test_every_layout_prints_every_value_and_validates(layout: str) -> None:
    """Each layout, built without scanning: values sit on ink, and the verdict is reproducible."""
    index = plan.LAYOUTS.index(layout)
    for k, defects in enumerate(((), ("hospitals_too_many", "name_mismatch"), ("certificate_unstamped",))):
        r = random.Random(f"layout-{layout}-{k}")
        nrng = np.random.default_rng([index, k])
        recipe = plan.draw(index, defects, 0, r)
        assert recipe.layout == layout
        built = plan.build(recipe, r, nrng)
        for doc in built.docs:
            for key, (value, page, box) in doc.fields.items():
                if value in (None, [], False):
                    continue
                assert box is not None, (layout, doc.variant, key)
                ink = np.asarray(doc.pages[page].img.convert("L"))[box[1] : box[3], box[0] : box[2]]
                assert (ink < 160).mean() > 0.01, (layout, doc.variant, key)
        _agrees(truth(built, package.unplaced(built.docs), "t001"))


def test_cli_writes_an_unseen_set(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from filingdesk.cli import app

    out = tmp_path / "unseen"
    result = CliRunner().invoke(
        app, ["samples", "generate", "--out", str(out), "--n", "1", "--seed", "3", "--unseen"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file()
    ProcessResult.model_validate_json((out / "packet_001" / "truth.json").read_text(encoding="utf-8"))
