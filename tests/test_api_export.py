"""Integrations over HTTP: the approved-filings feed (JSON and CSV), acknowledgements, audit, webhooks."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from api_support import Api, approve, make_api, seed_filing
from builders import GOOD_ID
from sqlalchemy import select

from api.webhooks import deliver_due, verify
from store.access import AuditEntry, WebhookDelivery
from store.db import session_scope


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Api:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    return make_api(tmp_path, url)


def _feed(api: Api, **params: str) -> list[dict]:
    """Every page of the feed from the start, following next_cursor; only this test's filings."""
    items, after = [], None
    while True:
        query: dict[str, str | int] = {"limit": 2, **params}
        if after:
            query["after"] = after
        r = api.client.get("/v1/export/filings", params=query, headers=api.as_("integration"))
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["schema"] == "filingdesk.export/v1"
        items += body["items"]
        after = body["next_cursor"]
        if after is None:
            return items


def test_feed_lists_approved_filings_once_each_in_approval_order_and_audits_reads(api: Api) -> None:
    ids = [seed_filing(api) for _ in range(3)]
    unapproved = seed_filing(api)
    for filing_id in reversed(ids):
        approve(api, filing_id)
    feed = [i for i in _feed(api) if i["filing_id"] in [*ids, unapproved]]
    assert [i["filing_id"] for i in feed] == list(reversed(ids))
    first = feed[0]
    assert first["id_number"] == GOOD_ID and first["fields"]["hospitals"] == ["北京协和医院"]
    assert first["approved_by"] == f"reviewer-{api.station}" and first["acknowledged"] is False
    assert {d["doc_type"] for d in first["documents"]} == {"declaration_form", "household_register"}
    with session_scope(api.settings) as session:
        audited = session.scalars(
            select(AuditEntry.target).where(AuditEntry.action == "export.read", AuditEntry.target.in_(ids))
        ).all()
    assert sorted(t or "" for t in audited) == sorted(ids)


def test_ack_hides_a_filing_from_pending_until_it_changes_and_is_approved_again(api: Api) -> None:
    a, b = seed_filing(api), seed_filing(api)
    approve(api, a)
    approve(api, b)
    r = api.client.post(
        "/v1/export/ack", json={"filings": [a, "no-such-filing"]}, headers=api.as_("integration")
    )
    assert r.status_code == 200 and r.json() == {"acknowledged": [a], "unknown": ["no-such-filing"]}
    pending = {i["filing_id"] for i in _feed(api, pending="true")}
    assert b in pending and a not in pending
    assert a in {i["filing_id"] for i in _feed(api)}  # re-pull from the start still has it

    # a change after approval (变更) sends it back through review; approved again, it is due again
    detail = api.client.get(f"/v1/filings/{a}", headers=api.as_("reviewer"))
    decl = next(d["id"] for d in detail.json()["documents"] if d["doc_type"] == "declaration_form")
    r = api.client.patch(
        f"/v1/filings/{a}/fields",
        json={"document": decl, "field": "phone", "value": "13900001111"},
        headers={**api.as_("reviewer"), "If-Match": detail.headers["ETag"]},
    )
    assert r.json()["filing"]["review_status"] == "changed"
    assert a not in {i["filing_id"] for i in _feed(api)}  # not approved any more
    approve(api, a)
    again = [i for i in _feed(api, pending="true") if i["filing_id"] == a]
    assert len(again) == 1 and again[0]["fields"]["phone"] == "13900001111"


def test_a_cancelled_filing_comes_round_once_more_marked_cancelled(api: Api) -> None:
    a, never = seed_filing(api), seed_filing(api)
    approve(api, a)
    first = _feed(api)
    assert [(i["filing_id"], i["status"]) for i in first if i["filing_id"] == a] == [(a, "approved")]
    r = api.client.get("/v1/export/filings", params={"limit": 200}, headers=api.as_("integration"))
    cursor = r.json()["next_cursor"] or ""
    assert (
        api.client.post("/v1/export/ack", json={"filings": [a]}, headers=api.as_("integration")).status_code
        == 200
    )

    for filing_id in (a, never):  # cancel the delivered filing and one that was never approved
        detail = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer"))
        r = api.client.post(
            f"/v1/filings/{filing_id}/decision",
            json={"action": "cancel", "reason": "参保人返回参保地"},
            headers={**api.as_("reviewer"), "If-Match": detail.headers["ETag"]},
        )
        assert r.status_code == 200, r.text
    feed = _feed(api)
    assert [(i["filing_id"], i["status"]) for i in feed if i["filing_id"] in (a, never)] == [(a, "cancelled")]
    pending = [i for i in _feed(api, pending="true") if i["filing_id"] == a]
    assert len(pending) == 1 and pending[0]["status"] == "cancelled"  # the new version is not acked yet
    after = api.client.get(
        "/v1/export/filings", params={"after": cursor, "format": "csv"}, headers=api.as_("integration")
    )
    rows = list(csv.DictReader(io.StringIO(after.text)))
    assert [(row["filing_id"], row["status"]) for row in rows if row["filing_id"] == a] == [(a, "cancelled")]
    r = api.client.post("/v1/export/ack", json={"filings": [a]}, headers=api.as_("integration"))
    assert r.json() == {"acknowledged": [a], "unknown": []}
    assert a not in {i["filing_id"] for i in _feed(api, pending="true")}


def test_csv_export_has_one_row_per_filing_and_the_cursor_in_a_header(api: Api) -> None:
    ids = [seed_filing(api) for _ in range(2)]
    for filing_id in ids:
        approve(api, filing_id)
    r = api.client.get(
        "/v1/export/filings", params={"format": "csv", "limit": 500}, headers=api.as_("integration")
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = [row for row in csv.DictReader(io.StringIO(r.text)) if row["filing_id"] in ids]
    assert [row["filing_id"] for row in rows] == ids
    assert rows[0]["id_number"] == GOOD_ID and rows[0]["hospitals"] == "北京协和医院"
    assert rows[0]["agency_stamp"] == "true"
    r = api.client.get(
        "/v1/export/filings", params={"format": "csv", "limit": 1}, headers=api.as_("integration")
    )
    assert r.headers["X-Next-Cursor"].isdigit()
    bad = api.client.get("/v1/export/filings", params={"after": "abc"}, headers=api.as_("integration"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_cursor"


class _Receiver:
    """A local HTTP endpoint recording webhook posts; answers ``status`` (mutable)."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls.append((dict(self.headers), body))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                return

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    r = _Receiver()
    yield r
    r.server.shutdown()


def test_webhook_is_signed_and_retried_with_backoff(api: Api, receiver: _Receiver) -> None:
    r = api.client.post("/v1/webhooks", json={"url": receiver.url}, headers=api.as_("admin"))
    assert r.status_code == 201, r.text
    secret = r.json()["secret"]
    assert api.client.get("/v1/webhooks", headers=api.as_("admin")).json()[0]["secret"] is None  # shown once
    filing_id = seed_filing(api)
    receiver.status = 503
    approve(api, filing_id)
    now = datetime.now(UTC)
    assert deliver_due(api.settings, now=now) == 0
    assert len(receiver.calls) == 1
    with session_scope(api.settings) as session:
        [delivery] = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.filing_id == filing_id)
        ).all()
        assert delivery.state == "pending" and delivery.attempts == 1 and delivery.last_error == "HTTP 503"
    assert deliver_due(api.settings, now=now + timedelta(seconds=5)) == 0  # not due yet
    assert len(receiver.calls) == 1

    receiver.status = 204
    assert deliver_due(api.settings, now=now + timedelta(seconds=11)) == 1
    headers, body = receiver.calls[-1]
    assert verify(secret, headers["X-Filingdesk-Timestamp"], body, headers["X-Filingdesk-Signature"])
    assert not verify(
        "wrong-secret-wrong-secret",
        headers["X-Filingdesk-Timestamp"],
        body,
        headers["X-Filingdesk-Signature"],
    )
    payload = json.loads(body)
    assert payload["event"] == "filing.approved" and payload["filing_id"] == filing_id
    assert GOOD_ID not in body.decode("utf-8")  # ids only; personal data goes through the audited feed
    assert deliver_due(api.settings, now=now + timedelta(hours=2)) == 0  # delivered once


def test_background_sender_delivers_after_approval(tmp_path: Path, receiver: _Receiver) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    api = make_api(tmp_path)
    api.client.post("/v1/webhooks", json={"url": receiver.url}, headers=api.as_("admin"))
    filing_id = seed_filing(api)
    with TestClient(create_app(api.settings)) as live:
        api.client = live
        approve(api, filing_id)
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while not receiver.calls and datetime.now(UTC) < deadline:
            threading.Event().wait(0.05)
    assert len(receiver.calls) == 1 and json.loads(receiver.calls[0][1])["filing_id"] == filing_id
