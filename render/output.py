"""Writing a finished site atomically, and refusing dangerous output folders.

Everything is written to a fresh staging folder beside ``out``; only when it is
complete does it replace ``out`` in one step (``renameat2(RENAME_EXCHANGE)`` on
Linux, two renames elsewhere). A failed build leaves the previous site as it was.
Builds into the same folder take turns (a lock on the parent folder), and each
removes the staging folders that killed builds left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from kb.errors import BuildError

MARKER = ".crux-site"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def check_out_folder(out: Path, claims_root: Path) -> None:
    """Refuse an output folder whose replacement could destroy someone's files."""
    target, claims = out.resolve(), claims_root.resolve()
    if target == claims or claims.is_relative_to(target):
        raise BuildError(f"--out {out} would replace the claims folder {claims_root}; choose e.g. --out site")
    if target.is_relative_to(claims):
        raise BuildError(f"--out {out} lies inside the claims folder {claims_root}; choose e.g. --out site")
    if target == Path.home().resolve() or target == Path(target.anchor):
        raise BuildError(f"--out {out} is not a folder a build may replace; choose e.g. --out site")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise BuildError(f"--out {out} exists and is not an earlier Crux build; remove it or choose another folder")


def publish(out: Path, files: Mapping[str, bytes], finish: Callable[[Path], None] = lambda _: None) -> None:
    """Write ``files`` (site path → bytes) into a staging folder, call ``finish`` on it, then swap it in."""
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent):
        _remove_leftovers(parent, out.resolve().name)
        _publish(out, parent, files, finish)


def _publish(out: Path, parent: Path, files: Mapping[str, bytes], finish: Callable[[Path], None]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (staging / MARKER).write_text("built by Crux; safe to replace\n", encoding="utf-8")
        finish(staging)
        staging.chmod(0o755)
        _swap(staging, out.resolve())
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (released by the kernel if the process dies)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_leftovers(parent: Path, name: str) -> None:
    """Staging folders of builds that were killed before they could clean up (we hold the lock)."""
    for leftover in sorted([*parent.glob(f".{name}.new-*"), *parent.glob(f".{name}.old-*")]):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` at ``out``; afterwards ``new`` holds the old site (or nothing)."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old / "site")
    os.rename(new, out)
    os.rename(old, new)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0
