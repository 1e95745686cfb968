"""The exception hierarchy of Crux and the `Issue` record that validation reports.

The library raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a claims tree, located by file, line and field.

    >>> str(Issue("claims/fu/x.yaml", 3, "kind", "not a known kind", hint="use one of: qualitative"))
    'claims/fu/x.yaml:3: kind: not a known kind (hint: use one of: qualitative)'

    Control characters print escaped, so that a file named with a line break cannot forge a
    line of the report:

    >>> print(Issue("claims/a\\nerror: b.yaml", 0, "", "cannot read the file"))
    claims/a\\nerror: b.yaml: cannot read the file
    """

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return _printable(f"{text} (hint: {self.hint})" if self.hint else text)


def _printable(text: str) -> str:
    """``text`` with its control characters escaped as Python writes them (``\\n``, ``\\x1b``)."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) == "Cc" else c for c in text)


class KBError(Exception):
    """Base class of every error Crux raises on purpose."""


class SettingError(KBError):
    """A setting from the environment or the command line is not usable (the ``kb`` command exits 2,
    as for any other usage error)."""


def failing(issues: list[Issue], strict: bool) -> list[Issue]:
    """The issues that fail validation: errors, and with ``strict`` warnings too (never ``info``).

    >>> issues = [Issue("a.yaml", 3, "tags", "unknown tag", severity="warning"), Issue("b.yaml", 1, "", "no source")]
    >>> [i.path for i in failing(issues, strict=False)], [i.path for i in failing(issues, strict=True)]
    (['b.yaml'], ['a.yaml', 'b.yaml'])
    """
    return [i for i in issues if i.severity == "error" or (strict and i.severity == "warning")]


class InvalidBase(KBError):
    """The claims tree has errors; `issues` lists every one of them."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the claims tree")


class UnknownClaim(KBError, KeyError):
    """A claim id that the knowledge base does not hold."""

    def __str__(self) -> str:
        return f"no claim with id {self.args[0]!r}"


class BuildError(KBError):
    """The site could not be built; the previous site is left as it was."""
