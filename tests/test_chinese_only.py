"""A base written in Chinese alone (issue 21, part 1 and 2; tests/data/chinese): statements,
labels and questions in Chinese only, an English one refused with its line; its pages are Chinese,
under zh/, with the site root sending the browser there; check sentences and editorial text in
Chinese; `kb new` asks for the Chinese statement alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kb
from kb.errors import InvalidBase
from render.build import build_site
from render.cli import main
from render.settings import Settings
from tests.conftest import DATA

CHINESE = DATA / "chinese"


@pytest.fixture
def chinese(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CHINESE, tmp_path / "claims"))


def _errors(root: Path) -> list[str]:
    with pytest.raises(InvalidBase) as caught:
        kb.load(root)
    return [str(i) for i in caught.value.issues if i.severity == "error"]


def test_a_chinese_only_base_validates_without_english(runner) -> None:
    result = runner.invoke(main, ["validate", "--strict", "--claims", str(CHINESE)])
    assert result.exit_code == 0, result.output
    base = kb.load(CHINESE)
    assert base.config.languages == ["zh"]
    assert {c.statement for c in base} == {""} and base.claims["survey/cheaper"].text == "電池組比過去便宜得多。"


def test_an_english_text_is_refused_and_a_missing_chinese_one_required(chinese: Path) -> None:
    cheaper = chinese / "survey/cheaper.yaml"
    cheaper.write_text(
        "statement: Battery packs are far cheaper.\n" + cheaper.read_text(encoding="utf-8"), encoding="utf-8"
    )
    question = chinese / "questions/still-falling.yaml"
    question.write_text(question.read_text(encoding="utf-8").replace("question_zh:", "question:"), encoding="utf-8")
    errors = _errors(chinese)
    assert (
        f"{cheaper}:1: statement: the base is not written in English (its languages: zh) "
        "(hint: remove `statement`, or add en to the languages in crux.yaml)" in errors
    )
    assert any(e.startswith(f"{question}:1: question_zh: required field is missing") for e in errors)


def test_a_check_s_sentence_needs_the_primary_language(chinese: Path) -> None:
    path = chinese / "survey/fell-four-fifths.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "sentence: {zh: ", "sentence: {en: The fraction they fell by., zz: "
    )
    path.write_text(text.replace(", zz: 2013 至 2023 年電池組價格下降的比例。}", "}"), encoding="utf-8")
    assert any(
        "check.sentence: the sentence needs its Chinese (hint: add zh: under sentence)" in e for e in _errors(chinese)
    )


def test_its_pages_are_chinese_and_the_root_sends_the_browser_to_them(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(kb.load(CHINESE), out, Settings(search=False))
    html = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert [p for p in html if not p.startswith("zh/")] == ["index.html"]
    root = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=zh/index.html">' in root and 'lang="zh-Hant"' in root
    page = (out / "zh/claims/survey/fell-four-fifths/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in page and 'class="lang-switch"' not in page
    assert "2013 至 2023 年電池組價格下降的比例。" in page
    assert '<p class="notes">只計電池組本身的價格。</p>' in page, "a plain editorial text is in the primary language"
    assert "「每千瓦時要 780 美元」" in page and '<span lang="en">「' not in page, (
        "a source's words are in its language"
    )
    home = (out / "zh/index.html").read_text(encoding="utf-8")
    assert "電池組價格還會繼續下降嗎?" in home and "<h1>電池價格</h1>" in home
    twin = json.loads((out / "claims/survey/cheaper.json").read_text(encoding="utf-8"))
    assert twin["statement_zh"] == "電池組比過去便宜得多。"


def test_kb_new_asks_for_the_chinese_statement_alone(runner, chinese: Path) -> None:
    args = ["new", "--claims", str(chinese), "--source", "survey", "--quote", "電池組比過去便宜得多。"]
    made = runner.invoke(main, [*args, "--statement-zh", "電池更便宜了。"])
    assert made.exit_code == 0, made.output
    assert "statement:" not in Path(made.output.strip()).read_text(encoding="utf-8").replace("statement_zh:", "")
    refused = runner.invoke(main, [*args, "--statement-zh", "電池又更便宜了。", "--statement", "Cheaper again."])
    assert refused.exit_code == 1 and "the base is not written in English" in refused.output
