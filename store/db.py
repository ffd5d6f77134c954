"""Engines and sessions from settings: SQLite embedded, PostgreSQL (psycopg 3) in production.

One engine per database URL per process, because engines own connection
pools. SQLite gets WAL (readers do not block the writer), enforced foreign
keys and a busy timeout, which is what a single-station install needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kernel.settings import Settings

_ENGINES: dict[str, Engine] = {}


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 here (not the psycopg2 default)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_engine(settings: Settings) -> Engine:
    """The process-wide engine for ``settings.resolved_database_url``."""
    url = normalize_url(settings.resolved_database_url)
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _create(url)
        _ENGINES[url] = engine
    return engine


def dispose_engines(close: bool = True) -> None:
    """Close every pool (tests), or with ``close=False`` forget it (a forked child, whose parent
    keeps using the sockets it inherited)."""
    for engine in _ENGINES.values():
        engine.dispose(close=close)
    _ENGINES.clear()


def session_factory(settings: Settings) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(settings), expire_on_commit=False)


@contextmanager
def session_scope(settings: Settings) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    session = session_factory(settings)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine
