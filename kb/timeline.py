"""The argument over time: for each commit that touched the base, what it did — verdicts flipped
(and which of its changes flipped each), strengths and hinges moved, warnings new and gone.

Each commit's version is assessed from its files (`kb.snapshot.snapshot_at`) and remembered by
its tree, in the `kb.cache` store ``snapshots``: a rebuild after one new commit assesses that
commit alone, however many came before (`Timeline.evaluated` counts what a run assessed).

>>> from kb.history import History
>>> read_timeline(History(notes=["not in git"])).moments
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kb.cache import Cache, Table
from kb.diff import Difference, compare
from kb.history import History, Revision, Step
from kb.semantics import Scoring
from kb.snapshot import Snapshot, snapshot_at

ASSESSED = 30
"""How many of the newest commits are assessed for what they did to the argument: each version
costs a full assessment of the base the first time (then it is remembered by its tree)."""


@dataclass(frozen=True)
class Moment:
    """One commit, what it changed in each record (`kb.history.Step`), and what that did to the
    argument, against the commit before it (the first, against an empty base)."""

    step: Step
    difference: Difference
    causes: dict[str, tuple[str, ...]]  # flipped claim → the changes of this commit that flipped it

    def events(self) -> dict[str, tuple[str, ...]]:
        """What this commit did, in words, to each claim and question: ``claim:<id>`` → "verdict
        flipped from … to …", a thesis's strength moved, ``question:<id>`` → its hinge moved."""
        found: dict[str, tuple[str, ...]] = {}
        for flip in self.difference.flipped:
            cause = "; ".join(self.causes.get(flip.claim, ()))
            words = f"verdict flipped from {flip.was} to {flip.now}" + (f" by {cause}" if cause else "")
            found[f"claim:{flip.claim}"] = (words,)
        for move in self.difference.strengths:
            if move.thesis and move.was is not None and move.now is not None:
                key = f"claim:{move.id}"
                found[key] = (*found.get(key, ()), f"strength moved from {move.was:.2f} to {move.now:.2f}")
        for move in self.difference.hinges:
            if move.was is not None and move.now is not None:
                found[f"question:{move.id}"] = (f"what hinges on it moved from {move.was:.2f} to {move.now:.2f}",)
        return found


@dataclass
class Timeline:
    """Every commit that touched the base, oldest first, with what it did to the argument."""

    moments: list[Moment] = field(default_factory=list)
    evaluated: int = 0  # versions assessed in this run (the others were remembered)
    _by_key: dict[str, dict[str, tuple[str, ...]]] | None = field(default=None, repr=False, compare=False)

    def revisions_of(self, history: History, key: str) -> list[Revision]:
        """Record ``key``'s revisions (`History.of`), newest first, each with what its commit did
        to the record in the argument; a commit that changed no file of the record but flipped its
        verdict or moved its strength is a revision of its own."""
        key = key if ":" in key else f"claim:{key}"
        own = {r.commit: r for r in history.of(key)}
        events = self._events().get(key, {})
        found = []
        for moment in reversed(self.moments) if events else ():
            step = moment.step
            if step.commit in own or step.commit in events:
                revision = own.pop(step.commit, None)
                changes = (*(revision.changes if revision else ()), *events.get(step.commit, ()))
                found.append(Revision(step.commit, step.date, step.author, step.message, changes))
        return found + list(own.values())

    def _events(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Record key → commit → what the commit did to it (`Moment.events`), worked out once."""
        if self._by_key is None:
            self._by_key = {}
            for moment in self.moments:
                for key, words in moment.events().items():
                    self._by_key.setdefault(key, {})[moment.step.commit] = words
        return self._by_key


def read_timeline(
    history: History, scoring: Scoring | None = None, cache: Cache | None = None, assessed: int = ASSESSED
) -> Timeline:
    """What each commit of ``history`` did to the argument, its versions assessed by ``scoring``
    and remembered in ``cache``: the newest ``assessed`` commits, against the one before each;
    older commits keep their changes in words, with a note."""
    if history.top is None:
        return Timeline()
    table = Table(cache or Cache.disabled(), "snapshots")
    timeline, before = Timeline(), Snapshot()
    start = max(0, len(history.steps) - assessed)  # the oldest commit assessed for what it did
    note = f"not assessed: only what the newest {assessed} commits did is (each version costs a full assessment)"
    for index, step in enumerate(history.steps):
        shot = before
        if index >= start - 1:  # assessed, or the version the oldest assessed commit is compared with
            key = (step.tree, repr(scoring or Scoring()))
            kept: Snapshot | None = table.get(key)
            if kept is None:
                timeline.evaluated += 1
                kept = snapshot_at(history.top, step.tree, scoring, dt.date.fromisoformat(step.date[:10]))
            table.put(key, shot := kept)
        if index < start:
            timeline.moments.append(
                Moment(step, Difference(f"{step.commit[:10]}^", step.commit[:10], notes=[note]), {})
            )
        else:
            difference = compare(before, shot, f"{step.commit[:10]}^", step.commit[:10], note_old=False)
            timeline.moments.append(Moment(step, difference, _causes(step, difference, before, shot)))
        before = shot
    table.save()
    return timeline


def _causes(step: Step, difference: Difference, before: Snapshot, after: Snapshot) -> dict[str, tuple[str, ...]]:
    """For each flipped claim, the changes of ``step`` that can flip it: to its check, and to the
    dataset values its check reads (before or after), each value's as ``dataset.entry.name: change``."""
    found = {}
    for flip in difference.flipped:
        own = tuple(w for w in step.changes.get(f"claim:{flip.claim}", ()) if w.startswith("check "))
        refs = dict.fromkeys((*before.inputs.get(flip.claim, ()), *after.inputs.get(flip.claim, ())))
        values = tuple(f"{ref}: {words}" for ref in refs for words in step.changes.get(f"value:{ref}", ()))
        found[flip.claim] = own + values
    return found
