"""The label synonym table (``labels.yaml``): which printed wordings name which field.

Kept as data so a new province's wording is one line of YAML, not a code change.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from extract.labelmatch import STOPPER
from extract.normalize import to_halfwidth

__all__ = ["STOPPER", "label_table", "placed_only", "table_for"]

LABELS_PATH = Path(__file__).with_name("labels.yaml")


PLACED = "^"  # a wording written ^单位 is a label only where labels stand (it occurs inside values too)


@cache
def _raw() -> dict[str, list[str]]:
    with LABELS_PATH.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    # OCR text is compared after fullwidth → halfwidth, so the wordings are too
    return {str(k): [to_halfwidth(str(s)) for s in v] for k, v in raw.items()}


@cache
def label_table() -> dict[str, tuple[str, ...]]:
    """Every key's wordings, as loaded from ``labels.yaml``."""
    return {k: tuple(dict.fromkeys(s.lstrip(PLACED) for s in v)) for k, v in _raw().items()}


@cache
def placed_only() -> frozenset[str]:
    """Wordings that are labels only at a line's start, after a separator or before a colon."""
    return frozenset(s.lstrip(PLACED) for v in _raw().values() for s in v if s.startswith(PLACED))


def table_for(keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The wordings of the wanted keys first (they win ties), then all others as value stoppers.

    A wording shared by a wanted and an unwanted key (居住地址: address vs
    residence_address) belongs to the wanted one.
    """
    full = label_table()
    wanted = [k for k in keys if k in full]
    out: dict[str, tuple[str, ...]] = {k: full[k] for k in wanted}
    claimed = {s for k in wanted for s in full[k]}
    for key, syns in full.items():
        if key in out:
            continue
        rest = tuple(s for s in syns if s not in claimed)
        if rest:
            out[key] = rest
    return out
