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
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

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


def test_hostile_values_in_every_parameter_and_body_field_cause_no_server_error(api: Api) -> None:
    """Negative mode (values outside the schema) and hostile values put into every parameter and field.

    Schemathesis's positive mode keeps to the schema, so a ``ge=1`` integer or a
    free-text cursor never sees "-1", "²", 10**30 or a megabyte of emoji; here
    each query and path parameter and each JSON body field gets them, one at a time.
    """
    spec = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    operations = [result.ok() for result in spec.get_all_operations()]  # type: ignore[union-attr]
    operations = [op for op in operations if op.method.upper() != "DELETE"]
    for operation in operations:
        roles = operation.definition.raw.get("x-roles") or ["admin"]
        headers = api.as_(next(r for r in ROLE_ORDER if r in roles))
        if any(True for _ in operation.query) or any(True for _ in operation.path_parameters):
            _fuzz(operation, headers, GenerationMode.NEGATIVE)  # nothing to break in an input-less one
        _fuzz_hostile(operation, headers)


HOSTILE_STRINGS = (
    "²", "③", "٣", "١٢", "-1", "0", "-0", "1e308", "NaN", "Infinity", "9" * 40, "-" + "9" * 40,
    "", " ", "\t", "%00", "../../etc/passwd", "' OR 1=1 --", "=HYPERLINK(\"x\")", "😀" * 2000,
    "a" * 100_000, "\u202e", "１２３", "W/\"1\"",
)
HOSTILE_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=200),  # any unicode, surrogates left out by hypothesis
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([None, True, [], {}, 1.5, -1e308, [1, "x"], {"a": {"b": []}}]),
)


def _fuzz_hostile(operation: Any, headers: dict[str, str]) -> None:
    query = [p.name for p in operation.query]
    path = [p.name for p in operation.path_parameters]

    @given(case=operation.as_strategy(), data=st.data())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any, data: st.DataObject) -> None:
        body_keys = sorted(case.body) if isinstance(case.body, dict) else []
        targets = [("query", n) for n in query] + [("path", n) for n in path]
        targets += [("body", k) for k in body_keys]
        if not targets:
            return
        where, name = data.draw(st.sampled_from(targets))
        value = data.draw(HOSTILE_VALUES)
        if where == "body":
            case.body = {**case.body, name: value}
        elif value is None or isinstance(value, (list, dict)):
            return  # a query or path parameter is text on the wire
        else:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            if where == "query":
                case.query = {**(case.query or {}), name: text}
            elif text and "/" not in text:  # an empty or slashed segment names another route
                case.path_parameters = {**(case.path_parameters or {}), name: text}
        _check(case.call(headers={**(case.headers or {}), **headers}), case)

    run()


def _check(response: Any, case: Any) -> None:
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("code"), str) and isinstance(body.get("message"), str)


def _fuzz(operation: Any, headers: dict[str, str], mode: GenerationMode = GenerationMode.POSITIVE) -> None:
    @given(case=operation.as_strategy(mode))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        _check(case.call(headers={**(case.headers or {}), **headers}), case)

    run()
