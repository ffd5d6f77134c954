"""Seconds per pipeline stage, kept as histogram counts in the database for ``GET /metrics``.

Why the database and not a prometheus_client registry in each worker: the
metrics endpoint reads everything else from the database at scrape time
(api/metrics.py), so one scrape of any API process covers every worker on every
machine, workers need no HTTP port, and a restarted worker loses nothing. The
cost is two atomic upserts per stage per page, in the transaction that stores
the page (so a page saved twice by a superseded worker is counted once).

Stages: ``upright``, ``seals``, ``ocr`` and ``page`` (the whole page) from
``PageReading.timings`` (extract/read.py), and each task kind's seconds from
start to finish (``process_file``, ``assemble_batch``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.models import StageBucket, StageTotal

# Upper bounds in seconds: a page's OCR steps take 0.05-5 s, a file's task seconds to minutes.
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)
INF = "+Inf"
PAGE_STAGES = {"upright": "upright", "seals": "seals", "ocr": "ocr", "total": "page"}


def bucket_of(seconds: float) -> str:
    """The label of the smallest bucket holding ``seconds``."""
    for bound in BUCKETS:
        if seconds <= bound:
            return _label(bound)
    return INF


def _label(bound: float) -> str:
    return repr(float(bound))  # "0.05", "1.0": how prometheus_client writes ``le``


def page_stage_seconds(timings: Mapping[str, float]) -> dict[str, float]:
    """A page reading's step timings under their stage names (unknown steps are left out)."""
    return {PAGE_STAGES[k]: v for k, v in timings.items() if k in PAGE_STAGES}


def record(session: Session, stage_seconds: Mapping[str, float]) -> None:
    """Count one observation per stage, atomically (any number of workers at once)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for stage, seconds in stage_seconds.items():
        if not math.isfinite(seconds) or seconds < 0:
            continue
        bucket = insert(StageBucket).values(stage=stage, le=bucket_of(seconds), count=1)
        session.execute(
            bucket.on_conflict_do_update(
                index_elements=["stage", "le"], set_={"count": StageBucket.count + 1}
            )
        )
        total = insert(StageTotal).values(stage=stage, count=1, seconds=seconds)
        session.execute(
            total.on_conflict_do_update(
                index_elements=["stage"],
                set_={"count": StageTotal.count + 1, "seconds": StageTotal.seconds + seconds},
            )
        )


@dataclass(frozen=True)
class StageHistogram:
    stage: str
    buckets: list[tuple[str, int]]  # cumulative, ascending, ending with "+Inf"
    count: int
    seconds: float


def histograms(session: Session) -> list[StageHistogram]:
    """Every stage's cumulative histogram, as Prometheus wants it."""
    counts: dict[str, dict[str, int]] = {}
    for stage, le, count in session.execute(select(StageBucket.stage, StageBucket.le, StageBucket.count)):
        counts.setdefault(stage, {})[le] = count
    out = []
    for stage, count, seconds in session.execute(
        select(StageTotal.stage, StageTotal.count, StageTotal.seconds).order_by(StageTotal.stage)
    ):
        per_bucket = counts.get(stage, {})
        bounds = sorted({_label(b) for b in BUCKETS} | (per_bucket.keys() - {INF}), key=float)
        running, cumulative = 0, []
        for le in bounds:
            running += per_bucket.get(le, 0)
            cumulative.append((le, running))
        cumulative.append((INF, count))
        out.append(StageHistogram(stage, cumulative, count, seconds))
    return out
