"""The argument over time (issue 18, parts 2–4): a temporary repository with a scripted sequence of
commits — claims added, one reworded, a dataset value revised so that a verdict flips, a file
renamed, a claim deleted, a prediction resolved — and what each commit did: the flip attributed
to the commit and the value that flipped it, `kb diff` in its three formats, the Changes page,
its feed (read by feedparser) and its JSON twin; and a rebuild after one new commit assesses
that commit alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import kb
from kb.cache import Cache
from kb.history import read_history
from kb.timeline import read_timeline
from render.build import build_site
from render.cli import main
from render.settings import Settings
from tests.conftest import DATA, GIT, commit, git

pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
FLIPPED = "survey/fell-four-fifths"  # (old − new) ÷ old ≥ 0.8: 0.82 with the 2023 price at 139, 0.74 at 200
PREDICTION = """statement: Battery packs will keep getting cheaper.
source: survey
kind: prediction
resolves_by: 2030-12-31
resolution: Resolves true if the survey's next edition reports a lower pack price than 139 USD/kWh.
status: open
quotes:
  - source: survey
    text: Battery packs are far cheaper than they were.
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    top = tmp_path_factory.mktemp("timeline") / "repo"
    claims = shutil.copytree(DATA / "english", top / "claims")
    git(top.parent, "init", "-q", str(top))
    ids = {"added": commit(top, "The battery survey")}
    (claims / "survey/keeps-falling.yaml").write_text(PREDICTION, encoding="utf-8")
    ids["prediction"] = commit(top, "A prediction")
    cheaper = claims / "survey/cheaper.yaml"
    cheaper.write_text(cheaper.read_text(encoding="utf-8").replace("far cheaper", "much cheaper", 1), encoding="utf-8")
    ids["reworded"] = commit(top, "Reword the thesis")
    packs = claims / "data/packs.yaml"
    revised = packs.read_text(encoding="utf-8").replace(
        "value: 139, unit: USD/kWh, low: 130, high: 150", "value: 200, unit: USD/kWh, low: 190, high: 210"
    )
    assert revised != packs.read_text(encoding="utf-8")
    packs.write_text(revised, encoding="utf-8")
    ids["revised"] = commit(top, "Revise the 2023 pack price")
    git(top, "mv", "claims/survey/pack-for-a-car.yaml", "claims/survey/one-car-pack.yaml")
    ids["renamed"] = commit(top, "Rename the car pack claim")
    (claims / "survey/five-times.yaml").unlink()
    ids["deleted"] = commit(top, "Drop the five-times claim")
    prediction = claims / "survey/keeps-falling.yaml"
    prediction.write_text(
        PREDICTION.replace("status: open", "status: resolved-true\nevidence: The 2025 edition reports 115 USD/kWh."),
        encoding="utf-8",
    )
    ids["resolved"] = commit(top, "Resolve the prediction")
    return claims, ids


def test_the_flip_is_told_at_the_commit_that_revised_the_value(repo, tmp_path: Path) -> None:
    claims, ids = repo
    timeline = read_timeline(read_history(claims))
    by_commit = {m.step.commit: m for m in timeline.moments}
    assert list(by_commit) == list(ids.values())
    flips = by_commit[ids["revised"]].difference.flipped
    assert [(f.claim, f.was, f.now) for f in flips if f.claim == FLIPPED] == [(FLIPPED, "supported", "contradicted")]
    assert by_commit[ids["revised"]].causes[FLIPPED] == (
        "packs.y2023.price: value revised from 139 USD/kWh to 200 USD/kWh",
        "packs.y2023.price: high changed",
        "packs.y2023.price: low changed",
    )
    assert all(not m.difference.flipped for c, m in by_commit.items() if c != ids["revised"])


def test_a_claim_s_history_says_which_change_flipped_its_verdict(repo) -> None:
    claims, ids = repo
    revisions, notes = kb.load(claims).history_of(FLIPPED)
    assert notes == []
    assert [r.commit for r in revisions] == [ids["revised"], ids["added"]]
    assert revisions[0].changes == (
        "verdict flipped from supported to contradicted by packs.y2023.price: value revised from 139 USD/kWh to "
        "200 USD/kWh; packs.y2023.price: high changed; packs.y2023.price: low changed",
    )
    assert revisions[0].message == "Revise the 2023 pack price"


def test_a_prediction_s_status_change_is_a_revision(repo) -> None:
    claims, ids = repo
    revisions, _ = kb.load(claims).history_of("survey/keeps-falling")
    assert [(r.commit, r.changes[0]) for r in revisions] == [
        (ids["resolved"], "prediction status changed from open to resolved-true"),
        (ids["prediction"], "added"),
    ]


def test_kb_diff_says_what_a_change_did_in_text_json_and_markdown(runner, repo) -> None:
    claims, ids = repo
    args = ["diff", ids["reworded"], ids["revised"], "--claims", str(claims)]
    text = runner.invoke(main, args)
    assert text.exit_code == 0, text.output
    assert (
        f"  {FLIPPED}  supported → contradicted  Pack prices fell by more than four fifths in ten years." in text.output
    )
    assert "claims changed" not in text.output  # a dataset changed, no claim file
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert {(f["claim"], f["was"], f["now"]) for f in data["flipped"]} >= {(FLIPPED, "supported", "contradicted")}
    assert data["added"] == data["removed"] == [] and data["old"] == ids["reworded"]
    markdown = runner.invoke(main, [*args, "--format", "markdown"]).output
    assert markdown.startswith(f"### What this change does to the argument (`{ids['reworded']}` → `{ids['revised']}`)")
    assert (
        f"| `{FLIPPED}` Pack prices fell by more than four fifths in ten years. | supported | **contradicted** |"
        in markdown
    )
    deleted = json.loads(
        runner.invoke(
            main, ["diff", ids["renamed"], ids["deleted"], "--format", "json", "--claims", str(claims)]
        ).output
    )
    assert [c["claim"] for c in deleted["removed"]] == ["survey/five-times"]


def test_kb_diff_compares_the_last_commit_with_the_working_tree(runner, repo, tmp_path: Path) -> None:
    claims, _ = repo
    clone = tmp_path / "clone"
    subprocess.run([str(GIT), "clone", "-q", str(claims.parent), str(clone)], check=True)
    assert runner.invoke(main, ["diff", "--claims", str(clone / "claims")]).output.endswith(
        "nothing in the argument changed\n"
    )
    shutil.copy(DATA / "english/survey/cheaper.yaml", clone / "claims/survey/again.yaml")
    result = runner.invoke(main, ["diff", "--claims", str(clone / "claims")])
    assert result.output.splitlines()[:2] == [
        "HEAD → the working tree",
        "claims added (1): survey/again  Battery packs are far cheaper than they were.",
    ]
    wrong = runner.invoke(main, ["diff", "no-such-commit", "--claims", str(clone / "claims")])
    assert wrong.exit_code == 2 and "no revision 'no-such-commit'" in wrong.output


def test_the_changes_page_feed_and_twin_list_every_commit_newest_first(repo, tmp_path: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    claims, ids = repo
    out = tmp_path / "site"
    build_site(kb.load(claims), out, Settings(search=False))
    newest = list(reversed(ids.values()))
    feed = feedparser.parse((out / "changes.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries][:2] == ["Resolve the prediction", "Drop the five-times claim"]
    assert len(feed.entries) == len(ids) and feed.entries[0].author == "Editor One"
    assert feed.entries[0].link == f"changes/index.html#c-{ids['resolved'][:10]}"
    assert "relative to this feed's address" in feed.feed.subtitle
    flip = next(e for e in feed.entries if e.title == "Revise the 2023 pack price")
    assert "verdict supported → contradicted (by packs.y2023.price: value revised" in flip.content[0].value
    twin = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert [c["commit"] for c in twin["commits"]] == newest
    assert twin["commits"][3]["flipped_by"][FLIPPED][0].startswith("packs.y2023.price: value revised")
    page = (out / "changes/index.html").read_text(encoding="utf-8")
    assert page.index(f'id="c-{ids["resolved"][:10]}"') < page.index(f'id="c-{ids["added"][:10]}"')
    assert "prediction status changed from open to resolved-true" in page
    zh_missing = not (out / "zh/changes/index.html").exists()
    assert zh_missing, "an English-only base has no Chinese Changes page"
    absolute = tmp_path / "absolute"
    build_site(kb.load(claims), absolute, Settings(search=False, site_url="https://battery.example/"))
    entries = feedparser.parse((absolute / "changes.xml").read_bytes()).entries
    assert entries[0].link == f"https://battery.example/changes/index.html#c-{ids['resolved'][:10]}"


def test_a_rebuild_after_one_new_commit_assesses_that_commit_alone(repo, tmp_path: Path) -> None:
    claims, ids = repo
    clone = tmp_path / "clone"
    subprocess.run([str(GIT), "clone", "-q", str(claims.parent), str(clone)], check=True)
    cache = Cache(tmp_path / "cache")
    first = read_timeline(read_history(clone / "claims"), cache=cache)
    assert first.evaluated == len(ids)
    assert read_timeline(read_history(clone / "claims"), cache=cache).evaluated == 0
    for n in range(3):
        (clone / f"claims/survey/again-{n}.yaml").write_text(
            (DATA / "english/survey/cheaper.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        commit(clone, f"Another claim ({n})")
    assert read_timeline(read_history(clone / "claims"), cache=cache).evaluated == 3
    (clone / "claims/survey/again-0.yaml").unlink()
    commit(clone, "One more")
    again = read_timeline(read_history(clone / "claims"), cache=cache)
    assert again.evaluated == 1 and len(again.moments) == len(ids) + 4


def test_a_shallow_clone_and_a_folder_outside_git_build_with_their_notes(repo, tmp_path: Path) -> None:
    claims, _ = repo
    shallow = tmp_path / "shallow"
    subprocess.run([str(GIT), "clone", "-q", "--depth", "1", f"file://{claims.parent}", str(shallow)], check=True)
    outside = shutil.copytree(DATA / "english", tmp_path / "outside")
    for folder, note in ((shallow / "claims", "a shallow clone"), (outside, "not in a git repository")):
        out = tmp_path / f"site-{folder.parent.name}"
        build_site(kb.load(folder), out, Settings(search=False))
        page = (out / "changes/index.html").read_text(encoding="utf-8")
        assert note in page
        assert note in json.loads((out / "changes.json").read_text(encoding="utf-8"))["notes"][0]


def test_a_claim_review_is_dated_by_the_claim_s_revisions(repo, tmp_path: Path) -> None:
    import re

    claims, ids = repo
    out = tmp_path / "site"
    build_site(kb.load(claims), out, Settings(search=False))
    page = (out / f"claims/{FLIPPED}/index.html").read_text(encoding="utf-8")
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    dates = {name: git(claims.parent, "show", "-s", "--format=%aI", ids[name])[:10] for name in ("added", "revised")}
    assert (review["datePublished"], review["dateModified"]) == (dates["added"], dates["revised"])


def test_only_the_newest_commits_are_assessed_and_the_older_ones_say_so(repo) -> None:
    claims, ids = repo
    timeline = read_timeline(read_history(claims), assessed=3)
    assert timeline.evaluated == 4, "the three newest commits and the version the oldest of them is compared with"
    older, newer = timeline.moments[:-3], timeline.moments[-3:]
    assert [m.step.commit for m in newer] == list(ids.values())[-3:]
    assert all(m.difference.notes[0].startswith("not assessed: only what the newest 3") for m in older)
    assert all(not m.difference.notes for m in newer)
    renamed, deleted = newer[0].difference, newer[1].difference
    assert ([c for c, _ in renamed.removed], [c for c, _ in renamed.added]) == (
        ["survey/pack-for-a-car"],
        ["survey/one-car-pack"],
    )
    assert [c for c, _ in deleted.removed] == ["survey/five-times"]
