"""Text that is not what it seems (issue 19, class 2): texts made only of invisible characters are
empty, and bidirectional and other control characters are refused by name and position, in claims,
sources, questions, datasets and the base's settings alike: one error each, exit 1, no traceback,
the files untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from render.cli import main
from tests.hostile.conftest import CLAIM

GOOD = CLAIM.format(statement="Water boils.")
EMPTY = "is empty: it holds only invisible characters"
RLO = "contains U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control) at character {at}"
BIDI_HINT = "(hint: remove it: the site sets each text's direction itself)"

CASES = {
    "zero-width statement": (
        "a/bad.yaml",
        GOOD.replace("statement: Water boils.", 'statement: "\\u200b\\u200b"'),
        f"a/bad.yaml:1: statement: {EMPTY}",
    ),
    "word joiner and BOM statement": (
        "a/bad.yaml",
        GOOD.replace("statement: Water boils.", 'statement: "\\u2060 \\ufeff"'),
        f"a/bad.yaml:1: statement: {EMPTY}",
    ),
    "invisible source title": (
        "sources/t.yaml",
        'title: "\\u200d\\u200c"\nauthor: A\nlanguage: en\nkind: essay\n',
        f"sources/t.yaml:1: title: {EMPTY}",
    ),
    "override in a statement": (
        "a/bad.yaml",
        GOOD.replace("statement: Water boils.", 'statement: "Water \\u202eboils."'),
        f"a/bad.yaml:1: statement: {RLO.format(at=7)} {BIDI_HINT}",
    ),
    "isolate in a quote": (
        "a/bad.yaml",
        GOOD.replace("text: Water boils at", 'text: "\\u2067Water boils at').replace("sea level.", 'sea level."'),
        "a/bad.yaml:7: quotes.0.text: contains U+2067 RIGHT-TO-LEFT ISOLATE (a bidirectional control) at character 1",
    ),
    "override in the settings": (
        "crux.yaml",
        'title: "Answers \\u202e"\n',
        f"crux.yaml:1: title: {RLO.format(at=9)} {BIDI_HINT}",
    ),
    "bell in a source note": (
        "sources/t.yaml",
        'title: T\nauthor: A\nlanguage: en\nkind: essay\nnotes: "ding \\a dong"\n',
        "sources/t.yaml:5: notes: contains the control character U+0007 at character 6 "
        "(hint: remove it: a copied text may have brought it in)",
    ),
    "escape in a dataset note": (
        "data/extra.yaml",
        'e:\n  label: E\n  values:\n    v: {value: 1, unit: W, source: s, at: here, note: "\\e[31mred"}\n',
        "data/extra.yaml:4: e.values.v.note: contains the control character U+001B at character 1",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hidden_characters_are_one_clear_error(runner, tree, case: str) -> None:
    name, text, expected = CASES[case]
    root = tree({name: text})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert len(errors) == 1, errors
    assert errors[0].removeprefix(f"error: {root}/").startswith(expected), errors[0]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_joiners_and_marks_between_visible_words_are_kept(tree) -> None:
    import kb

    root = tree({"a/joined.yaml": GOOD.replace("statement: Water boils.", 'statement: "Water\\u200dboils\\u00ad."')})
    assert kb.load(root).claim("a/joined").statement == "Water\u200dboils\u00ad."


def test_a_file_named_with_a_line_break_cannot_forge_a_line_of_the_report(runner, tree) -> None:
    root = tree({})
    (root / "a").mkdir(exist_ok=True)
    Path(root / "a" / "x\nerror: forged.yaml").write_text("statement: [", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    assert result.exit_code == 1
    assert not any(line.startswith("error: forged") for line in result.output.splitlines()), result.output
    assert "x\\nerror: forged.yaml" in result.output
