"""Hostile YAML: every bad file is one clear error with its path and line; nothing crashes."""

from __future__ import annotations

import pytest

from kb.records import read_tree
from tests.hostile.conftest import CLAIM

GOOD = CLAIM.format(statement="Water boils.")

CASES = {
    "syntax error": (b'statement: "unclosed\n', "YAML syntax error"),
    "tab indentation": (b"statement: x\nquotes:\n\t- source: s\n", "indent with spaces, not tabs"),
    "duplicate key": (GOOD.encode() + b"statement: again\n", "duplicate key 'statement'"),
    "alias": (b"statement: &a x\nstatement_zh: *a\n", "aliases"),
    "billion laughs": (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        "aliases",
    ),
    "non-UTF-8": (b"statement: caf\xe9\n", "not valid UTF-8"),
    "empty": (b"", "the file is empty"),
    "only a comment": (b"# nothing here\n", "the file is empty"),
    "list at top": (b"- statement: x\n", "expected a mapping"),
    "scalar at top": (b"just text\n", "expected a mapping"),
    "NUL byte": (b"statement: a\x00b\n", "NUL byte"),
    "custom tag": (b"statement: !!python/object:os.system echo\n", "YAML"),
    "unknown tag": (b"statement: !shell rm -rf /\n", "YAML"),
    "huge": (b"statement: " + b"x" * 1_100_000 + b"\n", "the limit is 1,000,000"),
    "complex key": (b"? [a, b]\n: value\n", "a key must be plain text"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_yaml_is_one_clear_error(case, tree) -> None:
    data, expected = CASES[case]
    root = tree({"a/bad.yaml": data})
    issues = [i for i in read_tree(root).issues if i.path.endswith("a/bad.yaml")]
    assert len(issues) >= 1 and all(i.severity == "error" for i in issues)
    assert any(expected in i.message or expected in i.hint for i in issues), [str(i) for i in issues]
    assert all(i.path and i.message for i in issues)


def test_a_50_mb_file_is_refused_without_reading_it_into_yaml(tree) -> None:
    root = tree({})
    big = root / "a" / "big.yaml"
    with big.open("wb") as out:
        out.write(b"statement: ")
        out.write(b"x" * (50 * 1024 * 1024))
    issues = [i for i in read_tree(root).issues if i.path.endswith("big.yaml")]
    assert [i.message for i in issues] == ["file is 52,428,811 bytes; the limit is 1,000,000"]


def test_a_byte_order_mark_is_accepted(tree) -> None:
    root = tree({"a/bom.yaml": b"\xef\xbb\xbf" + GOOD.encode()})
    result = read_tree(root)
    assert "a/bom" in result.claims and not [i for i in result.errors if "bom" in i.path]


def test_many_bad_files_are_all_reported_in_one_run(tree) -> None:
    root = tree({f"a/bad{n:02}.yaml": data for n, (data, _) in enumerate(CASES.values())})
    bad = {i.path for i in read_tree(root).errors}
    assert len(bad) == len(CASES)
