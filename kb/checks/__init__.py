"""Checks: recompute a claim's number from sourced inputs and judge it.

Importing this package registers the built-in check kinds (`kb.checks.kinds`).
"""

from kb.checks import kinds as _kinds  # noqa: F401 - imported to register the built-in kinds
from kb.checks.evaluate import ReadingResult, Result, run_check, unchecked
from kb.checks.inputs import InputRow
from kb.checks.registry import REGISTRY, CheckKind, In, Step, Trace, register

__all__ = [
    "REGISTRY",
    "CheckKind",
    "In",
    "InputRow",
    "ReadingResult",
    "Result",
    "Step",
    "Trace",
    "register",
    "run_check",
    "unchecked",
]
