"""The triage lane over HTTP: pages that went into no filing, listed with their guesses, and the three
audited actions on them (assign a type, attach to a filing, discard), each guarded by If-Match.

Runs against the embedded SQLite and the local PostgreSQL alike. Batches are seeded the way the
pipeline saves them: ``assemble_filings`` decides the filings, ``unfiled_documents`` the rest.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest
from api_support import TODAY, Api, attach_page_image, make_api
from builders import declaration, doc, household_register, make_id, residence_certificate
from sqlalchemy import select

from kernel.domain import DocType
from kernel.schema import ProcessResult
from store.access import AuditEntry
from store.db import session_scope
from store.models import Page, SourceFile
from store.repository import save_result
from validate.assemble import assemble_filings, unfiled_documents

STRANGER_ID = make_id("11010119700101002")
# A residence certificate whose heading was cut off the scan: the classifier gives up on it.
HEADLESS_CERTIFICATE = [
    ("兹证明李四（身份证号：110101197001010023）", (100, 250, 900, 290)),
    ("在北京市朝阳区建国路88号居住满六个月。", (100, 310, 900, 350)),
    ("特此证明。", (100, 370, 400, 410)),
    ("北京市朝阳区建外街道办事处", (500, 800, 900, 840)),
    ("2025年3月2日", (600, 860, 900, 900)),
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Api:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    return make_api(tmp_path, url)


def seed_batch(api: Api) -> dict[str, Any]:
    """A packet with its declaration and proof, an invoice and another person's certificate."""
    tag = secrets.token_hex(4)
    invoice = doc(DocType.UNKNOWN, f"inv-{tag}", source=f"{tag}/invoice.jpg").model_copy(
        update={"doc_type_confidence": 0.1}
    )
    invoice.type_guesses = [  # type: ignore[attr-defined]
        {"doc_type": "residence_certificate", "confidence": 0.21},
        {"doc_type": "written_application", "confidence": 0.05},
    ]
    stranger = residence_certificate(f"rc-{tag}", name="李四", id_number=STRANGER_ID)
    docs = [
        declaration(f"decl-{tag}", source=f"{tag}/decl.jpg"),
        household_register(f"hr-{tag}").model_copy(update={"source": f"{tag}/hr.jpg"}),
        invoice,
        stranger.model_copy(update={"source": f"{tag}/stranger.jpg"}),
    ]
    filings = assemble_filings(docs, api.settings, TODAY)
    unfiled = unfiled_documents(docs, filings)
    with session_scope(api.settings) as session:
        batch_id = save_result(
            session,
            ProcessResult(documents=docs, filings=filings, unfiled=unfiled),
            batch_station=api.station,
        )
    (filing,) = filings
    return {
        "batch": batch_id,
        "filing": filing.id,
        "invoice": invoice.id,
        "stranger": f"rc-{tag}",
        "tag": tag,
    }


def lane(api: Api, batch: int, **params: Any) -> list[dict[str, Any]]:
    r = api.client.get("/v1/triage", params={"batch": batch, **params}, headers=api.as_("reviewer"))
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def item_of(api: Api, batch: int, document: str) -> tuple[dict[str, Any], str]:
    (found,) = [i for i in lane(api, batch) if i["document"]["id"] == document]
    r = api.client.get(f"/v1/triage/{found['id']}", headers=api.as_("reviewer"))
    assert r.status_code == 200, r.text
    return r.json(), r.headers["ETag"]


def act(api: Api, item: dict[str, Any], action: str, body: dict[str, Any], etag: str | None) -> Any:
    headers = {**api.as_("reviewer"), **({"If-Match": etag} if etag is not None else {})}
    return api.client.post(f"/v1/triage/{item['id']}/{action}", json=body, headers=headers)


def audit_lines(api: Api, document: str) -> list[AuditEntry]:
    with session_scope(api.settings) as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.target == document)))
        session.expunge_all()
    return rows


def test_lane_lists_the_unfiled_pages_newest_first_with_guesses_and_page_images(api: Api) -> None:
    seeded = seed_batch(api)
    attach_page_image(api, f"{seeded['tag']}/invoice.jpg")
    items = lane(api, seeded["batch"])
    assert {(i["document"]["id"], i["reason"]) for i in items} == {
        (seeded["invoice"], "not_a_filing_document"),
        (seeded["stranger"], "no_matching_filing"),
    }
    stamps = [i["created_at"] for i in items]
    assert stamps == sorted(stamps, reverse=True)
    invoice = next(i for i in items if i["document"]["id"] == seeded["invoice"])
    assert invoice["state"] == "open" and invoice["station"] == api.station
    assert [g["doc_type"] for g in invoice["guesses"]] == ["residence_certificate", "written_application"]
    assert invoice["guesses"][0]["confidence"] == pytest.approx(0.21)
    (image,) = invoice["document"]["page_images"]
    png = api.client.get(image["url"], headers=api.as_("reviewer"))
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    stranger = next(i for i in items if i["document"]["id"] == seeded["stranger"])
    assert stranger["guesses"] == [{"doc_type": "residence_certificate", "confidence": 1.0}]

    first = api.client.get(
        "/v1/triage", params={"batch": seeded["batch"], "limit": 1}, headers=api.as_("reviewer")
    ).json()
    second = api.client.get(
        "/v1/triage",
        params={"batch": seeded["batch"], "limit": 1, "cursor": first["next_cursor"]},
        headers=api.as_("reviewer"),
    ).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [i["id"] for i in items]
    assert second["next_cursor"] is None
    bad = api.client.get("/v1/triage", params={"cursor": "nonsense"}, headers=api.as_("reviewer"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_cursor"


def test_only_reviewers_and_admins_see_or_touch_the_lane(api: Api) -> None:
    seeded = seed_batch(api)
    item, etag = item_of(api, seeded["batch"], seeded["invoice"])
    for role in ("station", "integration"):
        headers = api.as_(role)
        assert api.client.get("/v1/triage", headers=headers).status_code == 403
        assert api.client.get(f"/v1/triage/{item['id']}", headers=headers).status_code == 403
        r = api.client.post(
            f"/v1/triage/{item['id']}/discard", json={"reason": "x"}, headers={**headers, "If-Match": etag}
        )
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert api.client.get("/v1/triage", headers=api.as_("admin")).status_code == 200
    assert item_of(api, seeded["batch"], seeded["invoice"])[0]["state"] == "open"  # nothing changed


def test_discard_needs_if_match_a_current_version_and_a_reason_and_is_audited(api: Api) -> None:
    seeded = seed_batch(api)
    item, etag = item_of(api, seeded["batch"], seeded["invoice"])
    r = act(api, item, "discard", {"reason": "发票，非备案材料"}, None)
    assert r.status_code == 428 and r.json()["code"] == "precondition_required"
    r = act(api, item, "discard", {"reason": "发票，非备案材料"}, f'"{item["version"] + 1}"')
    assert r.status_code == 412 and r.json()["details"]["current_version"] == item["version"]
    r = act(api, item, "discard", {"reason": "  "}, etag)
    assert r.status_code == 422 and r.json()["code"] == "reason_required"

    r = act(api, item, "discard", {"reason": "发票，非备案材料"}, etag)
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["state"] == "discarded" and done["note"] == "发票，非备案材料"
    assert done["decided_by"] == f"reviewer-{api.station}" and done["version"] > item["version"]
    assert r.headers["ETag"] == f'"{done["version"]}"'
    assert [(e["action"], e["detail"]["reason"]) for e in done["history"]] == [
        ("triage.discard", "发票，非备案材料")
    ]
    (line,) = audit_lines(api, seeded["invoice"])
    assert (line.action, line.role, line.detail["item"]) == ("triage.discard", "reviewer", item["id"])

    assert seeded["invoice"] not in {i["document"]["id"] for i in lane(api, seeded["batch"])}
    assert [i["id"] for i in lane(api, seeded["batch"], state="discarded")] == [item["id"]]
    again = act(api, item, "discard", {"reason": "再来一次"}, r.headers["ETag"])
    assert again.status_code == 409 and again.json()["code"] == "not_open"


def test_attaching_another_persons_proof_revalidates_the_filing_and_moves_its_version(api: Api) -> None:
    seeded = seed_batch(api)
    before = api.client.get(f"/v1/filings/{seeded['filing']}", headers=api.as_("reviewer")).json()
    item, etag = item_of(api, seeded["batch"], seeded["stranger"])

    r = act(api, item, "attach", {"filing": "filing-nope"}, etag)
    assert r.status_code == 404
    r = act(api, item, "attach", {"filing": seeded["filing"]}, etag)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "attached" and r.json()["filing_id"] == seeded["filing"]
    assert r.json()["history"][0]["detail"]["filing"] == seeded["filing"]

    after = api.client.get(f"/v1/filings/{seeded['filing']}", headers=api.as_("reviewer")).json()
    assert after["filing"]["version"] > before["filing"]["version"]
    assert seeded["stranger"] in after["filing"]["documents"]
    codes = {i["code"] for i in after["filing"]["issues"]} - {i["code"] for i in before["filing"]["issues"]}
    assert "id_number_mismatch" in codes  # validated again: the certificate names someone else
    assert [e.action for e in audit_lines(api, seeded["stranger"])] == ["triage.attach"]
    stale = act(api, item, "attach", {"filing": seeded["filing"]}, etag)
    assert stale.status_code == 412


def test_a_page_of_no_known_type_needs_a_type_before_it_joins_a_filing(api: Api) -> None:
    seeded = seed_batch(api)
    item, etag = item_of(api, seeded["batch"], seeded["invoice"])
    r = act(api, item, "attach", {"filing": seeded["filing"]}, etag)
    assert r.status_code == 409 and r.json()["code"] == "type_required"
    r = act(api, item, "assign-type", {"doc_type": "unknown"}, etag)
    assert r.status_code == 422 and r.json()["code"] == "invalid_doc_type"
    r = act(api, item, "assign-type", {"doc_type": "invoice"}, etag)
    assert r.status_code == 422 and "residence_certificate" in r.json()["details"]["allowed"]


def test_assign_type_reads_the_stored_page_again_as_that_type_then_it_makes_a_filing(api: Api) -> None:
    seeded = seed_batch(api)
    source = f"{seeded['tag']}/invoice.jpg"
    attach_page_image(api, source)
    reading = {
        "page": 1,
        "width": 1000,
        "height": 1400,
        "lines": [{"text": t, "box": list(b), "confidence": 0.95} for t, b in HEADLESS_CERTIFICATE],
        "seals": [],
    }
    with session_scope(api.settings) as session:
        file_id = session.scalars(select(SourceFile.id).where(SourceFile.source == source)).one()
        page = session.scalars(select(Page).where(Page.source_file_id == file_id)).one()
        page.reading = reading
    item, etag = item_of(api, seeded["batch"], seeded["invoice"])
    assert item["document"]["fields"] == {}

    r = act(api, item, "assign-type", {"doc_type": "residence_certificate"}, etag)
    assert r.status_code == 200, r.text
    body = r.json()  # no broker in this test: the worker's task ran right after the commit
    assert body["state"] == "open" and body["reread"] == "done"
    document = body["document"]
    assert document["doc_type"] == "residence_certificate" and document["doc_type_confidence"] == 1.0
    assert document["fields"]["name"]["value"] == "李四"
    assert document["fields"]["issuer"]["value"] == "北京市朝阳区建外街道办事处"
    assert [(e["action"], e["detail"]["to"]) for e in body["history"]] == [
        ("triage.assign_type", "residence_certificate")
    ]

    r = act(api, body, "attach", {"filing": None}, r.headers["ETag"])
    assert r.status_code == 200, r.text
    made = r.json()["filing_id"]
    filing = api.client.get(f"/v1/filings/{made}", headers=api.as_("reviewer")).json()["filing"]
    assert filing["documents"] == [seeded["invoice"]] and filing["review_status"] == "needs_review"
    assert "declaration_missing" in {i["code"] for i in filing["issues"]}
    assert filing["name"] == "李四"


def test_assign_type_without_a_stored_reading_marks_the_rereading_failed(api: Api) -> None:
    seeded = seed_batch(api)
    item, etag = item_of(api, seeded["batch"], seeded["invoice"])
    r = act(api, item, "assign-type", {"doc_type": "written_application"}, etag)
    assert r.status_code == 200, r.text
    assert r.json()["reread"] == "failed" and r.json()["document"]["doc_type"] == "written_application"
    r = act(api, r.json(), "attach", {"filing": seeded["filing"]}, r.headers["ETag"])
    assert r.status_code == 200  # the type stands; the reviewer may still attach it (and correct fields)


def test_the_queues_assemble_step_fills_the_lane_once_and_never_reopens_a_decided_page(api: Api) -> None:
    from taskqueue.steps import assemble

    tag = secrets.token_hex(4)
    docs = [
        declaration(f"decl-{tag}", source=f"{tag}/decl.jpg"),
        doc(DocType.UNKNOWN, f"blank-{tag}", source=f"{tag}/back.jpg"),
    ]
    with session_scope(api.settings) as session:  # the workers stored the documents of each file
        batch_id = save_result(session, ProcessResult(documents=docs), batch_station=api.station)
    with session_scope(api.settings) as session:
        assert assemble(session, api.settings, batch_id, TODAY)  # one filing: the declaration's
    (item,) = lane(api, batch_id)
    assert (item["document"]["id"], item["reason"]) == (f"blank-{tag}", "not_a_filing_document")
    r = act(api, item, "discard", {"reason": "空白背面"}, f'"{item["version"]}"')
    assert r.status_code == 200, r.text

    unfiled = unfiled_documents(docs, assemble_filings(docs, api.settings, TODAY))
    with session_scope(api.settings) as session:  # the same scans saved again (a re-run)
        save_result(session, ProcessResult(documents=docs, unfiled=unfiled), batch_id=batch_id)
    assert lane(api, batch_id) == []
    (kept,) = lane(api, batch_id, state="discarded")
    assert (kept["id"], kept["note"]) == (item["id"], "空白背面")
