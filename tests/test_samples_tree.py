"""The committed sample tree holds packets only: `filingdesk process samples` reads scans, nothing else."""

from __future__ import annotations

from pathlib import Path

from ingest.collect import collect_inputs
from kernel.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_every_input_under_samples_is_a_packet_scan() -> None:
    files, errors = collect_inputs([SAMPLES], Settings())
    assert not errors
    assert files
    for f in files:
        rel = f.path.relative_to(SAMPLES)
        assert rel.parts[0].startswith("packet_") and (SAMPLES / rel.parts[0] / "truth.json").is_file(), rel
