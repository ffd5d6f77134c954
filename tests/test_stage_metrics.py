"""``filingdesk_stage_seconds``: per-stage histograms counted by the workers into the database and
exported by ``GET /metrics`` of any API process."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_support import make_api
from prometheus_client.parser import text_string_to_metric_families
from queue_cluster import tiff

from store.db import session_scope
from store.timings import bucket_of, page_stage_seconds, record


def _stage_samples(text: str) -> dict[str, dict[str, float]]:
    """stage → {"count": …, "sum": …, "le=<bound>": …} of the filingdesk_stage_seconds family."""
    out: dict[str, dict[str, float]] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "filingdesk_stage_seconds":
            continue
        assert family.type == "histogram"
        for s in family.samples:
            key = s.name.rsplit("_", 1)[-1]
            if key == "bucket":
                key = f"le={s.labels['le']}"
            out.setdefault(s.labels["stage"], {})[key] = s.value
    return out


@pytest.mark.parametrize("db", ["sqlite", "postgres"])
def test_uploads_fill_the_stage_histograms(
    tmp_path: Path, db: str, request: pytest.FixtureRequest, standin: None
) -> None:
    url = request.getfixturevalue("own_postgres_url") if db == "postgres" else ""
    api = make_api(tmp_path, database_url=url)
    before = _stage_samples(api.client.get("/metrics", headers=api.as_("admin")).text)
    assert before == {}  # nothing read yet: no stage reported
    r = api.client.post(
        "/v1/batches",
        data={"station_id": api.station},
        files=[
            ("files", ("a.tif", tiff(3, 81), "image/tiff")),
            ("files", ("b.tif", tiff(2, 82), "image/tiff")),
        ],
        headers=api.as_("station"),
    )
    assert r.status_code == 202, r.text
    stages = _stage_samples(api.client.get("/metrics", headers=api.as_("admin")).text)
    assert stages["page"]["count"] == 5 and stages["page"]["le=+Inf"] == 5
    assert stages["process_file"]["count"] == 2 and stages["assemble_batch"]["count"] == 1
    for stage, values in stages.items():
        buckets = [v for k, v in values.items() if k.startswith("le=")]
        assert buckets == sorted(buckets), f"{stage}: buckets must be cumulative"
        assert values["sum"] > 0


def test_buckets_and_sums_are_exact(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    with session_scope(api.settings) as session:
        for seconds in (0.07, 0.3, 2000.0):
            record(session, page_stage_seconds({"ocr": seconds, "not_a_stage": 1.0}))
    ocr = _stage_samples(api.client.get("/metrics", headers=api.as_("admin")).text)["ocr"]
    assert ocr["le=0.05"] == 0 and ocr["le=0.1"] == 1 and ocr["le=0.25"] == 1 and ocr["le=0.5"] == 2
    assert ocr["le=900.0"] == 2 and ocr["le=+Inf"] == 3 and ocr["count"] == 3
    assert ocr["sum"] == pytest.approx(2000.37)
    assert bucket_of(0.05) == "0.05" and bucket_of(901) == "+Inf"
