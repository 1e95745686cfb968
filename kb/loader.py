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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kb.cache import Cache, Table, digest
from kb.checks.validate import measurement_problems, spec_problems
from kb.datasets import ENTRY_ID, Datasets, Entry
from kb.errors import Issue, KBError, Severity
from kb.files import DATA_DIR, QUESTIONS_DIR, SOURCES_DIR, Known, Seen, contents_of, key_of, read_bytes
from kb.graph import build_graph, loops
from kb.lint import lint
from kb.models import ID_RE, MAX_ID_LENGTH, Claim, ClaimKind, Measurement, Question, Source
from kb.quotes import closest_passage, find_quote, quoted_spans
from kb.yamlfile import Location, YamlProblem, parse_yaml

FIELD_HINTS = {
    "url": "write a full address starting with https:// or http://",
    "language": "use a language code such as en or zh",
    "published": "write the date as YYYY-MM-DD",
    "tags": "tags are lower-case words joined by '-', e.g. price-performance",
    "answers": "a question needs two or more answers, each with `label`, `label_zh` and the `claims` that take it",
}


@dataclass
class Tree:
    """Everything read from a claims folder, before any graph is built."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    lines: dict[str, dict[Location, int]] = field(default_factory=dict)
    archives: dict[str, str] = field(default_factory=dict)
    data: Datasets = field(default_factory=Datasets)
    issues: list[Issue] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # claim id → digest of its file's bytes
    key: str = ""  # digest of everything read (see `kb.files.tree_key`)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def issue(self, record_id: str, at: Location, message: str, hint: str = "", severity: Severity = "error") -> None:
        """Record a problem located at key path ``at`` of record ``record_id``."""
        self.issues.append(self.located(record_id, at, message, hint, severity))

    def located(
        self, record_id: str, at: Location, message: str, hint: str = "", severity: Severity = "error"
    ) -> Issue:
        """A problem at key path ``at`` of record ``record_id``: its file, and the line of ``at`` (or
        of the nearest key above it that has one), without recording it."""
        lines = self.lines.get(record_id, {})
        line = next((lines[at[:n]] for n in range(len(at), -1, -1) if at[:n] in lines), 0)
        name = ".".join(str(part) for part in at)
        return Issue(self.paths[record_id], line, name, message, hint, severity)


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
    _validate_tree(tree, checked, datasets)
    parsed.save()
    checked.save()
    cache.save("tree", key, tree)
    return tree


def _validate_tree(tree: Tree, checked: Table, data_key: str) -> None:
    """The checks that look across files: references, cycles, quotes, data, lint. ``checked``
    remembers the costly ones by what they read (the support edges, a quote and its archive, a check
    and the datasets)."""
    _check_references(tree)
    _report_cycles(tree, checked)
    _read_archives(tree)
    _check_quotes(tree, checked)
    _check_places(tree, checked)
    _check_data(tree, checked, data_key)
    for claim_id, at, message, hint in lint(tree.claims, tree.data, tree.questions):
        tree.issue(claim_id, at, message, hint, "warning")
    tree.issues.sort(key=lambda i: (i.path, i.line, i.field, i.message))


def _read_record(tree: Tree, path: Path, raw: bytes | Known | YamlProblem | None, parsed: Table) -> None:
    relative = path.relative_to(tree.root)
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
            tree.issue(key, (*at, *error["loc"]), message, hint)
        return None


def _valid_id(tree: Tree, key: str, record_id: str, relative: Path) -> bool:
    if ID_RE.match(record_id) and len(record_id) <= MAX_ID_LENGTH:
        return True
    slug = "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in relative.stem.lower()).split())
    tree.issues.append(
        Issue(
            tree.paths[key],
            0,
            "",
            f"file name gives the id {record_id!r}, which is not a valid id",
            f"ids use lower-case a-z, 0-9 and '-', at most {MAX_ID_LENGTH} characters; rename to {slug or 'a-slug'}{relative.suffix}",
        )
    )
    return False


def _validate(tree: Tree, key: str, model: type[BaseModel], record_id: str, data: dict[str, Any]) -> BaseModel | None:
    if "id" in data:
        tree.issue(key, ("id",), "ids come from the file name", "remove the `id:` line or rename the file")
        data = {k: v for k, v in data.items() if k != "id"}
    try:
        return model.model_validate({**data, "id": record_id})
    except ValidationError as exc:
        for error in exc.errors():
            at = tuple(error["loc"])
            message, hint = _explain(model, error)
            tree.issue(key, at, message, hint)
        return None


def _explain(model: type[BaseModel], error: ErrorDetails) -> tuple[str, str]:
    name = str(error["loc"][-1]) if error["loc"] else ""
    if error["type"] == "missing":
        return "required field is missing", f"add `{name}: …`"
    if error["type"] == "extra_forbidden":
        fields = [f for f in _fields_at(model, error["loc"]) if f != "id"]
        close = difflib.get_close_matches(name, fields, n=1)
        return "unknown field", f"did you mean `{close[0]}`?" if close else f"allowed fields: {', '.join(fields)}"
    field_name = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "")
    return error["msg"].removeprefix("Value error, "), FIELD_HINTS.get(field_name, "")


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


def _check_references(tree: Tree) -> None:
    for claim_id, claim in tree.claims.items():
        _check_source_ref(tree, claim_id, ("source",), claim.source)
        for index, quote in enumerate(claim.quotes):
            _check_source_ref(tree, claim_id, ("quotes", index, "source"), quote.source)
        targets: dict[str, str] = {}
        for relation, index, target in claim.relations():
            at = (relation, index)
            if target == claim_id:
                tree.issue(claim_id, at, "a claim cannot " + relation[:-1] + " itself", f"remove {target!r}")
            elif target not in tree.claims:
                tree.issue(claim_id, at, f"unknown claim {target!r}", _did_you_mean(target, tree.claims))
            elif target in targets:
                tree.issue(
                    claim_id, at, f"{target!r} is already listed under {targets[target]}", "list each target once"
                )
            targets[target] = relation
        _check_arguments(tree, claim_id, claim)
    for question_id, question in tree.questions.items():
        _check_question(tree, question_id, question)


def _check_arguments(tree: Tree, claim_id: str, claim: Claim) -> None:
    for index, argument in enumerate(claim.arguments):
        if len(argument.premises) < 2:
            tree.issue(
                claim_id,
                ("arguments", index, "premises"),
                "a linked argument needs two or more premises",
                "list one premise under `supports:` of its own file instead: alone, it supports the claim",
            )
        listed: set[str] = set()
        for position, premise in enumerate(argument.premises):
            at = ("arguments", index, "premises", position)
            if premise == claim_id:
                tree.issue(claim_id, at, "a claim cannot be a premise of its own argument", f"remove {premise!r}")
            elif premise not in tree.claims:
                tree.issue(claim_id, at, f"unknown claim {premise!r}", _did_you_mean(premise, tree.claims))
            elif premise in listed:
                tree.issue(claim_id, at, f"{premise!r} is already a premise of this argument", "list each premise once")
            listed.add(premise)


def _check_question(tree: Tree, question_id: str, question: Question) -> None:
    key = f"question:{question_id}"
    taken: dict[str, int] = {}  # claim id → the answer it takes
    for index, answer in enumerate(question.answers):
        for position, claim_id in enumerate(answer.claims):
            at: Location = ("answers", index, "claims", position)
            if claim_id not in tree.claims:
                tree.issue(key, at, f"unknown claim {claim_id!r}", _did_you_mean(claim_id, tree.claims))
            elif claim_id in taken:
                where = (
                    "this answer"
                    if taken[claim_id] == index
                    else f"answer {taken[claim_id] + 1} ({question.answers[taken[claim_id]].label!r})"
                )
                tree.issue(
                    key, at, f"{claim_id!r} already takes {where}", "a claim takes one answer of a question, once"
                )
            taken.setdefault(claim_id, index)
    for position, ref in enumerate(question.settled_by):
        at = ("settled_by", position)
        if ref in tree.claims:
            if tree.claims[ref].check is None and tree.claims[ref].kind != ClaimKind.prediction:
                tree.issue(
                    key,
                    at,
                    f"{ref!r} has neither a check nor a resolution that could settle the question",
                    "name a claim with a `check:`, a prediction, or a dataset value",
                )
        elif not tree.data.has(ref):
            tree.issue(
                key,
                at,
                f"{ref!r} is neither a claim nor a dataset value",
                _did_you_mean(ref, {**tree.claims, **dict.fromkeys(tree.data.refs())})
                or "write a claim id or <dataset>.<entry>.<value>",
            )


def _report_cycles(tree: Tree, checked: Table) -> None:
    """Support cycles are allowed (strengths are found by iteration) but worth knowing about."""
    supports = digest(*(f"{claim_id}>{' '.join(c.supports)}" for claim_id, c in tree.claims.items()))
    found = checked.recall(("cycles", supports), lambda: list(loops(build_graph(tree.claims.values()), "supports")))
    for cycle, size in found:
        path = " → ".join([*cycle, cycle[0]])
        more = f" (one of the cycles among {size} claims that support each other)" if size > len(cycle) else ""
        tree.issue(
            cycle[0], ("supports",), f"support cycle: {path}{more}", "allowed; check that it is intended", "info"
        )


def _check_source_ref(tree: Tree, claim_id: str, at: Location, ref: str) -> None:
    if ref in tree.sources:
        return
    if ref in tree.claims:
        tree.issue(claim_id, at, f"{ref!r} is a claim, not a source", f"name a file of {tree.root / SOURCES_DIR}")
    else:
        tree.issue(
            claim_id,
            at,
            f"unknown source {ref!r}",
            _did_you_mean(ref, tree.sources) or f"add {tree.root / SOURCES_DIR / ref}.yaml",
        )


def _did_you_mean(ref: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _read_archives(tree: Tree) -> None:
    for source_id, source in tree.sources.items():
        if source.archive is not None:
            _read_archive(tree, source_id, source.archive)


def _read_archive(tree: Tree, source_id: str, archive: str) -> None:
    folder = tree.root / SOURCES_DIR
    path = folder / archive
    key = f"source:{source_id}"
    if not path.resolve().is_relative_to(folder.resolve()):
        tree.issue(key, ("archive",), "archive must be a file inside the sources folder", f"put it in {folder}")
    elif not path.is_file():
        tree.issue(
            key, ("archive",), f"archive file not found: {path}", f"add the text copy at {path} or remove `archive:`"
        )
    else:
        try:
            tree.archives[source_id] = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            tree.issue(key, ("archive",), f"archive is not UTF-8 text: {path}", "re-save it as UTF-8")


def _check_quotes(tree: Tree, checked: Table) -> None:
    archived = {source: digest(text) for source, text in tree.archives.items()}
    for claim_id, claim in tree.claims.items():
        for index, quote in enumerate(claim.quotes):
            archive = tree.archives.get(quote.source)
            if archive is not None:
                passage = checked.recall(
                    ("quote", digest(quote.text), archived[quote.source]),
                    partial(closest_passage, quote.text, archive),
                )
                if passage != "":
                    tree.issue(
                        claim_id,
                        ("quotes", index, "text"),
                        f"quote not found in the archive of {quote.source!r}",
                        f"closest passage: {passage!r}" if passage else "copy the words exactly from the source",
                    )


def _check_places(tree: Tree, checked: Table) -> None:
    """Words that a sourced value's ``at`` quotes must occur in its source's archive, where it has one."""
    archived = {source: digest(text) for source, text in tree.archives.items()}
    for key, at, measurement in _measurements(tree):
        archive = tree.archives.get(measurement.source)
        if archive is None:
            continue
        for span in quoted_spans(measurement.at):
            passage = checked.recall(
                ("quote", digest(span), archived[measurement.source]),
                partial(closest_passage, span, archive),
            )
            if passage != "":
                elsewhere = [
                    s for s, text in sorted(tree.archives.items()) if s != measurement.source and find_quote(span, text)
                ]
                hint = (
                    f"the words occur in the archive of {elsewhere[0]!r}: cite that source"
                    if elsewhere
                    else f"closest passage: {passage!r}"
                    if passage
                    else "copy the words exactly from the source"
                )
                tree.issue(
                    key, (*at, "at"), f"quoted words {span!r} not found in the archive of {measurement.source!r}", hint
                )


def _measurements(tree: Tree) -> Iterator[tuple[str, Location, Measurement]]:
    """Every sourced value written in the tree: dataset values, then the literal inputs of checks."""
    for dataset, entries in tree.data.entries.items():
        for entry_id, entry in entries.items():
            for name, measurement in entry.values.items():
                yield f"data:{dataset}", (entry_id, "values", name), measurement
    for claim_id, claim in tree.claims.items():
        if claim.check is None:
            continue
        given = [(("check", "inputs"), claim.check.inputs)] + [
            (("check", "readings", i, "inputs"), r.inputs) for i, r in enumerate(claim.check.readings)
        ]
        for at, inputs in given:
            for name, value in inputs.items():
                items = enumerate(value) if isinstance(value, list) else [(None, value)]
                for index, item in items:
                    if isinstance(item, Measurement):
                        yield claim_id, (*at, name) if index is None else (*at, name, index), item


def _check_data(tree: Tree, checked: Table, data_key: str) -> None:
    sources = set(tree.sources)
    for dataset, entries in tree.data.entries.items():
        for entry_id, entry in entries.items():
            for name, measurement in entry.values.items():
                for at, message, hint in measurement_problems(measurement, (entry_id, "values", name), sources):
                    tree.issue(f"data:{dataset}", at, message, hint)
    for claim_id, claim in tree.claims.items():
        if claim.check is not None:
            spec = claim.check
            problems = checked.recall(
                ("check", digest(spec.model_dump_json()), data_key),
                partial(list, spec_problems(spec, tree.data)),  # the generator runs only if derived
            )
            for at, message, hint in problems:
                tree.issue(claim_id, at, message, hint)
