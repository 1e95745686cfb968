"""One glossary for the verdicts of checks and the grounded labels (kb.checks.glossary): their words
are apart in each language, and every page of the site says them in the glossary's words."""

from __future__ import annotations

import functools
import html as markup
import itertools
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kb.checks.glossary import LABELS, VERDICTS, label_word, verdict_word
from kb.explanation import CHANGE, REASONS
from kb.models import Verdict
from kb.questions import WORDS
from render import i18n
from render.build import build_site
from render.settings import Settings

VERDICT_BADGE = re.compile(r'<span class="verdict verdict-([a-z]+)">([^<]*)</span>')
LABEL_BADGE = re.compile(r'<span class="badge label-([a-z]+)"[^>]*>([^<]*)</span>')
LEGEND = re.compile(r'<span class="swatch node-([a-z]+)" aria-hidden="true"></span>([^<]*)</li>')
RETIRED = ("不成立", "成立的異議", "異議懸而未決", "核查出錯", "未核查")  # the Chinese words before the glossary


@pytest.mark.parametrize("lang", [0, 1], ids=["en", "zh"])
def test_the_words_for_verdicts_and_labels_are_apart(lang: int) -> None:
    verdicts = [words[lang] for words in VERDICTS.values()]
    labels = [words[lang] for words in LABELS.values()]
    assert len(set(verdicts)) == len(verdicts) and len(set(labels)) == len(labels)
    assert not set(verdicts) & set(labels)
    for verdict, label in itertools.product(verdicts, labels):  # nor one inside the other
        assert verdict not in label and label not in verdict, (verdict, label)


def test_the_glossary_names_every_verdict_and_label() -> None:
    assert set(VERDICTS) == {v.value for v in Verdict}
    assert set(LABELS) == {"in", "out", "undecided"}


def test_the_other_catalogues_read_the_glossary() -> None:
    for name in VERDICTS:
        assert i18n.verdict("zh", name) == verdict_word(name, "zh") and i18n.verdict("en", name) == verdict_word(
            name, "en"
        )
    for name in LABELS:
        assert i18n.text("zh", f"label.{name}") == label_word(name, "zh")
        assert label_word(name, "zh") in CHANGE["zh"]["label"][name]
    assert verdict_word("contradicted", "zh") in REASONS["zh"]["its check contradicts it"]
    assert verdict_word("inconclusive", "zh") in REASONS["zh"]["neutral prior (check inconclusive)"]
    assert verdict_word("supported", "zh") in WORDS["zh"]["supported"]
    for text in [
        *REASONS["zh"].values(),
        *WORDS["zh"].values(),
        *CHANGE["zh"]["label"].values(),
        i18n.text("zh", "strength.label_help"),
    ]:
        assert not any(word in text for word in RETIRED), text


@pytest.fixture(scope="module")
def site(tmp_path_factory, shipped) -> Path:
    out = tmp_path_factory.mktemp("glossary") / "site"
    build_site(shipped, out, Settings(search=False))
    return out


def authored(base) -> list[str]:
    """What editors and sources wrote in Chinese, as pages show it (longest first): prose of their
    own, where 成立 may stand in a sentence."""
    texts = [t for c in base.claims.values() for t in (c.statement_zh, *(q.text for q in c.quotes))]
    texts += [a.label_zh for c in base.claims.values() for a in c.arguments]
    texts += [t for q in base.questions.values() for t in (q.question_zh, *(a.label_zh for a in q.answers))]
    return sorted({markup.escape(t, quote=False) for t in texts}, key=len, reverse=True)


@pytest.mark.slow
def test_every_page_says_verdicts_and_labels_in_the_glossarys_words(site: Path, shipped) -> None:
    theirs = authored(shipped)
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        lang = "zh" if page.relative_to(site).parts[0] == "zh" else "en"
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(site)
        for name, shown in VERDICT_BADGE.findall(text) + LEGEND.findall(text):
            if name in VERDICTS:
                assert markup.unescape(shown).strip() == verdict_word(name, lang), (where, name, shown)
                seen[lang].add(("verdict", name))
        for name, shown in LABEL_BADGE.findall(text):
            assert markup.unescape(shown) == label_word(name, lang), (where, name, shown)
            seen[lang].add(("label", name))
        if lang == "zh":
            ours = functools.reduce(lambda page, quoted: page.replace(quoted, ""), theirs, text)
            assert not [word for word in RETIRED if word in ours], where
    for lang in ("en", "zh"):  # the pages showed every label and the verdicts the shipped base has
        assert {("label", n) for n in LABELS} | {("verdict", v) for v in VERDICTS} <= seen[lang], lang
