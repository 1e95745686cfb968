"""The ways in: `inspect` reads a claims folder and reports every problem; `load` returns the finished
`KnowledgeBase`, or raises `InvalidBase` listing the problems.

The whole data path, in order: `kb.records.read_tree` reads and validates the files (`kb.consistency`
for what looks across them), `KnowledgeBase.from_tree` holds the records, and
`KnowledgeBase.finish` builds the graph and runs the checks and the semantics (`kb.pipeline`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kb.base import KnowledgeBase
from kb.cache import Cache
from kb.errors import InvalidBase, Issue, failing
from kb.expectations import run_warnings
from kb.records import read_tree
from kb.semantics import Scoring

DATABASE_ENV = "KB_DATABASE_URL"


def inspect(
    root: Path | str = "claims",
    *,
    run_checks: bool = True,
    database_url: str | None = None,
    scoring: Scoring | None = None,
    cache: bool = True,
    today: dt.date | None = None,
) -> tuple[KnowledgeBase | None, list[Issue]]:
    """Read ``root`` and return the base (None when it has errors) and every issue found.

    With ``run_checks``, checks that end in ``error``, verdicts other than a claim's
    ``expected_verdict`` and open predictions past their date (as of ``today``, by default the
    machine's date) are reported as warnings.
    With ``cache``, unchanged files are not parsed again (see `kb.cache`).
    """
    tree = read_tree(root, cache=Cache.for_root(root) if cache else None)
    if tree.errors:
        return None, tree.issues
    base = KnowledgeBase.from_tree(
        tree, database_url or os.environ.get(DATABASE_ENV), scoring, Cache.for_root(root) if cache else None
    )
    if not run_checks:
        return base, tree.issues
    return base, sorted(tree.issues + run_warnings(tree, base, today or dt.date.today()))


def load(
    root: Path | str = "claims",
    *,
    strict: bool = False,
    database_url: str | None = None,
    scoring: Scoring | None = None,
    cache: bool = True,
) -> KnowledgeBase:
    """Read, validate and return the knowledge base in folder ``root``.

    >>> base = load("tests/data/valid")
    >>> len(base), sorted(base.sources)
    (3, ['alpha', 'beta'])

    Raises `InvalidBase` listing every problem when there are errors (or, with
    ``strict``, warnings, including checks that fail). ``database_url`` defaults
    to ``$KB_DATABASE_URL``, else an in-memory SQLite database. ``scoring`` sets how
    check verdicts become base scores (`kb.semantics.Scoring`). With ``cache`` (the
    default), what was derived from unchanged files is reused from `kb.cache`.
    """
    base, issues = inspect(root, run_checks=strict, database_url=database_url, scoring=scoring, cache=cache)
    if base is None or failing(issues, strict):
        raise InvalidBase(issues)
    return base.finish()
