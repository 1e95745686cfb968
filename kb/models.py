"""Records that editors write, as pydantic models. No I/O here.

A source lives in ``claims/sources/<id>.yaml``; a claim in ``claims/<dir>/<slug>.yaml``
and its id is that path without ``.yaml``. Ids are derived from file names, so the
files themselves never carry an ``id`` key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import Tag as Shape

from kb.text import check_text, not_blank

ID_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*$"
ID_RE = re.compile(ID_PATTERN)
MAX_ID_LENGTH = 120

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(not_blank)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ID_LENGTH)]


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


class Record(BaseModel):
    """Common configuration: unknown keys are errors, so typos are caught; hidden characters too."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_hidden_characters(cls, value: Any) -> Any:
        """No text of a record may hold a bidirectional or other control character (`kb.text`)."""
        return check_text(value)


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
    notes: str = ""


class Precision(StrEnum):
    fp64 = "fp64"
    fp32 = "fp32"
    tf32 = "tf32"
    bf16 = "bf16"
    fp16 = "fp16"
    fp8 = "fp8"
    fp6 = "fp6"
    fp4 = "fp4"
    int8 = "int8"
    int4 = "int4"


class Sparsity(StrEnum):
    dense = "dense"
    sparse = "sparse"


class Confidence(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class Measurement(Record):
    """One sourced number with its unit, optional bounds and what it counts."""

    value: float
    unit: Text
    source: Ref
    at: Text = Field(description="Where in the source: table, section, page or a short quote.")
    low: float | None = None
    high: float | None = None
    precision: Precision | None = None
    sparsity: Sparsity | None = None
    basis: str | None = Field(default=None, description="What the number counts, e.g. 'system price ÷ 8'.")
    confidence: Confidence | None = None
    note: str = ""

    @field_validator("value", "low", "high")
    @classmethod
    def _finite(cls, number: float | None) -> float | None:
        if number is not None and not math.isfinite(number):
            raise ValueError("must be a finite number")
        return number

    @model_validator(mode="after")
    def _bounds_around_value(self) -> Measurement:
        if self.low is not None and self.low > self.value:
            raise ValueError(f"low ({self.low:g}) is above value ({self.value:g})")
        if self.high is not None and self.high < self.value:
            raise ValueError(f"high ({self.high:g}) is below value ({self.value:g})")
        return self


def _input_shape(value: Any) -> str:
    """Which shape of input ``value`` is written as, so that a mistake is reported in that shape
    alone (not once for each shape it might have been)."""
    return (
        "a list"
        if isinstance(value, list)
        else "a measurement"
        if isinstance(value, dict | Measurement)
        else "a reference"
    )


InputValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | Measurement
"""A check input: a dataset reference such as ``gpus.h100-sxm.fp8_dense``, or a literal measurement."""

Inputs = dict[
    str,
    Annotated[
        Annotated[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], Shape("a reference")]
        | Annotated[Measurement, Shape("a measurement")]
        | Annotated[list[InputValue], Shape("a list")],
        Discriminator(_input_shape),
    ],
]
"""A check's inputs by name: each a reference, a measurement, or a list of them."""
INPUT_SHAPES = frozenset({"a reference", "a measurement", "a list"})  # in an error's location: not a key of the file


class Expectation(Record):
    """The number a claim states, and how a computed value is compared with it.

    ``approx`` accepts ``value × (1 ± tolerance)`` (tolerance is relative: 0.25 is ±25%);
    ``at_least`` and ``at_most`` compare with ``value``; ``between`` accepts ``[low, high]``.
    """

    comparator: Literal["approx", "at_least", "at_most", "between"]
    unit: Text = "1"
    value: float | None = None
    tolerance: float | None = Field(default=None, gt=0, lt=1)
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _complete(self) -> Expectation:
        needs = {
            "approx": ("value", "tolerance"),
            "at_least": ("value",),
            "at_most": ("value",),
            "between": ("low", "high"),
        }
        missing = [name for name in needs[self.comparator] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"comparator {self.comparator!r} needs {' and '.join(missing)}")
        if self.comparator == "between" and self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError("low must be below high")
        return self

    def accepted(self) -> tuple[float, float]:
        """The interval of values that support the claim.

        >>> Expectation(comparator="at_least", value=9, unit="1").accepted()
        (9.0, inf)
        >>> Expectation(comparator="approx", value=100, tolerance=0.1, unit="1").accepted()
        (90.0, 110.0)
        """
        value, tolerance, low, high = self.value, self.tolerance, self.low, self.high
        if self.comparator == "approx" and value is not None and tolerance is not None:
            spread = abs(value) * tolerance
            return value - spread, value + spread
        if self.comparator == "at_least" and value is not None:
            return value, math.inf
        if self.comparator == "at_most" and value is not None:
            return -math.inf, value
        if self.comparator == "between" and low is not None and high is not None:
            return low, high
        raise ValueError(f"comparator {self.comparator!r} lacks its numbers")  # validation prevents this


class Reading(Record):
    """Another way to read the claim: the same check with some inputs replaced."""

    label: Text
    inputs: Inputs
    note: str = ""


Words = dict[Literal["en", "zh"], Text]
"""Text in the languages of the site, e.g. ``{en: "Pack prices fell by this fraction.", zh: "…"}``."""


class CheckSpec(Record):
    """Which check recomputes a claim, from which inputs, against which number.

    ``kind`` names a registered check kind, or is ``formula``: the check then computes its own
    ``formula`` over its inputs (`kb.checks.formula`) and says what it computes in ``sentence``.
    """

    kind: Text
    inputs: Inputs
    expect: Expectation
    formula: str | None = Field(
        default=None, description="kind: formula only: an arithmetic expression over the inputs' names."
    )
    sentence: Words = Field(
        default_factory=dict, description="What the check computes, in words (English needed, Chinese optional)."
    )
    labels: dict[str, Words] = Field(
        default_factory=dict, description="How sentences name each input, e.g. {old: {en: the 2013 price}}."
    )
    readings: list[Reading] = Field(default_factory=list)
    note: str = ""
    weak: str = Field(
        default="",
        description="Why this check could not fail on realistic inputs, if so: shown with its verdict, "
        "and a supported verdict then counts as weak evidence.",
    )


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

    label: Text = Field(description="A few words naming the argument, e.g. 'the physical limits of computation'.")
    label_zh: str = Field(
        default="",
        description="In Chinese: required when the base is written in Chinese (crux.yaml languages), else left out.",
    )
    premises: list[Ref] = Field(description="The claims that only together support the conclusion (two or more).")


class Claim(Record):
    """One assertion made by one source, with the words it comes from."""

    id: Ref
    statement: Text
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
    resolution: str | None = Field(default=None, description="Predictions: criteria a third party could apply.")
    status: Status | None = Field(
        default=None, description="Predictions: open, resolved-true, resolved-false, ambiguous."
    )
    evidence: str | None = Field(default=None, description="Predictions: what resolved them.")
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

    label: Text = Field(description="The answer in a few words, e.g. 'No: the last meaningful gains are behind us'.")
    label_zh: str = Field(
        default="",
        description="In Chinese: required when the base is written in Chinese (crux.yaml languages), else left out.",
    )
    claims: list[Ref] = Field(min_length=1)


class Question(Record):
    """A point the sources disagree on (a crux), with the answers each side gives.

    The answers are alternatives: each answer's claims stand against every other answer's
    claims, both ways. A question is *checkable* when some answer's claim carries a check or
    ``settled_by`` names what would settle it, and a *judgement call* otherwise (derived).
    """

    id: Ref
    question: Text
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
    note: str = ""

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
