"""A griffe extension for the API reference: doctest blocks in docstrings become code blocks.

Crux's docstrings hold ``>>>`` examples in plain text (they run as doctests). Rendered as Markdown,
their output lines such as ``['beta/answer']`` read as reference links; fenced as ``pycon`` they show
as the examples they are. Only the rendering changes: the docstrings in ``kb/`` are left alone.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    r"""Wrap each run of lines that starts at a ``>>>`` prompt and ends at a blank line in a fence.

    >>> fence_doctests("Example:\n>>> 1 + 1\n2\n\nMore.").splitlines()
    ['Example:', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        if not fenced and line.startswith(">>>"):
            out.append("```pycon")
            fenced = True
        elif fenced and not line.strip():
            out.append("```")
            fenced = False
        out.append(line)
    if fenced:
        out.append("```")
    return "\n".join(out)


class FenceDoctests(griffe.Extension):
    """Fence the doctest blocks of every docstring griffe loads."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """A package's own docstring (``kb/__init__.py``), which ``on_object`` is not called for."""
        self.on_object(obj=pkg, loader=loader)
