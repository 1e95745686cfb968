"""The checks that look across a tree's files, once each file is read: references between records,
support cycles, archives and quotes, places in a source, datasets and check specs, and lint.

Each records its problems in the `Tree` with file, line and a hint; the costly ones are remembered
in a `Table` by what they read (the support edges, a quote and its archive, a check and the datasets).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import partial
from typing import Any

from kb.cache import Table, digest
from kb.checks.validate import measurement_problems, spec_problems
from kb.checkspec import Measurement
from kb.config import CONFIG_FILE, LANGUAGE_NAMES
from kb.files import SOURCES_DIR
from kb.graph import build_graph, loops
from kb.lint import claim_hits, lint
from kb.models import Claim, ClaimKind, Question, editorial_texts
from kb.quotes import MAX_SPLICE_GAP, closest_passage, find_quote, quoted_spans, spliced_apart
from kb.tree import CONFIG_KEY, Tree
from kb.yamlfile import Location, YamlProblem, read_limited


def validate_tree(tree: Tree, checked: Table, data_key: str) -> None:
    """The checks that look across files: references, cycles, quotes, data, lint. ``checked``
    remembers the costly ones by what they read (the support edges, a quote and its archive, a check
    and the datasets)."""
    _check_languages(tree)
    _check_references(tree)
    _report_cycles(tree, checked)
    _read_archives(tree)
    _check_quotes(tree, checked)
    _check_places(tree, checked)
    _check_data(tree, checked, data_key)

    def alone(claim: Claim) -> list[Any]:  # a claim's own warnings, remembered by its file and the datasets
        key = ("lint", claim.id, tree.digests.get(claim.id) or digest(claim.model_dump_json()), data_key)
        return checked.recall(key, partial(list, claim_hits(claim, tree.data)))  # type: ignore[no-any-return]

    for claim_id, at, message, hint in lint(tree.claims, tree.data, tree.questions, alone):
        tree.issue(claim_id, at, message, hint, "warning")
    tree.issues.sort(key=lambda i: (i.path, i.line, i.field, i.message))


def _check_languages(tree: Tree) -> None:
    """Each text readers see is given in each of the base's languages (``languages`` in
    crux.yaml) and in no other: an English ``statement``, ``label`` and ``question``, a Chinese
    ``statement_zh``, ``label_zh`` and ``question_zh``; editorial texts only in its languages."""
    texts: list[tuple[str, str, Location, str]] = []  # language, record key, key path, text
    for claim_id, claim in tree.claims.items():
        texts += [
            ("en", claim_id, ("statement",), claim.statement),
            ("zh", claim_id, ("statement_zh",), claim.statement_zh),
        ]
        for i, a in enumerate(claim.arguments):
            texts += [
                ("en", claim_id, ("arguments", i, "label"), a.label),
                ("zh", claim_id, ("arguments", i, "label_zh"), a.label_zh),
            ]
    for question_id, question in tree.questions.items():
        key = f"question:{question_id}"
        texts += [("en", key, ("question",), question.question), ("zh", key, ("question_zh",), question.question_zh)]
        for i, answer in enumerate(question.answers):
            texts += [
                ("en", key, ("answers", i, "label"), answer.label),
                ("zh", key, ("answers", i, "label_zh"), answer.label_zh),
            ]
    languages = ", ".join(tree.config.languages)
    for lang, key, at, text in texts:
        written = lang in tree.config.languages
        if written and not text.strip():
            tree.issue(
                key,
                at,
                "required field is missing",
                f"add `{at[-1]}: …`; the base is written in {languages} (crux.yaml)",
            )
        elif not written and text.strip():
            tree.issue(
                key,
                at,
                f"the base is not written in {LANGUAGE_NAMES[lang]} (its languages: {languages})",
                f"remove `{at[-1]}`, or add {lang} to the languages in {CONFIG_FILE}",
            )
    used = {tag for claim in tree.claims.values() for tag in claim.tags}
    for tag in sorted(set(tree.config.tags) - used):
        tree.issue(
            CONFIG_KEY,
            ("tags", tag),
            f"names tag {tag!r}, which no claim has",
            "remove it, or mend its spelling",
            "warning",
        )
    for key, at, words in editorial_texts(tree.claims, tree.questions, tree.sources):
        for lang in words if isinstance(words, dict) else ():
            if lang not in tree.config.languages:
                tree.issue(
                    key,
                    (*at, lang),
                    f"given in {lang}, which is not among the base's languages ({languages})",
                    f"remove `{lang}: …`, or add {lang} to the languages in {CONFIG_FILE}",
                )


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
                _link_problem(tree, claim_id, at, target)
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
                _link_problem(tree, claim_id, at, premise)
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
                _link_problem(tree, key, at, claim_id)
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


def _link_problem(tree: Tree, key: str, at: Location, claim_id: str) -> None:
    """Report a link from record ``key`` to ``claim_id``, which is not among the valid claims: a
    note when its file has errors of its own (reported there: one mistake, one error), else an
    unknown claim."""
    if claim_id in tree.paths:
        tree.issue(key, at, f"links to {claim_id!r}, whose file has errors", f"fix {tree.paths[claim_id]}", "info")
    else:
        tree.issue(key, at, f"unknown claim {claim_id!r}", _did_you_mean(claim_id, tree.claims))


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
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link round a loop
        inside = True  # reading it says so
    if not inside:
        tree.issue(key, ("archive",), "archive must be a file inside the sources folder", f"put it in {folder}")
    elif not path.exists() and not path.is_symlink():
        tree.issue(
            key, ("archive",), f"archive file not found: {path}", f"add the text copy at {path} or remove `archive:`"
        )
    else:
        try:
            tree.archives[source_id] = read_limited(path, limit=None).decode("utf-8-sig")
        except YamlProblem as problem:
            tree.issue(key, ("archive",), f"archive {path}: {problem.message}", problem.hint)
        except OSError as exc:
            tree.issue(
                key, ("archive",), f"archive {path}: cannot read the file: {exc.strerror}", "check its permissions"
            )
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
                elif checked.recall(
                    ("splice", digest(quote.text), archived[quote.source]), partial(spliced_apart, quote.text, archive)
                ):
                    tree.issue(
                        claim_id,
                        ("quotes", index, "text"),
                        f"the fragments this quote joins with … lie more than {MAX_SPLICE_GAP} characters apart "
                        f"in the archive of {quote.source!r}",
                        "quote each passage as a quote of its own, or join only words of one passage",
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
                ("check", digest(spec.model_dump_json()), data_key, tree.config.primary),
                partial(list, spec_problems(spec, tree.data, tree.config.primary)),  # runs only if derived
            )
            for at, message, hint in problems:
                tree.issue(claim_id, at, message, hint)
