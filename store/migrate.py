"""Bring the database schema to the newest migration, from code (no alembic.ini needed).

The CLI, the API and the worker call ``upgrade`` at start, so the embedded
SQLite file is created on first use and a PostgreSQL database is migrated by
whichever process starts first (Alembic's version table makes reruns no-ops).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from kernel.settings import Settings
from store.db import get_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    """Alembic configuration pointing at ``store/migrations`` and the settings' database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["settings"] = settings
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Run migrations up to ``revision`` (default: the newest)."""
    config = alembic_config(settings)
    with get_engine(settings).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(settings: Settings) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(settings).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
