"""``GET /metrics``: Prometheus' text format, read from the store, for an admin key or the scrape token."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_support import approve, make_api, seed_filing
from prometheus_client.parser import text_string_to_metric_families
from queue_cluster import tiff


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_count_what_the_workers_did(tmp_path: Path, standin: None) -> None:
    api = make_api(tmp_path, metrics_token="scrape-secret")
    r = api.client.post(
        "/v1/batches",
        data={"station_id": api.station},
        files=[
            ("files", ("a.tif", tiff(3, 71), "image/tiff")),
            ("files", ("b.tif", tiff(2, 72), "image/tiff")),
            ("files", ("bad.png", b"\x89PNG\r\n\x1a\n not really", "image/png")),
        ],
        headers=api.as_("station"),
    )
    assert r.status_code == 202, r.text
    scrape = api.client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    assert scrape.status_code == 200 and scrape.headers["content-type"].startswith("text/plain")
    got = samples(scrape.text)
    assert got[("filingdesk_pages_read_total", ())] == 5
    assert got[("filingdesk_tasks", (("kind", "process_file"), ("state", "done")))] == 2
    assert got[("filingdesk_tasks", (("kind", "assemble_batch"), ("state", "done")))] == 1
    refused = [v for (name, labels), v in got.items() if name == "filingdesk_source_files" and labels[0][1]]
    assert refused == [1]  # the broken PNG, by its code
    assert got[("filingdesk_filings", (("review_status", "needs_review"),))] == 2
    assert got[("filingdesk_filings", (("review_status", "approved"),))] == 0


def test_metrics_want_the_scrape_token_or_an_admin_key(tmp_path: Path) -> None:
    api = make_api(tmp_path, metrics_token="scrape-secret")
    assert api.client.get("/metrics").status_code == 401
    assert api.client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert api.client.get("/metrics", headers=api.as_("admin")).status_code == 200
    for role in ("station", "reviewer", "integration"):
        r = api.client.get("/metrics", headers=api.as_(role))
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    without_token = make_api(tmp_path / "other")  # no token configured: an empty bearer is no token
    assert without_token.client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401


@pytest.mark.parametrize("db", ["sqlite", "postgres"])
def test_review_turnaround_and_export_backlog_follow_the_reviewers_and_integrations(
    tmp_path: Path, db: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("own_postgres_url") if db == "postgres" else ""
    api = make_api(tmp_path, database_url=url)
    first, second = seed_filing(api, tag="one"), seed_filing(api, tag="two")
    before = samples(api.client.get("/metrics", headers=api.as_("admin")).text)
    assert before[("filingdesk_review_turnaround_seconds", (("stat", "count"),))] == 0
    [(name, labels)] = [k for k in before if k[0] == "filingdesk_export_backlog"]
    assert before[(name, labels)] == 0  # the integration key of the test app, nothing approved yet
    approve(api, first)
    approve(api, second)
    after = samples(api.client.get("/metrics", headers=api.as_("admin")).text)
    assert after[("filingdesk_review_turnaround_seconds", (("stat", "count"),))] == 2
    assert after[("filingdesk_review_turnaround_seconds", (("stat", "sum"),))] >= 0
    assert after[(name, labels)] == 2
    r = api.client.post("/v1/export/ack", json={"filings": [first]}, headers=api.as_("integration"))
    assert r.status_code == 200, r.text
    acked = samples(api.client.get("/metrics", headers=api.as_("admin")).text)
    assert acked[(name, labels)] == 1
