"""Editorial text per language (issue 21, part 2): a check's note, a reading's label, a prediction's
resolution, a question's or a source's notes are one string in the base's primary language or one
per language; a page shows its own language's text, else the primary one marked with its ``lang``;
a language the base is not written in is refused, and Chinese given here is linted like statements."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import kb
from kb.errors import InvalidBase
from kb.loader import inspect
from render.build import build_site
from render.settings import Settings
from tests.conftest import DATA

CAR = "survey/pack-for-a-car.yaml"


def _edit(root: Path, name: str, change) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _both_languages(data: dict) -> None:
    data["check"]["note"] = {"en": "Cells only, not the whole pack.", "zh": "只計電芯,不含整個電池組。"}
    data["check"]["readings"][0]["label"] = {"en": "at the 2013 price", "zh": "按 2013 年的價格"}


@pytest.fixture
def formula(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "formula", tmp_path / "claims"))


def test_a_page_shows_its_own_language_and_marks_a_fallback(formula: Path, tmp_path: Path) -> None:
    _edit(formula, CAR, _both_languages)
    _edit(formula, "sources/survey.yaml", lambda d: d.update(notes="Numbers that only resemble published ones."))
    out = tmp_path / "site"
    build_site(kb.load(formula), out, Settings(search=False))
    zh = (out / "zh/claims/survey/pack-for-a-car/index.html").read_text(encoding="utf-8")
    assert '<p class="notes">只計電芯,不含整個電池組。</p>' in zh
    assert ">按 2013 年的價格</th>" in zh
    en = (out / "claims/survey/pack-for-a-car/index.html").read_text(encoding="utf-8")
    assert '<p class="notes">Cells only, not the whole pack.</p>' in en and ">at the 2013 price</th>" in en
    source_zh = (out / "zh/sources/survey/index.html").read_text(encoding="utf-8")
    assert '<p class="notes"><span lang="en">Numbers that only resemble published ones.</span></p>' in source_zh
    source_en = (out / "sources/survey/index.html").read_text(encoding="utf-8")
    assert '<p class="notes">Numbers that only resemble published ones.</p>' in source_en


def test_the_sql_index_holds_a_reading_s_label_in_the_primary_language(formula: Path) -> None:
    from sqlalchemy import text

    _edit(formula, CAR, _both_languages)
    with kb.load(formula).engine.connect() as connection:
        labels = connection.execute(
            text("SELECT label FROM check_readings WHERE claim_id = :c"), {"c": "survey/pack-for-a-car"}
        )
        assert labels.scalars().all() == ["at the 2013 price"]


def test_a_language_the_base_is_not_written_in_is_refused_with_its_line(tmp_path: Path) -> None:
    root = Path(shutil.copytree(DATA / "english", tmp_path / "claims"))
    _edit(root, CAR, lambda d: d["check"].update(note={"en": "Cells only.", "zh": "只計電芯。"}))
    with pytest.raises(InvalidBase) as caught:
        kb.load(root)
    (problem,) = [str(i) for i in caught.value.issues if i.severity == "error"]
    assert problem.startswith(f"{root / CAR}:")
    assert "check.note.zh: given in zh, which is not among the base's languages (en)" in problem
    assert "remove `zh: …`, or add zh to the languages in crux.yaml" in problem


def test_chinese_given_as_editorial_text_is_linted_for_mixed_scripts(formula: Path) -> None:
    _edit(formula, CAR, lambda d: d["check"].update(note={"en": "Cells only.", "zh": "只計算電芯,并不含外殼。"}))
    _, issues = inspect(formula, run_checks=False)
    (warning,) = [str(i) for i in issues if "[mixed-script]" in str(i)]
    assert "check.note.zh: Simplified 并" in warning and "只計算電芯,並不含外殼。" in warning


def test_a_tag_is_shown_by_its_name_in_each_language(formula: Path, tmp_path: Path) -> None:
    _edit(formula, "survey/cheaper.yaml", lambda d: d.update(tags=["prices", "packs"]))
    (formula / "crux.yaml").write_text(
        "tags:\n  prices: {en: pack prices, zh: 電池組價格}\n  packs: battery packs\n  prise: {en: typo}\n",
        encoding="utf-8",
    )
    base, issues = inspect(formula, run_checks=False)
    assert [str(i) for i in issues if "which no claim has" in i.message] == [
        f"{formula / 'crux.yaml'}:4: tags.prise: names tag 'prise', which no claim has (hint: remove it, or mend its spelling)"
    ]
    out = tmp_path / "site"
    build_site(base, out, Settings(search=False))
    zh = (out / "zh/claims/survey/cheaper/index.html").read_text(encoding="utf-8")
    assert ">#電池組價格</a>" in zh and '>#<span lang="en">battery packs</span></a>' in zh
    assert "<h1>主題:電池組價格</h1>" in (out / "zh/tags/prices/index.html").read_text(encoding="utf-8")
    assert ">#pack prices</a>" in (out / "claims/survey/cheaper/index.html").read_text(encoding="utf-8")


def test_a_dataset_entry_s_label_is_given_per_language(formula: Path, tmp_path: Path) -> None:
    from sqlalchemy import text

    packs = formula / "data/packs.yaml"
    packs.write_text(
        packs.read_text(encoding="utf-8").replace(
            "label: Battery packs, 2023", "label: {en: 'Battery packs, 2023', zh: 2023 年的電池組}"
        ),
        encoding="utf-8",
    )
    base = kb.load(formula)
    out = tmp_path / "site"
    build_site(base, out, Settings(search=False))
    zh = (out / "zh/claims/survey/fell-four-fifths/index.html").read_text(encoding="utf-8")
    assert '<span class="muted">2023 年的電池組</span>' in zh and "(2023 年的電池組)" in zh  # the inputs, a break-even
    en = (out / "claims/survey/fell-four-fifths/index.html").read_text(encoding="utf-8")
    assert '<span class="muted">Battery packs, 2023</span>' in en
    with base.engine.connect() as connection:
        label = connection.execute(text("SELECT entry_label FROM dataset_values WHERE ref = 'packs.y2023.price'"))
        assert label.scalar() == "Battery packs, 2023"
