"""Publishing a site atomically, writing only what changed, and refusing dangerous output folders.

Beside the output folder ``out`` Crux keeps ``.<out>.crux/``: a *spare* copy of the
site (hard links to the same files) and a manifest naming every file with the key
of what it was made from and the digest of its bytes. A build brings the spare up
to date — a file whose key is unchanged is left alone, a changed one is rendered
and written only if its bytes differ — then exchanges spare and ``out`` in one
step (``renameat2(RENAME_EXCHANGE)`` on Linux, two renames elsewhere), and finally
links the changed files into the new spare so that both copies agree again.

A build killed at any moment leaves ``out`` complete: before the spare is touched
its marker is removed, so a later build knows to rebuild the spare from ``out``.
Builds into the same folder take turns (a lock on the parent folder).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.cache import Cache, code_version, digest
from kb.errors import BuildError
from kb.files import repository_head, tree_key
from render.settings import Settings

MARKER = ".crux-site"
STATE = "state.json"
RENAME_EXCHANGE = 2
PR_SET_PDEATHSIG = 1
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
    above = next((p for p in target.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        raise BuildError(f"--out {out} lies under {above}, which is a file, not a folder; choose e.g. --out site")
    if above is not None and not os.access(above, os.W_OK | os.X_OK):
        raise BuildError(f"--out {out}: {above} cannot be written by this user; choose a folder you can write")


@dataclass
class Manifest:
    """What a site folder holds: the build's key, and per file the key it was made from and its digest."""

    key: str = ""  # also written into the folder's marker, naming the build it holds
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    inputs: str = ""  # digest of the claim files, code and settings it was built from ("": unknown)

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "files": self.files, "inputs": self.inputs}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:  # parsed JSON
        return cls(data["key"], {p: (k, d) for p, (k, d) in data["files"].items()}, data.get("inputs", ""))


def disk_full(exc: object) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


class Output:
    """The output folder, its spare copy and their manifest; use as a context manager (it locks)."""

    def __init__(self, out: Path, trust: bool = True):
        self.trust = trust  # False: the spare is never trusted, so every file is made anew (the cache is off)
        self.out = out.resolve()
        self.home = self.out.parent / f".{self.out.name}.crux"
        self.spare = self.home / "spare"
        self.manifest = Manifest()  # what `out` holds (empty when unknown)
        self.spare_valid = False  # whether the spare holds the same files as `out`
        self._lock: int | None = None

    def __enter__(self) -> Output:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(self.out.parent, os.O_RDONLY)
        fcntl.flock(self._lock, fcntl.LOCK_EX)  # released by the kernel if the process dies
        self._remove_leftovers()
        self._read_state()
        return self

    def __exit__(self, kind: object, exc: object, trace: object) -> None:
        try:
            if disk_full(exc):
                self._discard_spare()  # half written: do not leave the disk full (the site itself is untouched)
        finally:
            if self._lock is not None:
                os.close(self._lock)
                self._lock = None

    # --- reading the state -------------------------------------------------------------

    def _read_state(self) -> None:
        try:
            state = json.loads((self.home / STATE).read_text(encoding="utf-8"))
            manifest = Manifest.from_json(state["manifest"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        if _marker(self.out) == manifest.key:
            self.manifest = manifest
            self.spare_valid = self.trust and _marker(self.spare) == manifest.key

    def holds(self, manifest: Manifest) -> bool:
        """True when ``out`` and its spare already hold the build ``manifest`` describes: nothing to publish."""
        return self.spare_valid and self.manifest == manifest

    def keep(self) -> None:
        """Leave ``out`` as it is: the spare, untouched by this build, is marked as agreeing with it again."""
        _write_marker(self.spare, self.manifest.key)

    # --- bringing the spare up to date --------------------------------------------------

    def prepare(self) -> Path:
        """The spare folder, ready to be brought up to date (it is marked unfinished first)."""
        self.home.mkdir(exist_ok=True)
        if self.spare.exists() and not self.spare_valid:
            self._discard_spare()
        self.spare.mkdir(exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            (self.spare / MARKER).unlink()
        if not self.spare_valid:
            self.manifest.files = {}  # nothing in the spare can be trusted: every file is made anew
        return self.spare

    def wanted(self, path: str, key: str) -> bool:
        """Whether the file ``path`` made from ``key`` must be made (the spare holds something else)."""
        held = self.manifest.files.get(path)
        return held is None or held[0] != key

    def remove_extra(self, keep: Iterable[str]) -> list[str]:
        """Delete from the spare the files of the last build that this build does not make."""
        gone = sorted(set(self.manifest.files) - set(keep))
        for path in gone:
            with contextlib.suppress(FileNotFoundError):
                (self.spare / path).unlink()
        folders = {parent for p in gone for parent in (self.spare / p).parents if parent.is_relative_to(self.spare)}
        for folder in sorted(folders - {self.spare}, key=lambda f: -len(f.parts)):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        return gone

    # --- publishing --------------------------------------------------------------------

    def publish(self, manifest: Manifest, changed: list[str], gone: list[str]) -> None:
        """Swap the finished spare in as ``out``, then make the new spare agree with it."""
        _write_marker(self.spare, manifest.key)  # the same build writes the same marker: builds stay byte-identical
        self._write_state(manifest)
        self.spare.chmod(0o755)
        first = not self.out.exists()
        _swap(self.spare, self.out)
        self.manifest = manifest
        if first or not self.spare_valid:
            self._clone()
        else:
            self._mirror(changed, gone)
        _write_marker(self.spare, manifest.key)

    def _mirror(self, changed: list[str], gone: list[str]) -> None:
        """Link the files this build changed from ``out`` into the spare (the old site)."""
        with contextlib.suppress(FileNotFoundError):
            (self.spare / MARKER).unlink()
        for path in gone:
            with contextlib.suppress(FileNotFoundError):
                (self.spare / path).unlink()
        for path in changed:
            target = self.spare / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            os.link(self.out / path, target)

    def _discard_spare(self) -> None:
        """Move an untrusted spare aside in one step, then delete it (and any earlier ones)."""
        if self.spare.exists():
            os.rename(self.spare, self.home / f"discarded-{os.getpid()}-{id(self)}")
        for old in self.home.glob("discarded-*"):
            shutil.rmtree(old, ignore_errors=True)

    def _clone(self) -> None:
        """Make the spare a hard-linked copy of ``out`` (after a first build, or a killed one)."""
        self._discard_spare()
        done = subprocess.run(
            ["cp", "-al", str(self.out), str(self.spare)],  # noqa: S607 - coreutils cp from PATH, as a shell would
            capture_output=True,
            check=False,
            preexec_fn=die_with_parent,
        )
        if done.returncode != 0:
            shutil.rmtree(self.spare, ignore_errors=True)
            shutil.copytree(self.out, self.spare, copy_function=os.link)
        with contextlib.suppress(FileNotFoundError):
            (self.spare / MARKER).unlink()

    def _write_state(self, manifest: Manifest) -> None:
        data = json.dumps({"manifest": manifest.to_json()}, sort_keys=True).encode("utf-8")
        write_file(self.home / STATE, data)

    def _remove_leftovers(self) -> None:
        """Staging folders of older Crux versions' killed builds (we hold the lock)."""
        name = self.out.name
        for leftover in sorted([*self.out.parent.glob(f".{name}.new-*"), *self.out.parent.glob(f".{name}.old-*")]):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def die_with_parent() -> None:
    """Ask Linux to kill this (child) process when its parent dies, so that a killed build leaves
    no worker or Pagefind process writing into the spare behind it. Elsewhere, does nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def input_key(files: str, settings: Settings, claims: Path | str) -> str:
    """What a build reads: the claims folder's files (their `kb.files.tree_key`), the commit its
    repository is at (the pages show the history), the code and the settings."""
    return digest(files, repository_head(claims), code_version(), repr(settings))


def up_to_date(claims: Path | str, out: Path | str, settings: Settings | None = None) -> bool:
    """True when ``out`` holds a build of exactly these claim files, code and settings — the
    check that lets ``kb build`` stop before loading anything when nothing changed."""
    settings = settings or Settings.from_env()
    if not Cache.for_root(claims).enabled:
        return False  # the cache is off: every build makes every file
    with Output(Path(out)) as output:
        return bool(output.manifest.inputs) and output.manifest.inputs == input_key(tree_key(claims), settings, claims)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` as a new file (never into a file that may be linked from ``out``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    with open(path, "wb") as file:
        file.write(data)


def files_under(folder: Path) -> Iterator[str]:
    """Site paths of the files under ``folder``."""
    for parent, _, names in os.walk(folder):
        for name in names:
            yield Path(parent, name).relative_to(folder).as_posix()


def _marker(folder: Path) -> str | None:
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return lines[1].removeprefix("build: ") if len(lines) > 1 else None


def _write_marker(folder: Path, key: str) -> None:
    write_file(folder / MARKER, f"built by Crux; safe to replace\nbuild: {key}\n".encode())


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
    os.rename(old / "site", new)
    old.rmdir()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result: int = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0
