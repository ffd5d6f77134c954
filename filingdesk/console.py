"""What `filingdesk process` shows a scanning-station operator: progress and a summary.

Kept apart from the commands so the wording and the table layout live in one
place, and so tests can render the summary without running OCR.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from kernel.domain import CATEGORY_ZH, DOC_TYPE_ZH, DocType, FilingCategory, Severity
from kernel.schema import Issue, ProcessResult


def mask_id_number(value: str | None) -> str:
    """Show the region and the last four characters only: 140105********0012."""
    if not value:
        return "—"
    if len(value) < 10:
        return value[:2] + "*" * max(0, len(value) - 2)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def page_progress(console: Console, total_pages: int) -> Progress:
    """A progress bar counting pages, with pages/s and ETA."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} pages/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def summary_table(result: ProcessResult) -> Table:
    """One row per filing: who, category, documents, verdict and the issues found."""
    docs = {d.id: d for d in result.documents}
    table = Table(
        title=f"{len(result.filings)} filings from {len(result.documents)} documents", show_lines=False
    )
    table.add_column("Filing", no_wrap=True)
    table.add_column("Name", no_wrap=True)
    table.add_column("ID number", no_wrap=True)
    table.add_column("Category", no_wrap=True)
    table.add_column("Documents")
    table.add_column("Status", no_wrap=True)
    table.add_column("Issues (errors, [yellow]warnings[/])")
    for filing in result.filings:
        kinds = Counter(docs[d].doc_type for d in filing.documents if d in docs)
        kinds_text = ", ".join(
            f"{DOC_TYPE_ZH.get(DocType(k), k)}" + (f"×{n}" if n > 1 else "") for k, n in kinds.items()
        )
        category = filing.filing_category
        category_text = (
            CATEGORY_ZH.get(FilingCategory(category), category)
            if category in set(FilingCategory)
            else (category or "—")
        )
        errors = [i for i in filing.issues if i.severity == Severity.ERROR]
        warnings = [i for i in filing.issues if i.severity == Severity.WARNING]
        issues_text = _codes(errors)
        if warnings:
            issues_text += (" " if issues_text else "") + "[yellow]" + _codes(warnings) + "[/]"
        status = "[green]complete[/]" if filing.status == "complete" else "[red]incomplete[/]"
        table.add_row(
            filing.id.removeprefix("filing-")[:8],
            filing.name or "—",
            mask_id_number(filing.id_number),
            category_text,
            kinds_text,
            status,
            issues_text or "—",
        )
    return table


def _codes(issues: list[Issue]) -> str:
    """Issue codes in order of first appearance, repeats counted: field_missing×4, agency_stamp_missing."""
    counts = Counter(i.code for i in issues)
    return ", ".join(code + (f"×{n}" if n > 1 else "") for code, n in counts.items())


def errors_table(result: ProcessResult) -> Table:
    """Inputs that could not be read, each with its reason."""
    table = Table(title=f"{len(result.errors)} inputs could not be read", title_style="bold red")
    table.add_column("File")
    table.add_column("Code")
    table.add_column("Reason")
    for err in result.errors:
        table.add_row(err.source, err.code, err.message)
    return table


def unfiled_table(result: ProcessResult) -> Table:
    """Pages that went into no filing (an invoice, a bank slip, a blank page, another person's proof),
    for a person to look at in the triage lane."""
    table = Table(title=f"{len(result.unfiled)} documents are in no filing (待分拣)", title_style="yellow")
    table.add_column("File")
    table.add_column("Pages")
    table.add_column("Reason")
    for doc in result.unfiled:
        table.add_row(doc.source, ", ".join(str(p) for p in doc.pages), doc.reason)
    return table
