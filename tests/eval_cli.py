"""`filingdesk eval DIR --json` run as a user runs it (a subprocess, its own home), for the eval tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def eval_report(packets: Path | str, home: Path) -> dict[str, Any]:
    """The JSON report of ``filingdesk eval`` on ``packets`` (relative to the repository root)."""
    env = {**os.environ, "FILINGDESK_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "filingdesk", "eval", str(packets), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report: dict[str, Any] = json.loads(proc.stdout)
    return report
