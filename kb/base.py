"""`KnowledgeBase`: the loaded claims, their graph and their SQL index, and `load`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx
from sqlalchemy import Engine
from sqlmodel import Session

from kb import graph as g
from kb.errors import InvalidBase, Issue, UnknownClaim
from kb.loader import Tree, read_tree
from kb.models import Claim, Quote, Source
from kb.store import make_engine, write_index

DATABASE_ENV = "KB_DATABASE_URL"


@dataclass
class KnowledgeBase:
    """Claims and sources with their argument graph; query it from Python or SQL.

    >>> base = load("tests/data/valid")
    >>> base.claim("beta/answer").statement
    'The answer is not 42.'
    >>> [c.id for c in base.rebuttals("alpha/answer")]
    ['beta/answer']
    """

    root: Path
    sources: dict[str, Source]
    claims: dict[str, Claim]
    archives: dict[str, str] = field(default_factory=dict, repr=False)
    issues: list[Issue] = field(default_factory=list, repr=False)
    database_url: str | None = None

    @classmethod
    def from_tree(cls, tree: Tree, database_url: str | None = None) -> KnowledgeBase:
        claims = dict(sorted(tree.claims.items()))
        sources = dict(sorted(tree.sources.items()))
        return cls(tree.root, sources, claims, tree.archives, tree.issues, database_url)

    def __iter__(self) -> Iterator[Claim]:
        """Claims in id order."""
        return iter(self.claims.values())

    def __len__(self) -> int:
        return len(self.claims)

    def claim(self, claim_id: str) -> Claim:
        """The claim with ``claim_id``; raises `UnknownClaim` if there is none."""
        try:
            return self.claims[claim_id]
        except KeyError:
            raise UnknownClaim(claim_id) from None

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The argument graph (see `kb.graph`)."""
        return g.build_graph(self.claims.values())

    def supporters(self, claim_id: str) -> list[Claim]:
        """Claims that support ``claim_id``, in id order."""
        self.claim(claim_id)
        return [self.claims[i] for i in g.supporters(self.graph, claim_id)]

    def rebuttals(self, claim_id: str) -> list[Claim]:
        """Claims that rebut ``claim_id``, in id order."""
        self.claim(claim_id)
        return [self.claims[i] for i in g.rebutters(self.graph, claim_id)]

    def quote_verified(self, quote: Quote) -> bool:
        """True when ``quote`` was checked against its source's archived text."""
        return quote.source in self.archives

    @cached_property
    def engine(self) -> Engine:
        """An SQL engine holding the index: in memory unless ``database_url`` says otherwise."""
        engine = make_engine(self.database_url or "sqlite://")
        write_index(self, engine)
        return engine

    def session(self) -> Session:
        """A sqlmodel `Session` on `engine`; use it as a context manager."""
        return Session(self.engine)


def load(root: Path | str = "claims", *, strict: bool = False, database_url: str | None = None) -> KnowledgeBase:
    """Read, validate and return the knowledge base in folder ``root``.

    Raises `InvalidBase` listing every problem when there are errors (or, with
    ``strict``, warnings). ``database_url`` defaults to ``$KB_DATABASE_URL``, else
    an in-memory SQLite database.
    """
    tree = read_tree(root)
    failing = tree.issues if strict else tree.errors
    if failing:
        raise InvalidBase(tree.issues)
    return KnowledgeBase.from_tree(tree, database_url or os.environ.get(DATABASE_ENV))
