"""`filingdesk station watch --once` against a real `filingdesk serve`: packets, refusals, a server
that is down at first, SIGKILLs in the middle of an upload and after it, wrong keys and stations.

Every check is on what a user sees: the server's batches (through the station API) and the files
in the hot folder, ``.done/`` and ``.rejected/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_services import free_port, start_redis, stop, wait_for
from station_support import (
    SAMPLES,
    HoldingProxy,
    Served,
    drop,
    kill,
    run_agent,
    serve,
    start_agent,
    station_key,
)

from filingdesk.station.filing import RECEIPT_NAME


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("station-watch-home")) as served:
        yield served


def sources(batch: dict[str, object]) -> list[str]:
    return sorted(str(f["source"]) for f in batch["files"])  # type: ignore[attr-defined]


def left_in(hot: Path) -> list[str]:
    """Files still waiting in the hot folder (outside .done and .rejected)."""
    return sorted(
        p.relative_to(hot).as_posix()
        for p in hot.rglob("*")
        if p.is_file() and not p.relative_to(hot).parts[0].startswith(".")
    )


def test_packets_are_uploaded_and_filed_with_their_receipts(server: Served, tmp_path: Path) -> None:
    key = server.station_key("win-files")
    hot = tmp_path / "hot"
    drop(hot / "packet_002", "packet_002", "scan_01.jpg", "scan_02.jpg", "scan_03.jpg")
    drop(hot, "packet_001", "scan_01.pdf")[0].rename(hot / "扫描件 01.pdf")  # a loose file
    (hot / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")  # a cut-off scan
    (hot / "empty.jpg").write_bytes(b"")  # the scanner died before writing

    run = run_agent(hot, server.url, "win-files", key)

    assert run.returncode == 0, run.stderr
    assert left_in(hot) == []
    batches = {tuple(sources(b)): b for b in server.batches(key)}
    assert set(batches) == {
        ("scan_01.jpg", "scan_02.jpg", "scan_03.jpg"),
        ("broken.pdf", "empty.jpg", "扫描件 01.pdf"),
    }
    packet_batch = batches[("scan_01.jpg", "scan_02.jpg", "scan_03.jpg")]
    done = hot / ".done" / "packet_002"
    assert sorted(p.name for p in done.iterdir()) == [
        "filingdesk-receipt.json",
        "scan_01.jpg",
        "scan_02.jpg",
        "scan_03.jpg",
    ]
    receipt = json.loads((done / RECEIPT_NAME).read_text(encoding="utf-8"))
    assert receipt["batch_id"] == packet_batch["batch_id"] and receipt["created"] is True
    (loose_done,) = [d for d in (hot / ".done").iterdir() if d.name.startswith("loose-")]
    assert (loose_done / "扫描件 01.pdf").is_file()
    (loose_rejected,) = (hot / ".rejected").iterdir()
    assert (loose_rejected / "broken.pdf").read_bytes().startswith(b"%PDF-1.4")
    assert (loose_rejected / "empty.jpg").stat().st_size == 0
    broken_reason = (loose_rejected / "broken.pdf.reason.txt").read_text(encoding="utf-8")
    empty_reason = (loose_rejected / "empty.jpg.reason.txt").read_text(encoding="utf-8")
    assert "pdf_corrupt" in broken_reason and "PDF 文件已损坏" in broken_reason and "Reason:" in broken_reason
    assert "empty_file" in empty_reason and "文件是空的" in empty_reason
    assert "win-files" in run.stdout or "packet_002" in run.stdout  # the summary table


def test_the_same_scans_dropped_again_are_not_uploaded_twice(server: Served, tmp_path: Path) -> None:
    key = server.station_key("win-again")
    hot = tmp_path / "hot"
    drop(hot / "morning", "packet_003", "scan_01.jpg", "scan_02.tif")
    assert run_agent(hot, server.url, "win-again", key).returncode == 0
    drop(hot / "morning", "packet_003", "scan_01.jpg", "scan_02.tif")  # the operator drops them again

    run = run_agent(hot, server.url, "win-again", key)

    assert run.returncode == 0, run.stderr
    (batch,) = server.batches(key)
    second = json.loads((hot / ".done" / "morning (2)" / RECEIPT_NAME).read_text(encoding="utf-8"))
    assert second["batch_id"] == batch["batch_id"] and second["created"] is False
    assert sorted(p.name for p in (hot / ".done" / "morning (2)").iterdir() if p.suffix != ".json") == [
        "scan_01.jpg",
        "scan_02.tif",
    ]


def test_without_station_the_agent_uploads_for_the_keys_station(server: Served, tmp_path: Path) -> None:
    key = server.station_key("win-own")
    hot = tmp_path / "hot"
    drop(hot / "p", "packet_003", "scan_01.jpg")

    run = run_agent(hot, server.url, "", key)

    assert run.returncode == 0, run.stderr
    (batch,) = server.batches(key)
    assert batch["station"] == "win-own"
    receipt = json.loads((hot / ".done" / "p" / RECEIPT_NAME).read_text(encoding="utf-8"))
    assert receipt["batch_id"] == batch["batch_id"]


def test_a_packet_of_no_scans_at_all_is_rejected_with_the_reason(server: Served, tmp_path: Path) -> None:
    key = server.station_key("win-notes")
    hot = tmp_path / "hot"
    (hot / "notes").mkdir(parents=True)
    (hot / "notes" / "readme.txt").write_text("not a scan\n", encoding="utf-8")

    run = run_agent(hot, server.url, "win-notes", key)

    assert run.returncode == 0, run.stderr
    assert server.batches(key) == []  # refused as a whole (415): no batch
    reason = (hot / ".rejected" / "notes" / "readme.txt.reason.txt").read_text(encoding="utf-8")
    assert "unsupported_media_type" in reason and "HTTP 415" in reason
    assert (hot / ".rejected" / "notes" / "readme.txt").read_text(encoding="utf-8") == "not a scan\n"


@pytest.mark.parametrize("problem", ["wrong key", "wrong station"])
def test_a_refused_key_or_station_keeps_every_file_and_says_why(
    server: Served, tmp_path: Path, problem: str
) -> None:
    key = server.station_key("win-keys")
    hot = tmp_path / "hot"
    dropped = drop(hot / "p", "packet_003", "scan_01.jpg")
    if problem == "wrong key":
        run = run_agent(hot, server.url, "win-keys", "fdk_not-a-real-key")
        expected = ["401", "API 密钥无效"]
    else:
        run = run_agent(hot, server.url, "another-window", key)
        expected = ["403", "wrong_station", "这个密钥不属于站点"]

    assert run.returncode == 2
    message = " ".join(run.stderr.split())
    assert all(text in message for text in expected), run.stderr
    assert all(p.is_file() for p in dropped)
    assert not (hot / ".rejected").exists() and not list((hot / ".done").glob("p*"))
    assert server.batches(key) == []


def test_a_server_down_at_first_gets_the_files_when_it_comes_up(tmp_path: Path) -> None:
    port = free_port()
    hot = tmp_path / "hot"
    drop(hot / "p", "packet_002", "scan_01.jpg", "scan_02.jpg")
    home = tmp_path / "home"
    key = station_key(home, "win-down")
    log = tmp_path / "agent.log"
    agent = start_agent(
        hot, f"http://127.0.0.1:{port}", "win-down", key, log, "--once", "--backoff-max", "0.5"
    )
    try:
        wait_for(lambda: "服务器无法连接" in log.read_text(encoding="utf-8"), 60, "the agent's retry message")
        assert left_in(hot) == ["p/scan_01.jpg", "p/scan_02.jpg"]  # kept while the server is away
        with serve(home, port) as served:
            assert agent.wait(120) == 0, log.read_text(encoding="utf-8")
            (batch,) = served.batches(key)
    finally:
        stop(agent)
    assert sources(batch) == ["scan_01.jpg", "scan_02.jpg"]
    assert left_in(hot) == []
    assert (hot / ".done" / "p" / "scan_02.jpg").is_file()
    assert "Cannot reach" in " ".join(log.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("moment", ["mid-upload", "after the server stored it"])
def test_an_agent_killed_during_an_upload_loses_nothing_and_uploads_nothing_twice(
    server: Served, tmp_path: Path, moment: str
) -> None:
    station = "win-kill-" + ("mid" if moment == "mid-upload" else "after")
    key = server.station_key(station)
    hot = tmp_path / "hot"
    dropped = drop(hot / "packet_004", "packet_004", "form_01.pdf", "scan_02.jpg")
    port = int(server.url.rsplit(":", 1)[1])
    if moment == "mid-upload":
        proxy = HoldingProxy(port, hold_request_after=64 * 1024)
    else:
        proxy = HoldingProxy(port, hold_response=True)
    log = tmp_path / "agent.log"
    agent = start_agent(hot, f"http://127.0.0.1:{proxy.port}", station, key, log)
    try:
        assert proxy.held.wait(60), log.read_text(encoding="utf-8")
        kill(agent)
    finally:
        proxy.close()
    assert all(p.is_file() for p in dropped)  # nothing moved, nothing lost
    before = server.batches(key)
    assert len(before) == (0 if moment == "mid-upload" else 1)

    run = run_agent(hot, server.url, station, key)

    assert run.returncode == 0, run.stderr
    (batch,) = server.batches(key)
    assert sources(batch) == ["form_01.pdf", "scan_02.jpg"]
    assert left_in(hot) == []
    receipt = json.loads((hot / ".done" / "packet_004" / RECEIPT_NAME).read_text(encoding="utf-8"))
    assert receipt["batch_id"] == batch["batch_id"]
    assert receipt["created"] is (moment == "mid-upload")  # after: the server's first receipt, replayed
    assert (hot / ".done" / "packet_004" / "form_01.pdf").read_bytes() == (
        Path(__file__).parents[1] / "samples" / "packet_004" / "form_01.pdf"
    ).read_bytes()


def test_watching_picks_up_packets_dropped_while_it_runs(server: Served, tmp_path: Path) -> None:
    key = server.station_key("win-watch")
    hot = tmp_path / "hot"
    hot.mkdir()
    log = tmp_path / "agent.log"
    agent = start_agent(hot, server.url, "win-watch", key, log, "--quiet-period", "1")
    try:
        wait_for(lambda: "watching" in log.read_text(encoding="utf-8"), 60, "the agent to start")
        drop(hot / "first", "packet_002", "scan_01.jpg")
        wait_for(lambda: (hot / ".done" / "first" / RECEIPT_NAME).is_file(), 60, "the first packet filed")
        drop(hot / "second", "packet_003", "scan_02.tif")
        wait_for(lambda: (hot / ".done" / "second" / RECEIPT_NAME).is_file(), 60, "the second packet filed")
        assert agent.poll() is None  # still watching
    finally:
        stop(agent)
    assert sorted(sources(b)[0] for b in server.batches(key)) == ["scan_01.jpg", "scan_02.tif"]
    assert left_in(hot) == []


@pytest.mark.postgres
@pytest.mark.redis
def test_the_same_agent_works_against_production_settings(own_postgres_url: str, tmp_path: Path) -> None:
    """PostgreSQL and Redis behind the API (it then only enqueues): the same station API, the same agent."""
    redis, redis_port = start_redis(tmp_path / "redis")
    production = {
        "FILINGDESK_DATABASE_URL": own_postgres_url,
        "FILINGDESK_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
    }
    hot = tmp_path / "hot"
    drop(hot / "packet_005", "packet_005", *(p.name for p in (SAMPLES / "packet_005").glob("scan_*")))
    try:
        with serve(tmp_path / "home", settings=production) as server:
            key = server.station_key("win-prod")
            run = run_agent(hot, server.url, "win-prod", key)
            assert run.returncode == 0, run.stderr
            (batch,) = server.batches(key)
    finally:
        stop(redis)
    assert sources(batch) == sorted(p.name for p in (SAMPLES / "packet_005").glob("scan_*"))
    assert left_in(hot) == [] and (hot / ".done" / "packet_005" / RECEIPT_NAME).is_file()
