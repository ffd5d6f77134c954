"""Two reviewers saving the same filing at the same moment, with real threads on a real database.

Both requests carry the same ``If-Match`` and are held at a barrier right after
their version check, so both have read version n before either writes: the
database lets one ``UPDATE … WHERE version = n`` through and the other matches
no row. The loser must get 412 ``conflict`` (not ``internal_error``), every round,
on the embedded SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, make_api, seed_filing

from api import review

ROUNDS = 4
# the losing regroup's DELETE of the moved link matches no row before its version check fails
pytestmark = pytest.mark.filterwarnings("ignore:DELETE statement on table:sqlalchemy.exc.SAWarning")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Api:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    return make_api(tmp_path, url)


def _hold_after_version_check(monkeypatch: pytest.MonkeyPatch, barrier: threading.Barrier) -> None:
    """Both requests wait for each other once they have passed ``check_version``."""
    original = review.check_version

    def check_then_wait(row: Any, if_match: str | None) -> None:
        original(row, if_match)
        barrier.wait(timeout=30)

    monkeypatch.setattr(review, "check_version", check_then_wait)


def _race(api_: Api, send: Callable[[str], Any], etag: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(send, [etag, etag]))


def _filing(api_: Api) -> tuple[str, str, str]:
    filing_id = seed_filing(api_)
    r = api_.client.get(f"/v1/filings/{filing_id}", headers=api_.as_("reviewer"))
    decl = next(d["id"] for d in r.json()["documents"] if d["doc_type"] == "declaration_form")
    return filing_id, decl, r.headers["ETag"]


def test_two_simultaneous_corrections_give_one_200_and_one_412(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hold_after_version_check(monkeypatch, threading.Barrier(2))
    for n in range(ROUNDS):
        filing_id, decl, etag = _filing(api)

        def send(if_match: str, filing_id: str = filing_id, decl: str = decl) -> Any:
            return api.client.patch(
                f"/v1/filings/{filing_id}/fields",
                json={"document": decl, "field": "phone", "value": "13812345678"},
                headers={**api.as_("reviewer"), "If-Match": if_match},
            )

        answers = _race(api, send, etag)
        assert sorted(r.status_code for r in answers) == [200, 412], (n, [r.text for r in answers])
        lost = next(r for r in answers if r.status_code == 412)
        assert lost.json()["code"] == "conflict"
        after = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer")).json()
        assert len(after["corrections"]) == 1  # the loser's correction was rolled back whole


def test_two_simultaneous_regroups_give_one_200_and_one_412(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hold_after_version_check(monkeypatch, threading.Barrier(2))
    for n in range(ROUNDS):
        filing_id = seed_filing(api)
        r = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer"))
        proof = next(d["id"] for d in r.json()["documents"] if d["doc_type"] == "household_register")

        def send(if_match: str, filing_id: str = filing_id, proof: str = proof) -> Any:
            return api.client.post(
                f"/v1/filings/{filing_id}/regroup",
                json={"document": proof},
                headers={**api.as_("reviewer"), "If-Match": if_match},
            )

        answers = _race(api, send, r.headers["ETag"])
        assert sorted(a.status_code for a in answers) == [200, 412], (n, [a.text for a in answers])
