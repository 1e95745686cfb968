"""Editors' tools keep files as they were (issue 19, class 7): ``kb add-value`` changes only the
lines of the value it adds or replaces, in every shipped dataset, and leaves every other file alone."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from kb.editing import LOCK_NAME
from render.cli import main
from tests.conftest import REPO

DATASETS = sorted(p.stem for p in (REPO / "claims/data").glob("*.yaml"))


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def _other_files(root: Path, edited: Path) -> dict[Path, bytes]:
    """Every file of the claims folder but ``edited`` and the editors' lock (`kb.editing.LOCK_NAME`)."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p not in (edited, root / LOCK_NAME)}


@pytest.mark.parametrize("dataset", DATASETS)
def test_adding_a_value_adds_its_lines_and_changes_no_other(runner, tmp_path: Path, dataset: str) -> None:
    root = shutil.copytree(REPO / "claims", tmp_path / "claims")
    path = root / "data" / f"{dataset}.yaml"
    entry = next(iter(yaml.safe_load(path.read_text(encoding="utf-8"))))
    others = _other_files(root, path)
    before = path.read_text(encoding="utf-8")
    source = "glennklockwood-h100"
    result = runner.invoke(
        main,
        [
            "add-value",
            dataset,
            entry,
            "spare_power",
            "700",
            "W",
            "--source",
            source,
            "--at",
            "here",
            "--claims",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    removed, added = _changes(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert ["+" + a[1:].strip() for a in added] == [
        "+spare_power:",
        "+value: 700",
        "+unit: W",
        f"+source: {source}",
        "+at: here",
    ]
    assert _other_files(root, path) == others


def test_replacing_a_value_changes_only_its_lines(runner, tmp_path: Path) -> None:
    root = shutil.copytree(REPO / "claims", tmp_path / "claims")
    path = root / "data" / "gpus.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e, d in data.items() if "sms" in d.get("values", {}))
    old = data[entry]["values"]["sms"]
    before = path.read_text(encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "add-value",
            "gpus",
            entry,
            "sms",
            "701",
            "1",
            "--source",
            old["source"],
            "--at",
            str(old["at"]),
            "--claims",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    removed, added = _changes(before, path.read_text(encoding="utf-8"))
    dropped = [key for key in old if key not in ("value", "unit", "source", "at")]  # not given again: replaced
    assert ["-" + r[1:].strip() for r in removed] == [f"-value: {old['value']}", *(f"-{k}: {old[k]}" for k in dropped)]
    assert ["+" + a[1:].strip() for a in added] == ["+value: 701"]
