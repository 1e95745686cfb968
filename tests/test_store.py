import os
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import text
from sqlmodel import select

import kb
from kb.store import make_engine, write_index
from kb.tables import ClaimRow, QuoteRow, RelationRow, SourceRow, TagRow
from tests.conftest import DATA


def test_index_holds_every_record() -> None:
    base = kb.load(DATA / "valid")
    with base.session() as session:
        assert [r.id for r in session.exec(select(ClaimRow).order_by(ClaimRow.id))] == list(base.claims)
        assert len(session.exec(select(SourceRow)).all()) == 2
        relations = {(r.from_id, r.relation, r.to_id) for r in session.exec(select(RelationRow))}
        assert relations == {("alpha/premise", "supports", "alpha/answer"), ("beta/answer", "rebuts", "alpha/answer")}
        verified = {r.claim_id: r.verified for r in session.exec(select(QuoteRow))}
        assert verified == {"alpha/answer": True, "alpha/premise": True, "beta/answer": False}
        tags = session.exec(select(TagRow.claim_id).where(TagRow.tag == "replies")).all()
        assert tags == ["beta/answer"]


POSTGRES = os.environ.get("KB_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path: Path):
    """The same store tests run on SQLite and, where KB_TEST_POSTGRES_URL is set, on PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    elif POSTGRES:
        engine = make_engine(POSTGRES)
        with engine.begin() as connection:  # a clean schema for every test
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    elif os.environ.get("CRUX_REQUIRE_POSTGRES"):
        pytest.fail("CRUX_REQUIRE_POSTGRES is set but KB_TEST_POSTGRES_URL is not")
    else:
        pytest.skip("set KB_TEST_POSTGRES_URL=postgresql+psycopg://user:pw@host/db to run the PostgreSQL store tests")
    yield engine
    engine.dispose()


def test_reindexing_replaces_rows_idempotently(engine) -> None:
    base = kb.load(DATA / "valid")
    write_index(base, engine)
    write_index(base, engine)
    with kb.base.Session(engine) as session:
        assert len(session.exec(select(ClaimRow)).all()) == 3
        assert len(session.exec(select(RelationRow)).all()) == 2


def test_full_base_indexes_on_every_backend(engine, shipped) -> None:
    write_index(shipped, engine)
    from kb.store import read_only_query

    columns, rows = read_only_query(
        engine, "SELECT verdict, count(*) AS n FROM claims GROUP BY verdict ORDER BY verdict"
    )
    assert columns == ["verdict", "n"]
    assert sum(n for _, n in rows) == len(shipped)


def test_a_failed_reindex_keeps_the_previous_index(engine, monkeypatch) -> None:
    base = kb.load(DATA / "valid")
    write_index(base, engine)
    from kb import store

    real = store._rows

    def rows_with_a_duplicate(b):  # the database refuses the second copy of a claim, mid-transaction
        rows = list(real(b))
        first_claim = next(row for table, row in rows if table is ClaimRow)
        return [*rows, (ClaimRow, dict(first_claim))]

    monkeypatch.setattr(store, "_rows", rows_with_a_duplicate)
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        write_index(base, engine)
    with kb.base.Session(engine) as session:
        assert len(session.exec(select(ClaimRow)).all()) == 3


def test_queries_are_read_only(engine) -> None:
    from kb.errors import KBError
    from kb.store import read_only_query

    write_index(kb.load(DATA / "valid"), engine)
    with pytest.raises(KBError, match="read-only"):
        read_only_query(engine, "DELETE FROM claims")
    assert read_only_query(engine, "SELECT count(*) FROM claims")[1] == [(3,)]


def test_database_url_from_environment(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("KB_DATABASE_URL", f"sqlite:///{path}")
    base = kb.load(DATA / "valid")
    with base.session() as session:
        assert len(session.exec(select(ClaimRow)).all()) == 3
    assert path.exists()


def test_check_results_are_indexed(shipped) -> None:
    from kb.tables import CheckInputRow, CheckResultRow, CruxRow, ReadingRow

    base = shipped
    with base.session() as session:
        row = session.get(CheckResultRow, "fu/fp4-9x-flops")
        assert (row.verdict, round(row.value, 2), row.comparator) == ("inconclusive", 9.32, "at_least")
        target = session.get(CheckInputRow, ("fu/fp4-9x-flops", "target_mfu"))
        assert target.ref == "training-runs.llama3-405b.mfu_bf16" and round(target.break_even, 3) == 0.396
        readings = session.exec(select(ReadingRow).where(ReadingRow.claim_id == "fu/bloom-mfu-50pct")).all()
        assert [r.verdict for r in readings] == ["supported"]
        unchecked = session.exec(select(ClaimRow.id).where(ClaimRow.verdict == "unchecked")).all()
        assert "fu/thesis" in unchecked
        thesis = session.get(ClaimRow, "dettmers/thesis")
        assert (thesis.strength, thesis.label) == (base.strength("dettmers/thesis"), base.label("dettmers/thesis"))
        top = session.get(CruxRow, 1)
        assert (top.rebutter_id, top.target_id) == (base.cruxes()[0].rebutter, base.cruxes()[0].target)
