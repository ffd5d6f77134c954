"""Shared fixtures: throw-away PostgreSQL databases, the queue's stand-in reader in this process, and
the headless Chromium the page tests drive."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh ``filingdesk_test_<random>`` database, dropped at the end of the run."""
    yield from _throwaway_database()


@pytest.fixture
def own_postgres_url() -> Iterator[str]:
    """A database of this test alone: for worker clusters whose leftover tasks (an expired
    lease, a batch of the same sample files) would otherwise be picked up by the next test."""
    yield from _throwaway_database()


def _throwaway_database() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable: {exc}")
    name = f"filingdesk_test_{secrets.token_hex(6)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        finally:
            from store.db import dispose_engines

            dispose_engines()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tasks that run in this process (no broker) read files with the stand-in reader, no sleep."""
    import queue_standin

    from taskqueue.tasks import set_pipeline

    monkeypatch.setenv("FILINGDESK_STANDIN_PAGE_SECONDS", "0")
    set_pipeline(queue_standin.read_file)
    try:
        yield
    finally:
        set_pipeline(None)


CHROMIUM = Path("/usr/bin/chromium")  # the apt package scripts/setup.sh installs


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the page tests (review, triage, station); skipped where it is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()
