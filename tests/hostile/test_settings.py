"""Settings from the environment and the command line (issue 19, class 5): each variable Crux reads
is validated, and a bad value is one usage error (exit 2) naming the variable, with no traceback
and no site written; a taken port is said to be taken before anything is built."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from render.cli import main
from tests.conftest import DATA

BAD = {
    "map limit in words": ("KB_MAP_LIMIT", "many", "KB_MAP_LIMIT='many' is not a number of claims"),
    "map limit in superscript digits": ("KB_MAP_LIMIT", "²", "KB_MAP_LIMIT='²' is not a number of claims"),
    "map limit of 5,000 digits": ("KB_MAP_LIMIT", "9" * 5000, "KB_MAP_LIMIT='" + "9" * 40 + "' is not a number"),
    "negative map limit": ("KB_MAP_LIMIT", "-3", "KB_MAP_LIMIT='-3' is not a number of claims"),
    "javascript edit address": ("KB_EDIT_URL_BASE", "javascript:alert(1)//", "KB_EDIT_URL_BASE='javascript:"),
    "data edit address": ("KB_EDIT_URL_BASE", "data:text/html,x", "KB_EDIT_URL_BASE='data:text/html,x' is not a web"),
    "edit address with a quote": ("KB_EDIT_URL_BASE", 'https://e.org/"onclick=x', "is not a web address"),
    "site address without a scheme": ("KB_SITE_URL", "crux.example", "KB_SITE_URL='crux.example' is not a web"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_variable_is_one_usage_error(runner, tmp_path: Path, case: str) -> None:
    name, value, expected = BAD[case]
    out = tmp_path / "site"
    result = runner.invoke(main, ["build", "--claims", str(DATA / "valid"), "--out", str(out)], env={name: value})
    assert result.exit_code == 2, result.output
    assert expected in result.output and "Traceback" not in result.output
    assert result.output.count("Error:") == 1
    assert not out.exists()


def test_a_taken_port_is_said_before_anything_is_built(runner, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = tmp_path / "site"
        result = runner.invoke(main, ["serve", "--claims", str(DATA / "valid"), "--out", str(out), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"port {port} is taken: another program is serving on it" in result.output
    assert "--port" in result.output and "make serve PORT=" in result.output
    assert "serving /" not in result.output and "Traceback" not in result.output  # never "serving <out>/ on …"
    assert not out.exists()


def test_a_database_that_cannot_be_opened_is_one_error_naming_it(runner) -> None:
    result = runner.invoke(
        main, ["query", "SELECT 1", "--claims", str(DATA / "valid")], env={"KB_DATABASE_URL": "nonsense://x"}
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: database: NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:nonsense" in result.output
