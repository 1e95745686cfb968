"""The SQL index, as sqlmodel tables.

=================  ==========================================================
table              one row per
=================  ==========================================================
``sources``        source document (`SourceRow`)
``claims``         claim (`ClaimRow`)
``quotes``         quote of a claim, in file order (`QuoteRow`)
``relations``      supports/rebuts edge, from the arguing claim to its target
``claim_tags``     (claim, tag) pair
``check_results``  claim with a check: value, interval, verdict, formula
``check_inputs``   input of a check, with its source and break-even
``check_readings`` alternative reading of a check (other inputs, other verdict)
``cruxes``         rebuttal across sources, ranked by the theses' dependence on it
``arguments``      linked argument for a claim (`ArgumentRow`), with its strength
``premises``       premise of a linked argument
``questions``      point the sources disagree on, ranked by its hinge
``answers``        answer to a question, in file order
``answer_claims``  claim taking an answer
``answer_theses``  a thesis's strength when a question is resolved to one answer
``dataset_values`` sourced value of a dataset (`DatasetValueRow`), with its unit and bounds
=================  ==========================================================
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


class SourceRow(SQLModel, table=True):
    __tablename__ = "sources"
    id: str = Field(primary_key=True)
    title: str
    author: str
    url: str | None = None
    published: dt.date | None = None
    language: str
    kind: str
    archive: str | None = None


class ClaimRow(SQLModel, table=True):
    __tablename__ = "claims"
    id: str = Field(primary_key=True)
    statement: str
    statement_zh: str
    source_id: str = Field(foreign_key="sources.id", index=True)
    kind: str = Field(index=True)
    verdict: str = Field(index=True, description="check verdict; 'unchecked' without a check")
    base_score: float = Field(description="base score from the check verdict or the editor's prior")
    strength: float = Field(description="strength in [0, 1] under the base's semantics")
    label: str = Field(index=True, description="grounded label over rebuttals: in, out, undecided")
    explanation: str = Field(description="why the claim has this strength, in plain words")


class QuoteRow(SQLModel, table=True):
    __tablename__ = "quotes"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    position: int = Field(primary_key=True)
    source_id: str = Field(foreign_key="sources.id")
    text: str
    verified: bool = Field(description="True when checked against the source's archived text")


class RelationRow(SQLModel, table=True):
    __tablename__ = "relations"
    from_id: str = Field(foreign_key="claims.id", primary_key=True)
    to_id: str = Field(foreign_key="claims.id", primary_key=True, index=True)
    relation: str = Field(primary_key=True)


class TagRow(SQLModel, table=True):
    __tablename__ = "claim_tags"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    tag: str = Field(primary_key=True, index=True)


class CheckResultRow(SQLModel, table=True):
    __tablename__ = "check_results"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    kind: str
    verdict: str = Field(index=True)
    value: float | None = None
    unit: str
    low: float | None = None
    high: float | None = None
    comparator: str
    expected: str = Field(description="the claim's number, e.g. '≈ 20% (±25%)'")
    formula: str
    matters_most: str | None = None
    message: str = ""
    weak: str = Field(default="", description="why the check could hardly fail, for a weak test; '' otherwise")


class CheckInputRow(SQLModel, table=True):
    __tablename__ = "check_inputs"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    name: str = Field(primary_key=True)
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    source_id: str = Field(foreign_key="sources.id")
    at: str
    ref: str | None = Field(default=None, description="dataset reference, e.g. gpus.h100-sxm.fp8_dense")
    break_even: float | None = Field(default=None, description="value at which the verdict flips")


class ReadingRow(SQLModel, table=True):
    __tablename__ = "check_readings"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    position: int = Field(primary_key=True)
    label: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    verdict: str


class CruxRow(SQLModel, table=True):
    __tablename__ = "cruxes"
    rank: int = Field(primary_key=True)
    rebutter_id: str = Field(foreign_key="claims.id")
    target_id: str = Field(foreign_key="claims.id")
    weight: float = Field(description="total change in the theses' strengths when the pair stops counting")
    checkable: bool = Field(description="True when either claim has a check; else a judgement call")


class ArgumentRow(SQLModel, table=True):
    __tablename__ = "arguments"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    position: int = Field(primary_key=True)
    label: str
    label_zh: str
    strength: float = Field(description="the product of its premises' strengths")


class PremiseRow(SQLModel, table=True):
    __tablename__ = "premises"
    claim_id: str = Field(foreign_key="claims.id", primary_key=True)
    argument: int = Field(primary_key=True, description="the argument's position in arguments")
    premise_id: str = Field(foreign_key="claims.id", primary_key=True, index=True)


class QuestionRow(SQLModel, table=True):
    __tablename__ = "questions"
    id: str = Field(primary_key=True)
    question: str
    question_zh: str
    rank: int = Field(description="1 for the question the theses hinge on most")
    hinge: float = Field(description="summed over the theses: how far apart its answers put each")
    measured: bool = Field(description="False when the base has too many questions to measure them all")
    checkable: bool = Field(description="True when recomputed evidence bears on it; else a judgement call")
    note: str = ""


class AnswerRow(SQLModel, table=True):
    __tablename__ = "answers"
    question_id: str = Field(foreign_key="questions.id", primary_key=True)
    position: int = Field(primary_key=True)
    label: str
    label_zh: str


class AnswerClaimRow(SQLModel, table=True):
    __tablename__ = "answer_claims"
    question_id: str = Field(foreign_key="questions.id", primary_key=True)
    answer: int = Field(primary_key=True, description="the answer's position in answers")
    claim_id: str = Field(foreign_key="claims.id", primary_key=True, index=True)


class AnswerThesisRow(SQLModel, table=True):
    __tablename__ = "answer_theses"
    question_id: str = Field(foreign_key="questions.id", primary_key=True)
    answer: int = Field(primary_key=True)
    thesis_id: str = Field(foreign_key="claims.id", primary_key=True)
    strength: float = Field(
        description="the thesis's strength when this answer's claims are accepted and the others rejected"
    )


class DatasetValueRow(SQLModel, table=True):
    """A value of a dataset under ``claims/data/``, referred to as ``<dataset>.<entry>.<name>``."""

    __tablename__ = "dataset_values"
    ref: str = Field(primary_key=True, description="<dataset>.<entry>.<name>, as checks name it")
    dataset: str = Field(index=True)
    entry: str
    entry_label: str
    year: int | None = None
    name: str
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    source_id: str = Field(foreign_key="sources.id", index=True)
    at: str = Field(description="where in the source: table, section, page or a short quote")
    precision: str | None = None
    sparsity: str | None = None
    basis: str | None = Field(default=None, description="what the number counts")
    confidence: str | None = None
    note: str = ""
