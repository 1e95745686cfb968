"""Crux: a claim-tracking knowledge base.

>>> import kb
>>> base = kb.load("tests/data/valid")
>>> len(base)
3

The names below are imported on first use, so that a light module (such as
`kb.files`, which tells ``kb build`` that nothing changed) does not load them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kb.errors import BuildError, InvalidBase, Issue, KBError, UnknownClaim

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.loader import load
    from kb.models import Claim, ClaimKind, Quote, Source, SourceKind
    from kb.records import read_tree

_LAZY = {
    "KnowledgeBase": "kb.base",
    "load": "kb.loader",
    "read_tree": "kb.records",
    **dict.fromkeys(["Claim", "ClaimKind", "Quote", "Source", "SourceKind"], "kb.models"),
}

__all__ = [
    "BuildError",
    "Claim",
    "ClaimKind",
    "InvalidBase",
    "Issue",
    "KBError",
    "KnowledgeBase",
    "Quote",
    "Source",
    "SourceKind",
    "UnknownClaim",
    "load",
    "read_tree",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
