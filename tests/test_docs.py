"""Docs that cannot rot: every public function, method, property and command shows an example that runs.

The ``>>>`` examples of functions, methods and properties run as doctests (``--doctest-modules``);
doctest does not look inside ``functools.cached_property``, so those run here. Each command's
``--help`` ends with an ``Example:`` block whose lines run here, on a copy of the shipped claims.
"""

from __future__ import annotations

import doctest
import functools
import inspect
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import kb
from kb import analysis, editing, errors, explanation, formats, graph, models, propagation, semantics, store
from kb.base import KnowledgeBase
from render.cli import main
from tests.conftest import REPO, commit, git

# The modules docs/api.md documents.
MODULES = [
    graph,
    semantics,
    propagation,
    analysis,
    explanation,
    editing,
    formats,
    store,
    errors,
    models,
]
# Commands whose examples need something a test cannot give: a running server, or a PostgreSQL URL.
# Their examples are parsed (every option must exist) but not run.
NOT_RUN = {"serve": "serves until stopped", "index": "its example names a PostgreSQL server"}


def members(cls: type) -> Iterator[tuple[str, Any]]:
    """The public functions, properties, cached properties, class and static methods that ``cls`` defines."""
    for name, obj in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(obj, classmethod | staticmethod):
            obj = obj.__func__
        if inspect.isfunction(obj) or isinstance(obj, property | functools.cached_property):
            yield f"{cls.__name__}.{name}", obj


def defined_in(module: ModuleType) -> Iterator[tuple[str, Any]]:
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield f"{module.__name__}.{name}", obj
        elif inspect.isclass(obj):
            yield from ((f"{module.__name__}.{n}", o) for n, o in members(obj))


def public_api() -> dict[str, Any]:
    found = dict(item for module in MODULES for item in defined_in(module))
    for name in kb.__all__:
        obj = getattr(kb, name)
        if inspect.isfunction(obj):
            found[f"kb.{name}"] = obj
    found.update((f"kb.base.{n}", o) for n, o in members(KnowledgeBase))
    return found


def docstring(obj: Any) -> str:
    if isinstance(obj, property):
        obj = obj.fget
    elif isinstance(obj, functools.cached_property):
        obj = obj.func
    return inspect.getdoc(obj) or ""


def examples(text: str) -> list[doctest.Example]:
    return doctest.DocTestParser().get_examples(text)


API = public_api()
WAYS_IN = {"load": kb.load, "read_tree": kb.read_tree}  # as the root conftest.py gives every doctest


@pytest.mark.parametrize("name", sorted(API))
def test_public_api_has_an_example(name: str, monkeypatch) -> None:
    obj = API[name]
    assert examples(docstring(obj)), f"{name} needs a docstring with a >>> example"
    if isinstance(obj, functools.cached_property):  # doctest's finder skips these: run the example here
        monkeypatch.chdir(REPO)
        test = doctest.DocTestParser().get_doctest(docstring(obj), {**obj.func.__globals__, **WAYS_IN}, name, None, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0, f"{name}'s example fails"


def example_lines(command: str) -> list[str]:
    """The lines of a command's ``Example:`` block, continuation lines joined, each ``&&`` part apart."""
    help_text = main.commands[command].get_help(main.make_context("kb", [command, "--help"], resilient_parsing=True))
    block = help_text.split("Example:", 1)[1].split("\n\n", 1)[0].replace("\\\n", " ")
    return [part.strip() for line in block.splitlines() if line.strip() for part in line.split("&&")]


# Examples that build the site or the SQL index of the shipped base take seconds.
SLOW_EXAMPLES = {"build", "query"}
IN_GIT = {"diff", "history"}  # their examples read the claims folder's git history: two commits here


@pytest.mark.parametrize(
    "command", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW_EXAMPLES else c for c in sorted(main.commands)]
)
def test_every_command_has_an_example_that_runs(command: str, runner, tmp_path: Path, monkeypatch) -> None:
    assert "Example:" in main.commands[command].help, f"kb {command} --help needs an Example: block"
    lines = example_lines(command)
    assert lines, f"kb {command}'s Example: block is empty"
    shutil.copytree(REPO / "claims", tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    if command in IN_GIT:
        git(tmp_path, "init", "-q")
        commit(tmp_path, "The shipped claims")
        (tmp_path / "claims/fu/fp4-9x-flops.yaml").unlink()
        commit(tmp_path, "Drop one claim")
    for line in lines:
        words = shlex.split(line.split(" | ")[0].split(" > ")[0])  # the kb part of a pipe or a redirect
        assert words[:2] == ["kb", command], f"an example of kb {command} runs something else: {line}"
        main.make_context("kb", words[1:])  # every option and argument is one the command has
        if command in NOT_RUN:
            continue
        result = runner.invoke(main, words[1:])
        assert result.exit_code == 0 and result.exception is None, f"{line}\n{result.output}"
