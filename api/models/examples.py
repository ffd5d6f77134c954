"""Example values the API documentation shows integrators."""

from __future__ import annotations

ID_EXAMPLE = "filing-3f2a9c0d1e4b"
