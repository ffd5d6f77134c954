"""The station page in a real headless Chromium against the real app, served as `filingdesk serve` does.

uvicorn runs the app in a thread on SQLite with the embedded SQLite-file broker, and a
supervised `filingdesk worker` child reads the uploads with ``station_standin`` (sample
scans read as their truth says, page confidence from the pixels' sharpness; a short
sleep per page so the page count moves). The operator signs in with a station key,
picks files (``set_input_files``) and drops loose files (a ``drop`` event carrying a
DataTransfer), and reads per-file states, the pages-done bar, and the result per packet:
name, masked ID number, documents found, what is missing, pages to scan again.
Screenshots land in docs/screenshots when FILINGDESK_SCREENSHOTS is set.
"""

from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import cv2
import pytest
from playwright.sync_api import Browser, Page, expect
from review_support import VIEWPORT, serving

from api.keys import create_key
from api.masking import mask_id_number
from api.server import WorkerSupervisor, embedded_settings
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
STATION = "taiyuan-window-3"
NO_PROOF, COMPLETE = SAMPLES / "packet_010", SAMPLES / "packet_005"
DONE_TIMEOUT_MS = 120_000  # the worker child starts cold on a shared 2-core machine


@dataclass(frozen=True)
class Served:
    base_url: str
    station_key: str
    reviewer_key: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("station-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
        env.setenv("FILINGDESK_PIPELINE", "station_standin:read_file")
        env.setenv("FILINGDESK_STANDIN_PAGE_SECONDS", "0.7")
        env.setenv("FILINGDESK_WORKER_CONCURRENCY", "1")
        settings = embedded_settings(Settings(home=home, database_url=""))
        upgrade(settings)
        with session_scope(settings) as session:
            _, station_key = create_key(session, role="station", name="window-3-scanner", station=STATION)
            _, reviewer_key = create_key(session, role="reviewer", name="审核员甲")
        supervisor = WorkerSupervisor(settings)  # takes the environment above for its worker child
    supervisor.start()
    try:
        with serving(settings) as url:
            yield Served(url, station_key, reviewer_key)
    finally:
        supervisor.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def _sign_in(page: Page, served: Served, key: str) -> None:
    page.goto(f"{served.base_url}/station")
    page.get_by_label("站点密钥").fill(key)
    page.get_by_role("button", name="进入").click()


def _watch_file_states(page: Page) -> None:
    """Record every state each file row passes through, so the test sees "sent" before "queued"."""
    page.evaluate(
        """() => {
          window.fileStates = {};
          new MutationObserver((changes) => {
            for (const c of changes) {
              const row = c.target;
              if (!row.classList || !row.classList.contains("file-row")) continue;
              (window.fileStates[row.dataset.source] ||= []).push(row.dataset.state);
            }
          }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
        }"""
    )


def _blurred_jpeg(scan: Path) -> bytes:
    ok, data = cv2.imencode(".jpg", cv2.GaussianBlur(cv2.imread(str(scan)), (0, 0), 6))
    assert ok
    return data.tobytes()


def _drop(page: Page, files: dict[str, bytes]) -> None:
    """A drop of loose files onto the drop zone, as a file manager's drag produces it."""
    payload = {name: base64.b64encode(data).decode() for name, data in files.items()}
    page.locator(".drop-zone").evaluate(
        """(zone, files) => {
          const dt = new DataTransfer();
          for (const [name, b64] of Object.entries(files)) {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            dt.items.add(new File([bytes], name, { type: "image/jpeg" }));
          }
          for (const type of ["dragenter", "dragover", "drop"]) {
            zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
          }
        }""",
        payload,
    )


def _shoot(page: Page, name: str) -> None:
    """Screenshot every run (it must render); refresh the README's copies only when asked to."""
    folder = SCREENSHOTS if os.environ.get("FILINGDESK_SCREENSHOTS") else Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)
    assert (folder / name).stat().st_size > 10_000


def test_station_uploads_a_packet_and_reads_what_it_lacks_and_what_to_rescan(
    page: Page, served: Served, tmp_path: Path
) -> None:
    truth = json.loads((NO_PROOF / "truth.json").read_text(encoding="utf-8"))["filings"][0]
    _sign_in(page, served, served.station_key)
    expect(page.locator("#who")).to_have_text(f"站点：{STATION}")
    _watch_file_states(page)

    scan = NO_PROOF / "IMG_20260111.jpg"
    blurred, empty = tmp_path / "scan_02.jpg", tmp_path / "empty.jpg"
    blurred.write_bytes(_blurred_jpeg(SAMPLES / "packet_008" / "scan_02.jpg"))  # a shaky photo of a page
    empty.write_bytes(b"")
    page.locator("#pick-files").set_input_files([scan, blurred, empty])
    card = page.locator("section.packet").first
    row = card.locator(f".file-row[data-source='{scan.name}']")
    expect(card).to_have_attribute("data-batch", re.compile(r"^\d+$"))  # the receipt came back
    expect(row.locator("progress")).to_have_attribute("value", "100")
    expect(card.locator(".file-row[data-source='empty.jpg']")).to_have_attribute("data-state", "failed")
    expect(card.locator(".file-row[data-source='empty.jpg'] .file-state")).to_contain_text("文件为空")
    # each file was shown sent (upload progress), then accepted by the receipt, before any reading
    recorded = page.evaluate("() => window.fileStates")[scan.name]
    seen = [state for state, _ in groupby(s for s in recorded if s != "sending")]
    assert seen[:2] == ["sent", "queued"], recorded
    _shoot(page, "station_upload.png")

    expect(card).to_have_attribute("data-state", "done", timeout=DONE_TIMEOUT_MS)
    expect(card.locator(".pages-text")).to_have_text("已完成：已处理 2 / 2 页")
    expect(row).to_have_attribute("data-state", "done")
    filing = card.locator(".filing-card")
    expect(filing).to_have_count(1)
    expect(filing.locator(".filing-name")).to_have_text(truth["name"])
    expect(filing.locator(".id-masked")).to_have_text(mask_id_number(truth["id_number"]) or "")
    expect(filing.locator(".doc-chip[data-type='declaration_form']")).to_be_visible()
    expect(filing.locator(".missing li[data-code='residence_proof_missing']")).to_contain_text("缺少居住证明")
    rescan = card.locator(".rescan-item")
    expect(rescan.filter(has_text="scan_02.jpg 第 1 页")).to_contain_text("页面模糊，请重新扫描")
    expect(rescan.filter(has_text="empty.jpg")).to_contain_text("文件为空")
    expect(card.locator(".unfiled")).to_contain_text("scan_02.jpg")
    blurred_row = card.locator(".file-row[data-source='scan_02.jpg']")
    expect(blurred_row).to_have_attribute("data-state", "rescan")
    expect(blurred_row).to_contain_text("需重新扫描：第 1 页")
    assert truth["id_number"] not in page.content()

    today = page.locator(".today-row")
    expect(today.first).to_have_attribute("data-state", "done")
    _shoot(page, "station_result.png")


def test_dropped_loose_files_are_one_packet_and_todays_batches_list_them(page: Page, served: Served) -> None:
    truth = json.loads((COMPLETE / "truth.json").read_text(encoding="utf-8"))["filings"][0]
    _sign_in(page, served, served.station_key)
    expect(page.locator(".drop-zone")).to_be_visible()
    _drop(page, {p.name: p.read_bytes() for p in sorted(COMPLETE.glob("*.jpg"))})

    expect(page.locator("section.packet")).to_have_count(1)
    card = page.locator("section.packet").first
    expect(card.locator("h3")).to_have_text("散页（3 个文件）")
    expect(card.locator(".file-row")).to_have_count(3)
    expect(card).to_have_attribute("data-state", "done", timeout=DONE_TIMEOUT_MS)
    filing = card.locator(".filing-card")
    expect(filing.locator(".filing-name")).to_have_text(truth["name"])
    expect(filing).to_have_attribute("data-status", truth["status"])
    expect(filing.locator(".doc-chip")).to_have_count(3)
    batch_id = card.get_attribute("data-batch")

    # today's list holds this batch; opening one of them shows its result from the server alone
    row = page.locator(f".today-row[data-batch='{batch_id}']")
    expect(row).to_have_attribute("data-state", "done")
    page.reload()
    page.locator(f".today-row[data-batch='{batch_id}']").click()
    reopened = page.locator(f"section.packet[data-batch='{batch_id}']")
    expect(reopened).to_have_attribute("data-state", "done")
    expect(reopened.locator(".filing-name")).to_have_text(truth["name"])
    expect(reopened.locator(".file-row")).to_have_count(3)


def test_a_reviewer_key_is_refused_on_the_station_page(page: Page, served: Served) -> None:
    _sign_in(page, served, served.reviewer_key)
    expect(page.get_by_role("alert")).to_contain_text("不是扫描站密钥")
    _sign_in(page, served, "fdk_not-a-key")
    expect(page.get_by_role("alert")).to_contain_text("密钥无效")


def test_a_dropped_folder_is_one_packet_walked_to_any_depth(page: Page, served: Served) -> None:
    """The folder walk, fed directory entries as Chromium hands them over (readEntries in chunks).

    A synthetic DataTransfer carries no directory entries (webkitGetAsEntry gives null there,
    and the page falls back to its plain file list, as the drop test above shows), so the walk
    is given entry objects of the FileSystemEntry shape directly.
    """
    page.goto(f"{served.base_url}/station")
    packets = page.evaluate(
        """async () => {
          const { packetsFromDrop } = await import("/station/static/station-upload.js");
          const file = (name) => ({ isFile: true, isDirectory: false, name,
            file: (ok) => ok(new File([name], name)) });
          const dir = (name, children) => ({ isFile: false, isDirectory: true, name, createReader() {
            const chunks = children.map((c) => [c]).concat([[]]);  // one entry per readEntries call
            return { readEntries: (ok) => ok(chunks.shift()) };
          } });
          const tree = dir("packet_A", [file("scan_02.jpg"), dir("back", [file("scan_01.jpg")]),
            file(".DS_Store"), file("scan_10.jpg")]);
          const items = [tree, file("loose.jpg")].map(
            (entry) => ({ kind: "file", webkitGetAsEntry: () => entry }));
          const packets = await packetsFromDrop({ items, files: [] });
          return packets.map((p) => [p.name, p.files.map((f) => f.path)]);
        }"""
    )
    assert packets == [
        ["packet_A", ["back/scan_01.jpg", "scan_02.jpg", "scan_10.jpg"]],
        [None, ["loose.jpg"]],
    ]
