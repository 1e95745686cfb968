"""What a change does to the argument: `compare` two `Snapshot`\\ s of a base, and say the
`Difference` as text, Markdown (for a pull request's comment) or JSON.

>>> from kb.snapshot import Snapshot
>>> old = Snapshot(claims={"a/x": "1"}, statements={"a/x": "X."}, verdicts={"a/x": "supported"},
...                strengths={"a/x": 0.8}, theses=("a/x",))
>>> new = Snapshot(claims={"a/x": "2", "a/y": "3"}, statements={"a/x": "X.", "a/y": "Y."},
...                verdicts={"a/x": "contradicted"}, strengths={"a/x": 0.3, "a/y": 0.5}, theses=("a/x",))
>>> print(compare(old, new, "HEAD", "the working tree").text())
HEAD → the working tree
claims added (1): a/y  Y.
claims changed (1): a/x  X.
verdicts flipped (1):
  a/x  supported → contradicted  X.
strengths moved most:
  a/x  0.80 → 0.30 (−0.50)  thesis  X.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from kb.snapshot import Snapshot

MOVED = 0.005  # a strength or a hinge that moves less than this has not moved (pages show two decimals)
MOST = 10  # how many of the claims whose strength moved are listed (every thesis that moved is)
LISTED = 20  # how many claims added, removed or changed the text and Markdown list (JSON has them all)


@dataclass(frozen=True)
class Flip:
    claim: str
    statement: str
    was: str
    now: str


@dataclass(frozen=True)
class Move:
    """A claim's strength, or what hinges on a question, before and after."""

    id: str
    was: float | None  # None: it was not there
    now: float | None
    statement: str = ""  # a claim's statement ("" for a question)
    thesis: bool = False

    @property
    def by(self) -> float:
        return (self.now or 0.0) - (self.was or 0.0)


@dataclass(frozen=True)
class Difference:
    """Two versions of a base compared: claims added, removed and changed, verdicts flipped,
    strengths and hinges that moved most, warnings new and gone, and notes (a version that did
    not validate)."""

    old: str  # what each version is, in words ("HEAD", "the working tree", a commit)
    new: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (claim id, statement)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    flipped: list[Flip] = field(default_factory=list)
    strengths: list[Move] = field(default_factory=list)
    hinges: list[Move] = field(default_factory=list)
    new_warnings: list[str] = field(default_factory=list)
    gone_warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing of the argument changed (notes aside)."""
        parts = (self.added, self.removed, self.changed, self.flipped, self.strengths, self.hinges)
        return not any(parts) and not self.new_warnings and not self.gone_warnings

    def to_dict(self) -> dict[str, object]:
        """The difference as plain data (what ``kb diff --format json`` prints)."""
        found = asdict(self)
        for name in ("added", "removed", "changed"):
            found[name] = [{"claim": i, "statement": s} for i, s in found[name]]
        return found

    def json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def text(self) -> str:
        """The difference for a terminal."""
        lines = [f"{self.old} → {self.new}", *(f"note: {n}" for n in self.notes)]
        for title, rows in (("added", self.added), ("removed", self.removed), ("changed", self.changed)):
            if len(rows) == 1:
                lines.append(f"claims {title} (1): {rows[0][0]}  {rows[0][1]}")
            elif rows:
                lines += [f"claims {title} ({len(rows)}):", *(f"  {i}  {s}" for i, s in rows[:LISTED])]
                lines += [f"  … and {len(rows) - LISTED} more"] if len(rows) > LISTED else []
        if self.flipped:
            lines.append(f"verdicts flipped ({len(self.flipped)}):")
            lines += [f"  {f.claim}  {f.was} → {f.now}  {f.statement}" for f in self.flipped]
        if self.strengths:
            lines.append("strengths moved most:")
            lines += [f"  {m.id}  {_moved(m)}{'  thesis' if m.thesis else ''}  {m.statement}" for m in self.strengths]
        if self.hinges:
            lines.append("hinges moved:")
            lines += [f"  {m.id}  {_moved(m)}" for m in self.hinges]
        lines += [f"new warning: {w}" for w in self.new_warnings]
        lines += [f"warning gone: {w}" for w in self.gone_warnings]
        if self.empty:
            lines.append("nothing in the argument changed")
        return "\n".join(lines)

    def markdown(self) -> str:
        """The difference as Markdown, for a pull request's comment."""
        lines = [f"### What this change does to the argument ({_code(self.old)} → {_code(self.new)})", ""]
        lines += [f"> {n}" for n in self.notes]
        if self.empty:
            lines.append("Nothing in the argument changed.")
        counts = [f"{len(rows)} {title}" for title, rows in self._claim_parts() if rows]
        if counts:
            lines += [f"**Claims:** {', '.join(counts)}.", ""]
            for title, rows in self._claim_parts():
                lines += [f"- {title}: {_code(i)} {_md(s)}" for i, s in rows[:LISTED]]
                lines += [f"- … and {len(rows) - LISTED} more {title}"] if len(rows) > LISTED else []
            lines.append("")
        if self.flipped:
            lines += ["| claim | verdict was | verdict now |", "|---|---|---|"]
            lines += [f"| {_code(f.claim)} {_md(f.statement)} | {f.was} | **{f.now}** |" for f in self.flipped]
            lines.append("")
        if self.strengths:
            lines += ["| claim | strength |", "|---|---|"]
            lines += [
                f"| {_code(m.id)}{' (thesis)' if m.thesis else ''} {_md(m.statement)} | {_moved(m)} |"
                for m in self.strengths
            ]
            lines.append("")
        if self.hinges:
            lines += ["| question | hinge |", "|---|---|"] + [f"| {_code(m.id)} | {_moved(m)} |" for m in self.hinges]
            lines.append("")
        lines += [f"- new warning: {_md(w)}" for w in self.new_warnings]
        lines += [f"- warning gone: {_md(w)}" for w in self.gone_warnings]
        return "\n".join(lines).rstrip() + "\n"

    def _claim_parts(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [("added", self.added), ("removed", self.removed), ("changed", self.changed)]


def compare(
    old: Snapshot, new: Snapshot, old_name: str = "before", new_name: str = "after", *, note_old: bool = True
) -> Difference:
    """What changed from ``old`` to ``new``; the notes say which of them did not validate (``old``
    only with ``note_old``: a timeline says it of each version once)."""
    notes = [
        f"{name} breaks {shot.error_count} of today's rules, so only its records that could be read are "
        f"compared (the first: {shot.errors[0]})"
        for name, shot in ((old_name, old if note_old else Snapshot()), (new_name, new))
        if shot.errors
    ]
    statement = {**old.statements, **new.statements}
    both = [i for i in new.claims if i in old.claims]
    flipped = [
        Flip(i, statement[i], old.verdicts[i], new.verdicts[i])
        for i in both
        if i in old.verdicts and i in new.verdicts and old.verdicts[i] != new.verdicts[i]
    ]
    moved = [
        Move(i, old.strengths.get(i), new.strengths.get(i), statement[i], i in new.theses or i in old.theses)
        for i in sorted(set(old.strengths) | set(new.strengths))
        if i in both and abs(new.strengths[i] - old.strengths[i]) >= MOVED
    ]
    moved.sort(key=lambda m: (not m.thesis, -abs(m.by), m.id))
    hinges = [
        Move(q, old.hinges.get(q), new.hinges.get(q))
        for q in sorted(set(old.hinges) | set(new.hinges))
        if q not in old.hinges or q not in new.hinges or abs(new.hinges[q] - old.hinges[q]) >= MOVED
    ]
    hinges.sort(key=lambda m: (-abs(m.by), m.id))
    return Difference(
        old_name,
        new_name,
        added=[(i, statement[i]) for i in new.claims if i not in old.claims],
        removed=[(i, statement[i]) for i in old.claims if i not in new.claims],
        changed=[(i, statement[i]) for i in both if old.claims[i] != new.claims[i]],
        flipped=flipped,
        strengths=[m for m in moved if m.thesis] + [m for m in moved if not m.thesis][:MOST],
        hinges=hinges,
        new_warnings=[w for w in new.warnings if w not in set(old.warnings)],
        gone_warnings=[w for w in old.warnings if w not in set(new.warnings)],
        notes=notes,
    )


def _moved(move: Move) -> str:
    if move.was is None:
        return f"new: {move.now:.2f}"
    if move.now is None:
        return f"was {move.was:.2f}, gone"
    return f"{move.was:.2f} → {move.now:.2f} ({'+' if move.by > 0 else '−'}{abs(move.by):.2f})"


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _md(text: str) -> str:
    """Editors' text in a Markdown table or list: nothing in it is read as markup."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>|#" else c for c in text.replace("\n", " "))
