from pathlib import Path

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


def test_reindexing_replaces_rows(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    base = kb.load(DATA / "valid")
    write_index(base, engine)
    write_index(base, engine)
    with kb.base.Session(engine) as session:
        assert len(session.exec(select(ClaimRow)).all()) == 3


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
