"""`filingdesk purge`, `backup` and `restore`: running the service for years.

Kept apart from ``filingdesk.cli`` like the queue and API commands; heavy
imports stay inside the commands so ``--help`` answers at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kernel.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add the operator's commands to the main CLI."""
    app.command()(purge)
    app.command()(backup)
    app.command()(restore)


def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Delete page images and uploaded files past their retention period (个人信息保护法).

    Settled filings (approved, rejected, cancelled) untouched for FILINGDESK_RETENTION_DAYS, and
    uploads that made no filing after FILINGDESK_RETENTION_REFUSED_DAYS. Filing records, fields and
    the audit trail stay; each deletion is written to the audit log. Workers run this every
    FILINGDESK_RETENTION_CHECK_MINUTES on their own.
    """
    from store.migrate import upgrade
    from store.retention import purge as run_purge

    settings = get_settings()
    upgrade(settings)
    report = run_purge(settings, dry_run=dry_run)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    console = Console()
    if report.items:
        table = Table("record", "reason", "uploads", "pages", "blobs", "bytes")
        for item in report.items:
            table.add_row(
                item.target,
                item.reason,
                str(len(item.source_files)),
                str(item.pages),
                str(len(item.blobs)),
                f"{item.bytes:,}",
            )
        console.print(table)
    totals = report.totals
    verb = "would delete" if dry_run else "deleted"
    console.print(
        f"{verb} {totals['pages']} page image(s) and {totals['source_files']} upload(s) of "
        f"{totals['targets']} record(s): {totals['blobs']} blob(s), {totals['bytes']:,} bytes "
        f"(retention {settings.retention_days} days, "
        f"no-filing uploads {settings.retention_refused_days} days)"
    )


def backup(
    target: Annotated[Path, typer.Argument(help="A new (or empty) folder to write the backup into.")],
) -> None:
    """Back up the embedded database and its page images while the service keeps running.

    For PostgreSQL and S3 use pg_dump and bucket versioning (README, "Backup and restore").
    """
    from store.backup import BackupError
    from store.backup import backup as run_backup

    try:
        manifest = run_backup(get_settings(), target)
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    Console().print(
        f"backup in {target}: {manifest.counts.get('filing', 0)} filings, {manifest.blobs} blobs "
        f"({manifest.blob_bytes:,} bytes), schema {manifest.schema_revision}"
    )
    if manifest.missing_blobs:
        Console(stderr=True).print(
            f"[yellow]{len(manifest.missing_blobs)} blob(s) named by the database were gone "
            "(purged while backing up); listed in manifest.json[/]"
        )


def restore(
    source: Annotated[Path, typer.Argument(help="A folder written by `filingdesk backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the database and blobs this home already has.")
    ] = False,
) -> None:
    """Restore a backup into FILINGDESK_HOME (stop the service first); every checksum is verified."""
    from store.backup import BackupError
    from store.backup import restore as run_restore
    from store.migrate import upgrade

    settings = get_settings()
    try:
        manifest = run_restore(settings, source, force=force)
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    upgrade(settings)  # a backup of an older version is brought to this version's schema
    Console().print(
        f"restored {manifest.counts.get('filing', 0)} filings and {manifest.blobs} blobs "
        f"from {source} into {settings.home}"
    )
