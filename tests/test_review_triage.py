"""The triage lane (待分拣) of the review page in headless Chromium against the real app.

A sample packet is stored as a filing waiting for review; a second batch brought an invoice
(type unknown) and another person's residence certificate, both left out of every filing by
``validate.assemble``. The reviewer works the lane with the keyboard only: the certificate goes
into the packet's filing, the invoice is given the first guessed type, then discarded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from api_support import scan_png
from builders import declaration, doc, make_id, residence_certificate
from playwright.sync_api import Browser, Page, expect
from review_support import VIEWPORT, Seeded, _reviewer_key, _seed_packet, serving
from sqlalchemy import select
from test_review_page import CLEAN_PACKET, _shoot

from ingest.blobs import blob_store_from_settings
from kernel.domain import DocType
from kernel.schema import ProcessResult
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Page as PageRow
from store.models import SourceFile
from store.repository import save_result
from validate.assemble import assemble_filings, unfiled_documents

INVOICE, STRANGER = "inv-1", "rc-stranger"


def _seed_foreign_batch(settings: Settings) -> None:
    """A window's batch: a declaration (its own filing), an invoice and a stranger's certificate."""
    invoice = doc(DocType.UNKNOWN, INVOICE, source="window-7/invoice.jpg")
    invoice.type_guesses = [{"doc_type": "written_application", "confidence": 0.18}]  # type: ignore[attr-defined]
    stranger = residence_certificate(STRANGER, name="李四", id_number=make_id("11010119700101002"))
    docs = [
        declaration("decl-w7", source="window-7/declaration.jpg"),
        invoice,
        stranger.model_copy(update={"source": "window-7/certificate.jpg"}),
    ]
    filings = assemble_filings(docs, settings, date.today())
    unfiled = unfiled_documents(docs, filings)
    assert {u.document for u in unfiled} == {INVOICE, STRANGER}
    blobs = blob_store_from_settings(settings)
    with session_scope(settings) as session:
        batch_id = save_result(
            session,
            ProcessResult(documents=docs, filings=filings, unfiled=unfiled),
            batch_station="station-taiyuan-01",
        )
        for source_file in session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id)):
            sha = blobs.put(scan_png(source_file.source))
            session.add(
                PageRow(source_file_id=source_file.id, page_no=1, blob_sha256=sha, width=600, height=800)
            )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    settings = Settings(home=tmp_path_factory.mktemp("triage-home"), database_url="", broker_url="")
    upgrade(settings)
    filing_id, _ = _seed_packet(settings, CLEAN_PACKET, misread=False)
    _seed_foreign_batch(settings)
    keys = {"审核员甲": _reviewer_key(settings, "审核员甲")}
    with serving(settings) as url:
        yield Seeded(url, settings, keys, {CLEAN_PACKET: filing_id}, "", "")


def _select_row(page: Page, document: str) -> None:
    """Move the lane's selection onto ``document`` with j/k."""
    rows = page.locator("tr.triage-row")
    order = [rows.nth(i).get_attribute("data-document") for i in range(rows.count())]
    current = next(i for i in range(rows.count()) if rows.nth(i).get_attribute("aria-selected") == "true")
    for _ in range(abs(order.index(document) - current)):
        page.keyboard.press("j" if order.index(document) > current else "k")
    expect(page.locator(f"tr.triage-row[data-document='{document}']")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.locator(".triage-panel")).to_contain_text(
        f"window-7/{'invoice' if document == INVOICE else 'certificate'}"
    )


def test_reviewer_works_the_triage_lane_with_the_keyboard(browser: Browser, seeded: Seeded) -> None:
    errors: list[str] = []
    page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{seeded.base_url}/review")
    page.get_by_label("审核密钥").fill(seeded.keys["审核员甲"])
    page.get_by_role("button", name="进入").click()
    expect(page.locator("tr.queue-row").first).to_be_visible()

    page.get_by_role("link", name="待分拣").click()
    expect(page).to_have_url(re.compile("#/triage$"))
    expect(page.locator("tr.triage-row")).to_have_count(2)
    expect(page.locator(f"tr.triage-row[data-document='{STRANGER}']")).to_contain_text(
        "与本批备案的参保人都不符"
    )
    expect(page.locator(".viewer")).to_have_attribute("data-loaded", re.compile(".+"))
    _shoot(page, "triage.png")

    # another person's certificate: into the packet's filing (a: the filing list, Enter: attach)
    filing_id = seeded.filings[CLEAN_PACKET]
    _select_row(page, STRANGER)
    page.keyboard.press("a")
    chooser = page.locator("select[name='filing']")
    expect(chooser).to_be_focused()
    chooser.select_option(filing_id)
    chooser.press("Enter")
    expect(page.locator("#toast")).to_contain_text("已归入备案")
    expect(page.locator("tr.triage-row")).to_have_count(1)

    # the invoice: its first guess (1), then discarded with a reason (d, type, Enter)
    _select_row(page, INVOICE)
    expect(page.locator(".guess").first).to_contain_text("书面申请")
    page.keyboard.press("1")
    expect(page.locator(".triage-panel")).to_contain_text("现为：书面申请")
    page.keyboard.press("d")
    reason = page.get_by_label("丢弃原因")
    expect(reason).to_be_focused()
    reason.fill("发票，非备案材料")
    reason.press("Enter")
    expect(page.locator("#toast")).to_contain_text("已丢弃")
    expect(page.locator(".triage-list")).to_contain_text("没有待分拣的页面")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile("#/$"))

    with httpx.Client(
        base_url=seeded.base_url, headers={"Authorization": f"Bearer {seeded.keys['审核员甲']}"}, timeout=10
    ) as client:
        filing = client.get(f"/v1/filings/{filing_id}").json()["filing"]
        attached = client.get("/v1/triage", params={"state": "attached"}).json()["items"]
        discarded = client.get("/v1/triage", params={"state": "discarded"}).json()["items"]
    assert STRANGER in filing["documents"]
    assert [(i["document"]["id"], i["filing_id"]) for i in attached] == [(STRANGER, filing_id)]
    assert [(i["document"]["id"], i["note"], i["decided_by"]) for i in discarded] == [
        (INVOICE, "发票，非备案材料", "审核员甲")
    ]
    assert discarded[0]["document"]["doc_type"] == "written_application"
    assert not errors, errors
    page.context.close()
