"""The incremental build's one promise, tested on random sequences of edits: after every edit, the site
equals a clean build of the same files made with the cache off (`kb.cache`), byte for byte.

The edits are those editors make — a statement reworded, an edge added or removed, a dataset value
revised, an archived text extended, a template changed, a setting changed, a claim file added,
renamed or removed — each drawn at random over a small synthetic base (benchmarks/synth.py), so
that no page kind's dependencies are assumed: a page that a build failed to make again shows up
as a difference from the clean build.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb
from benchmarks.synth import generate
from kb.errors import InvalidBase
from render import templating
from render.build import build_site
from render.settings import Settings
from tests.conftest import tree_bytes

pytestmark = pytest.mark.slow  # two builds per edit

Draw = Callable[[st.SearchStrategy[int]], int]
TEMPLATES = templating.TEMPLATES  # the shipped templates (each example edits a copy of its own)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "claims"
    generate(24, root, seed=3)
    return root


def _claim_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.yaml") if p.parent.name not in ("sources", "questions", "data"))


def _pick(draw: Draw, items: list[Path]) -> Path:
    return items[draw(st.integers(0, len(items) - 1))]


def _rewrite(path: Path, change: Callable[[dict], None]) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _unreferenced(root: Path) -> list[Path]:
    """Claim files whose id no other file names (safe to rename or remove)."""
    texts = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.yaml")}
    found = []
    for path in _claim_files(root):
        claim_id = f"{path.parent.name}/{path.stem}"
        if not any(claim_id in text for other, text in texts.items() if other != path):
            found.append(path)
    return found


def reword(root: Path, draw: Draw, state: dict) -> None:
    n = draw(st.integers(0, 99))
    _rewrite(_pick(draw, _claim_files(root)), lambda r: r.update(statement=f"{r['statement']} <{n}> & more."))


def add_edge(root: Path, draw: Draw, state: dict) -> None:
    files = _claim_files(root)
    path, target = _pick(draw, files), _pick(draw, files)
    target_id = f"{target.parent.name}/{target.stem}"
    if target != path:
        _rewrite(path, lambda r: r.update(supports=sorted({*r.get("supports", []), target_id})))


def remove_edge(root: Path, draw: Draw, state: dict) -> None:
    path = _pick(draw, _claim_files(root))
    _rewrite(path, lambda r: r.update(supports=r.get("supports", [])[1:]) if r.get("supports") else None)


def revise_value(root: Path, draw: Draw, state: dict) -> None:
    path = _pick(draw, sorted((root / "data").glob("*.yaml")))
    text = path.read_text(encoding="utf-8")
    values = list(re.finditer(r"value: ([0-9.e+]+)", text))
    if values:
        found = values[draw(st.integers(0, len(values) - 1))]
        factor = draw(st.sampled_from([0.5, 0.9, 1.1, 3.0]))
        new = f"value: {float(found.group(1)) * factor:.6g}"
        path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")


def extend_archive(root: Path, draw: Draw, state: dict) -> None:
    archives = sorted(p for p in (root / "sources").iterdir() if p.suffix in (".md", ".txt"))
    path = _pick(draw, archives)
    path.write_text(path.read_text(encoding="utf-8") + f"\nA later note, number {draw(st.integers(0, 9))}.\n")


def edit_template(root: Path, draw: Draw, state: dict) -> None:
    template = _pick(draw, sorted(state["templates"].glob("*.html")))
    template.write_text(
        template.read_text(encoding="utf-8") + f"{{# edited {draw(st.integers(0, 9))} #}}\n<!-- x -->\n"
    )


def change_setting(root: Path, draw: Draw, state: dict) -> None:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        state["settings"] = dataclasses.replace(state["settings"], map_limit=draw(st.sampled_from([5, 1000])))
    elif choice == 1:
        state["settings"] = dataclasses.replace(
            state["settings"], edit_url_base=f"https://example.org/{draw(st.integers(0, 3))}"
        )
    else:
        state["settings"] = dataclasses.replace(state["settings"], search=not state["settings"].search)


def add_claim(root: Path, draw: Draw, state: dict) -> None:
    path = _pick(draw, _claim_files(root))
    shutil.copyfile(path, path.with_name(f"copy-{draw(st.integers(0, 99))}-{path.name}"))


def rename_claim(root: Path, draw: Draw, state: dict) -> None:
    files = _unreferenced(root)
    if files:
        path = _pick(draw, files)
        path.rename(path.with_name(f"renamed-{path.name}"))


def remove_claim(root: Path, draw: Draw, state: dict) -> None:
    files = _unreferenced(root)
    if files:
        _pick(draw, files).unlink()


EDITS = [
    reword,
    add_edge,
    remove_edge,
    revise_value,
    extend_archive,
    edit_template,
    change_setting,
    add_claim,
    rename_claim,
    remove_claim,
]


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _restore(root: Path, files: dict[Path, bytes]) -> None:
    for path in [p for p in root.rglob("*") if p.is_file() and p not in files]:
        path.unlink()
    for path, data in files.items():
        path.write_bytes(data)


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_after_random_edits_each_incremental_build_equals_a_clean_build(
    synthetic: Path, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = Path(tempfile.mkdtemp(prefix="crux-property-"))
    try:
        root, out = work / "claims", work / "site"
        shutil.copytree(synthetic, root)
        templates = work / "templates"
        shutil.copytree(TEMPLATES, templates)
        monkeypatch.setattr(templating, "TEMPLATES", templates)
        monkeypatch.setenv("KB_CACHE_DIR", str(work / "cache"))
        state: dict = {"templates": templates, "settings": Settings(search=False, jobs=1)}
        build_site(kb.load(root), out, state["settings"])
        edits = data.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=4), label="edits")
        for step, edit in enumerate(edits):
            before = _snapshot(root)
            edit(root, lambda strategy: data.draw(strategy), state)
            try:
                base = kb.load(root)
            except InvalidBase:
                _restore(root, before)  # an edit an editor would have to fix first: not built
                continue
            build_site(base, out, state["settings"])
            clean = work / f"clean-{step}"
            monkeypatch.setenv("KB_CACHE_DIR", "off")
            build_site(kb.load(root), clean, state["settings"])
            monkeypatch.setenv("KB_CACHE_DIR", str(work / "cache"))
            built, expected = tree_bytes(out), tree_bytes(clean)
            stale = sorted(p for p in expected.keys() | built.keys() if built.get(p) != expected.get(p))
            assert not stale, f"after {[e.__name__ for e in edits[: step + 1]]}: {stale[:5]}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
