"""The stamp-detector development generator writes packets whose truth follows the contract."""

from __future__ import annotations

import json
from pathlib import Path

from kernel.schema import ProcessResult
from samplegen.stamps import generate


def test_two_packets_validate_and_boxes_lie_on_the_page(tmp_path: Path) -> None:
    generate(tmp_path, 2, seed=7)
    truths = sorted(tmp_path.glob("packet_*/truth.json"))
    assert len(truths) == 2
    for path in truths:
        truth = ProcessResult.model_validate(json.loads(path.read_text(encoding="utf-8")))
        assert 2 <= len(truth.documents) <= 5
        for doc in truth.documents:
            assert (path.parent / doc.source).is_file()
            for stamp in doc.stamps:
                x0, y0, x1, y1 = stamp.bbox
                assert 0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0
        assert truth.filings and truth.filings[0].documents


def test_a_bilevel_pdf_page_is_written_too(tmp_path: Path) -> None:
    """Seed 14's sixth packet holds a bilevel page in a PDF, which takes no JPEG quality."""
    from samplegen.stamps.packet import build

    truth = build(tmp_path, 6, 14)
    assert truth.documents and any(p.suffix == ".pdf" for p in (tmp_path / "packet_006").iterdir())
