"""`python -m filingdesk` is the same as the `filingdesk` command."""

from __future__ import annotations

from filingdesk.cli import app

app()
