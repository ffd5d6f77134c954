"""Every /v1 operation against every role: the roles an operation names in ``x-roles`` get in, the others 403.

The table comes from the app's own OpenAPI document, so a new operation is
covered the moment it exists (and one without ``x-roles`` fails the test).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, make_api, seed_filing
from builders import GOOD_ID

from api.masking import mask_id_number, mask_text

ROLES = ("station", "reviewer", "integration", "admin")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    return make_api(tmp_path_factory.mktemp("auth"))


def _operations(api: Api) -> list[tuple[str, str, list[str]]]:
    spec: dict[str, Any] = api.client.app.openapi()  # type: ignore[attr-defined]
    ops = []
    for path, methods in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in methods.items():
            assert "x-roles" in op, f"{method.upper()} {path} does not say which roles it admits"
            ops.append((method, path, op["x-roles"]))
    return ops


def _call(api: Api, method: str, path: str, headers: dict[str, str]) -> Any:
    url = re.sub(r"\{[^}]+\}", "999999", path)  # ids that do not exist: no key gets revoked
    if method in ("post", "patch") and "batches" not in path:
        return api.client.request(method.upper(), url, headers=headers, json={})
    return api.client.request(method.upper(), url, headers=headers)


def test_every_operation_admits_exactly_its_roles(api: Api) -> None:
    ops = _operations(api)
    assert len(ops) >= 16
    for method, path, allowed in ops:
        for role in ROLES:
            r = _call(api, method, path, api.as_(role))
            if role in allowed:
                assert r.status_code not in (401, 403), (method, path, role, r.text)
            else:
                assert r.status_code == 403, (method, path, role, r.status_code)
                assert r.json()["code"] == "forbidden"


def test_missing_unknown_and_revoked_keys_get_401(api: Api) -> None:
    for method, path, _ in _operations(api):
        r = _call(api, method, path, {})
        assert r.status_code == 401 and r.json()["code"] == "unauthorized", (method, path)
    assert api.client.get("/v1/filings", headers={"Authorization": "Bearer fdk_nope"}).status_code == 401
    assert api.client.get("/v1/filings", headers={"X-API-Key": api.keys["reviewer"]}).status_code == 200

    made = api.client.post(
        "/v1/keys", json={"role": "reviewer", "name": "temp"}, headers=api.as_("admin")
    ).json()
    assert made["key"].startswith("fdk_") and made["prefix"] == made["key"][:10]
    listed = api.client.get("/v1/keys", headers=api.as_("admin")).json()
    assert made["key"] not in str(listed)  # only the hash is stored
    ok = {"Authorization": f"Bearer {made['key']}"}
    assert api.client.get("/v1/filings", headers=ok).status_code == 200
    assert api.client.delete(f"/v1/keys/{made['id']}", headers=api.as_("admin")).status_code == 204
    assert api.client.get("/v1/filings", headers=ok).status_code == 401


def test_station_key_needs_a_station(api: Api) -> None:
    r = api.client.post("/v1/keys", json={"role": "station", "name": "w"}, headers=api.as_("admin"))
    assert r.status_code == 422 and "station" in r.json()["message"]


def test_unexpected_failure_is_a_json_internal_error_without_trace(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import api.routes.filings as routes

    def boom(*_a: Any, **_k: Any) -> None:
        raise RuntimeError(f"database exploded for {GOOD_ID}")

    monkeypatch.setattr(routes, "list_queue", boom)
    with caplog.at_level(logging.ERROR, logger="api"):
        r = api.client.get("/v1/filings", headers=api.as_("reviewer"))
    assert r.status_code == 500
    body = r.json()
    assert body["code"] == "internal_error" and "Traceback" not in r.text and "exploded" not in r.text
    assert body["details"]["ref"] in caplog.text
    assert GOOD_ID not in caplog.text and str(mask_id_number(GOOD_ID)) in caplog.text  # masked in the log too


def test_unknown_paths_and_methods_answer_in_the_error_shape(api: Api) -> None:
    r = api.client.get("/v1/nothing-here", headers=api.as_("admin"))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = api.client.put("/v1/filings", headers=api.as_("admin"))
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


def test_id_numbers_are_masked_in_every_log_record(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info("looked up %s and %s", GOOD_ID, "13812345678")
    assert GOOD_ID not in caplog.text and f"{GOOD_ID[:6]}********{GOOD_ID[-4:]}" in caplog.text
    assert "13812345678" in caplog.text  # a phone number is not an ID number
    assert mask_text(f"id={GOOD_ID[:-1]}X.") == f"id={GOOD_ID[:6]}********{GOOD_ID[-4:-1]}X."


def test_reviewer_queue_shows_masked_id_numbers_only(api: Api) -> None:
    seed_filing(api)
    items = api.client.get("/v1/filings", headers=api.as_("reviewer")).json()["items"]
    assert all("*" in (i["id_number_masked"] or "*") for i in items)


def test_keys_create_command_prints_the_key_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from filingdesk.cli import app
    from kernel.settings import get_settings

    monkeypatch.setenv("FILINGDESK_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["keys", "create", "--role", "integration", "--name", "erp"])
        assert result.exit_code == 0, result.output
        key = result.output.strip().splitlines()[-1]
        settings = get_settings()
        from api.keys import authenticate
        from store.db import session_scope

        with session_scope(settings) as session:
            who = authenticate(session, key)
        assert who is not None and (who.role, who.name) == ("integration", "erp")
        bad = CliRunner().invoke(app, ["keys", "create", "--role", "station"])
        assert bad.exit_code == 2
    finally:
        get_settings.cache_clear()
