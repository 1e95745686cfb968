"""A base's history, read from its git repository: each record's revisions, and what each changed in words.

>>> history = read_history("tests/data/valid")
>>> history.notes == [] or history.notes[0].startswith(("the claims folder", "a shallow clone"))
True

Every claim, source and question file, and every value of a dataset, has its revisions, newest
first: the commit, its date, author and message, and the changes in words ("statement reworded",
"supports beta/answer added", "value revised from 1979 to 1978.9 TFLOP/s"). A renamed file keeps
its history under its new name. A folder outside git, or a shallow clone, still has a history:
its notes say what could not be seen. The git command is run once for the log and once for the
files' contents (``git cat-file --batch``), however many commits there are.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.cache import Cache
from kb.config import CONFIG_FILE
from kb.files import DATA_DIR, QUESTIONS_DIR, SOURCES_DIR

FIELD = "\x1f"  # between the fields of a commit in `git log`'s output
COMMIT = "\x1e"  # before each commit


@dataclass(frozen=True)
class Revision:
    """One commit that changed a record: when, by whom, why, and what it changed, in words."""

    commit: str
    date: str  # ISO 8601, the author's date
    author: str
    message: str  # the commit's first line
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One commit that touched the claims folder, oldest first in `History.steps`: the folder's
    tree at that commit (what `kb.timeline` evaluates, remembered by it) and what it changed, by
    record key."""

    commit: str
    date: str
    author: str
    message: str
    tree: str  # the git object id of the claims folder at this commit ("" if it has none)
    changes: dict[str, tuple[str, ...]]


@dataclass
class History:
    """Each record's revisions, newest first, by key: ``claim:<id>``, ``source:<id>``,
    ``question:<id>``, ``value:<dataset>.<entry>.<name>``, ``settings``; every commit that touched
    the folder, oldest first (`Step`); and notes on what the history could not see."""

    records: dict[str, list[Revision]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    top: Path | None = None  # the repository's top folder
    folder: str = ""  # the claims folder, relative to ``top``

    def of(self, key: str) -> list[Revision]:
        """The revisions of record ``key``, newest first (a claim's key may be its id alone).

        >>> History({"claim:a/b": []}).of("a/b")
        []
        """
        return self.records.get(key, self.records.get(f"claim:{key}", []))


def read_history(root: Path | str, cache: Cache | None = None) -> History:
    """The history of the claims folder ``root`` from the git repository that holds it, kept in
    ``cache`` by the commit the repository is at (a new commit, an amend or a checkout reads it again)."""
    root = Path(root).resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return History(notes=["the claims folder is not in a git repository: its history cannot be seen"])
    top_path = Path(top.strip())
    folder = root.relative_to(top_path).as_posix() if root != top_path else ""
    notes = []
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        notes.append("a shallow clone: commits before the oldest one fetched are not seen")
    cache = cache or Cache.disabled()
    key = f"{(_git(root, 'rev-parse', 'HEAD') or '').strip()} {top_path} {folder} {notes}"
    kept: History | None = cache.load("history", key)
    if kept is None:
        kept = _read_log(top_path, folder, notes)
        cache.save("history", key, kept)
    return kept


def _read_log(top_path: Path, folder: str, notes: list[str]) -> History:
    """Every revision of every record of the claims folder ``folder`` of the repository at ``top_path``."""
    log = _git(
        top_path,
        "log",
        "--reverse",
        "-M",
        "--name-status",
        f"--format={COMMIT}%H{FIELD}%aI{FIELD}%an{FIELD}%s",
        "--",
        folder or ".",
    )
    if log is None:
        return History(notes=[*notes, "the repository has no commits yet: no history"])
    commits = list(_commits(log, folder))
    contents = _contents(top_path, f"{folder}/" if folder else "", commits)
    trees = _trees(top_path, folder, [commit for commit, *_ in commits])
    history = History(notes=notes, top=top_path, folder=folder)
    for commit, date, author, message, changed in commits:
        step: dict[str, tuple[str, ...]] = {}
        for status, old, new in changed:
            before = contents.get((f"{commit}^", old)) if status != "A" else None
            after = contents.get((commit, new)) if status != "D" else None
            if status.startswith("R"):
                _rename(history.records, _key(old), _key(new))
            for key, words in _changes(new if status != "D" else old, before, after, status, old):
                history.records.setdefault(key, []).insert(0, Revision(commit, date, author, message, words))
                step[key] = step.get(key, ()) + words
        history.steps.append(Step(commit, date, author, message, trees.get(commit, ""), step))
    return history


def tree_at(root: Path | str, revision: str) -> tuple[Path, str] | None:
    """The repository's top folder and the git tree of the claims folder ``root`` at ``revision``
    (a commit, a branch, ``HEAD~5``), or None when there is no such revision or no repository."""
    root = Path(root).resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if top is None or prefix is None or revision.startswith("-"):
        return None
    tree = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}:{prefix.strip()}")
    return (Path(top.strip()), tree.strip()) if tree else None


def _git(where: Path, *arguments: str) -> str | None:
    """What ``git arguments`` prints, as text; None when it fails (no repository, no commits)."""
    found = git_bytes(where, *arguments)
    return found.decode("utf-8", "replace") if found is not None else None


def git_bytes(where: Path, *arguments: str, data: bytes | None = None) -> bytes | None:
    """What ``git arguments`` prints in ``where`` (``data`` on its standard input); None when it fails.

    >>> (git_bytes(Path("."), "rev-parse", "--is-inside-work-tree") or b"true").strip()
    b'true'
    """
    done = subprocess.run(
        ["git", "-C", str(where), *arguments],  # noqa: S607 - git from PATH, as an editor runs it
        input=data,
        capture_output=True,
        check=False,
    )
    return done.stdout if done.returncode == 0 else None


Change = tuple[str, str, str]  # status (A, M, D, R…), old path, new path (relative to the claims folder)
Commit = tuple[str, str, str, str, list[Change]]


def _commits(log: str, folder: str) -> Iterator[Commit]:
    prefix = f"{folder}/" if folder else ""
    for block in log.split(COMMIT)[1:]:
        head, *lines = block.strip("\n").split("\n")
        commit, date, author, message = head.split(FIELD, 3)
        changed = []
        for line in lines:
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            old, new = parts[1], parts[-1]
            if not new.endswith(".yaml") or not (new.startswith(prefix) or old.startswith(prefix)):
                continue
            changed.append((parts[0], old.removeprefix(prefix), new.removeprefix(prefix)))
        yield commit, date, author, message, changed


def _contents(top: Path, prefix: str, commits: list[Commit]) -> dict[tuple[str, str], Any]:
    """The parsed YAML of every file version the changes need, read in one ``git cat-file --batch``."""
    wanted = []
    for commit, *_, changed in commits:
        for status, old, new in changed:
            if status != "A":
                wanted.append((f"{commit}^", old))
            if status != "D":
                wanted.append((commit, new))
    request = "".join(f"{rev}:{prefix}{path}\n" for rev, path in wanted).encode()
    out = git_bytes(top, "cat-file", "--batch", data=request) or b""
    found, at = {}, 0
    for key in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "missing": the parent of a root commit, or a file outside the shallow history
        size = int(header[2])
        try:
            found[key] = yaml.safe_load(out[at : at + size].decode("utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError):
            found[key] = None
        at += size + 1
    return found


def _trees(top: Path, folder: str, commits: list[str]) -> dict[str, str]:
    """The object id of the claims folder's tree at each commit, in one ``git cat-file --batch-check``."""
    request = "".join(f"{commit}:{folder}\n" if folder else f"{commit}^{{tree}}\n" for commit in commits)
    out = (git_bytes(top, "cat-file", "--batch-check", data=request.encode()) or b"").decode().splitlines()
    found = {}
    for commit, line in zip(commits, out, strict=False):
        oid, kind, *_ = [*line.split(), ""]
        if kind == "tree":
            found[commit] = oid
    return found


def _key(path: str) -> str:
    """The record a file of the claims folder holds (a dataset file holds many: its values)."""
    parts = Path(path).with_suffix("").parts
    if path == CONFIG_FILE:
        return "settings"
    if len(parts) == 2 and parts[0] == SOURCES_DIR:
        return f"source:{parts[1]}"
    if len(parts) == 2 and parts[0] == QUESTIONS_DIR:
        return f"question:{parts[1]}"
    if len(parts) == 2 and parts[0] == DATA_DIR:
        return f"dataset:{parts[1]}"
    return f"claim:{'/'.join(parts)}"


def _rename(records: dict[str, list[Revision]], old: str, new: str) -> None:
    if old.startswith("dataset:") and new.startswith("dataset:"):
        was, now = f"value:{old.removeprefix('dataset:')}.", f"value:{new.removeprefix('dataset:')}."
        for key in [k for k in records if k.startswith(was)]:
            records[now + key.removeprefix(was)] = records.pop(key) + records.get(now + key.removeprefix(was), [])
    elif old in records:
        records[new] = records.get(new, []) + records.pop(old)


def _changes(path: str, before: Any, after: Any, status: str, old: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(record key, what changed in words) for each record one file change touched."""
    key = _key(path)
    if key.startswith("dataset:"):
        yield from _value_changes(key.removeprefix("dataset:"), before, after)
        return
    if status == "A" or (before is None and after is not None):
        yield key, ("added",)
    elif status == "D" or after is None:
        yield key, ("removed",)
    else:
        words = list(_record_words(before, after))
        if status.startswith("R"):
            words.insert(0, f"renamed from {_key(old).partition(':')[2] or old}")
        if words:
            yield key, tuple(words)


def _record_words(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[str]:
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        yield "rewritten"
        return
    for name in ("statement", "statement_zh", "question", "question_zh", "title"):
        if before.get(name) != after.get(name) and name in after and name in before:
            yield f"{name} reworded"
    old_quotes, new_quotes = _texts(before.get("quotes")), _texts(after.get("quotes"))
    yield from (f"quote added: {q!r}" for q in new_quotes if q not in old_quotes)
    yield from (f"quote removed: {q!r}" for q in old_quotes if q not in new_quotes)
    for relation in ("supports", "rebuts"):
        was, now = set(before.get(relation) or []), set(after.get(relation) or [])
        yield from (f"{relation} {target} added" for target in sorted(now - was))
        yield from (f"{relation} {target} removed" for target in sorted(was - now))
    if before.get("status") != after.get("status") and "status" in before and "status" in after:
        yield f"prediction status changed from {before['status']} to {after['status']}"
    shown = {"statement", "statement_zh", "question", "question_zh", "title", "quotes", "supports", "rebuts", "status"}
    for name in sorted(set(before) | set(after)):
        if name not in shown and before.get(name) != after.get(name):
            yield f"{name} {'added' if name not in before else 'removed' if name not in after else 'changed'}"


def _texts(quotes: Any) -> list[str]:
    return [str(q.get("text")) for q in quotes if isinstance(q, Mapping)] if isinstance(quotes, list) else []


def _value_changes(dataset: str, before: Any, after: Any) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each value of a dataset that a change added, removed or revised, in words."""
    old, new = _values(before), _values(after)
    for ref in sorted(set(old) | set(new)):
        key = f"value:{dataset}.{ref}"
        if ref not in old:
            yield key, (f"added: {_shown(new[ref])}",)
        elif ref not in new:
            yield key, ("removed",)
        elif old[ref] != new[ref]:
            was, now = old[ref], new[ref]
            words = [f"value revised from {_shown(was)} to {_shown(now)}"] if _shown(was) != _shown(now) else []
            words += [
                f"{name} changed"
                for name in sorted(set(was) | set(now))
                if name not in ("value", "unit") and was.get(name) != now.get(name)
            ]
            yield key, tuple(words)


def _values(data: Any) -> dict[str, dict[str, Any]]:
    found = {}
    for entry_id, entry in (data or {}).items() if isinstance(data, Mapping) else ():
        values = entry.get("values") if isinstance(entry, Mapping) else None
        for name, value in (values or {}).items() if isinstance(values, Mapping) else ():
            if isinstance(value, Mapping):
                found[f"{entry_id}.{name}"] = dict(value)
    return found


def _shown(value: Mapping[str, Any]) -> str:
    return f"{value.get('value')} {value.get('unit', '')}".strip()
