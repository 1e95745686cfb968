"""``kb init``: a new base that validates without a warning, checks its formula and builds at once."""

from __future__ import annotations

from pathlib import Path

import pytest

import kb
from render.build import build_site
from render.cli import main
from render.settings import Settings


@pytest.mark.parametrize("languages", [["en"], ["en", "zh"], ["zh"]])
def test_a_new_base_is_valid_checked_and_builds(runner, tmp_path: Path, languages: list[str]) -> None:
    folder = tmp_path / "solar"
    flags = [arg for lang in languages for arg in ("--language", lang)]
    made = runner.invoke(main, ["init", str(folder), "--title", "Solar prices", *flags])
    assert made.exit_code == 0, made.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "README.md",
        "crux.yaml",
        "example/module-prices-fell-nine-tenths.yaml",
        "example/modules-cost-far-less.yaml",
        "sources/example-notes.txt",
        "sources/example-notes.yaml",
    ]
    strict = runner.invoke(main, ["validate", "--strict", "--claims", str(folder)])
    assert strict.exit_code == 0 and "warning" not in strict.output, strict.output
    base = kb.load(folder, strict=True)
    assert base.config.title == "Solar prices" and base.config.languages == languages
    assert all(base.quote_verified(q) for c in base for q in c.quotes)
    result = base.result("example/module-prices-fell-nine-tenths")
    assert (result.verdict, round(result.value, 6)) == ("supported", 0.9)
    out = tmp_path / "site"
    build_site(base, out, Settings(search=False))
    assert (out / "zh/index.html").exists() == ("zh" in languages)
    home = out / ("index.html" if languages[0] == "en" else "zh/index.html")
    assert "<h1>Solar prices</h1>" in home.read_text(encoding="utf-8")
    assert f"kb validate --claims {folder}" in (folder / "README.md").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_holds_files(runner, tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 2 and "is not an empty folder" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_init_says_which_languages_it_can_start_with(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["init", str(tmp_path / "fr"), "--language", "fr"])
    assert result.exit_code == 2 and "'fr' is not one of 'en', 'zh'" in result.output
    assert not (tmp_path / "fr").exists()
