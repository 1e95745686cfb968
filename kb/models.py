"""Records that editors write, as pydantic models. No I/O here.

A source lives in ``claims/sources/<id>.yaml``; a claim in ``claims/<dir>/<slug>.yaml``
and its id is that path without ``.yaml``. Ids are derived from file names, so the
files themselves never carry an ``id`` key.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*$"
ID_RE = re.compile(ID_PATTERN)
MAX_ID_LENGTH = 120

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
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
    """Common configuration: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Record):
    """A document that claims come from or that a check cites."""

    id: Ref
    title: Text
    author: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Where the original is published; null when unknown (say why in notes)."
    )
    published: dt.date
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    kind: SourceKind
    archive: str | None = Field(
        default=None, description="A stored text copy, relative to claims/sources/."
    )
    notes: str = ""


class Quote(Record):
    """Where a claim is stated, verbatim, in the language of its source."""

    source: Ref
    text: Text


class Claim(Record):
    """One assertion made by one source, with the words it comes from."""

    id: Ref
    statement: Text
    statement_zh: Text
    source: Ref
    quotes: list[Quote] = Field(default_factory=list)
    kind: ClaimKind
    tags: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]] = Field(
        default_factory=list
    )
    supports: list[Ref] = Field(default_factory=list)
    rebuts: list[Ref] = Field(default_factory=list)

    def relations(self) -> list[tuple[str, int, str]]:
        """Return ``(relation, position, target id)`` in file order, supports first."""
        return [("supports", i, t) for i, t in enumerate(self.supports)] + [
            ("rebuts", i, t) for i, t in enumerate(self.rebuts)
        ]
