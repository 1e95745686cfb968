"""Regressions caught where editors work: a verdict other than ``expected_verdict`` and a prediction
past its date fail ``kb check`` / ``kb validate --strict``, naming the file, the line and the field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kb.expectations import unexpected_verdicts
from kb.loader import inspect
from render.cli import main
from tests.conftest import REPO


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "claims", tmp_path / "claims"))


def expect(claims: Path, claim: str, old: str, new: str) -> Path:
    path = claims / f"{claim}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_flipped_verdict_fails_kb_check_and_validate_strict(claims: Path, runner) -> None:
    path = expect(claims, "fu/fp4-9x-flops", "expected_verdict: inconclusive", "expected_verdict: supported")
    line = path.read_text(encoding="utf-8").splitlines().index("expected_verdict: supported") + 1

    checked = runner.invoke(main, ["check", "--claims", str(claims)])
    assert checked.exit_code == 1
    assert "fu/fp4-9x-flops: the check says inconclusive, the file expects supported" in checked.output

    strict = runner.invoke(main, ["validate", "--strict", "--claims", str(claims)])
    assert strict.exit_code == 1
    report = [row for row in strict.output.splitlines() if "[expected-verdict]" in row]
    assert len(report) == 1, strict.output  # one mistake, reported once
    assert f"fu/fp4-9x-flops.yaml:{line}: expected_verdict: its check now says inconclusive" in report[0]
    assert "the file expects supported" in report[0] and "nearest its flip:" in report[0]

    assert runner.invoke(main, ["validate", "--claims", str(claims)]).exit_code == 0  # a warning, not an error
    assert runner.invoke(main, ["check", "--claims", str(claims), "fu/deepseek-v3-mfu-20pct"]).exit_code == 0


def test_the_shipped_base_expects_what_its_checks_say(shipped, runner) -> None:
    assert unexpected_verdicts(shipped) == {}
    assert runner.invoke(main, ["check", "--claims", str(REPO / "claims")]).exit_code == 0


def test_an_open_prediction_past_its_date_is_a_warning_until_its_status_is_set(claims: Path) -> None:
    claim = "fu/accelerated-waiting"
    _, issues = inspect(claims, today=dt.date(2027, 6, 30))
    assert not [i for i in issues if "[prediction-due]" in i.message], "due on the day itself: not yet"

    _, issues = inspect(claims, today=dt.date(2027, 7, 1))
    due = [i for i in issues if "[prediction-due]" in i.message and i.path.endswith(f"{claim}.yaml")]
    assert len(due) == 1 and due[0].field == "status" and due[0].severity == "warning"
    assert "came due on 2027-06-30 and is still open" in due[0].message and due[0].line > 0

    expect(claims, claim, "status: open", "status: ambiguous")
    _, issues = inspect(claims, today=dt.date(2027, 7, 1))
    assert not [i for i in issues if "[prediction-due]" in i.message and i.path.endswith(f"{claim}.yaml")]


def test_kb_validate_strict_fails_on_a_prediction_that_came_due(claims: Path, runner) -> None:
    expect(claims, "fu/accelerated-waiting", "resolves_by: 2027-06-30", "resolves_by: 2021-06-30")
    result = runner.invoke(main, ["validate", "--strict", "--claims", str(claims)])
    assert result.exit_code == 1
    assert "accelerated-waiting.yaml" in result.output and "[prediction-due]" in result.output
