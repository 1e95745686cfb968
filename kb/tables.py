"""The SQL index, as sqlmodel tables.

=================  ==========================================================
table              one row per
=================  ==========================================================
``sources``        source document (`SourceRow`)
``claims``         claim (`ClaimRow`)
``quotes``         quote of a claim, in file order (`QuoteRow`)
``relations``      supports/rebuts edge, from the arguing claim to its target
``claim_tags``     (claim, tag) pair
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
    published: dt.date
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
