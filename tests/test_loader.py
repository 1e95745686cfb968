"""The loader against fixture trees: one folder per kind of mistake, with golden messages.

Regenerate the golden files after an intended wording change with
``UPDATE_GOLDEN=1 pytest tests/test_loader.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kb
from kb.records import read_tree
from tests.conftest import DATA, ERRORS, error_case

CASES = sorted(p.name for p in ERRORS.iterdir() if not p.name.startswith("_"))


def render_issues(tree) -> str:
    return "".join(f"{i.severity}: {i}\n" for i in tree.issues)


@pytest.mark.parametrize("case", CASES)
def test_error_case_messages(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error_case(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    got = render_issues(read_tree(case))
    golden = ERRORS / case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
    assert got, "every error case must report at least one issue"


def test_valid_tree_has_no_issues() -> None:
    tree = read_tree(DATA / "valid")
    assert tree.issues == []
    assert sorted(tree.claims) == ["alpha/answer", "alpha/premise", "beta/answer"]
    assert sorted(tree.sources) == ["alpha", "beta"]


def test_both_mistakes_reported_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error_case("two-errors", tmp_path)
    monkeypatch.chdir(tmp_path)
    issues = read_tree("two-errors").errors
    assert [(i.path, i.line) for i in issues] == [("two-errors/a/bad1.yaml", 3), ("two-errors/a/bad2.yaml", 5)]


def test_load_raises_with_every_issue(tmp_path: Path) -> None:
    root = error_case("two-errors", tmp_path)
    with pytest.raises(kb.InvalidBase) as caught:
        kb.load(root)
    assert len([i for i in caught.value.issues if i.severity == "error"]) == 2


def test_warnings_fail_only_in_strict_mode(tmp_path: Path) -> None:
    root = error_case("no-quote", tmp_path)
    assert "a/bad" in kb.load(root).claims
    with pytest.raises(kb.InvalidBase):
        kb.load(root, strict=True)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(kb.KBError, match="claims folder not found"):
        read_tree(tmp_path / "nowhere")


def test_records_are_typed() -> None:
    base = kb.load(DATA / "valid")
    claim = base.claim("alpha/answer")
    assert claim.kind is kb.ClaimKind.quantitative
    assert claim.quotes[0].source == "alpha"
    assert base.sources["alpha"].published.isoformat() == "2025-12-01"


def test_remembered_checks_follow_what_they_read(tmp_path: Path) -> None:
    """Quotes and check specs are checked once per content: a cached load still sees a changed
    archive and a changed quote."""
    import shutil

    from kb.cache import Cache

    root = Path(shutil.copytree(Path("tests/data/valid"), tmp_path / "claims"))
    cache = Cache.for_root(root, home=tmp_path / "cache")
    assert not read_tree(root, cache=cache).errors
    archive = root / "sources/alpha.txt"
    archive.write_text(archive.read_text().replace("as anyone can compute", "as few can compute"))
    assert [i.field for i in read_tree(root, cache=cache).errors] == ["quotes.0.text"]
    premise = root / "alpha/premise.yaml"
    premise.write_text(premise.read_text().replace("as anyone can compute", "as few can compute"))
    assert not read_tree(root, cache=cache).errors
    premise.write_text(premise.read_text().replace("as few can compute", "as none can compute"))
    assert [i.field for i in read_tree(root, cache=cache).errors] == ["quotes.0.text"]


def test_an_edit_saves_only_what_is_new_to_the_record_cache(tmp_path: Path, monkeypatch) -> None:
    """Parsed records are kept in bulk plus what is new since: one edit re-saves a small file,
    the next load still finds the edit without parsing it, and the bulk is renewed once a tenth changed."""
    import shutil

    from kb import records
    from kb.cache import Cache

    root = Path(shutil.copytree(Path("tests/data/valid"), tmp_path / "claims"))
    template = (root / "alpha/answer.yaml").read_text()
    for n in range(30):
        (root / f"alpha/answer-{n}.yaml").write_text(template.replace("42.", f"{n + 100}."))
    cache = Cache.for_root(root, home=tmp_path / "cache")
    assert not read_tree(root, cache=cache).errors
    bulk = cache.folder / "records.pickle"
    saved = bulk.stat().st_ino  # a save replaces the file
    edited = root / "alpha/answer-0.yaml"
    edited.write_text(edited.read_text().replace("100.", "99."))
    assert read_tree(root, cache=cache).claims["alpha/answer-0"].statement == "The answer is 99."
    assert bulk.stat().st_ino == saved and (cache.folder / "records-new.pickle").is_file()

    parsed = []
    monkeypatch.setattr(records, "_parse_record", lambda *a: parsed.append(a[3]) or pytest.fail("parsed again"))
    (cache.folder / "tree.pickle").unlink()
    assert read_tree(root, cache=cache).claims["alpha/answer-0"].statement == "The answer is 99."
    assert parsed == []
    monkeypatch.undo()

    for n in range(1, 6):
        (root / f"alpha/answer-{n}.yaml").write_text(template.replace("42.", f"{n + 200}."))
    assert read_tree(root, cache=cache).claims["alpha/answer-5"].statement == "The answer is 205."
    assert bulk.stat().st_ino != saved
    assert cache.load("records-new", "by-content") == {}


def test_record_files_that_look_unchanged_are_not_read_again(tmp_path: Path, monkeypatch) -> None:
    """`kb.files.Seen`: a file is known by its digest while its size, times and inode stay; a
    rewrite is read even when its size and modification time are put back (its change time moves),
    and files written within `RACY_NS` of the last save are read again."""
    import shutil

    from kb import files
    from kb.cache import Cache

    root = Path(shutil.copytree(Path("tests/data/valid"), tmp_path / "claims"))
    cache = Cache.for_root(root, home=tmp_path / "cache")
    reads: list[str] = []
    real = files.read_limited
    monkeypatch.setattr(files, "read_limited", lambda path: reads.append(path.name) or real(path))
    read_tree(root, cache=cache)
    read_tree(root, cache=cache)
    assert sorted(reads) == sorted(
        2 * ["answer.yaml", "answer.yaml", "premise.yaml", "alpha.yaml", "beta.yaml", "the-answer.yaml"]
    ), "just written: too recent to trust"

    monkeypatch.setattr(files, "RACY_NS", 0)  # as if the files had been written long before
    read_tree(root, cache=cache)
    reads.clear()
    assert not read_tree(root, cache=cache).errors and reads == []
    answer = root / "alpha/answer.yaml"
    before = answer.stat()
    answer.write_text(answer.read_text().replace("is 42.", "is 43."))
    os.utime(answer, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert answer.stat().st_size == before.st_size and answer.stat().st_mtime_ns == before.st_mtime_ns
    assert read_tree(root, cache=cache).claims["alpha/answer"].statement == "The answer is 43."
    assert reads == ["answer.yaml"]
