"""The review page after retention: where the page image was, the reviewer reads 图像已按保存期限删除
(a real headless Chromium against the real app, as tests/test_review_page.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright
from review_support import VIEWPORT, _reviewer_key, _seed_packet, serving
from sqlalchemy import update

from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Filing, StatusEvent
from store.retention import purge

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    settings = Settings(home=tmp_path, database_url="", broker_url="", retention_days=30)
    upgrade(settings)
    with serving(settings) as url:
        yield url, settings


def test_purged_page_says_so_on_the_review_page(server: tuple[str, Settings]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    base_url, settings = server
    filing_id, _ = _seed_packet(settings, "packet_005", misread=False)
    key = _reviewer_key(settings, "审核员甲")
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=10) as client:
        etag = client.get(f"/v1/filings/{filing_id}").headers["ETag"]
        r = client.post(
            f"/v1/filings/{filing_id}/decision", json={"action": "approve"}, headers={"If-Match": etag}
        )
        assert r.status_code == 200, r.text
    long_ago = datetime.now(UTC) - timedelta(days=31)
    with session_scope(settings) as session:
        session.execute(update(StatusEvent).where(StatusEvent.filing_id == filing_id).values(at=long_ago))
        session.execute(update(Filing).where(Filing.id == filing_id).values(updated_at=long_ago))
    assert [item.target for item in purge(settings).items] == [filing_id]

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{base_url}/review")
            page.get_by_label("审核密钥").fill(key)
            page.get_by_role("button", name="进入").click()
            page.goto(f"{base_url}/review#/filing/{filing_id}")
            message = page.locator(".viewer-message")
            expect(message).to_be_visible()
            expect(message).to_have_text("图像已按保存期限删除")
            expect(page.locator(".field-row").first).to_be_visible()  # the record itself is all there
            expect(page.locator(".viewer")).not_to_have_attribute("data-loaded", re.compile(".+"))
        finally:
            browser.close()
    assert not errors, errors
