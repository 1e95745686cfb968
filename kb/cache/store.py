"""What is kept on disk between runs: named values (`Cache`) and content-addressed tables (`Table`).

Everything is kept per claims folder in ``$KB_CACHE_DIR`` (default ``$XDG_CACHE_HOME/crux``,
else ``~/.cache/crux``), never beside the claims, under the names `STORES` lists. Every value
is stored with a key made from what it was derived from and from the code that derived it
(`code_version`), so a stale value is simply never found. The cache is an optimisation only:
an unreadable, unwritable or corrupt cache is ignored, and ``KB_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import pickle
import re
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_ENV = "KB_CACHE_DIR"
DISTRIBUTION = "crux-kb"  # the distribution whose requirements key the cache with the code
OFF = "off"

STORES = {
    # name: (what it holds, the key it is found under)
    "seen": ("the digest of each record file", "the file's size, times and inode (as git's index)"),
    "tree": ("the whole tree read from the claims folder", "the digest of every file read"),
    "records": ("each parsed record (a Table)", "the digest of the file's bytes"),
    "checked": ("the costly cross-file checks (a Table)", "the digests of what each check read"),
    "results": ("every check's result, each with the digest of its spec", "the datasets' values"),
    "assessment": ("strengths and explanations", "each claim's signature in the graph"),
    "layouts": ("map layouts (a Table)", "the claims, sources and edges laid out"),
    "page-reads": ("what each page's view read (a Table)", "the page's path"),
    "history": ("the base's history read from git (kb.history)", "the repository's HEAD and the claims folder"),
    "snapshots": ("each commit's version of the base, assessed (a Table, kb.timeline)", "the folder's git tree"),
}
"""Every name a `Cache` keeps: adding a kind of cached value means adding it here."""


def digest(*parts: bytes | str) -> str:
    """A short, stable digest of ``parts`` (BLAKE2b, 128 bits).

    >>> digest("a", "b") == digest("a", "b") != digest("ab")
    True
    """
    data = [part.encode("utf-8") if isinstance(part, str) else part for part in parts]
    lengths = struct.pack(f"<{len(data)}Q", *map(len, data))  # each part's length: no two lists of parts collide
    return hashlib.blake2b(b"".join([lengths, *data]), digest_size=16).hexdigest()


@functools.cache
def code_version() -> str:
    """A digest of the ``kb`` and ``render`` packages (code, templates, static files) and of the
    versions of the libraries they run on (`dependency_versions`): new code, new keys."""
    here = Path(__file__).resolve().parent.parent  # the kb package
    files = sorted(
        p
        for p in [*here.rglob("*"), *(here.parent / "render").rglob("*")]
        if p.is_file() and "__pycache__" not in p.parts
    )
    return digest(*dependency_versions(), *(part for p in files for part in (p.name, p.read_bytes())))


def dependency_versions() -> list[str]:
    """``name==version`` of each library Crux's distribution requires (not its extras), as installed:
    a new release of pint or of OpenCC's dictionaries can change what is derived.

    >>> any(line.startswith("pint==") for line in dependency_versions())
    True
    """
    try:
        required = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return []  # run from a checkout that is not installed: the code alone keys the cache
    names = sorted({re.split(r"[\s<>=!~;\[(]", line, maxsplit=1)[0] for line in required if "extra ==" not in line})
    found = []
    for name in names:
        try:
            found.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def cache_home() -> Path | None:
    """The folder holding all caches, or None when caching is off."""
    configured = os.environ.get(CACHE_ENV, "")
    if configured == OFF:
        return None
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "crux"


class Cache:
    """Named, pickled values for one claims folder; every failure reads as a miss.

    >>> import tempfile
    >>> cache = Cache.for_root("claims", home=Path(tempfile.mkdtemp()))
    >>> cache.load("tree", "k1") is None
    True
    >>> cache.save("tree", "k1", 42); cache.load("tree", "k1"), cache.load("tree", "k2")
    (42, None)
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    @classmethod
    def for_root(cls, root: Path | str, home: Path | None = None) -> Cache:
        """The cache of claims folder ``root`` (disabled when caching is off)."""
        home = home or cache_home()
        if home is None:
            return cls(None)
        return cls(home / digest(str(Path(root).resolve()))[:20])

    @classmethod
    def disabled(cls) -> Cache:
        return cls(None)

    @property
    def enabled(self) -> bool:
        """Whether anything is kept (False with ``KB_CACHE_DIR=off`` or `disabled`)."""
        return self.folder is not None

    def load(self, name: str, key: str) -> Any | None:
        """The value saved under ``name`` if it was saved with ``key``, else None."""
        _known(name)
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as file:
                if pickle.load(file) != (key, code_version()):  # noqa: S301 - our own cache folder
                    return None  # the key is read first, so a stale value is never unpickled
                return pickle.load(file)  # noqa: S301
        except Exception:  # noqa: BLE001 - a missing or corrupt cache is a miss
            return None

    def save(self, name: str, key: str, value: Any) -> None:
        """Store ``value`` under ``name`` with ``key``, atomically; failures are ignored."""
        _known(name)
        if self.folder is None:
            return
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=f".{name}.", delete=False) as file:
                temporary = file.name
                pickle.dump((key, code_version()), file, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        except Exception:  # noqa: BLE001 - caching is optional
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _known(name: str) -> None:
    if name.removesuffix("-new") not in STORES:
        raise KeyError(f"{name!r} is not in kb.cache.STORES")


class Table:
    """Values by the digests of what they were derived from (parsed records, checked quotes, check
    results, layouts), kept in a `Cache` as ``name``; only the entries used in a run are kept.

    Saved in two parts, so that an edit to one file does not re-save every entry: the bulk,
    and what is new since the bulk was saved. The bulk is saved again, without the entries
    no longer used, once either part has grown past a tenth of it.

    >>> import tempfile
    >>> cache = Cache.for_root("claims", home=Path(tempfile.mkdtemp()))
    >>> table = Table(cache, "records")
    >>> table.recall(("k",), lambda: 42), table.holds(("k",)), table.holds(("other",))
    (42, False, False)
    >>> table.save(); Table(cache, "records").recall(("k",), lambda: 0)
    42
    """

    def __init__(self, cache: Cache, name: str):
        self.cache, self.name = cache, name
        self.bulk: dict[tuple[str, ...], Any] = cache.load(name, "by-content") or {}
        self.newer: dict[tuple[str, ...], Any] = cache.load(f"{name}-new", "by-content") or {}
        self.used: dict[tuple[str, ...], Any] = {}

    def holds(self, key: tuple[str, ...]) -> bool:
        """Whether a value for ``key`` was kept by an earlier run."""
        return key in self.bulk or key in self.newer

    def get(self, key: tuple[str, ...]) -> Any | None:
        """The value kept for ``key`` (by an earlier run, or this one), else None."""
        for part in (self.used, self.bulk, self.newer):
            if key in part:
                return part[key]
        return None

    def put(self, key: tuple[str, ...], value: Any) -> None:
        """Keep ``value`` for ``key`` (saved by `save`)."""
        self.used[key] = value

    def recall(self, key: tuple[str, ...], derive: Callable[[], Any]) -> Any:
        """The value kept for ``key``, else ``derive()`` (kept from now on)."""
        found = self.get(key)
        if found is None:
            found = derive()
        self.used[key] = found
        return found

    def save(self) -> None:
        """Write what this run used; entries it did not use are dropped when the bulk is rewritten."""
        newer = {key: value for key, value in self.used.items() if key not in self.bulk}
        unused = len(self.bulk) + len(newer) - len(self.used)
        if max(len(newer), unused) * 10 > len(self.bulk):
            self.cache.save(self.name, "by-content", self.used)
            newer = {}
        if newer.keys() != self.newer.keys():
            self.cache.save(f"{self.name}-new", "by-content", newer)
