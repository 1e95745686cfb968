"""Files to records: read the whole claims tree, then report every problem at once.

Layout of a claims folder::

    claims/sources/<id>.yaml      a Source; archived texts sit beside them
    claims/questions/<id>.yaml    a Question: a point the sources disagree on, with its answers
    claims/data/...               datasets used by checks (not claims)
    claims/<dir>/<slug>.yaml      a Claim whose id is "<dir>/<slug>"

``read_tree`` never raises for a user mistake: it returns the records it could
build together with a list of `Issue`s, each naming file, line, field and a fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kb.cache import Cache, Table, digest
from kb.checkspec import INPUT_SHAPES, Measurement
from kb.config import CONFIG_FILE, BaseConfig
from kb.consistency import validate_tree
from kb.datasets import ENTRY_ID, Entry
from kb.errors import Issue, KBError
from kb.files import DATA_DIR, QUESTIONS_DIR, SOURCES_DIR, Known, Seen, contents_of, key_of, read_bytes
from kb.models import Claim, Question, Source
from kb.record import ID_RE, MAX_ID_LENGTH
from kb.tree import CONFIG_KEY, Tree
from kb.yamlfile import Location, YamlProblem, parse_yaml

PLAIN_WORDS = {  # pydantic's errors of type, in an editor's words: (message, hint)
    "float_parsing": ("{value} is not a number", "write digits, e.g. 12, 0.5 or 1.2e3, without words or units"),
    "float_type": ("{value} is not a number", "write digits, e.g. 12, 0.5 or 1.2e3"),
    "int_parsing": ("{value} is not a whole number", "write digits, e.g. 3"),
    "int_type": ("{value} is not a whole number", "write digits, e.g. 3"),
    "finite_number": ("{value} is not a finite number", "write a number such as 1e300, not inf or nan"),
    "string_type": ("{value} is not text", "write the text, in quotes if it looks like a number or a date"),
    "list_type": ("{value} is not a list", "write a list: [a, b] or one '- item' per line"),
    "dict_type": ("{value} is not a mapping", "write `key: value` lines under it"),
}


def _shown(value: Any) -> str:
    """A value an editor wrote, as an error message quotes it (shortened)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


FIELD_HINTS = {
    "url": "write a full address starting with https:// or http://",
    "language": "use a language code such as en or zh",
    "published": "write the date as YYYY-MM-DD",
    "tags": "tags are lower-case words joined by '-', e.g. price-performance",
    "answers": "a question needs two or more answers, each with `label`, `label_zh` and the `claims` that take it",
}


def read_tree(root: Path | str, extra: dict[str, bytes] | None = None, cache: Cache | None = None) -> Tree:
    """Read and validate every record under ``root``; problems go to ``tree.issues``.

    ``extra`` maps paths relative to ``root`` to file contents that are validated
    as if they were on disk (how `kb new` checks a record before writing it).
    With a `Cache`, a file whose bytes were seen before is not parsed again, and a
    folder whose files are all unchanged is not read past their bytes.

    >>> tree = read_tree("tests/data/valid", {"alpha/new.yaml": b"statement: Too short."})
    >>> [str(i) for i in tree.errors][0]
    'tests/data/valid/alpha/new.yaml:1: kind: required field is missing (hint: add `kind: …`)'
    """
    root = Path(root)
    if not root.is_dir():
        raise KBError(f"claims folder not found: {root} (hint: run from the repository root or pass --claims DIR)")
    cache = cache or Cache.disabled()
    added = {root / name: data for name, data in (extra or {}).items()}
    seen = Seen(cache)
    records, tables, contents = contents_of(root, added, seen)
    seen.save()
    key = key_of(root, contents)
    cached: Tree | None = cache.load("tree", key)
    if cached is not None:
        return cached
    tree = Tree(root, key=key)
    parsed = Table(cache, "records")
    for path in records:
        _read_record(tree, path, contents[path], parsed)
    for path in tables:
        _read_dataset(tree, path, contents[path])
    checked = Table(cache, "checked")
    datasets = digest(*(digest(contents[path]) if isinstance(contents[path], bytes) else "" for path in tables))
    validate_tree(tree, checked, datasets)
    parsed.save()
    checked.save()
    cache.save("tree", key, tree)
    return tree


def _read_record(tree: Tree, path: Path, raw: bytes | Known | YamlProblem | None, parsed: Table) -> None:
    relative = path.relative_to(tree.root)
    if relative == Path(CONFIG_FILE):
        _read_config(tree, path, raw)
        return
    folder = relative.parts[0] if len(relative.parts) == 2 else None
    kinds: dict[str | None, tuple[type[BaseModel], dict[str, Any], str]] = {
        SOURCES_DIR: (Source, tree.sources, "source:"),
        QUESTIONS_DIR: (Question, tree.questions, "question:"),
    }
    model, records, prefix = kinds.get(folder, (Claim, tree.claims, ""))
    is_claim = model is Claim
    record_id = relative.with_suffix("").as_posix() if is_claim else relative.stem
    key = prefix + record_id
    display = str(tree.root / relative)
    if key in tree.paths:
        tree.issues.append(
            Issue(
                display,
                0,
                "",
                f"duplicate id {record_id!r}: {tree.paths[key]} has the same id",
                "keep one of the two files",
            )
        )
        return
    tree.paths[key] = display
    if raw is None:
        tree.issues.append(
            Issue(display, 0, "", "symbolic link points outside the claims folder", "copy the file in instead")
        )
        return
    if not _valid_id(tree, key, record_id, relative):
        return
    if isinstance(raw, Known) and not parsed.holds((relative.as_posix(), raw.digest)):
        raw = read_bytes(path, tree.root)  # unchanged, but not in the parse cache: read it after all
    if isinstance(raw, YamlProblem):
        tree.issues.append(Issue(display, raw.line, "", raw.message, raw.hint))
        return
    cache_key = (relative.as_posix(), raw.digest if isinstance(raw, Known) else digest(raw))
    found = parsed.recall(cache_key, lambda: _parse_record(tree, key, model, record_id, raw))  # type: ignore[arg-type]  # a Known file is in the parse cache (held, above): only bytes are ever parsed
    record, tree.lines[key], issues = found
    tree.issues += [replace(issue, path=display) for issue in issues]  # the cache holds any root's name
    if record is not None:
        records[record_id] = record
        if is_claim:
            tree.digests[record_id] = cache_key[1]


def read_config(root: Path | str) -> BaseConfig:
    """The settings of the base in ``root`` (`kb.config`), or the defaults when its crux.yaml is
    missing or has problems (`read_tree` reports them).

    >>> read_config("claims").languages
    ['en', 'zh']
    """
    tree = Tree(Path(root))
    path = tree.root / CONFIG_FILE
    if path.is_file():
        _read_config(tree, path, read_bytes(path, tree.root))
    return tree.config


def _read_config(tree: Tree, path: Path, raw: bytes | Known | YamlProblem | None) -> None:
    """The base's settings (`kb.config`): problems are reported like a record's, and the defaults kept."""
    tree.paths[CONFIG_KEY] = str(path)
    if raw is None:
        tree.issue(CONFIG_KEY, (), "symbolic link points outside the claims folder", "copy the file in instead")
        return
    if isinstance(raw, Known):
        raw = read_bytes(path, tree.root)
    if isinstance(raw, YamlProblem):
        tree.issues.append(Issue(str(path), raw.line, "", raw.message, raw.hint))
        return
    try:
        data, tree.lines[CONFIG_KEY] = parse_yaml(raw)
    except YamlProblem as problem:
        tree.issues.append(Issue(str(path), problem.line, "", problem.message, problem.hint))
        return
    config = _validate_part(tree, CONFIG_KEY, (), BaseConfig, {} if data is None else data)
    if config is not None:
        tree.config = config


def _parse_record(
    tree: Tree, key: str, model: type[BaseModel], record_id: str, raw: bytes
) -> tuple[BaseModel | None, dict[Location, int], list[Issue]]:
    """Parse and validate one record file: (record or None, lines of its keys, its issues)."""
    before = len(tree.issues)
    try:
        data, tree.lines[key] = parse_yaml(raw)
    except YamlProblem as problem:
        tree.issues.append(Issue(tree.paths[key], problem.line, "", problem.message, problem.hint))
        data = None
    record = _validate(tree, key, model, record_id, data) if data is not None else None
    issues = tree.issues[before:]
    del tree.issues[before:]
    return record, tree.lines.get(key, {}), issues


def _read_dataset(tree: Tree, path: Path, text: bytes | YamlProblem | None) -> None:
    key = f"data:{path.stem}"
    tree.paths[key] = str(tree.root / DATA_DIR / path.name)
    if text is None:
        tree.issues.append(
            Issue(tree.paths[key], 0, "", "symbolic link points outside the claims folder", "copy the file in instead")
        )
        return
    try:
        if isinstance(text, YamlProblem):
            raise text
        raw, tree.lines[key] = parse_yaml(text)
    except YamlProblem as problem:
        tree.issues.append(Issue(tree.paths[key], problem.line, "", problem.message, problem.hint))
        return
    entries: dict[str, Entry] = {}
    for entry_id, data in raw.items():
        if not re.match(ENTRY_ID, str(entry_id)):
            tree.issue(key, (entry_id,), f"entry id {entry_id!r} is not valid", "use lower-case a-z, 0-9 and '-'")
            continue
        values = data.get("values") if isinstance(data, dict) else None
        entry = _validate_part(
            tree, key, (entry_id,), Entry, {**data, "values": {}} if isinstance(values, dict) else data
        )
        if entry is not None and isinstance(values, dict):
            measured = {
                name: _validate_part(tree, key, (entry_id, "values", name), Measurement, value)
                for name, value in values.items()
            }
            entries[entry_id] = entry.model_copy(update={"values": {n: m for n, m in measured.items() if m}})
    tree.data.entries[path.stem] = entries


def _validate_part(tree: Tree, key: str, at: Location, model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            message, hint = _explain(model, error)
            tree.issue(key, (*at, *_keys(error)), message, hint)
        return None


def _valid_id(tree: Tree, key: str, record_id: str, relative: Path) -> bool:
    if ID_RE.match(record_id) and len(record_id) <= MAX_ID_LENGTH:
        return True
    slug = "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in relative.stem.lower()).split())
    slug = _free_slug(tree.root / relative.parent, slug or "a-slug", relative.suffix)
    tree.issues.append(
        Issue(
            tree.paths[key],
            0,
            "",
            f"file name gives the id {record_id!r}, which is not a valid id",
            f"ids use lower-case a-z, 0-9 and '-', at most {MAX_ID_LENGTH} characters; rename to {slug}{relative.suffix}",
        )
    )
    return False


def _free_slug(folder: Path, slug: str, suffix: str) -> str:
    """``slug``, or ``slug-2``, ``slug-3``, … : the first name no file in ``folder`` has (a file
    whose name differs only by case would otherwise be suggested a name that is taken)."""
    taken = {p.name.lower() for p in folder.iterdir()} if folder.is_dir() else set()
    name, number = slug, 1
    while f"{name}{suffix}".lower() in taken:
        number += 1
        name = f"{slug}-{number}"
    return name


def _validate(tree: Tree, key: str, model: type[BaseModel], record_id: str, data: dict[str, Any]) -> BaseModel | None:
    if "id" in data:
        tree.issue(key, ("id",), "ids come from the file name", "remove the `id:` line or rename the file")
        data = {k: v for k, v in data.items() if k != "id"}
    try:
        return model.model_validate({**data, "id": record_id})
    except ValidationError as exc:
        for error in exc.errors():
            at = _keys(error)
            message, hint = _explain(model, error)
            tree.issue(key, at, message, hint)
        return None


def _keys(error: ErrorDetails) -> tuple[int | str, ...]:
    """Where in the file ``error`` is: its location without the names pydantic gives the shapes an
    input may take (`kb.models.INPUT_SHAPES`), which are no keys of the file."""
    return tuple(part for part in error["loc"] if part not in INPUT_SHAPES)


def _explain(model: type[BaseModel], error: ErrorDetails) -> tuple[str, str]:
    name = str(error["loc"][-1]) if error["loc"] else ""
    if error["type"] == "missing":
        return "required field is missing", f"add `{name}: …`"
    if error["type"] == "extra_forbidden":
        fields = [f for f in _fields_at(model, error["loc"]) if f != "id"]
        close = difflib.get_close_matches(name, fields, n=1)
        return "unknown field", f"did you mean `{close[0]}`?" if close else f"allowed fields: {', '.join(fields)}"
    if error["type"] in PLAIN_WORDS:
        message, hint = PLAIN_WORDS[error["type"]]
        return message.format(value=_shown(error.get("input"))), hint
    field_name = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "")
    message, _, hint = error["msg"].removeprefix("Value error, ").partition(" (hint: ")  # a validator's own hint
    return message, hint.removesuffix(")") or FIELD_HINTS.get(field_name, "")


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names allowed at ``loc`` (descending into nested models)."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
    return list(model.model_fields)
