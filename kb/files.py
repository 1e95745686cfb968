"""Which files a claims folder holds, their bytes, and one digest of them all.

Kept apart from the parsing in `kb.records` (and light to import), so that
``kb build`` can tell that nothing changed before it loads anything else.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

from kb.cache import Cache, digest
from kb.yamlfile import YamlProblem, read_limited

SOURCES_DIR = "sources"
QUESTIONS_DIR = "questions"
DATA_DIR = "data"
SUFFIXES = (".yaml", ".yml")
RACY_NS = 2_000_000_000  # a file changed this soon before its digest was saved is read again next time


def tree_key(root: Path | str) -> str:
    """A digest of everything `read_tree` reads under ``root``: equal keys, equal trees.

    >>> from kb.records import read_tree
    >>> tree_key("tests/data/valid") == read_tree("tests/data/valid").key
    True
    """
    root = Path(root)
    seen = Seen(Cache.for_root(root))
    key = key_of(root, contents_of(root, {}, seen)[2])
    seen.save()
    return key


@dataclass(frozen=True)
class Known:
    """A record file left unread: the file system says it is as it was when ``digest`` was taken."""

    digest: str


Stat = tuple[tuple[int, ...], str]  # what the file system said of a file (see `_signature`), and its digest


class Seen:
    """The digests of a claims folder's record files, with what the file system said of each
    (size, modification and change times, inode) when it was read, as git's index keeps them: a
    file that still looks the same is not read again. Every write changes a file's change time,
    which no tool can set back; but a second write within the same clock tick would not, so a
    file written less than `RACY_NS` before the digests were saved is read again next time.
    """

    def __init__(self, cache: Cache):
        self.cache = cache
        saved: tuple[int, dict[str, Stat]] = cache.load("seen", "stat") or (0, {})
        self.saved_at, self.known = saved
        self.now: dict[str, Stat] = {}
        self.read = 0

    def recall(self, path: Path, stat: os.stat_result) -> Known | None:
        """The file's digest if, by ``stat``, it is as it was when it was read."""
        entry = self.known.get(str(path))
        if (
            entry is None
            or entry[0] != _signature(stat)
            or max(stat.st_mtime_ns, stat.st_ctime_ns) >= self.saved_at - RACY_NS
        ):
            return None
        self.now[str(path)] = entry
        return Known(entry[1])

    def note(self, path: Path, stat: os.stat_result, raw: bytes) -> None:
        """Remember the digest of bytes read from ``path`` after ``stat`` was taken (so that a
        write in between leaves an older signature, which the next build will not trust)."""
        self.now[str(path)] = (_signature(stat), digest(raw))
        self.read += 1

    def save(self) -> None:
        if self.read or self.now.keys() != self.known.keys():
            self.cache.save("seen", "stat", (time.time_ns(), self.now))


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


def contents_of(
    root: Path, extra: dict[Path, bytes], seen: Seen | None = None
) -> tuple[list[Path], list[Path], dict[Path, Any]]:
    """The record files, the dataset files, and the bytes (or problem) of each; with ``seen``, a
    record file that has not changed since it was last read is `Known` by its digest instead."""
    datasets = {p for p in extra if p.parent == root / DATA_DIR}
    files, links = _record_files(root)
    records = sorted({*files, *extra} - datasets, key=_in_order)
    tables = sorted({*(root / DATA_DIR).glob("*.yaml"), *datasets})
    links |= {path for path in tables if path.is_symlink()}
    contents: dict[Path, Any] = {}
    for path in records:
        stat = _stat(path) if seen and path not in extra and path not in links else None
        known = seen.recall(path, stat) if seen and stat else None
        contents[path] = extra[path] if path in extra else known or read_bytes(path, root, path in links)
        if seen and stat and not known and isinstance(contents[path], bytes):
            seen.note(path, stat, contents[path])
    contents |= {path: extra[path] if path in extra else read_bytes(path, root, path in links) for path in tables}
    return records, tables, contents


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None  # reading it will say what is wrong


@overload
def read_bytes(path: Path, root: Path, link: Literal[False] = False) -> bytes | YamlProblem: ...
@overload
def read_bytes(path: Path, root: Path, link: bool) -> bytes | YamlProblem | None: ...
def read_bytes(path: Path, root: Path, link: bool = False) -> bytes | YamlProblem | None:
    """A file's bytes; None for a link out of the claims folder (never read), or the problem."""
    if link and not _inside(path, root):
        return None
    try:
        return read_limited(path)
    except YamlProblem as problem:
        return problem
    except OSError as exc:
        return YamlProblem(0, f"cannot read the file: {exc.strerror}", "check its permissions")


def key_of(root: Path, contents: dict[Path, bytes | YamlProblem | None]) -> str:
    """What the whole tree was read from: every record file, every archive, and how ``root`` was named."""
    parts = [str(root)]
    for path, raw in contents.items():
        parts += [
            path.relative_to(root).as_posix(),
            raw.digest if isinstance(raw, Known) else digest(raw) if isinstance(raw, bytes) else repr(raw),
        ]
    sources = root / SOURCES_DIR
    if sources.is_dir():
        for path in sorted(p for p in sources.iterdir() if p.suffix not in SUFFIXES and p.is_file()):
            parts += [path.name, digest(path.read_bytes())]
    return digest(*parts)


def _record_files(root: Path) -> tuple[list[Path], set[Path]]:
    """The record files under ``root`` (not under data/), and which of them are symbolic links.

    Linked folders are not entered (as with ``Path.rglob``); linked files are listed
    and later refused if they point out of the claims folder.
    """
    found, links, folders = [], set(), [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not (folder == root and entry.name == DATA_DIR):
                        folders.append(Path(entry.path))
                elif os.path.splitext(entry.name)[1] in SUFFIXES:  # a pipe or a loop too: reading says what it is
                    found.append(Path(entry.path))
                    if entry.is_symlink():
                        links.add(found[-1])
    return sorted(found, key=_in_order), links


def _in_order(path: Path) -> tuple[str, ...]:
    """How paths sort (as `Path` objects compare, but ten times faster for 10,000 files)."""
    return path.parts


def _inside(path: Path, root: Path) -> bool:
    """Whether the link ``path`` ends inside ``root`` (a link round a loop ends nowhere: reading it
    says so, so it counts as inside)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's resolve() on a loop
        return True


def repository_head(root: Path | str) -> str:
    """The commit of the git repository holding ``root`` ("" outside git, or before a first commit):
    a build keyed by it shows the history as of that commit (`kb.history`).

    >>> len(repository_head("claims")) in (0, 40)
    True
    """
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, as an editor runs it
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""
