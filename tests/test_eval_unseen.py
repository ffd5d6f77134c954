"""`filingdesk eval` on an unseen set: other provinces' layouts, wordings, fonts and worse scans.

The set is generated here (``samplegen.unseen``, seed 2026, deterministic) rather than
committed. The floors are regression guards a few points under the figures in README.md:
a change that reads the committed samples well but breaks the general case fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samplegen.unseen import generate

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_eval_on_an_unseen_set(tmp_path: Path) -> None:
    packets = tmp_path / "unseen"
    generate(packets, 12, 2026)
    env = {**os.environ, "FILINGDESK_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "filingdesk", "eval", str(packets), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)

    assert report["filings"]["truth"] == 12
    assert report["input_errors"] == 0
    assert report["documents"]["missed"] <= 1
    assert report["doc_type"]["rate"] >= 0.92
    assert report["fields"]["rate"] >= 0.85
    assert report["stamps"]["f1"] >= 0.9
    assert report["verdict"]["rate"] >= 0.66
