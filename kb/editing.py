"""Changing the claims folder safely: new claim files and new dataset values.

Every change is validated against the whole base before anything is written,
written atomically (a temporary file, then a link or rename), and made under a
lock on ``<claims>/.kb.lock`` so that two editors never share an id or lose a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML

from kb.errors import InvalidBase, KBError
from kb.files import DATA_DIR
from kb.models import Claim
from kb.record import MAX_ID_LENGTH
from kb.records import read_tree

LOCK_NAME = ".kb.lock"
SLUG_WORDS = 7
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def slugify(text: str, max_length: int = 60) -> str:
    """A file-name slug from a statement: lower-case ASCII words joined by '-'.

    >>> slugify("GPUs will no longer improve meaningfully; we have seen the last generation.")
    'gpus-no-longer-improve-meaningfully-we-seen'
    >>> slugify("FP4 training gives up to 9× more usable FLOPs")
    'fp4-training-gives-up-9-more-usable'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in STOP][:SLUG_WORDS]
    slug = "-".join(words)[:max_length].strip("-")
    return slug or "claim"


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the claims folder's lock (blocking) for the duration of the block.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with locked(root):  # no other kb new / kb add-value runs on root meanwhile
    ...     (root / LOCK_NAME).exists()
    True
    """
    try:
        handle = open(root / LOCK_NAME, "a+")  # noqa: SIM115 - held for the block below, closed at its end
    except OSError as exc:
        raise _unwritable(root, exc) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        except OSError as exc:  # the folder or the disk refused a write: nothing was replaced
            raise _unwritable(root, exc) from None
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _unwritable(root: Path, exc: OSError) -> KBError:
    return KBError(
        f"cannot write in {root}: {exc.strerror or exc}; nothing was changed "
        "(hint: check that the folder and its disk can be written by this user)"
    )


NUMBERS = ("value", "low", "high")  # the numbers of a measurement


def new_claim(
    root: Path | str,
    *,
    source: str,
    quote: str,
    statement: str = "",
    statement_zh: str = "",
    quote_source: str | None = None,
    kind: str = "qualitative",
    tags: Sequence[str] = (),
    supports: Sequence[str] = (),
    rebuts: Sequence[str] = (),
    folder: str | None = None,
) -> Path:
    """Write a new claim file and return its path; raises `InvalidBase` if the record would be invalid.

    A statement is required in each of the base's languages (``languages`` in crux.yaml) and
    refused in any other: ``statement`` in English, ``statement_zh`` in Chinese.

    ``source`` may be a source id or an unambiguous prefix of one. The id is
    ``<folder>/<slug of the statement>`` with ``-2``, ``-3``, … appended when taken;
    ``folder`` defaults to where that source's claims already live.

    >>> import shutil, tempfile
    >>> root = shutil.copytree("tests/data/valid", tempfile.mkdtemp() + "/claims")
    >>> path = new_claim(root, source="alpha", statement="Everyone computes the same answer.",
    ...                  statement_zh="大家算出同樣的答案。", quote="as anyone can compute", supports=["alpha/answer"])
    >>> path.relative_to(root).as_posix()
    'alpha/everyone-computes-same-answer.yaml'
    """
    root = Path(root)
    with locked(root):
        tree = read_tree(root)
        source_id = _resolve_source(source, list(tree.sources))
        folder = folder or _folder_for(source_id, tree.claims)
        relative = _free_name(root, folder, slugify(statement or statement_zh))
        record = {
            "statement": statement,
            "statement_zh": statement_zh,
            "source": source_id,
            "kind": kind,
            "tags": list(tags),
            "quotes": [{"source": quote_source or source_id, "text": quote}],
            "supports": list(supports),
            "rebuts": list(rebuts),
        }
        text = yaml.safe_dump(
            {k: v for k, v in record.items() if v not in ([], "")}, allow_unicode=True, sort_keys=False, width=100
        )
        _validate_with(root, {relative: text.encode("utf-8")})
        return _create(root / relative, text)


def add_value(
    root: Path | str, dataset: str, entry: str, name: str, measurement: dict[str, Any], label: str | None = None
) -> Path:
    """Add (or replace) one value in ``claims/data/<dataset>.yaml``, keeping comments and key order.

    A new entry needs ``label``. The file is validated with the rest of the base before it is replaced.

    >>> import shutil, tempfile, kb
    >>> root = shutil.copytree("tests/data/valid", tempfile.mkdtemp() + "/claims")
    >>> add_value(root, "gpus", "toy-gpu", "tdp", {"value": 700, "unit": "W", "source": "alpha", "at": "section 2"},
    ...           label="A toy GPU").relative_to(root).as_posix()
    'data/gpus.yaml'
    >>> kb.load(root).data.entries["gpus"]["toy-gpu"].label
    'A toy GPU'
    """
    root = Path(root)
    path = root / DATA_DIR / f"{dataset}.yaml"
    with locked(root):
        yaml_rt = YAML()
        yaml_rt.width = 4096
        yaml_rt.preserve_quotes = True  # every other line as the editor wrote it
        yaml_rt.indent(mapping=2, sequence=4, offset=2)
        document = yaml_rt.load(path.read_text(encoding="utf-8")) if path.exists() else None
        if document is None:
            document = yaml_rt.load("{}\n")
        if entry not in document:
            if not label:
                raise KBError(f"entry {entry!r} is new in {path}: give it a label (--label)")
            document[entry] = {"label": label, "values": {}}
        written = {
            k: int(v) if isinstance(v, float) and v.is_integer() and k in NUMBERS else v for k, v in measurement.items()
        }
        values = document[entry].setdefault("values", {})
        if isinstance(values.get(name), dict):  # a replaced value: its unchanged lines kept as written
            held = values[name]
            for key in [k for k in held if k not in written]:
                del held[key]
            for key, value in written.items():
                if held.get(key) != value:
                    held[key] = value
        else:
            values[name] = written  # 700, not 700.0, as an editor writes it
        buffer = io.StringIO()
        yaml_rt.dump(document, buffer)
        text = buffer.getvalue()
        _validate_with(root, {f"{DATA_DIR}/{path.name}": text.encode("utf-8")})
        path.parent.mkdir(exist_ok=True)  # the base's first dataset
        _replace(path, text)
    return path


def _resolve_source(source: str, known: list[str]) -> str:
    if source in known:
        return source
    matches = [s for s in known if s.startswith(source)]
    if len(matches) == 1:
        return matches[0]
    hint = f"it matches {', '.join(matches)}" if matches else "see claims/sources/"
    raise KBError(f"no single source matches {source!r} ({hint})")


def _folder_for(source_id: str, claims: Mapping[str, Claim]) -> str:
    folders = [cid.rsplit("/", 1)[0] for cid, c in sorted(claims.items()) if c.source == source_id and "/" in cid]
    return max(sorted(set(folders)), key=folders.count) if folders else source_id.split("-")[0]


def _free_name(root: Path, folder: str, slug: str) -> str:
    limit = MAX_ID_LENGTH - len(folder) - 4
    slug = slug[:limit].strip("-")
    for n in range(1, 10_000):
        candidate = f"{folder}/{slug if n == 1 else f'{slug}-{n}'}.yaml"
        if not (root / candidate).exists():
            return candidate
    raise KBError(f"no free id for {folder}/{slug}")


def _validate_with(root: Path, changed: dict[str, bytes]) -> None:
    """Validate the base as if the ``changed`` files (paths below ``root``) held these bytes.

    Raises `InvalidBase` with the errors found in those files; other files' errors are not ours to report.
    """
    tree = read_tree(root, changed)
    mine = [i for i in tree.errors if any(i.path == str(root / name) for name in changed)]
    if mine:
        raise InvalidBase(mine)


def _create(path: Path, text: str) -> Path:
    """Create ``path`` with ``text``; never replaces an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".new-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.link(temporary, path)  # fails if the path exists: no overwrite, no partial file
    except FileExistsError:
        raise KBError(f"{path} already exists; nothing was written") from None
    finally:
        os.unlink(temporary)
    return path


def _replace(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".new-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
