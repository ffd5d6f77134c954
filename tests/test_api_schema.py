"""Property-based run of the OpenAPI document against the app (schemathesis): no input gives a 5xx.

Each operation is called with a key of a role it admits (from its ``x-roles``),
so generated requests reach the operation's own code, not just the 403 gate.
Examples are bounded so the whole run stays well under two minutes.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from api_support import Api, make_api, seed_filing
from hypothesis import HealthCheck, given, settings

ROLE_ORDER = ("reviewer", "integration", "station", "admin")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    api = make_api(tmp_path_factory.mktemp("schema"))
    seed_filing(api)
    return api


def test_the_document_is_readable_for_integrators(api: Api) -> None:
    doc = api.client.get("/openapi.json").json()
    for path, methods in doc["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in methods.items():
            assert op.get("summary"), (method, path)
            assert "500" in op["responses"], (method, path)
            assert any(code.startswith("4") for code in op["responses"]), (method, path)
    for name in ("QueueItem", "FilingDetail", "ExportFiling", "BatchReceiptOut", "ErrorBody", "FieldChange"):
        model = doc["components"]["schemas"][name]
        assert (
            model.get("description")
            or model.get("examples")
            or any("examples" in p or "description" in p for p in model.get("properties", {}).values())
        ), name


def test_no_generated_request_causes_a_server_error(api: Api) -> None:
    spec = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    operations = [result.ok() for result in spec.get_all_operations()]  # type: ignore[union-attr]
    operations.sort(key=lambda op: op.method.upper() == "DELETE")  # revoking keys last keeps ours alive
    assert len(operations) >= 16
    for operation in operations:
        roles = operation.definition.raw.get("x-roles") or ["admin"]
        _fuzz(operation, api.as_(next(r for r in ROLE_ORDER if r in roles)))


def _fuzz(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        response = case.call(headers={**(case.headers or {}), **headers})
        assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
        if response.status_code >= 400:
            body = response.json()
            assert isinstance(body.get("code"), str) and isinstance(body.get("message"), str)

    run()
