"""Crux: a claim-tracking knowledge base.

>>> import kb
>>> base = kb.load("tests/data/valid")
>>> len(base)
3
"""

from kb.base import KnowledgeBase, load
from kb.errors import BuildError, InvalidBase, Issue, KBError, UnknownClaim
from kb.loader import read_tree
from kb.models import Claim, ClaimKind, Quote, Source, SourceKind

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
