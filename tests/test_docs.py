"""Docs that cannot rot: every public function, method and command shows an example."""

from __future__ import annotations

import inspect

import pytest

import kb
from kb import editing, formats, graph, semantics, store
from kb.base import KnowledgeBase
from kb.cli import main

MODULES = [graph, semantics, editing, formats, store]


def public_functions():
    for module in MODULES:
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and not name.startswith("_") and obj.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", obj
    for name in kb.__all__:
        obj = getattr(kb, name)
        if inspect.isfunction(obj):
            yield f"kb.{name}", obj
    for name, obj in vars(KnowledgeBase).items():
        if not name.startswith("_") and (inspect.isfunction(obj) or isinstance(obj, (property,))):
            yield f"KnowledgeBase.{name}", obj


def has_example(obj) -> bool:
    doc = inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""
    return ">>>" in doc or "Example" in doc


@pytest.mark.parametrize(
    ("name", "obj"), sorted(public_functions(), key=lambda t: t[0]), ids=lambda v: v if isinstance(v, str) else ""
)
def test_public_function_has_a_docstring_with_an_example(name, obj) -> None:
    assert has_example(obj), f"{name} needs a docstring with an example (>>> …)"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_cli_command_help_has_an_example(runner, command) -> None:
    help_text = runner.invoke(main, [command, "--help"]).output
    assert "Example:" in help_text, command
