"""Which files a claims folder holds, their bytes, and one digest of them all.

Kept apart from the parsing in `kb.loader` (and light to import), so that
``kb build`` can tell that nothing changed before it loads anything else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kb.cache import digest
from kb.yamlfile import YamlProblem, read_limited

SOURCES_DIR = "sources"
DATA_DIR = "data"
SUFFIXES = (".yaml", ".yml")


def tree_key(root: Path | str) -> str:
    """A digest of everything `read_tree` reads under ``root``: equal keys, equal trees.

    >>> from kb.loader import read_tree
    >>> tree_key("tests/data/valid") == read_tree("tests/data/valid").key
    True
    """
    root = Path(root)
    return key_of(root, contents_of(root, {})[2])


def contents_of(root: Path, extra: dict[Path, bytes]) -> tuple[list[Path], list[Path], dict[Path, Any]]:
    """The record files, the dataset files, and the bytes (or problem) of each."""
    datasets = {p for p in extra if p.parent == root / DATA_DIR}
    files, links = _record_files(root)
    records = sorted({*files, *extra} - datasets)
    tables = sorted({*(root / DATA_DIR).glob("*.yaml"), *datasets})
    links |= {path for path in tables if path.is_symlink()}
    contents = {path: extra[path] if path in extra else _read_bytes(path, root, path in links) for path in [*records, *tables]}
    return records, tables, contents


def _read_bytes(path: Path, root: Path, link: bool) -> bytes | YamlProblem | None:
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
        parts += [path.relative_to(root).as_posix(), digest(raw) if isinstance(raw, bytes) else repr(raw)]
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
                elif os.path.splitext(entry.name)[1] in SUFFIXES and entry.is_file():
                    found.append(Path(entry.path))
                    if entry.is_symlink():
                        links.add(found[-1])
    return sorted(found), links


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())
