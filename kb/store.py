"""Writing the knowledge base into SQL through sqlmodel.

`make_engine` opens SQLite in memory (the default, for tests and quick queries),
a SQLite file, or any SQLAlchemy URL. `write_index` replaces the index's
contents with the records of a base, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, Table, insert, inspect
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import Session, SQLModel, create_engine, delete

from kb.checks import Result
from kb.checks.words import expectation_text
from kb.errors import KBError
from kb.tables import (
    AnswerClaimRow,
    AnswerRow,
    AnswerThesisRow,
    ArgumentRow,
    CheckInputRow,
    CheckResultRow,
    ClaimRow,
    CruxRow,
    DatasetValueRow,
    PremiseRow,
    QuestionRow,
    QuoteRow,
    ReadingRow,
    RelationRow,
    SourceRow,
    TagRow,
)
from kb.twins import dataset_rows
from kb.words import say

if TYPE_CHECKING:
    from kb.base import KnowledgeBase

READ_ONLY = frozenset({"select", "with", "explain", "values"})
TABLES: tuple[type[SQLModel], ...] = (
    DatasetValueRow,
    AnswerThesisRow,
    AnswerClaimRow,
    AnswerRow,
    QuestionRow,
    PremiseRow,
    ArgumentRow,
    CruxRow,
    ReadingRow,
    CheckInputRow,
    CheckResultRow,
    TagRow,
    RelationRow,
    QuoteRow,
    ClaimRow,
    SourceRow,
)  # children first


def make_engine(url: str = "sqlite://") -> Engine:
    """Return an engine for ``url``; ``sqlite://`` is one shared in-memory database.

    >>> make_engine().url.render_as_string()
    'sqlite://'
    """
    if url in ("sqlite://", "sqlite:///:memory:"):
        return create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    return create_engine(url)


def write_index(base: KnowledgeBase, engine: Engine) -> None:
    """Create the tables if needed and replace their rows with ``base``'s records, in one transaction.

    Re-indexing is idempotent: the previous rows are deleted and the new ones inserted
    in the same transaction, so readers see either the old index or the new one.

    >>> import kb
    >>> engine = make_engine()
    >>> write_index(kb.load("tests/data/valid"), engine); write_index(kb.load("tests/data/valid"), engine)
    >>> read_only_query(engine, "SELECT count(*) FROM claims")[1]
    [(3,)]
    """
    create_tables(engine)
    rows: dict[type[SQLModel], list[dict[str, object]]] = {table: [] for table in TABLES}
    for table, row in _rows(base):
        rows[table].append(row)
    with Session(engine) as session, session.begin():
        connection = session.connection()
        for table in TABLES:
            session.exec(delete(table))
        for table in reversed(TABLES):  # parents first, for databases that enforce foreign keys
            if rows[table]:
                connection.execute(insert(_table(table)), rows[table])  # one executemany per table


def read_only_query(engine: Engine, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only statement (SELECT, WITH, EXPLAIN, VALUES) in a transaction that is
    always rolled back; return column names and rows. Anything else raises `KBError`.

    >>> import kb
    >>> read_only_query(kb.load("tests/data/valid").engine, "SELECT count(*) AS n FROM claims")
    (['n'], [(3,)])
    """
    first = sql.lstrip().split(None, 1)[0].lower() if sql.strip() else ""
    if first not in READ_ONLY:
        raise KBError(
            f"kb query runs read-only statements ({', '.join(sorted(READ_ONLY)).upper()}), not {first or 'nothing'!r}"
        )
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            result = connection.exec_driver_sql(sql)
            columns = list(result.keys()) if result.returns_rows else []
            rows = [tuple(r) for r in result] if result.returns_rows else []
        finally:
            transaction.rollback()
    return columns, rows


def create_tables(engine: Engine) -> None:
    """Create missing tables and their indexes in a fixed order (byte-identical SQLite files).

    >>> from sqlalchemy import inspect
    >>> engine = make_engine(); create_tables(engine)
    >>> [name for name in sorted(inspect(engine).get_table_names()) if name.startswith("check")]
    ['check_inputs', 'check_readings', 'check_results']
    """
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        for table in (_table(t) for t in reversed(TABLES)):
            if table.name in existing:
                continue
            connection.execute(CreateTable(table))
            for index in sorted(table.indexes, key=lambda i: str(i.name)):
                connection.execute(CreateIndex(index))


def _table(model: type[SQLModel]) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]  # sqlmodel sets it on table models, undeclared


Row = tuple[type[SQLModel], dict[str, object]]
"""A table and one row of it, as the plain values an insert takes."""


def _row(table: type[SQLModel], **values: object) -> Row:
    """One row of ``table``, every column given (plain values: building 100,000 model objects
    only to dump them again took most of the index's time)."""
    if values.keys() != table.model_fields.keys():
        raise TypeError(f"{table.__name__}: columns {sorted(set(values) ^ set(table.model_fields))} missing or unknown")
    return table, values


def _rows(base: KnowledgeBase) -> Iterator[Row]:
    for source in base.sources.values():
        yield _row(
            SourceRow,
            id=source.id,
            title=source.title,
            author=source.author,
            url=source.url,
            published=source.published,
            language=source.language,
            kind=source.kind.value,
            archive=source.archive,
        )
    for claim in base:
        explanation = base.explain(claim.id)
        yield _row(
            ClaimRow,
            id=claim.id,
            statement=claim.statement,
            statement_zh=claim.statement_zh,
            source_id=claim.source,
            kind=claim.kind.value,
            verdict=base.results[claim.id].verdict,
            base_score=explanation.base,
            strength=explanation.strength,
            label=explanation.label,
            explanation=explanation.sentence(),
        )
        for position, quote in enumerate(claim.quotes):
            yield _row(
                QuoteRow,
                claim_id=claim.id,
                position=position,
                source_id=quote.source,
                text=quote.text,
                verified=base.quote_verified(quote),
            )
        yield from (_row(TagRow, claim_id=claim.id, tag=tag) for tag in dict.fromkeys(claim.tags))
        yield from _relation_rows(claim.id, claim.relations())
        if claim.check is not None:
            yield from _result_rows(base.results[claim.id], base.config.primary)
    for rank, crux in enumerate(base.cruxes(), start=1):
        yield _row(
            CruxRow,
            rank=rank,
            rebutter_id=crux.rebutter,
            target_id=crux.target,
            weight=crux.weight,
            checkable=crux.checkable,
        )
    yield from _argument_rows(base)
    yield from _question_rows(base)
    yield from _dataset_rows(base)


def _dataset_rows(base: KnowledgeBase) -> Iterator[Row]:
    for row in dataset_rows(base.data):
        values = dict(row)
        values["source_id"] = values.pop("source")
        values["entry_label"] = say(values["entry_label"], base.config.primary, base.config.primary)[0]
        yield _row(DatasetValueRow, **values)


def _argument_rows(base: KnowledgeBase) -> Iterator[Row]:
    for claim in base:
        for position, (argument, strength) in enumerate(
            zip(claim.arguments, base.argument_strengths(claim.id), strict=True)
        ):
            yield _row(
                ArgumentRow,
                claim_id=claim.id,
                position=position,
                label=argument.label,
                label_zh=argument.label_zh,
                strength=strength,
            )
            yield from (
                _row(PremiseRow, claim_id=claim.id, argument=position, premise_id=p)
                for p in dict.fromkeys(argument.premises)
            )


def _question_rows(base: KnowledgeBase) -> Iterator[Row]:
    for rank, hinge in enumerate(base.hinges(), start=1):
        question = base.questions[hinge.question]
        yield _row(
            QuestionRow,
            id=question.id,
            question=question.question,
            question_zh=question.question_zh,
            rank=rank,
            hinge=hinge.weight,
            measured=hinge.measured,
            checkable=base.checkable(question.id),
            note=say(question.note, base.config.primary, base.config.primary)[0],
        )
        for position, answer in enumerate(question.answers):
            yield _row(
                AnswerRow, question_id=question.id, position=position, label=answer.label, label_zh=answer.label_zh
            )
            yield from (
                _row(AnswerClaimRow, question_id=question.id, answer=position, claim_id=c)
                for c in dict.fromkeys(answer.claims)
            )
            yield from (
                _row(AnswerThesisRow, question_id=question.id, answer=position, thesis_id=t, strength=s)
                for t, s in hinge.resolved[position].items()
            )


def _relation_rows(claim_id: str, relations: Iterable[tuple[str, int, str]]) -> Iterator[Row]:
    for relation, _, target in relations:
        yield _row(RelationRow, from_id=claim_id, to_id=target, relation=relation)


def _result_rows(result: Result, primary: str) -> Iterator[Row]:
    yield _row(
        CheckResultRow,
        claim_id=result.claim_id,
        kind=result.kind,
        verdict=result.verdict,
        value=result.value,
        unit=result.unit,
        low=result.low,
        high=result.high,
        comparator=result.expect.comparator if result.expect else "",
        expected=expectation_text(result),
        formula=result.formula,
        matters_most=result.matters_most,
        message=result.message,
        weak=say(result.weak, primary, primary)[0],
    )
    for row in result.inputs:
        yield _row(
            CheckInputRow,
            claim_id=result.claim_id,
            name=row.name,
            value=row.value,
            unit=row.unit,
            low=row.low,
            high=row.high,
            source_id=row.source,
            at=row.at,
            ref=row.ref,
            break_even=result.break_even.get(row.name),
        )
    for position, reading in enumerate(result.readings):
        yield _row(
            ReadingRow,
            claim_id=result.claim_id,
            position=position,
            label=say(reading.label, primary, primary)[0],
            value=reading.value,
            low=reading.low,
            high=reading.high,
            verdict=reading.verdict,
        )
