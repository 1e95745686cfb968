"""`Snapshot`: what a version of a base says, in brief — its claims, their verdicts and strengths,
what hinges on each question, and its warnings — so that two versions can be compared
(`kb.diff`) and a commit's effect on the argument told (`kb.timeline`).

>>> shot = snapshot_of("tests/data/valid")
>>> len(shot.claims), shot.theses, shot.errors
(3, (), ())
>>> sorted(shot.claims) == sorted(shot.statements) == sorted(shot.strengths)
True

A version in git is read from its tree (`snapshot_at`): the folder as it was at that commit is
written to a temporary folder and read there with the same code, so an old version that no
longer validates gives a snapshot that says so (its ``errors``).
"""

from __future__ import annotations

import datetime as dt
import io
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.base import KnowledgeBase
from kb.cache import Cache, digest
from kb.errors import Issue
from kb.expectations import run_warnings
from kb.history import git_bytes
from kb.records import read_tree
from kb.semantics import Scoring

ERRORS_KEPT = 5  # a version that does not validate keeps this many of its errors, to say why


@dataclass(frozen=True)
class Snapshot:
    """One version of a base, in brief, with its first ``errors`` when it did not validate."""

    claims: dict[str, str] = field(default_factory=dict)  # claim id → digest of its record
    statements: dict[str, str] = field(default_factory=dict)  # claim id → its statement
    verdicts: dict[str, str] = field(default_factory=dict)  # checked claim id → its verdict
    strengths: dict[str, float] = field(default_factory=dict)  # claim id → its strength
    theses: tuple[str, ...] = ()
    hinges: dict[str, float] = field(default_factory=dict)  # question id → what hinges on it
    inputs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # claim id → the dataset values its check reads
    warnings: tuple[str, ...] = ()  # "file: message", without line numbers (a moved line is no new warning)
    errors: tuple[str, ...] = ()
    error_count: int = 0

    @property
    def valid(self) -> bool:
        return not self.error_count


def snapshot_of(
    root: Path | str, scoring: Scoring | None = None, today: dt.date | None = None, *, cache: bool = True
) -> Snapshot:
    """The snapshot of the claims folder ``root`` as it is on disk (as of ``today`` for the
    predictions that come due; by default the machine's date).

    A version with errors is still assessed from the records that could be read (an old version
    may break a rule added since), and its snapshot keeps the first errors; one that cannot be
    assessed at all keeps only its errors.
    """
    root = Path(root)
    tree = read_tree(root, cache=Cache.for_root(root) if cache else None)
    errors = [_where(i, root) for i in tree.errors]
    try:
        base = KnowledgeBase.from_tree(tree, None, scoring, Cache.for_root(root) if cache else None)
        found = run_warnings(tree, base, today or dt.date.today())
        hinges = {h.question: round(h.weight, 4) for h in base.hinges()}
    except Exception as error:  # noqa: BLE001 - an old version this code cannot assess is told, not raised
        return Snapshot(errors=(*errors[:ERRORS_KEPT], f"cannot be assessed: {error}"), error_count=len(errors) + 1)
    claims = base.claims
    return Snapshot(
        claims={i: digest(c.model_dump_json()) for i, c in claims.items()},
        statements={i: c.text for i, c in claims.items()},
        verdicts={i: base.results[i].verdict for i, c in claims.items() if c.check is not None},
        strengths={i: round(base.assessment.strengths[i], 4) for i in claims},
        theses=tuple(base.theses()),
        hinges=hinges,
        inputs={i: tuple(_refs(c.check.inputs)) for i, c in claims.items() if c.check is not None},
        warnings=tuple(sorted({_where(i, root) for i in [*tree.issues, *found] if i.severity == "warning"})),
        errors=tuple(errors[:ERRORS_KEPT]),
        error_count=len(errors),
    )


def snapshot_at(top: Path, tree: str, scoring: Scoring | None = None, today: dt.date | None = None) -> Snapshot:
    """The snapshot of the claims folder whose git tree is ``tree`` in the repository at ``top``."""
    archive = git_bytes(top, "archive", "--format=tar", tree)
    if archive is None:
        return Snapshot(errors=(f"git could not read tree {tree[:10]}",), error_count=1)
    with tempfile.TemporaryDirectory(prefix="crux-version-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return snapshot_of(Path(folder), scoring, today, cache=False)  # a temporary folder: nothing to keep


def _refs(inputs: dict[str, Any]) -> Iterator[str]:
    """The dataset references among a check's inputs (a literal value is no reference)."""
    for value in inputs.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield item


def _where(issue: Issue, root: Path) -> str:
    """An issue as ``file: field: message``, its file relative to ``root`` and without its line."""
    path = Path(issue.path)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return str(Issue(shown, 0, issue.field, issue.message))
