"""`filingdesk eval` on the committed samples, as CI runs it: the whole pipeline against truth.

The floors are regression guards a few points under the figures in README.md
(the targets in the extract issue are higher); the point is that a change which
breaks reading, seals or rules on the committed packets fails the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_cli import ROOT, eval_report


@pytest.mark.slow
def test_eval_on_committed_samples(tmp_path: Path) -> None:
    report = eval_report("samples", tmp_path)

    truth_packets = len(list((ROOT / "samples").glob("packet_*/truth.json")))
    assert report["filings"]["truth"] == truth_packets
    assert report["documents"]["missed"] == 0
    assert report["input_errors"] == 0
    for section in ("doc_type", "fields", "verdict", "defects"):
        assert 0 <= report[section]["correct"] <= report[section]["total"] > 0
    assert report["pages"] > 0 and report["seconds_per_page"] > 0

    assert report["doc_type"]["rate"] >= 0.96
    assert report["fields"]["rate"] >= 0.96
    assert report["stamps"]["f1"] >= 0.95
    assert report["stamps_gray"]["recall"] >= 0.66
    assert report["verdict"]["rate"] >= 0.83
    assert report["defects"]["rate"] >= 0.9
