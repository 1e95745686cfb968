"""The README's Python examples run as doctests from the repository root."""

import doctest

from tests.conftest import REPO


def test_readme_examples(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = doctest.testfile(str(REPO / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


def test_readme_editor_commands_run(tmp_path, runner) -> None:
    """The `kb new` and `kb add-value` examples in "For editors" work on a copy of the claims."""
    import re
    import shlex
    import shutil

    from kb.cli import main

    claims = shutil.copytree(REPO / "claims", tmp_path / "claims")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For editors", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(kb (?:new|add-value) .*?)\n# → (.*)$", section.replace("\\\n", " "), re.M)
    assert [c.split()[1] for c, _ in commands] == ["new", "add-value"]
    for command, expected in commands:
        result = runner.invoke(main, [*shlex.split(command)[1:], "--claims", str(claims)])
        assert result.exit_code == 0, result.output
        assert result.output.strip().replace(str(claims), "claims") == expected.strip()
