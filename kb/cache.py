"""A cache on disk of what was derived from unchanged input, so that it is not derived twice.

Parsed records, check results and explanations are kept per claims folder in
``$KB_CACHE_DIR`` (default ``$XDG_CACHE_HOME/crux``, else ``~/.cache/crux``), never
beside the claims. Every entry is stored under a key made from the content of
what it was derived from and from the code that derived it, so a stale entry is
simply never found. The cache is an optimisation only: an unreadable, unwritable
or corrupt cache is ignored, and ``KB_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CACHE_ENV = "KB_CACHE_DIR"
OFF = "off"


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
    """A digest of the ``kb`` and ``render`` packages (code, templates, static files): new code, new keys."""
    here = Path(__file__).resolve().parent
    files = sorted(
        p
        for p in [*here.rglob("*"), *(here.parent / "render").rglob("*")]
        if p.is_file() and "__pycache__" not in p.parts
    )
    return digest(*(part for p in files for part in (p.name, p.read_bytes())))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (reference counting still frees
    memory as usual).

    Loading a base and building its site create millions of long-lived objects; the collector
    walked them again and again, which took a quarter of a rebuild at 10,000 claims. Nesting is safe.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def collect_new_objects() -> None:
    """In a forked worker: collect cycles among the objects it makes, never scanning the ones it
    inherited (frozen), so a worker that renders thousands of pages stays small."""
    gc.freeze()
    gc.enable()


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
    >>> cache.load("answer", "k1") is None
    True
    >>> cache.save("answer", "k1", 42); cache.load("answer", "k1"), cache.load("answer", "k2")
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

    def load(self, name: str, key: str) -> Any | None:
        """The value saved under ``name`` if it was saved with ``key``, else None."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as file:
                stored_key, value = pickle.load(file)  # noqa: S301 - our own cache folder
        except Exception:  # noqa: BLE001 - a missing or corrupt cache is a miss
            return None
        return value if stored_key == (key, code_version()) else None

    def save(self, name: str, key: str, value: Any) -> None:
        """Store ``value`` under ``name`` with ``key``, atomically; failures are ignored."""
        if self.folder is None:
            return
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=f".{name}.", delete=False) as file:
                temporary = file.name
                pickle.dump(((key, code_version()), value), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        except Exception:  # noqa: BLE001 - caching is optional
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
