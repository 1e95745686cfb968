"""Records that editors write, as pydantic models. No I/O here.

A source lives in ``claims/sources/<id>.yaml``; a claim in ``claims/<dir>/<slug>.yaml``
and its id is that path without ``.yaml``. Ids are derived from file names, so the
files themselves never carry an ``id`` key. What every record shares is in `kb.record`; the
records of a check (measurements, expectations, readings, the spec) are in `kb.checkspec`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from kb.checkspec import CheckSpec
from kb.record import Record, Ref, Text
from kb.words import Words


class ClaimKind(StrEnum):
    quantitative = "quantitative"
    qualitative = "qualitative"
    prediction = "prediction"
    definition = "definition"


class SourceKind(StrEnum):
    essay = "essay"
    article = "article"
    datasheet = "datasheet"
    paper = "paper"
    dataset = "dataset"
    blog = "blog"
    webpage = "webpage"
    repository = "repository"
    model_card = "model-card"


class Source(Record):
    """A document that claims come from or that a check cites."""

    id: Ref
    title: Text
    author: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Where the original is published; null when unknown (say why in notes)."
    )
    published: dt.date | None = Field(default=None, description="Null when the source carries no date.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    kind: SourceKind
    archive: str | None = Field(default=None, description="A stored text copy, relative to claims/sources/.")
    notes: Words = ""


class Status(StrEnum):
    open = "open"
    resolved_true = "resolved-true"
    resolved_false = "resolved-false"
    ambiguous = "ambiguous"


class Verdict(StrEnum):
    supported = "supported"
    contradicted = "contradicted"
    inconclusive = "inconclusive"
    error = "error"
    unchecked = "unchecked"


LintRule = Literal[
    "quantitative-without-check",
    "vague-quantifier",
    "no-quote",
    "compound",
    "orphan",
    "near-duplicate",
    "dropped-hedge",
    "unquoted-number",
    "unquestioned-rebuttal",
]


class Prior(Record):
    """An editor's base score for a claim that no check decides, with the reason for it."""

    value: float = Field(ge=0, le=1)
    reason: Text


class Quote(Record):
    """Where a claim is stated, verbatim, in the language of its source."""

    source: Ref
    text: Text


Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class Argument(Record):
    """Premises that support a claim only together (a linked argument): knock out one and the
    argument falls. Each claim in ``supports`` lists, by contrast, supports on its own (convergent)."""

    label: Text = Field(
        default="",
        description="A few words naming the argument, e.g. 'the physical limits of computation'. In English: required when the base is written in English (crux.yaml languages), else left out.",
    )
    label_zh: str = Field(
        default="",
        description="In Chinese: required when the base is written in Chinese (crux.yaml languages), else left out.",
    )
    premises: list[Ref] = Field(description="The claims that only together support the conclusion (two or more).")

    @property
    def text(self) -> str:
        """The label in the base's primary language (English, or Chinese in a Chinese-only base).

        >>> Argument(label_zh="計算的物理極限", premises=["a/x", "a/y"]).text
        '計算的物理極限'
        """
        return self.label or self.label_zh


class Claim(Record):
    """One assertion made by one source, with the words it comes from."""

    id: Ref
    statement: Text = Field(
        default="",
        description="The claim, one sentence. In English: required when the base is written in English (crux.yaml languages), else left out.",
    )
    statement_zh: str = Field(
        default="",
        description="In Chinese: required when the base is written in Chinese (crux.yaml languages), else left out.",
    )
    source: Ref
    quotes: list[Quote] = Field(default_factory=list)
    kind: ClaimKind
    tags: list[Tag] = Field(default_factory=list)
    supports: list[Ref] = Field(default_factory=list)
    rebuts: list[Ref] = Field(default_factory=list)
    arguments: list[Argument] = Field(default_factory=list, description="Linked arguments for this claim.")
    check: CheckSpec | None = None
    section: str | None = Field(default=None, description="The heading of the source section that states the claim.")
    resolves_by: dt.date | None = Field(default=None, description="Predictions: when they can be judged.")
    resolution: Words | None = Field(
        default=None, description="Predictions: criteria a third party could apply (one text, or {en: …, zh: …})."
    )
    status: Status | None = Field(
        default=None, description="Predictions: open, resolved-true, resolved-false, ambiguous."
    )
    evidence: Words | None = Field(default=None, description="Predictions: what resolved them.")
    prior: Prior | None = Field(default=None, description="Base score when no check decides the claim.")
    waive: dict[LintRule, Text] = Field(default_factory=dict, description="Lint rules this claim waives, with reasons.")
    expected_verdict: Verdict | None = Field(
        default=None, description="The check verdict an editor has accepted; a test fails when it changes."
    )

    @model_validator(mode="after")
    def _prediction_fields(self) -> Claim:
        fields = ("resolves_by", "resolution", "status")
        if self.kind == ClaimKind.prediction:
            missing = [f for f in fields if getattr(self, f) is None]
            if missing:
                raise ValueError(f"a prediction needs {', '.join(missing)}")
            if self.status in (Status.resolved_true, Status.resolved_false) and not self.evidence:
                raise ValueError("a resolved prediction needs its evidence")
        elif any(getattr(self, f) is not None for f in (*fields, "evidence")):
            raise ValueError("resolves_by, resolution, status and evidence belong to kind: prediction")
        if self.expected_verdict is not None and self.check is None and self.expected_verdict != Verdict.unchecked:
            raise ValueError("expected_verdict needs a check")
        return self

    @property
    def text(self) -> str:
        """The statement in the base's primary language: English, or Chinese in a Chinese-only base.

        >>> Claim(id="a/b", statement_zh="電池更便宜了。", source="s", kind="qualitative").text
        '電池更便宜了。'
        """
        return self.statement or self.statement_zh

    def relations(self) -> list[tuple[str, int, str]]:
        """Return ``(relation, position, target id)`` in file order, supports first.

        >>> import kb
        >>> kb.load("claims").claims["fu/fp4-9x-flops"].relations()[:2]
        [('supports', 0, 'fu/codesign-more-useful-flops'), ('rebuts', 0, 'dettmers/gpus-no-longer-improve')]
        """
        return [("supports", i, t) for i, t in enumerate(self.supports)] + [
            ("rebuts", i, t) for i, t in enumerate(self.rebuts)
        ]


class Answer(Record):
    """One answer to a question: the claims, from any source, that take it."""

    label: Text = Field(
        default="",
        description="The answer in a few words, e.g. 'No: the last meaningful gains are behind us'. In English: required when the base is written in English (crux.yaml languages), else left out.",
    )
    label_zh: str = Field(
        default="",
        description="In Chinese: required when the base is written in Chinese (crux.yaml languages), else left out.",
    )
    claims: list[Ref] = Field(min_length=1)

    @property
    def text(self) -> str:
        """The label in the base's primary language (English, or Chinese in a Chinese-only base).

        >>> Answer(label="No", label_zh="不會", claims=["a/x"]).text
        'No'
        """
        return self.label or self.label_zh


class Question(Record):
    """A point the sources disagree on (a crux), with the answers each side gives.

    The answers are alternatives: each answer's claims stand against every other answer's
    claims, both ways. A question is *checkable* when some answer's claim carries a check or
    ``settled_by`` names what would settle it, and a *judgement call* otherwise (derived).
    """

    id: Ref
    question: Text = Field(
        default="",
        description="The question, as the sources disagree on it. In English: required when the base is written in English (crux.yaml languages), else left out.",
    )
    question_zh: str = Field(
        default="",
        description="In Chinese: required when the base is written in Chinese (crux.yaml languages), else left out.",
    )
    answers: list[Answer] = Field(min_length=2)
    settled_by: list[Ref] = Field(
        default_factory=list,
        description="Claims whose checks or resolutions (predictions), or dataset values (<dataset>.<entry>.<value>), would settle it.",
    )
    tags: list[Tag] = Field(default_factory=list)
    note: Words = ""

    @property
    def text(self) -> str:
        """The question in the base's primary language (English, or Chinese in a Chinese-only base).

        >>> import kb
        >>> kb.load("tests/data/chinese").questions["still-falling"].text
        '電池組價格還會繼續下降嗎?'
        """
        return self.question or self.question_zh

    def claims(self) -> list[str]:
        """Every claim that takes one of the answers, in file order.

        >>> import kb
        >>> kb.load("tests/data/valid").questions["the-answer"].claims()
        ['alpha/answer', 'beta/answer']
        """
        return [c for answer in self.answers for c in answer.claims]

    def apart(self) -> set[tuple[str, str]]:
        """The pairs ``(u, v)`` of claims on two different answers (both orders).

        >>> import kb
        >>> sorted(kb.load("tests/data/valid").questions["the-answer"].apart())
        [('alpha/answer', 'beta/answer'), ('beta/answer', 'alpha/answer')]
        """
        return {
            (u, v)
            for i, a in enumerate(self.answers)
            for j, b in enumerate(self.answers)
            if i != j
            for u in a.claims
            for v in b.claims
        }


Editorial = tuple[str, tuple[str | int, ...], Words | None]  # record key, key path, the text


def editorial_texts(
    claims: Mapping[str, Claim], questions: Mapping[str, Question], sources: Mapping[str, Source]
) -> Iterator[Editorial]:
    """Every editor's text readers see that may be given per language (`kb.words.Words`): a
    prediction's resolution and evidence, a check's note, its readings' labels and notes, a
    question's note and a source's notes; by record key (a claim id, ``question:<id>``,
    ``source:<id>``) and key path.

    >>> import kb
    >>> base = kb.load("claims")
    >>> ("fu/fp4-9x-flops", ("check", "note")) in [t[:2] for t in editorial_texts(base.claims, {}, {})]
    True
    """
    for claim_id, claim in claims.items():
        yield claim_id, ("resolution",), claim.resolution
        yield claim_id, ("evidence",), claim.evidence
        if claim.check is not None:
            yield claim_id, ("check", "note"), claim.check.note
            yield claim_id, ("check", "weak"), claim.check.weak
            for index, reading in enumerate(claim.check.readings):
                yield claim_id, ("check", "readings", index, "label"), reading.label
                yield claim_id, ("check", "readings", index, "note"), reading.note
    for question_id, question in questions.items():
        yield f"question:{question_id}", ("note",), question.note
    for source_id, source in sources.items():
        yield f"source:{source_id}", ("notes",), source.notes
