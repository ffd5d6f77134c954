"""Reviewers over HTTP: queue paging and filters, one filing, corrections with If-Match, decisions, regroup.

Runs against the embedded SQLite and the local PostgreSQL alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from api_support import Api, attach_page_image, make_api, seed_filing
from builders import GOOD_ID, declaration, household_register
from PIL import Image


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Api:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    return make_api(tmp_path, url)


def _get(api: Api, filing_id: str) -> tuple[dict, str]:
    r = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer"))
    assert r.status_code == 200, r.text
    return r.json(), r.headers["ETag"]


def test_queue_pages_with_a_stable_cursor_and_masks_id_numbers(api: Api) -> None:
    ids = [seed_filing(api) for _ in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"station": api.station, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        r = api.client.get("/v1/filings", params=params, headers=api.as_("reviewer"))
        assert r.status_code == 200, r.text
        body = r.json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    item = body["items"][0]
    assert item["id_number_masked"] == GOOD_ID[:6] + "*" * 8 + GOOD_ID[-4:]
    assert GOOD_ID not in r.text
    assert item["station"] == api.station and item["review_status"] == "needs_review"

    newest_first = api.client.get(
        "/v1/filings",
        params={"station": api.station, "sort": "-created_at", "limit": 100},
        headers=api.as_("reviewer"),
    ).json()["items"]
    stamps = [i["created_at"] for i in newest_first]
    assert stamps == sorted(stamps, reverse=True)


def test_queue_filters_and_counts(api: Api) -> None:
    clean = seed_filing(api)
    broken = seed_filing(api, [declaration(agency_stamp=False), household_register()])
    other_region = seed_filing(api, [declaration(insured_region="北京市", destination_region="山西省太原市")])
    q = {"station": api.station}

    def ids(**params: str) -> set[str]:
        r = api.client.get("/v1/filings", params={**q, **params}, headers=api.as_("reviewer"))
        assert r.status_code == 200, r.text
        return {i["id"] for i in r.json()["items"]}

    assert ids(status="complete") == {clean}
    assert ids(status="incomplete") == {broken, other_region}
    assert ids(region="山西") == {clean, broken, other_region}  # insured or destination region
    assert ids(region="北京市", category="long_term_resident") == {clean, broken, other_region}
    assert ids(region="上海") == set()
    assert ids(review_status="approved") == set()
    item = next(
        i
        for i in api.client.get("/v1/filings", params=q, headers=api.as_("reviewer")).json()["items"]
        if i["id"] == broken
    )
    assert item["errors"] == 1 and item["warnings"] == 0
    bad = api.client.get("/v1/filings", params={"cursor": "not-a-cursor"}, headers=api.as_("reviewer"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_cursor"


def test_filing_detail_with_pages_thumbnails_and_etag(api: Api) -> None:
    tag = "pg" + api.station
    filing_id = seed_filing(api, tag=tag)
    png = attach_page_image(api, f"{tag}/p1/scan.pdf")
    body, etag = _get(api, filing_id)
    assert etag == f'"{body["filing"]["version"]}"'
    assert body["filing"]["review_status"] == "needs_review"
    assert [h["to_status"] for h in body["filing"]["history"]] == ["needs_review"]
    decl = next(d for d in body["documents"] if d["doc_type"] == "declaration_form")
    assert decl["fields"]["id_number"]["value"] == GOOD_ID and decl["fields"]["name"]["confidence"] == 0.98
    assert decl["page_images"][0]["page"] == 1
    page = api.client.get(decl["page_images"][0]["url"], headers=api.as_("reviewer"))
    assert page.status_code == 200 and page.headers["content-type"] == "image/png" and page.content == png
    thumb = api.client.get(decl["page_images"][0]["thumb_url"], headers=api.as_("reviewer"))
    assert thumb.status_code == 200
    import io

    assert max(Image.open(io.BytesIO(thumb.content)).size) <= 320
    missing = api.client.get(f"/v1/pages/{decl['id']}/9.png", headers=api.as_("reviewer"))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_correction_needs_if_match_refuses_stale_versions_and_revalidates(api: Api) -> None:
    filing_id = seed_filing(api, [declaration(phone="12"), household_register()])
    body, etag = _get(api, filing_id)
    assert body["filing"]["status"] == "incomplete"
    decl_id = next(d["id"] for d in body["documents"] if d["doc_type"] == "declaration_form")
    change = {"document": decl_id, "field": "phone", "value": "13812345678"}
    url = f"/v1/filings/{filing_id}/fields"

    r = api.client.patch(url, json=change, headers=api.as_("reviewer"))
    assert r.status_code == 428 and r.json()["code"] == "precondition_required"
    r = api.client.patch(url, json=change, headers={**api.as_("reviewer"), "If-Match": '"999"'})
    assert r.status_code == 412 and r.json()["code"] == "conflict"

    r = api.client.patch(url, json=change, headers={**api.as_("reviewer"), "If-Match": etag})
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["filing"]["status"] == "complete" and after["filing"]["issues"] == []
    assert after["filing"]["version"] > body["filing"]["version"]
    assert r.headers["ETag"] == f'"{after["filing"]["version"]}"'
    fixed = next(d for d in after["documents"] if d["id"] == decl_id)["fields"]["phone"]
    assert fixed["value"] == "13812345678" and fixed["source"] == "reviewer"
    [correction] = after["corrections"]
    assert (correction["old"], correction["new"]) == ("12", "13812345678")
    assert correction["who"] == f"reviewer-{api.station}" and correction["field"] == "phone"

    # the second reviewer still holds the old ETag
    r = api.client.patch(
        url, json={**change, "value": "13900000000"}, headers={**api.as_("reviewer"), "If-Match": etag}
    )
    assert r.status_code == 412


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"field": "favourite_colour", "value": "red"}, "unknown_field"),
        ({"field": "start_date", "value": "2024-13-45"}, "invalid_value"),
        ({"field": "agency_stamp", "value": "yes"}, "invalid_value"),
        ({"field": "hospitals", "value": "北京协和医院"}, "invalid_value"),
        ({"document": "not-in-this-filing", "field": "name", "value": "李四"}, "unknown_document"),
    ],
)
def test_correction_refuses_values_of_the_wrong_shape(api: Api, change: dict, code: str) -> None:
    filing_id = seed_filing(api)
    body, etag = _get(api, filing_id)
    decl_id = next(d["id"] for d in body["documents"] if d["doc_type"] == "declaration_form")
    r = api.client.patch(
        f"/v1/filings/{filing_id}/fields",
        json={"document": decl_id, **change},
        headers={**api.as_("reviewer"), "If-Match": etag},
    )
    assert r.status_code == 422 and r.json()["code"] == code


def test_approve_refused_while_errors_remain_then_allowed(api: Api) -> None:
    filing_id = seed_filing(api, [declaration(agency_stamp=False), household_register()])
    body, etag = _get(api, filing_id)
    url = f"/v1/filings/{filing_id}/decision"
    r = api.client.post(url, json={"action": "approve"}, headers={**api.as_("reviewer"), "If-Match": etag})
    assert r.status_code == 409 and r.json()["code"] == "errors_remain"
    assert r.json()["details"]["errors"] == ["agency_stamp_missing"]
    assert api.client.post(url, json={"action": "approve"}, headers=api.as_("reviewer")).status_code == 428

    decl_id = next(d["id"] for d in body["documents"] if d["doc_type"] == "declaration_form")
    r = api.client.patch(
        f"/v1/filings/{filing_id}/fields",
        json={"document": decl_id, "field": "agency_stamp", "value": True},
        headers={**api.as_("reviewer"), "If-Match": etag},
    )
    assert r.status_code == 200 and r.json()["filing"]["issues"] == []
    r = api.client.post(
        url,
        json={"action": "approve", "reason": "材料齐全"},
        headers={**api.as_("reviewer"), "If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200, r.text
    filing = r.json()["filing"]
    assert filing["review_status"] == "approved"
    assert (
        filing["history"][-1]["who"] == f"reviewer-{api.station}"
        and filing["history"][-1]["why"] == "材料齐全"
    )
    again = api.client.post(
        url,
        json={"action": "reject", "reason": "x"},
        headers={**api.as_("reviewer"), "If-Match": r.headers["ETag"]},
    )
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_reject_and_return_need_a_reason(api: Api) -> None:
    filing_id = seed_filing(api)
    _, etag = _get(api, filing_id)
    url = f"/v1/filings/{filing_id}/decision"
    r = api.client.post(
        url, json={"action": "return", "reason": " "}, headers={**api.as_("reviewer"), "If-Match": etag}
    )
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    r = api.client.post(
        url,
        json={"action": "return", "reason": "缺少居住证明"},
        headers={**api.as_("reviewer"), "If-Match": etag},
    )
    assert r.status_code == 200 and r.json()["filing"]["review_status"] == "returned_to_applicant"


def test_regroup_moves_a_document_and_revalidates_both_filings(api: Api) -> None:
    filing_id = seed_filing(api)
    body, etag = _get(api, filing_id)
    proof = next(d["id"] for d in body["documents"] if d["doc_type"] == "household_register")
    url = f"/v1/filings/{filing_id}/regroup"
    r = api.client.post(url, json={"document": proof}, headers=api.as_("reviewer"))
    assert r.status_code == 428 and r.json()["code"] == "precondition_required"
    r = api.client.post(url, json={"document": proof}, headers={**api.as_("reviewer"), "If-Match": '"999"'})
    assert r.status_code == 412 and r.json()["code"] == "conflict"
    r = api.client.post(url, json={"document": proof}, headers={**api.as_("reviewer"), "If-Match": etag})
    assert r.status_code == 200, r.text
    moved = r.json()
    source, _ = _get(api, filing_id)
    target, _ = _get(api, moved["to_filing"])
    assert source["filing"]["documents"] == [d["id"] for d in body["documents"] if d["id"] != proof]
    assert "residence_proof_missing" in {i["code"] for i in source["filing"]["issues"]}
    assert target["filing"]["documents"] == [proof] and target["filing"]["review_status"] == "needs_review"
    # and back again: the last document leaves, the emptied filing is cancelled
    _, target_etag = _get(api, moved["to_filing"])
    r = api.client.post(
        f"/v1/filings/{moved['to_filing']}/regroup",
        json={"document": proof, "to_filing": filing_id},
        headers={**api.as_("reviewer"), "If-Match": target_etag},
    )
    assert r.status_code == 200, r.text
    assert _get(api, moved["to_filing"])[0]["filing"]["review_status"] == "cancelled"
    assert _get(api, filing_id)[0]["filing"]["status"] == "complete"


def test_an_approved_filing_is_changed_then_cancelled_with_its_history(api: Api) -> None:
    filing_id = seed_filing(api)
    body, etag = _get(api, filing_id)
    url = f"/v1/filings/{filing_id}/decision"
    reviewer = api.as_("reviewer")
    r = api.client.post(url, json={"action": "approve"}, headers={**reviewer, "If-Match": etag})
    assert r.status_code == 200, r.text
    decl_id = next(d["id"] for d in body["documents"] if d["doc_type"] == "declaration_form")
    r = api.client.patch(  # the insured reports a change: the filing is 变更 until approved again
        f"/v1/filings/{filing_id}/fields",
        json={"document": decl_id, "field": "phone", "value": "13912345678"},
        headers={**reviewer, "If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200 and r.json()["filing"]["review_status"] == "changed"
    etag = r.headers["ETag"]
    no_reason = api.client.post(url, json={"action": "cancel"}, headers={**reviewer, "If-Match": etag})
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "reason_required"
    r = api.client.post(
        url, json={"action": "cancel", "reason": "参保人返回参保地"}, headers={**reviewer, "If-Match": etag}
    )
    assert r.status_code == 200, r.text
    filing = r.json()["filing"]
    assert filing["review_status"] == "cancelled"
    assert [h["to_status"] for h in filing["history"]][-3:] == ["approved", "changed", "cancelled"]
    assert filing["history"][-1]["why"] == "参保人返回参保地"
    final = api.client.post(
        url, json={"action": "approve"}, headers={**reviewer, "If-Match": r.headers["ETag"]}
    )
    assert final.status_code == 409 and final.json()["code"] == "invalid_transition"
