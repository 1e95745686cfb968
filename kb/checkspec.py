"""The records of a check: sourced measurements (in claims and datasets), the number a claim states
(`Expectation`), other readings of the inputs, and `CheckSpec`, which binds them to a check kind."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import Tag as Shape

from kb.record import Record, Ref, Text
from kb.words import Words


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
    """Another way to read the claim: the same check with some inputs replaced; its label and note
    in the primary language, or per language (`kb.words.Words`)."""

    label: Words
    inputs: Inputs
    note: Words = ""


Sentences = dict[Literal["en", "zh"], Text]
"""Text in the languages of the site, English first, e.g. ``{en: "Pack prices fell by this fraction.", zh: "…"}``."""


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
    sentence: Sentences = Field(
        default_factory=dict, description="What the check computes, in words (English needed, Chinese optional)."
    )
    labels: dict[str, Sentences] = Field(
        default_factory=dict, description="How sentences name each input, e.g. {old: {en: the 2013 price}}."
    )
    readings: list[Reading] = Field(default_factory=list)
    note: Words = Field(default="", description="Editorial notes on the check: one text, or {en: …, zh: …}.")
    weak: Words = Field(
        default="",
        description="Why this check could not fail on realistic inputs, if so: shown with its verdict, "
        "and a supported verdict then counts as weak evidence.",
    )
