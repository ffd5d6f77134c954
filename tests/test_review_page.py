"""The review page in a real headless Chromium against the real app (uvicorn, SQLite, /v1 API).

The store is seeded with the truth of committed sample packets (a perfect reading) and
their rendered page images; in packet 001 the declaration's ID number is then misread on
purpose (wrong check digit, low confidence), so the reviewer has something to correct.
Screenshots of the queue and of a filing land in docs/screenshots for the README.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from review_support import (
    Seeded,
    _reviewer_key,
    _seed_packet,
    serving,
)

from kernel.settings import Settings
from store.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}

# Packet 001 is read with a wrong ID-number check digit; 005 is clean; 008 has real errors.
MISREAD_PACKET, CLEAN_PACKET, FAULTY_PACKET = "packet_001", "packet_005", "packet_008"
CANCEL_PACKET = "packet_002"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    home = tmp_path_factory.mktemp("review-home")
    settings = Settings(home=home, database_url="", broker_url="")
    upgrade(settings)
    filings: dict[str, str] = {}
    slip: tuple[str, str] | None = None
    for packet in (MISREAD_PACKET, CLEAN_PACKET, FAULTY_PACKET, CANCEL_PACKET):
        filings[packet], packet_slip = _seed_packet(settings, packet, misread=packet == MISREAD_PACKET)
        slip = slip or packet_slip
    assert slip is not None
    keys = {who: _reviewer_key(settings, who) for who in ("审核员甲", "审核员乙")}
    with serving(settings) as url:
        yield Seeded(url, settings, keys, filings, *slip)


class Tabs:
    """Browser tabs of one test, each in its own context (own sessionStorage), watched for script errors."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.pages: list[Page] = []
        self.errors: list[str] = []

    def open(self) -> Page:
        page = self.browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.pages.append(page)
        return page

    def signed_in(self, seeded: Seeded, who: str) -> Page:
        """A fresh tab where ``who`` entered the key once and sees the queue."""
        page = self.open()
        page.goto(f"{seeded.base_url}/review")
        page.get_by_label("审核密钥").fill(seeded.keys[who])
        page.get_by_role("button", name="进入").click()
        expect(page.locator("tr.queue-row").first).to_be_visible()
        return page


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Tabs]:
    opened = Tabs(browser)
    yield opened
    for page in opened.pages:
        page.context.close()
    assert not opened.errors, opened.errors


def _api(seeded: Seeded, who: str) -> httpx.Client:
    return httpx.Client(
        base_url=seeded.base_url, headers={"Authorization": f"Bearer {seeded.keys[who]}"}, timeout=10
    )


def _open_filing(page: Page, filing_id: str) -> None:
    page.locator(f"tr.queue-row[data-id='{filing_id}'] a").click()
    expect(page.locator(".viewer")).to_have_attribute("data-loaded", re.compile(".+"))


def _save_field(page: Page, document: str, field: str, value: str) -> None:
    row = page.locator(f".field-row[data-doc='{document}'][data-field='{field}']")
    row.click()
    page.keyboard.press("e")
    row.locator(".edit-input").fill(value)
    row.locator(".edit-input").press("Enter")


def _zoom_and_pan(page: Page) -> None:
    """Zoom in with the keyboard (about the selected box, which stays in view), drag the page, fit it back."""
    viewport = page.locator(".viewport")
    fitted = float(viewport.get_attribute("data-scale") or 0)
    for _ in range(3):
        page.keyboard.press("+")
    assert float(viewport.get_attribute("data-scale") or 0) > fitted * 1.9
    area, selected = viewport.bounding_box(), page.locator(".field-box.selected").bounding_box()
    assert area is not None and selected is not None
    assert area["x"] <= selected["x"] and selected["x"] + selected["width"] <= area["x"] + area["width"]
    assert area["y"] <= selected["y"] and selected["y"] + selected["height"] <= area["y"] + area["height"]
    before = page.locator(".stage").evaluate("el => el.style.transform")
    page.mouse.move(area["x"] + 40, area["y"] + 40)
    page.mouse.down()
    page.mouse.move(area["x"] + 140, area["y"] + 90, steps=5)
    page.mouse.up()
    assert page.locator(".stage").evaluate("el => el.style.transform") != before
    page.get_by_role("button", name="适合").click()
    assert float(viewport.get_attribute("data-scale") or 0) == pytest.approx(fitted, rel=0.01)


def _shoot(page: Page, name: str) -> None:
    """Screenshot every run (it must render); refresh the README's copies only when asked to."""
    folder = SCREENSHOTS if os.environ.get("FILINGDESK_SCREENSHOTS") else Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name))
    assert (folder / name).stat().st_size > 10_000


def test_reviewer_corrects_misread_field_and_approves(tabs: Tabs, seeded: Seeded) -> None:
    page = tabs.signed_in(seeded, "审核员甲")
    filing_id = seeded.filings[MISREAD_PACKET]
    rows = page.locator("tr.queue-row")
    expect(page.locator(f"tr.queue-row[data-id='{filing_id}'] .count.error")).to_be_visible()
    _shoot(page, "queue.png")

    # keyboard: move the selection onto the misread filing and open it with Enter
    ids = [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]
    for _ in range(ids.index(filing_id)):
        page.keyboard.press("j")
    expect(page.locator(f"tr.queue-row[data-id='{filing_id}']")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#/filing/{filing_id}$"))
    expect(page.locator(".viewer")).to_have_attribute("data-loaded", re.compile(".+"))

    # the misread field stands out on the page and in the list, its issue names it
    box = page.locator(".field-box[data-doc='p001-1'][data-field='id_number']")
    expect(box).to_have_class(re.compile(r"\blow\b"))
    expect(page.locator(".stamp-box").first).to_be_visible()
    expect(page.locator(".stamp-label").first).to_contain_text("医疗保障")
    checksum = page.locator(".issue-list .issue[data-code='id_number_checksum']")
    expect(checksum).to_contain_text("公民身份号码")
    approve = page.get_by_role("button", name="通过", exact=True)
    expect(approve).to_be_disabled()

    # selecting the box selects the field, and the other way round
    box.click()
    row = page.locator(".field-row[data-doc='p001-1'][data-field='id_number']")
    expect(row).to_have_attribute("aria-selected", "true")
    page.locator(".field-row[data-doc='p001-1'][data-field='name']").click()
    expect(page.locator(".field-box[data-doc='p001-1'][data-field='name']")).to_have_class(
        re.compile(r"\bselected\b")
    )
    box.click()
    _shoot(page, "filing.png")
    _zoom_and_pan(page)

    _save_field(page, "p001-1", "id_number", seeded.truth_id_number)
    expect(checksum).to_have_count(0)
    expect(row.locator(".correction")).to_contain_text("审核员甲")
    expect(row.locator(".correction")).to_contain_text(seeded.wrong_id_number)
    expect(approve).to_be_enabled()
    approve.click()
    expect(page).not_to_have_url(re.compile(f"#/filing/{filing_id}$"))

    with _api(seeded, "审核员甲") as client:
        record = client.get(f"/v1/filings/{filing_id}").json()
    assert record["filing"]["review_status"] == "approved"
    assert not [i for i in record["filing"]["issues"] if i["severity"] == "error"]
    declaration = next(d for d in record["documents"] if d["id"] == "p001-1")
    assert declaration["fields"]["id_number"]["value"] == seeded.truth_id_number
    assert declaration["fields"]["id_number"]["source"] == "reviewer"
    correction = next(c for c in record["corrections"] if c["field"] == "id_number")
    assert (correction["old"], correction["new"]) == (seeded.wrong_id_number, seeded.truth_id_number)


def test_second_reviewer_gets_a_conflict_not_a_silent_overwrite(tabs: Tabs, seeded: Seeded) -> None:
    filing_id = seeded.filings[CLEAN_PACKET]
    first = tabs.signed_in(seeded, "审核员甲")
    second = tabs.signed_in(seeded, "审核员乙")
    for page in (first, second):
        _open_filing(page, filing_id)
    declaration = "p005-2"

    _save_field(second, declaration, "phone", "0351-8611798")
    expect(
        second.locator(f".field-row[data-doc='{declaration}'][data-field='phone'] .correction")
    ).to_be_visible()

    _save_field(first, declaration, "phone", "0351-8611000")
    banner = first.locator(".banner.conflict")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("已被其他审核人员修改")

    with _api(seeded, "审核员甲") as client:
        record = client.get(f"/v1/filings/{filing_id}").json()
    fields = next(d for d in record["documents"] if d["id"] == declaration)["fields"]
    assert fields["phone"]["value"] == "0351-8611798"

    first.get_by_role("button", name="重新加载").click()
    expect(banner).to_be_hidden()
    phone = first.locator(f".field-row[data-doc='{declaration}'][data-field='phone']")
    expect(phone.locator(".field-value")).to_have_text("0351-8611798")
    expect(phone.locator(".correction")).to_contain_text("审核员乙")

    first.keyboard.press("n")  # next filing with one key
    expect(first).not_to_have_url(re.compile(f"#/filing/{filing_id}$"))
    expect(first.locator(".viewer")).to_have_attribute("data-loaded", re.compile(r"^(?!p005-)\S+:\d+$"))


def test_queue_filters_and_return_with_reason(tabs: Tabs, seeded: Seeded) -> None:
    page = tabs.signed_in(seeded, "审核员乙")
    faulty = seeded.filings[FAULTY_PACKET]
    # region: the insured or destination region starts with it (005 is 山西省 → 江苏省)
    page.get_by_label("地区").fill("安徽省")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("tbody[data-loading]")).to_have_count(0)
    expect(page.locator(f"tr.queue-row[data-id='{faulty}']")).to_be_visible()
    expect(page.locator(f"tr.queue-row[data-id='{seeded.filings[CLEAN_PACKET]}']")).to_have_count(0)
    page.get_by_label("地区").fill("")
    page.locator("select[name='status']").select_option("incomplete")
    expect(page.locator("tbody[data-loading]")).to_have_count(0)
    expect(page.locator("tr.queue-row[data-id]")).not_to_have_count(0)
    for status in page.locator("tr.queue-row td:nth-child(4)").all_inner_texts():
        assert status == "材料不全"
    _open_filing(page, faulty)
    expect(page.get_by_role("button", name="通过", exact=True)).to_be_disabled()
    page.get_by_role("button", name="退回申请人").click()
    expect(page.locator("#toast")).to_contain_text("原因")
    page.get_by_label("原因").fill("户口簿姓名与登记表不一致，请补交材料")
    page.get_by_role("button", name="退回申请人").click()
    expect(page).not_to_have_url(re.compile(f"#/filing/{faulty}$"))

    with _api(seeded, "审核员乙") as client:
        record = client.get(f"/v1/filings/{faulty}").json()
    assert record["filing"]["review_status"] == "returned_to_applicant"


def test_review_page_is_self_contained(seeded: Seeded) -> None:
    """No CDN, no build step: every script and stylesheet the page names is served by the app."""
    html = httpx.get(f"{seeded.base_url}/review").text
    assert 'lang="zh-CN"' in html
    assert "http://" not in html and "https://" not in html
    static = ROOT / "api" / "static"
    for asset in sorted(static.iterdir()):
        response = httpx.get(f"{seeded.base_url}/review/static/{asset.name}")
        assert response.status_code == 200, asset.name
        assert "https://" not in response.text, asset.name
    assert httpx.get(f"{seeded.base_url}/review/static/..%2Fapp.py").status_code == 404
    labels = httpx.get(f"{seeded.base_url}/review/labels.json").json()
    assert labels["fields"]["id_number"] == "公民身份号码"


def test_unknown_key_is_asked_for_again(tabs: Tabs, seeded: Seeded) -> None:
    page = tabs.open()
    page.goto(f"{seeded.base_url}/review")
    page.get_by_label("审核密钥").fill("fd_not-a-real-key")
    page.get_by_role("button", name="进入").click()
    expect(page.get_by_role("alert")).to_contain_text("密钥无效")
    page.get_by_label("审核密钥").fill(seeded.keys["审核员甲"])
    page.get_by_role("button", name="进入").click()
    expect(page.locator("tr.queue-row").first).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('filingdesk.reviewerKey')") == seeded.keys["审核员甲"]


def test_an_approved_filing_is_cancelled_with_a_reason(tabs: Tabs, seeded: Seeded) -> None:
    filing_id = seeded.filings[CANCEL_PACKET]
    with _api(seeded, "审核员甲") as client:
        etag = client.get(f"/v1/filings/{filing_id}").headers["ETag"]
        r = client.post(
            f"/v1/filings/{filing_id}/decision", json={"action": "approve"}, headers={"If-Match": etag}
        )
        assert r.status_code == 200, r.text
    page = tabs.signed_in(seeded, "审核员甲")
    page.goto(f"{seeded.base_url}/review#/filing/{filing_id}")
    expect(page.locator(".viewer")).to_have_attribute("data-loaded", re.compile(".+"))
    expect(page.get_by_role("button", name="通过", exact=True)).to_be_disabled()
    cancel = page.get_by_role("button", name="撤销备案")
    cancel.click()
    expect(page.locator("#toast")).to_contain_text("原因")
    page.get_by_label("原因").fill("参保人已返回参保地")
    cancel.click()
    expect(page).not_to_have_url(re.compile(f"#/filing/{filing_id}$"))
    with _api(seeded, "审核员甲") as client:
        record = client.get(f"/v1/filings/{filing_id}").json()
    assert record["filing"]["review_status"] == "cancelled"
    assert record["filing"]["history"][-1]["why"] == "参保人已返回参保地"
