"""A base's history from git (issue 18, part 1): a temporary repository with a scripted sequence of
commits, and each record's revisions with what changed in words; renames followed; a shallow
clone and a folder outside git say what they cannot see."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kb.history import read_history
from render.cli import main
from tests.conftest import DATA, GIT, commit, git

pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
DATASET = """fast-gpu:
  label: Fast GPU
  values:
    fp8_dense: {value: 1979, unit: TFLOP/s, precision: fp8, sparsity: dense, source: alpha, at: "table 1"}
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    top = tmp_path_factory.mktemp("history") / "repo"
    claims = top / "claims"
    shutil.copytree(DATA / "valid", claims)
    (claims / "data").mkdir()
    (claims / "data/gpus.yaml").write_text(DATASET, encoding="utf-8")
    git(top.parent, "init", "-q", str(top))
    ids = {"added": commit(top, "The first claims")}
    answer = claims / "alpha/answer.yaml"
    answer.write_text(answer.read_text(encoding="utf-8").replace("The answer is 42.", "The answer is 42 exactly."))
    ids["reworded"] = commit(top, "Reword the answer")
    beta = claims / "beta/answer.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + "supports: [alpha/premise]\n", encoding="utf-8")
    ids["edge"] = commit(top, "Beta supports the premise")
    data = claims / "data/gpus.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("value: 1979", "value: 1978.9"), encoding="utf-8")
    ids["value"] = commit(top, "Revise the FP8 peak")
    git(top, "mv", "claims/alpha/premise.yaml", "claims/alpha/base-premise.yaml")
    ids["renamed"] = commit(top, "Rename the premise")
    (claims / "beta/answer.yaml").unlink()
    ids["deleted"] = commit(top, "Drop beta's answer")
    return claims, ids


def test_each_record_lists_its_revisions_newest_first_with_what_changed(repo) -> None:
    claims, ids = repo
    history = read_history(claims)
    assert history.notes == []
    answer = history.of("alpha/answer")
    assert [(r.commit, r.message, r.changes) for r in answer] == [
        (ids["reworded"], "Reword the answer", ("statement reworded",)),
        (ids["added"], "The first claims", ("added",)),
    ]
    assert answer[0].author == "Editor One" and answer[0].date[:4].isdigit()
    beta = history.of("beta/answer")
    assert [(r.commit, r.changes) for r in beta] == [
        (ids["deleted"], ("removed",)),
        (ids["edge"], ("supports alpha/premise added",)),
        (ids["added"], ("added",)),
    ]


def test_a_dataset_value_revised_is_told_from_and_to(repo) -> None:
    claims, ids = repo
    value = read_history(claims).of("value:gpus.fast-gpu.fp8_dense")
    assert [(r.commit, r.changes) for r in value] == [
        (ids["value"], ("value revised from 1979 TFLOP/s to 1978.9 TFLOP/s",)),
        (ids["added"], ("added: 1979 TFLOP/s",)),
    ]


def test_a_renamed_file_keeps_its_history(repo) -> None:
    claims, ids = repo
    history = read_history(claims)
    renamed = history.of("alpha/base-premise")
    assert [r.commit for r in renamed] == [ids["renamed"], ids["added"]]
    assert renamed[0].changes == ("renamed from alpha/premise",)
    assert history.of("alpha/premise") == []


def test_a_shallow_clone_says_what_it_cannot_see(repo, tmp_path: Path) -> None:
    claims, ids = repo
    clone = tmp_path / "clone"
    subprocess.run([str(GIT), "clone", "-q", "--depth", "1", f"file://{claims.parent}", str(clone)], check=True)
    history = read_history(clone / "claims")
    assert history.notes == ["a shallow clone: commits before the oldest one fetched are not seen"]
    assert [r.commit for r in history.of("alpha/answer")] == [ids["deleted"]]


def test_a_folder_outside_git_has_a_history_that_says_so(tmp_path: Path) -> None:
    claims = shutil.copytree(DATA / "valid", tmp_path / "claims")
    history = read_history(claims)
    assert history.records == {}
    assert history.notes == ["the claims folder is not in a git repository: its history cannot be seen"]


def test_kb_history_prints_a_record_s_revisions(runner, repo) -> None:
    claims, ids = repo
    result = runner.invoke(main, ["history", "alpha/answer", "--claims", str(claims)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(f"{ids['reworded'][:10]}  Editor One: Reword the answer")
    assert lines[1] == "    statement reworded"


def _checkout(claims: Path, commit: str, where: Path) -> Path:
    """The claims folder of a clone of the repository at ``commit`` (a state whose base is valid)."""
    subprocess.run([str(GIT), "clone", "-q", str(claims.parent), str(where)], check=True)
    git(where, "checkout", "-q", commit)
    return where / "claims"


def test_claim_source_and_question_pages_show_their_history(repo, tmp_path: Path) -> None:
    import kb
    from render.build import build_site
    from render.settings import Settings

    claims, ids = repo
    out = tmp_path / "site"
    build_site(kb.load(_checkout(claims, ids["edge"], tmp_path / "at-edge")), out, Settings(search=False))
    page = (out / "claims/alpha/answer/index.html").read_text(encoding="utf-8")
    assert '<h2 id="history-heading">History</h2>' in page
    assert f'<code title="{ids["reworded"]}">{ids["reworded"][:10]}</code> Editor One: Reword the answer' in page
    assert "<li>statement reworded</li>" in page
    zh = (out / "zh/claims/alpha/answer/index.html").read_text(encoding="utf-8")
    assert '<h2 id="history-heading">修訂歷史</h2>' in zh and '<li lang="en">statement reworded</li>' in zh
    assert "Editor One: The first claims" in (out / "sources/alpha/index.html").read_text(encoding="utf-8")
    assert "Editor One: The first claims" in (out / "questions/the-answer/index.html").read_text(encoding="utf-8")


def test_a_new_commit_is_a_new_build_even_when_no_file_changed(repo, tmp_path: Path) -> None:
    import kb
    from render.build import build_site
    from render.output import up_to_date
    from render.settings import Settings

    claims, ids = repo
    top = _checkout(claims, ids["edge"], tmp_path / "again").parent
    out, settings = tmp_path / "site", Settings(search=False)
    build_site(kb.load(top / "claims"), out, settings)
    assert up_to_date(top / "claims", out, settings)
    git(top, "commit", "-q", "--allow-empty", "-m", "Nothing but a message")
    assert not up_to_date(top / "claims", out, settings), "the pages show the history as of the last commit"


def test_a_site_of_a_base_outside_git_says_it_has_no_history(tmp_path: Path) -> None:
    import kb
    from render.build import build_site
    from render.settings import Settings

    claims = shutil.copytree(DATA / "valid", tmp_path / "claims")
    build_site(kb.load(claims), tmp_path / "site", Settings(search=False))
    page = (tmp_path / "site/claims/alpha/answer/index.html").read_text(encoding="utf-8")
    assert "the claims folder is not in a git repository: its history cannot be seen" in page


def test_the_history_is_read_from_git_once_per_commit(repo, tmp_path: Path, monkeypatch) -> None:
    import kb.history
    from kb.cache import Cache

    claims, _ = repo
    top = _checkout(claims, "HEAD", tmp_path / "clone").parent
    cache, reads = Cache(tmp_path / "cache"), []
    real = kb.history._read_log
    monkeypatch.setattr(kb.history, "_read_log", lambda *a: reads.append(a) or real(*a))
    first = read_history(top / "claims", cache)
    assert read_history(top / "claims", cache).steps == first.steps and len(reads) == 1
    (top / "claims/alpha/answer.yaml").unlink()
    new = commit(top, "Drop the answer")
    again = read_history(top / "claims", cache)
    assert len(reads) == 2 and again.steps[-1].commit == new and again.of("alpha/answer")[0].changes == ("removed",)
