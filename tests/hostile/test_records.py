"""Hostile records: wrong types, impossible values, bad ids and references — clear errors, never a crash."""

from __future__ import annotations

import os

import pytest

from kb.records import read_tree
from tests.hostile.conftest import CLAIM

GOOD = CLAIM.format(statement="Water boils.")

RECORDS = {
    "statement is a number": ("a/bad.yaml", GOOD.replace("statement: Water boils.", "statement: 42"), "statement"),
    "statement is a list": ("a/bad.yaml", GOOD.replace("statement: Water boils.", "statement: [a, b]"), "statement"),
    "quotes is a string": ("a/bad.yaml", GOOD.split("quotes:")[0] + "quotes: just text\n", "quotes"),
    "kind unknown": ("a/bad.yaml", GOOD.replace("kind: qualitative", "kind: opinion"), "kind"),
    "impossible date": (
        "sources/t.yaml",
        "title: T\nauthor: A\npublished: 2025-02-30\nlanguage: en\nkind: essay\n",
        "published",
    ),
    "javascript url": (
        "sources/t.yaml",
        "title: T\nauthor: A\nurl: javascript:alert(1)\nlanguage: en\nkind: essay\n",
        "url",
    ),
    "data url": (
        "sources/t.yaml",
        "title: T\nauthor: A\nurl: data:text/html,<script>alert(1)</script>\nlanguage: en\nkind: essay\n",
        "url",
    ),
    "tag with quotes": ("a/bad.yaml", GOOD + "tags: ['x\" onmouseover=\"alert(1)']\n", "tags.0"),
    "tag with css": ("a/bad.yaml", GOOD + "tags: ['x;background:url(//evil)']\n", "tags.0"),
    "self support": ("a/bad.yaml", GOOD + "supports: [a/bad]\n", "supports.0"),
    "unknown reference": ("a/bad.yaml", GOOD + "rebuts: [a/missing]\n", "rebuts.0"),
    "reference with dots": ("a/bad.yaml", GOOD + "supports: [../../etc/passwd]\n", "supports.0"),
    "source is a claim": ("a/bad.yaml", GOOD.replace("source: s\nkind", "source: a/ok\nkind"), "source"),
    "nan value": (
        "data/x.yaml",
        "e:\n  label: E\n  values:\n    v: {value: .nan, unit: GPU, source: s, at: p}\n",
        "e.values.v.value",
    ),
    "infinite value": (
        "data/x.yaml",
        "e:\n  label: E\n  values:\n    v: {value: .inf, unit: GPU, source: s, at: p}\n",
        "e.values.v.value",
    ),
    "negative count": (
        "data/x.yaml",
        "e:\n  label: E\n  values:\n    v: {value: -5, unit: GPU, source: s, at: p}\n",
        "e.values.v.value",
    ),
    "unknown unit": (
        "data/x.yaml",
        "e:\n  label: E\n  values:\n    v: {value: 5, unit: parsecs/fortnight^2x, source: s, at: p}\n",
        "e.values.v.unit",
    ),
    "value is text": (
        "data/x.yaml",
        "e:\n  label: E\n  values:\n    v: {value: lots, unit: GPU, source: s, at: p}\n",
        "e.values.v.value",
    ),
}

BAD_NAMES = [
    "a/Upper.yaml",
    "a/with space.yaml",
    "a/ｆｕｌｌｗｉｄｔｈ.yaml",
    "a/cyrіllic-і.yaml",
    "a/" + "x" * 130 + ".yaml",
    "a/semi;colon.yaml",
    "a/quote'.yaml",
    "a/<script>.yaml",
]


@pytest.mark.parametrize("case", sorted(RECORDS))
def test_hostile_record_is_a_clear_error(case, tree) -> None:
    name, text, field = RECORDS[case]
    result = read_tree(tree({name: text}))
    errors = [i for i in result.errors if i.path.endswith(name)]
    assert errors, f"{case}: no error"
    assert any(i.field == field for i in errors), [str(i) for i in errors]
    assert all(i.message for i in errors)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_file_names_are_refused_as_ids(name, tree) -> None:
    root = tree({})
    path = root / name
    if len(path.name.encode()) > 255:
        pytest.skip("file system refuses the name itself")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD, encoding="utf-8")
    result = read_tree(root)
    assert set(result.claims) == {"a/ok"}
    assert [i.path for i in result.errors if "not a valid id" in i.message] == [str(path)]


def test_support_cycles_are_allowed_and_reported(tree) -> None:
    root = tree({"a/one.yaml": GOOD + "supports: [a/two]\n", "a/two.yaml": GOOD + "supports: [a/one]\n"})
    result = read_tree(root)
    assert not result.errors
    notes = [i for i in result.issues if i.severity == "info"]
    assert [n.message for n in notes] == ["support cycle: a/one → a/two → a/one"]


def test_symlinks_out_of_the_claims_folder_are_refused(tree, tmp_path) -> None:
    root = tree({})
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD, encoding="utf-8")
    os.symlink(outside, root / "a" / "link.yaml")
    os.symlink(outside, root / "data" / "link.yaml")
    messages = [str(i) for i in read_tree(root).errors]
    assert sum("symbolic link points outside" in m for m in messages) == 2
    assert "a/link" not in read_tree(root).claims
