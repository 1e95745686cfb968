"""The documentation runs: README.md and docs/*.md as doctests, their commands, and the MkDocs build."""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
PROMPT = re.compile(r"^\s*>>> ", re.M)
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)
EDIT = re.compile(r"^(kb (?:new|add-value) .*?)\n# → (.*)$", re.M)
BASH = shutil.which("bash") or "/bin/bash"


def relative(path: Path) -> str:
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("page", PAGES, ids=relative)
def test_examples_run_as_doctests(monkeypatch, page: Path) -> None:
    """Every ``>>>`` example of the page runs from the repository root and gives the output shown."""
    monkeypatch.chdir(REPO)
    examples = len(PROMPT.findall(page.read_text(encoding="utf-8")))
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted == examples
    assert result.failed == 0


def test_the_analysts_page_has_the_examples() -> None:
    assert len(PROMPT.findall((REPO / "docs" / "analysts.md").read_text(encoding="utf-8"))) >= 8


@pytest.mark.parametrize("page", [REPO / "README.md", REPO / "docs" / "editors.md"], ids=relative)
def test_editor_commands_run(tmp_path: Path, runner, page: Path) -> None:
    """The ``kb new`` and ``kb add-value`` examples work on a copy of the claims and print what they show."""
    from kb.cli import main

    claims = shutil.copytree(REPO / "claims", tmp_path / "claims")
    commands = EDIT.findall(page.read_text(encoding="utf-8").replace("\\\n", " "))
    assert commands, f"{relative(page)} shows no `kb new` or `kb add-value` example"
    if page.name == "editors.md":
        assert sorted({c.split()[1] for c, _ in commands}) == ["add-value", "new"]
    for command, expected in commands:
        result = runner.invoke(main, [*shlex.split(command)[1:], "--claims", str(claims)])
        assert result.exit_code == 0, result.output
        assert result.output.strip().replace(str(claims), "claims") == expected.strip()


@pytest.mark.slow
def test_the_tutorial_works_from_an_empty_folder(tmp_path: Path) -> None:
    """docs/tutorial.md in order: each titled code block written to its file, each ``sh`` block run
    (all but ``kb serve``, which would not return). The set-up in the clone is a ``bash`` block, not run."""
    text = (REPO / "docs" / "tutorial.md").read_text(encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    ran = 0
    for language, info, body in FENCE.findall(text):
        title = re.search(r'title="([^"]+)"', info)
        if title:
            path = tmp_path / title.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        elif language == "sh":
            script = "\n".join(line for line in body.splitlines() if not line.startswith("kb serve"))
            done = subprocess.run(
                [BASH, "-euo", "pipefail", "-c", script],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
            ran += 1
    assert ran >= 3
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.slow  # the whole MkDocs site
def test_the_documentation_builds(tmp_path: Path) -> None:
    """``mkdocs build --strict``: every page in the nav, every link and every API reference resolves."""
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings") is None:
        pytest.skip("mkdocs is not installed: pip install -e '.[docs]'")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "docs")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "docs" / "architecture" / "index.html").is_file()


def test_every_command_has_a_section_in_the_cli_page() -> None:
    from kb.cli import main

    page = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in sorted(main.commands) if f"## `kb {name}`" not in page]
    assert not missing, f"docs/cli.md has no section for: {', '.join(missing)}"


def test_the_api_pages_fence_doctests() -> None:
    """docs/griffe_doctests.py, which mkdocs.yml loads into mkdocstrings, passes its own doctest."""
    pytest.importorskip("griffe", reason="mkdocstrings is not installed: pip install -e '.[docs]'")
    spec = importlib.util.spec_from_file_location("griffe_doctests", REPO / "docs" / "griffe_doctests.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
