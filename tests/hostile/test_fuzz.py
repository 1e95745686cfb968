"""Fuzzing: generated and mutated claim trees go through the loader, the checks and the renderer.

No uncaught exception; every rejection names a file and says what is wrong.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb
from kb.records import read_tree
from kb.text import characters_problem, visible
from tests.conftest import ERRORS

IDS = st.sampled_from(["a/ok", "a/one", "a/two", "b/three", "a/missing", "../x", "A/Up", ""])
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "javascript:alert(1)", "\u202e", "x" * 300]
    ),
)


def _accepted(text: str) -> bool:
    """A text records accept: something visible, no control or bidirectional character (`kb.text`,
    whose refusals tests/hostile/test_text.py covers)."""
    return bool(visible(text.strip())) and characters_problem(text) is None


VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


@st.composite
def claim_files(draw):
    record = {
        "statement": draw(st.one_of(TEXT, VALUE)),
        "statement_zh": draw(TEXT),
        "source": draw(st.sampled_from(["s", "t", "a/ok", 3])),
        "kind": draw(st.sampled_from(["qualitative", "quantitative", "prediction", "opinion"])),
        "quotes": draw(st.one_of(st.just([{"source": "s", "text": "The sky is blue on clear days."}]), VALUE)),
        "supports": draw(st.lists(IDS, max_size=3)),
        "rebuts": draw(st.lists(IDS, max_size=2)),
        "tags": draw(st.lists(st.sampled_from(["ok", "Bad Tag", 'x"y', "t"]), max_size=2)),
    }
    drop = draw(st.sets(st.sampled_from(sorted(record)), max_size=2))
    record = {k: v for k, v in record.items() if k not in drop}
    if draw(st.booleans()):
        record[draw(st.sampled_from(["colour", "check", "resolves_by", "prior", "waive"]))] = draw(VALUE)
    text = yaml.safe_dump(record, allow_unicode=True)
    if draw(st.integers(0, 5)) == 0:  # byte-level mutation
        position = draw(st.integers(0, max(len(text) - 1, 0)))
        text = (
            text[:position]
            + draw(st.sampled_from(["\t", ": ", "&a ", "*a", "\x00", "- ", "'", "\n  "]))
            + text[position:]
        )
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["a/one.yaml", "a/two.yaml", "b/three.yaml"]), claim_files(), min_size=1, max_size=3
    )
)
def test_loader_never_crashes_and_every_rejection_is_located(files) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(shutil.copytree(ERRORS / "_base", Path(scratch) / "claims"))
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        tree = read_tree(root)
        for issue in tree.issues:
            assert issue.path.startswith(str(root)) and issue.message
        if not tree.errors:
            base = kb.load(root)
            for claim in base:
                base.result(claim.id)
                base.explain(claim.id)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT.filter(_accepted), st.sampled_from(["supports", "rebuts"])), min_size=1, max_size=4))
def test_valid_trees_with_hostile_text_render_inert(items) -> None:
    from render.build import build_site

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(shutil.copytree(ERRORS / "_base", Path(scratch) / "claims"))
        for n, (text, relation) in enumerate(items):
            record = {
                "statement": text,
                "statement_zh": text,
                "source": "s",
                "kind": "qualitative",
                "quotes": [{"source": "s", "text": "The sky is blue on clear days."}],
                relation: ["a/ok"],
            }
            (root / "a" / f"c{n}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
        base = kb.load(root)
        out = Path(scratch) / "site"
        build_site(base, out)
        for page in out.rglob("*.html"):
            assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8")
        for n, (text, _) in enumerate(items):
            if text == "{{ 7*7 }}":  # shown as written, never evaluated
                assert "{{ 7*7 }}" in (out / "claims" / "a" / f"c{n}" / "index.html").read_text(encoding="utf-8")
