"""The held-out generator: reproducible bytes, truth in the RESULT.json contract, boxes on ink.

Fast and OCR-free: three packets are generated twice; every check reads only the files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from kernel.domain import DOC_FIELDS, DocType
from kernel.schema import ProcessResult
from samplegen.heldout import generate
from samplegen.heldout.idnum import is_valid
from samplegen.heldout.scan import to_saved
from validate.codes import CODES

N, SEED = 3, 4242


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("heldout_a")
    generate(out, N, SEED)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _manifest(root: Path) -> dict[str, Any]:
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))


def _truths(root: Path) -> dict[str, ProcessResult]:
    return {
        p.parent.name: ProcessResult.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted(root.glob("packet_*/truth.json"))
    }


def _page_image(path: Path, page: int) -> np.ndarray:
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        img = pdf[page - 1].render(scale=150 / 72).to_pil()
    else:
        img = Image.open(path)
        img.seek(page - 1)
    return np.asarray(img.convert("L"), np.float32)


def test_same_seed_same_bytes(tree: Path, tmp_path: Path) -> None:
    generate(tmp_path, N, SEED)
    first, second = _files(tree), _files(tmp_path)
    assert sorted(first) == sorted(second)
    assert all(first[k] == second[k] for k in first), [k for k in first if first[k] != second[k]]


def test_truth_is_a_process_result_with_canonical_keys(tree: Path) -> None:
    truths = _truths(tree)
    assert len(truths) == N
    for name, truth in truths.items():
        assert truth.filings, name
        ids = {d.id for d in truth.documents}
        for doc in truth.documents:
            assert doc.doc_type in set(DocType)
            assert set(doc.fields) <= set(DOC_FIELDS[doc.doc_type]), (name, doc.id, set(doc.fields))
            assert (tree / name / doc.source).is_file()
        for filing in truth.filings:
            assert set(filing.documents) <= ids
            for issue in filing.issues:
                assert issue.code in CODES
                assert issue.severity == CODES[issue.code].severity
            blocking = any(i.severity == "error" for i in filing.issues)
            assert (filing.status == "incomplete") == blocking


def test_boxes_lie_inside_the_page_on_dark_ink(tree: Path) -> None:
    manifest = _manifest(tree)
    for entry in manifest["packets"]:
        truth = _truths(tree)[entry["packet"]]
        quarter = {(f["file"], p["page"]): p["quarter"] for f in entry["files"] for p in f["pages"]}
        cache: dict[tuple[str, int], np.ndarray] = {}
        for doc in truth.documents:
            boxes = [
                (f"{doc.id}:{k}", fv.page, fv.bbox) for k, fv in doc.fields.items() if fv.bbox is not None
            ]
            boxes += [(f"{doc.id}:stamp", s.page, s.bbox) for s in doc.stamps]
            for label, page, bbox in boxes:
                assert bbox is not None
                assert 0 <= bbox[0] < bbox[2] <= 1 and 0 <= bbox[1] < bbox[3] <= 1, (label, bbox)
                key = (doc.source, page)
                if key not in cache:
                    cache[key] = _page_image(tree / entry["packet"] / doc.source, page)
                img = cache[key]
                h, w = img.shape
                x0, y0, x1, y1 = to_saved(bbox, quarter[key])
                crop = img[int(y0 * h) : int(np.ceil(y1 * h)) + 1, int(x0 * w) : int(np.ceil(x1 * w)) + 1]
                paper = float(np.median(img))
                assert crop.size, label
                assert float(np.percentile(crop, 3)) < paper - 45, (entry["packet"], label, bbox)


def test_id_numbers_have_valid_check_digits_unless_planted(tree: Path) -> None:
    manifest = {e["packet"]: e for e in _manifest(tree)["packets"]}
    for name, truth in _truths(tree).items():
        broken_ok = any(d["defect"] == "checksum" for d in manifest[name]["defects"])
        for doc in truth.documents:
            for key in ("id_number", "social_security_number"):
                fv = doc.fields.get(key)
                if fv is None or fv.value is None:
                    continue
                assert is_valid(fv.value) or broken_ok, (name, doc.id, key, fv.value)
        for filing in truth.filings:
            if filing.id_number and not broken_ok:
                assert is_valid(filing.id_number)
