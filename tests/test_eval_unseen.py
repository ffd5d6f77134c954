"""`filingdesk eval` on an unseen set: other provinces' layouts, wordings, fonts and worse scans.

The set is generated here (``samplegen.unseen``, seed 2026, deterministic) rather than
committed. The floors are regression guards a few points under the figures in README.md:
a change that reads the committed samples well but breaks the general case fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_cli import eval_report

from samplegen.unseen import generate


@pytest.mark.slow
def test_eval_on_an_unseen_set(tmp_path: Path) -> None:
    packets = tmp_path / "unseen"
    generate(packets, 12, 2026)
    report = eval_report(packets, tmp_path / "home")

    assert report["filings"]["truth"] == 12
    assert report["input_errors"] == 0
    assert report["documents"]["missed"] <= 1
    assert report["doc_type"]["rate"] >= 0.92
    assert report["fields"]["rate"] >= 0.85
    assert report["stamps"]["f1"] >= 0.9
    assert report["verdict"]["rate"] >= 0.66
