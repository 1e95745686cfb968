"""The ``kb`` command through click's runner: exit codes, messages, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from render.cli import main
from tests.conftest import DATA, error_case

VALID = str(DATA / "valid")


def test_validate_ok(runner) -> None:
    result = runner.invoke(main, ["validate", "--claims", VALID])
    assert result.exit_code == 0
    assert "ok: 3 claims (0 with checks), 2 sources" in result.output


def test_validate_reports_both_files_and_exits_1(runner, tmp_path: Path, monkeypatch) -> None:
    error_case("two-errors", tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["validate", "--claims", "two-errors"])
    assert result.exit_code == 1
    assert "two-errors/a/bad1.yaml:3: YAML syntax error" in result.output
    assert "two-errors/a/bad2.yaml:5: colour: unknown field" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_strict_turns_warnings_into_failure(runner, tmp_path: Path) -> None:
    root = str(error_case("no-quote", tmp_path))
    assert runner.invoke(main, ["validate", "--claims", root]).exit_code == 0
    assert runner.invoke(main, ["validate", "--claims", root, "--strict"]).exit_code == 1


def test_missing_claims_folder_is_a_clean_error(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", "--claims", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "claims folder not found" in result.output


def test_show_prints_claim_and_neighbours(runner) -> None:
    result = runner.invoke(main, ["show", "alpha/answer", "--claims", VALID])
    assert result.exit_code == 0
    assert "The answer is 42." in result.output
    assert "quote (alpha, verified)" in result.output
    assert "rebutted by: beta/answer" in result.output
    assert "supported by: alpha/premise" in result.output


def test_show_unknown_id_is_a_usage_error(runner) -> None:
    result = runner.invoke(main, ["show", "alpha/nope", "--claims", VALID])
    assert result.exit_code == 2
    assert "no claim with id 'alpha/nope'" in result.output


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ([], ["alpha/answer", "alpha/premise", "beta/answer"]),
        (["--source", "beta"], ["beta/answer"]),
        (["--tag", "answers"], ["alpha/answer", "beta/answer"]),
        (["--kind", "qualitative"], ["alpha/premise", "beta/answer"]),
    ],
)
def test_list_filters(runner, args, ids) -> None:
    result = runner.invoke(main, ["list", "--claims", VALID, *args])
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.output.splitlines()] == ids


def test_unknown_option_is_exit_2(runner) -> None:
    assert runner.invoke(main, ["list", "--colour", "red"]).exit_code == 2


def test_build_writes_site(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "--claims", VALID, "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_reads_the_map_limit_from_the_environment(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["build", "--claims", VALID, "--out", str(tmp_path / "site")], env={"KB_MAP_LIMIT": "1"}
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/map/sources/alpha/index.html").is_file()
    result = runner.invoke(
        main, ["build", "--claims", VALID, "--out", str(tmp_path / "other")], env={"KB_MAP_LIMIT": "-3"}
    )
    assert result.exit_code != 0 and "KB_MAP_LIMIT='-3'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "other").exists()


def test_build_refuses_invalid_base_and_writes_nothing(runner, tmp_path: Path) -> None:
    root = error_case("yaml-syntax", tmp_path)
    result = runner.invoke(main, ["build", "--claims", str(root), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_help_ends_with_an_example(runner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    help_text = result.output.split("Options:")[0]
    assert "Example:" in help_text and f"kb {command}" in help_text.split("Example:")[1]
    assert ("--claims" in result.output) == (command != "init")  # kb init makes the folder it is given
