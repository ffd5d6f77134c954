"""`filingdesk`: the command line of the service.

Commands read the settings once, here at the edge, and pass them inward.
Heavy imports (OCR engines, the web framework) happen inside the command that
needs them, so `filingdesk --help` answers at once.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from filingdesk import cli_api, cli_ops, cli_queue
from filingdesk.station import cli as cli_station
from kernel.settings import get_settings

app = typer.Typer(
    name="filingdesk",
    help=(
        "Reads paper filings for medical treatment in a different place (异地就医备案): "
        "OCR, seals, fields and filing rules, then stores filing records for review.\n\n"
        "Start with: filingdesk process samples --out result.json"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
samples_app = typer.Typer(
    help="Generate synthetic scanned filing packets with ground truth.", no_args_is_help=True
)
app.add_typer(samples_app, name="samples")


@app.callback()
def _logging() -> None:
    """Warnings and errors of every command in FILINGDESK_LOG_FORMAT (serve and worker log more)."""
    import logging

    from filingdesk.logs import setup_logging

    setup_logging(get_settings(), level=logging.WARNING)


err_console = Console(stderr=True)


@app.command()
def process(
    inputs: Annotated[
        list[Path], typer.Argument(help="Files or folders (.pdf .png .jpg .jpeg .tif .tiff .zip).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write RESULT.json.")] = Path(
        "result.json"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no table.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print RESULT.json to stdout (for scripts).")
    ] = False,
    station: Annotated[str, typer.Option(help="Scanning station id recorded with the batch.")] = "cli",
    save: Annotated[bool, typer.Option(help="Store the filing records in the configured database.")] = True,
) -> None:
    """Read scans, extract fields, validate filings, store records and write RESULT.json.

    Exit code 1 when an input could not be read (each such file is named, the rest still go through);
    2 when nothing could be processed at all.
    """
    from filingdesk.runner import run_process

    settings = get_settings()
    show = not quiet and not as_json
    result, seconds, pages = run_process(
        inputs,
        settings,
        console=err_console if show else None,
        today=date.today(),
        station=station,
        save=save,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = result.model_dump(mode="json")
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    elif not quiet:
        from filingdesk.console import errors_table, summary_table, unfiled_table

        console = Console()
        if not console.is_terminal:  # piped or logged: a wide table beats wrapped cells
            console = Console(width=160)
        console.print(summary_table(result))
        if result.unfiled:
            console.print(unfiled_table(result))
        if result.errors:
            console.print(errors_table(result))
        rate = pages / seconds if seconds > 0 else 0.0
        console.print(f"{pages} pages in {seconds:.1f} s ({rate:.2f} pages/s). Result: {out}")
    for err in result.errors:
        err_console.print(f"[red]cannot read[/] {err.source}: {err.message} ({err.code})")
    if result.errors:
        raise typer.Exit(2 if not result.documents else 1)


@app.command("eval")
def evaluate_cmd(
    folder: Annotated[Path, typer.Argument(help="Folder with scans and truth.json files.")],
    result: Annotated[
        Path | None, typer.Option("--result", help="Score this RESULT.json instead of running.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score the pipeline against ground truth: fields, doc types, seals, verdicts, defects, speed."""
    from evaluation.cli_helpers import print_report
    from evaluation.run import evaluate
    from filingdesk.runner import run_process
    from kernel.schema import ProcessResult

    settings = get_settings()
    seconds: float | None = None
    pages: int | None = None
    if result is not None:
        predicted = ProcessResult.model_validate_json(result.read_text(encoding="utf-8"))
    else:
        # seconds count reading only (run_process starts its clock after the models loaded)
        predicted, seconds, pages = run_process(
            [folder],
            settings,
            console=None if as_json else err_console,
            today=date.today(),
            station="eval",
            save=False,
        )
    report = evaluate(folder, predicted, seconds, pages)
    print_report(report, as_json, Console())


@samples_app.command("generate")
def samples_generate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write packet_NNN/ folders into.")],
    n: Annotated[int, typer.Option("--n", help="Number of packets.")] = 12,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 2026,
    unseen: Annotated[
        bool,
        typer.Option(
            "--unseen",
            help="Other provinces' layouts, wordings, fonts and worse scans (samplegen.unseen), "
            "with a manifest.json naming each document's variant.",
        ),
    ] = False,
) -> None:
    """Render realistic scanned filing packets, each with a truth.json."""
    if unseen:
        from samplegen.unseen import generate
    else:
        from samplegen import generate

    folders = generate(out, n, seed)
    Console().print(f"Wrote {len(folders)} packets to {out}")


cli_queue.register(app)
cli_api.register(app)
cli_station.register(app)
cli_ops.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
