"""Hostile check inputs: division by zero, negative and absurd values — an `error` verdict, never a crash."""

from __future__ import annotations

import pytest

import kb
from tests.hostile.conftest import CLAIM

CHECK = (
    CLAIM.format(statement="The fast GPU is twice as fast.")
    + """check:
  kind: {kind}
  inputs:
{inputs}
  expect: {{comparator: at_least, value: 1}}
"""
)

LITERAL = '{{value: {v}, unit: "{u}", source: s, at: p}}'

CASES = {
    "zero old peak": ("peak-ratio", {"new": ("1000", "TFLOP/s"), "old": ("0", "TFLOP/s")}),
    "zero gpu hours": (
        "mfu-from-gpu-hours",
        {
            "params": ("1e9", "param"),
            "tokens": ("1e12", "token"),
            "gpu_hours": ("0", "GPU*hour"),
            "peak": ("1000", "TFLOP/s"),
        },
    ),
    "zero bandwidth": (
        "decode-mfu",
        {
            "mbu": ("0.7", "1"),
            "batch_size": ("1", "1"),
            "bytes_per_param": ("2", "B/param"),
            "peak": ("989", "TFLOP/s"),
            "bandwidth": ("0", "TB/s"),
        },
    ),
    "current mfu zero": (
        "usable-flops-multiple",
        {
            "new_peak": ("9000", "TFLOP/s"),
            "old_peak": ("2000", "TFLOP/s"),
            "current_mfu": ("0", "1"),
            "target_mfu": ("0.4", "1"),
        },
    ),
    "utilisation above one": (
        "usable-flops-multiple",
        {
            "new_peak": ("9000", "TFLOP/s"),
            "old_peak": ("2000", "TFLOP/s"),
            "current_mfu": ("0.2", "1"),
            "target_mfu": ("7", "1"),
        },
    ),
    "zero exponential rate": (
        "attention-exp-ratio",
        {
            "head_dim": ("128", "1"),
            "tensor_flops_per_clock_per_sm": ("8192", "FLOP/clock"),
            "exp_per_clock_per_sm": ("0", "exp/clock"),
        },
    ),
    "negative head dim": (
        "attention-exp-ratio",
        {
            "head_dim": ("-128", "1"),
            "tensor_flops_per_clock_per_sm": ("8192", "FLOP/clock"),
            "exp_per_clock_per_sm": ("16", "exp/clock"),
        },
    ),
    "huge exponent": (
        "compute-multiple-for-loss-reduction",
        {
            "e": ("1.7", "1"),
            "a": ("400", "1"),
            "b": ("400", "1"),
            "alpha": ("1e-300", "1"),
            "beta": ("1e-300", "1"),
            "factor": ("2", "1"),
        },
    ),
}


def spec(kind: str, inputs: dict[str, tuple[str, str]]) -> str:
    lines = "\n".join(f"    {name}: " + LITERAL.format(v=v, u=u) for name, (v, u) in inputs.items())
    return CHECK.format(kind=kind, inputs=lines)


@pytest.mark.slow  # a site build per case
@pytest.mark.parametrize("case", sorted(CASES))
def test_impossible_inputs_give_an_error_verdict_and_the_build_goes_on(case, tree, tmp_path) -> None:
    from render.build import build_site

    root = tree({"a/bad.yaml": spec(*CASES[case])})
    base = kb.load(root)
    result = base.result("a/bad")
    assert result.verdict == "error", (case, result)
    assert result.message
    build_site(base, tmp_path / "site")
    assert (tmp_path / "site" / "claims" / "a" / "bad" / "index.html").is_file()
    with pytest.raises(kb.InvalidBase):
        kb.load(root, strict=True)
