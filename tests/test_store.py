"""The filing-record store on both back ends: migrations, round trip, idempotent re-save, audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from kernel.domain import DocType, FilingStatus, Severity
from kernel.inputs import InputFile
from kernel.schema import DocumentResult, FieldValue, FilingResult, InputError, Issue, ProcessResult, Stamp
from kernel.settings import Settings
from store.db import get_engine, session_scope
from store.migrate import current_revision, upgrade
from store.models import Document, FieldRow, Filing, SourceFile, StampRow
from store.repository import (
    FilingNotFound,
    InvalidTransition,
    StaleFiling,
    list_filings,
    load_filing,
    record_status,
    save_result,
    status_history,
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite":
        s = Settings(home=tmp_path / "home")
    else:
        s = Settings(home=tmp_path / "home", database_url=request.getfixturevalue("postgres_url"))
        _drop_all(s)  # one database per run: start each test from empty
    upgrade(s)
    yield s


def _drop_all(s: Settings) -> None:
    with get_engine(s).begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


T = TypeVar("T")


def result() -> ProcessResult:
    form = DocumentResult(
        id="declaration_form-ab12",
        source="p1/form.pdf",
        pages=[1, 2],
        doc_type=DocType.DECLARATION_FORM,
        doc_type_confidence=0.93,
        fields={
            "name": FieldValue(value="张三", confidence=0.97, page=1, bbox=[0.1, 0.2, 0.3, 0.25]),
            "hospitals": FieldValue(
                value=["北京协和医院", "北京医院"], confidence=0.7, page=2, low_confidence=True
            ),
            "applicant_signature": FieldValue(value=True, confidence=0.9, page=2, source="text_layer"),
        },
        stamps=[
            Stamp(
                page=2,
                bbox=[0.6, 0.8, 0.8, 0.95],
                confidence=0.88,
                shape="round",
                text="太原市医疗保障局",
                role="agency",
            )
        ],
    )
    form = DocumentResult.model_validate({**form.model_dump(), "layout": "shanxi-2023"})  # extras survive
    proof = DocumentResult(
        id="residence_permit-cd34",
        source="p1/permit.jpg",
        pages=[1],
        doc_type=DocType.RESIDENCE_PERMIT,
        fields={"address": FieldValue(value="北京市朝阳区建国路88号", confidence=0.95, page=1)},
    )
    dup = proof.model_copy(
        update={"id": "residence_permit-cd34-dup", "source": "p1/copy.jpg", "duplicate_of": proof.id}
    )
    filing = FilingResult(
        id="filing-1",
        id_number="140105198803150012",
        name="张三",
        filing_category="long_term_resident",
        documents=[form.id, proof.id],
        status=FilingStatus.INCOMPLETE,
        issues=[
            Issue(
                code="hospitals_low_confidence",
                severity=Severity.WARNING,
                field="hospitals",
                document=form.id,
                message="请核对定点医疗机构",
                message_en="check hospitals",
            ),
            Issue(code="missing_agency_stamp", severity=Severity.ERROR, message="缺少经办机构印章"),
        ],
    )
    return ProcessResult(
        documents=[form, proof, dup],
        filings=[filing],
        errors=[InputError(source="p1/letter.jpg", code="not_an_image", message="text")],
    )


def must(row: T | None) -> T:
    assert row is not None
    return row


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_migrations_reach_head_and_match_the_models(settings: Settings) -> None:
    from alembic.script import ScriptDirectory

    from store.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(settings)).get_heads()
    assert len(heads) == 1 and current_revision(settings) == heads[0]  # one line of history, at its end
    upgrade(settings)  # a second run is a no-op
    tables = set(inspect(get_engine(settings)).get_table_names())
    assert {
        "batch",
        "source_file",
        "page",
        "document",
        "field",
        "stamp",
        "filing",
        "filing_document",
        "issue",
        "status_event",
        "task",
        "alembic_version",
    } <= tables


def test_save_and_load_round_trip(settings: Settings) -> None:
    original = result()
    inputs = [InputFile(path=Path("x"), source="p1/form.pdf", sha256="a" * 64, size=123, kind="pdf")]
    with session_scope(settings) as session:
        batch_id = save_result(session, original, batch_station="window-3", inputs=inputs)
    with session_scope(settings) as session:
        filing, docs = load_filing(session, "filing-1")
        assert filing == original.filings[0]
        assert docs == original.documents[:2]
        assert docs[0].model_extra == {"layout": "shanxi-2023"}
        files = {f.source: f for f in session.scalars(select(SourceFile))}
        assert files["p1/letter.jpg"].error_code == "not_an_image"
        assert files["p1/form.pdf"].sha256 == "a" * 64 and files["p1/form.pdf"].batch_id == batch_id
        dup = must(session.get(Document, "residence_permit-cd34-dup"))
        assert dup.duplicate_of == "residence_permit-cd34"
        (summary,) = list_filings(session, review_status="needs_review")
        assert (summary.id, summary.issues, summary.status, summary.batch_id) == (
            "filing-1",
            2,
            "incomplete",
            batch_id,
        )
        assert summary.updated_at.tzinfo is not None
        assert list_filings(session, review_status="approved") == []
        with pytest.raises(FilingNotFound):
            load_filing(session, "nope")


def test_resave_updates_instead_of_duplicating_and_keeps_reviewer_work(settings: Settings) -> None:
    with session_scope(settings) as session:
        save_result(session, result())
    with session_scope(settings) as session:
        row = session.scalars(select(FieldRow).where(FieldRow.key == "name")).one()
        row.value, row.source, row.updated_by = "张叁", "reviewer", "reviewer-7"
        record_status(session, "filing-1", "approved", "reviewer-7", "all proofs present")
    again = result()
    again.documents[0].fields["name"] = FieldValue(value="张三", confidence=0.99, page=1)
    again.documents[0].stamps = []
    with session_scope(settings) as session:
        save_result(session, again)
    with session_scope(settings) as session:
        assert count(session, Document) == 3 and count(session, Filing) == 1
        assert count(session, FieldRow) == 5 and count(session, StampRow) == 0
        filing, docs = load_filing(session, "filing-1")
        assert docs[0].fields["name"].value == "张叁" and docs[0].fields["name"].source == "reviewer"
        assert len(filing.issues) == 2
        # a reviewer's decision survives a re-run
        assert must(session.get(Filing, "filing-1")).review_status == "approved"


def test_status_events_and_optimistic_concurrency(settings: Settings) -> None:
    with session_scope(settings) as session:
        save_result(session, result())
    with session_scope(settings) as session:
        version = must(session.get(Filing, "filing-1")).version
        record_status(
            session,
            "filing-1",
            "returned_to_applicant",
            "reviewer-7",
            "missing seal",
            expected_version=version,
        )
    with session_scope(settings) as session:
        with pytest.raises(StaleFiling):
            record_status(session, "filing-1", "needs_review", "reviewer-8", "", expected_version=version)
        with pytest.raises(InvalidTransition):
            record_status(session, "filing-1", "approved", "reviewer-8", "")
        with pytest.raises(InvalidTransition):
            record_status(session, "filing-1", "teleported", "reviewer-8", "")
        record_status(session, "filing-1", "needs_review", "reviewer-8", "seal brought in")
        record_status(session, "filing-1", "approved", "reviewer-8", "ok")
    with session_scope(settings) as session:
        trail = [(e.from_status, e.to_status, e.who) for e in status_history(session, "filing-1")]
        assert trail == [
            ("received", "needs_review", "system"),
            ("needs_review", "returned_to_applicant", "reviewer-7"),
            ("returned_to_applicant", "needs_review", "reviewer-8"),
            ("needs_review", "approved", "reviewer-8"),
        ]
        assert must(session.get(Filing, "filing-1")).version > version


def test_session_scope_rolls_back_on_error(settings: Settings) -> None:
    with pytest.raises(RuntimeError), session_scope(settings) as session:
        save_result(session, result())
        raise RuntimeError("boom")
    with session_scope(settings) as session:
        assert count(session, Filing) == 0


def test_sqlite_file_is_created_with_wal(tmp_path: Path) -> None:
    s = Settings(home=tmp_path / "fresh" / "home")
    upgrade(s)
    assert (tmp_path / "fresh" / "home" / "filingdesk.db").exists()
    with get_engine(s).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_workflow_table_is_the_one_the_store_enforces(tmp_path: Path) -> None:
    """Every move the table allows is accepted by the store, every other one refused."""
    from kernel.workflow import TRANSITIONS, ReviewStatus
    from store.models import Filing
    from store.repository import InvalidTransition, record_status

    settings = Settings(home=tmp_path / "home")
    upgrade(settings)
    for current in ReviewStatus:
        for to in ReviewStatus:
            with session_scope(settings) as session:
                filing_id = f"f-{current}-{to}"
                session.add(Filing(id=filing_id, review_status=current.value, status="complete"))
                session.flush()
                if to in TRANSITIONS[current]:
                    assert record_status(session, filing_id, to, "w", "").to_status == to
                else:
                    with pytest.raises(InvalidTransition):
                        record_status(session, filing_id, to, "w", "")
