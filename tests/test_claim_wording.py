"""Claim pages speak a reader's words: no internal jargon and no raw claim ids in what they show.

The precise terms (base score, ceiling, grounded label) may stay in a ``<details>`` fold, in
``title`` tooltips and in ``<code>``; links may carry ids in their ``href``. Everything else a
reader sees on the claim pages of the shipped base, in English and in Chinese, is checked here
(ids are looked for outside the prediction block, whose resolution criteria are an editor's text).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from kb.checks.glossary import verdict_word
from render.build import build_site
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # every claim page of the shipped site, in both languages

JARGON = {  # phrase → where it used to come from
    "base score": "Explanation.sentence, Change.describe",
    "neutral prior": "Scoring.base_score's reason, shown raw",
    "check unchecked": "Scoring.base_score's reason, shown raw",
    "is in 1": "a plain number's unit, shown as '1'",
    "says ≥": "expectation_text's symbols",
    "≥ ": "expectation_text's symbols",
    "≈ ": "expectation_text's symbols",
    "direct effect": "the contributions table's caption",
    "基礎分數": "Explanation.sentence (zh)",
    "中性先驗": "Scoring.base_score's reason (zh)",
}
RAW_ID = re.compile(r"\b(?:dettmers|fu|editor)/[a-z0-9-]+")
PREDICTION = re.compile(r'<section class="prediction"[\s\S]*?</section>')
PLAIN_UNIT = re.compile(r"\d 1(?: \(|$)")  # "2018 1 (NVIDIA …)": a plain number shown with its unit "1"


class Visible(HTMLParser):
    """The text a reader sees: without scripts, styles, code and the bodies of <details> folds
    (their <summary> is seen)."""

    HIDDEN: ClassVar[set[str]] = {"script", "style", "code", "template"}
    INLINE: ClassVar[set[str]] = {
        "a",
        "abbr",
        "b",
        "code",
        "em",
        "i",
        "meter",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
    }

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self._details = 0
        self._summary = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "details":
            self._details += 1
        elif tag == "summary":
            self._summary += 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN:
            self._hidden -= 1
        elif tag == "details":
            self._details -= 1
        elif tag == "summary":
            self._summary -= 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        if not self._hidden and (not self._details or self._summary):
            self.parts.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts))


def visible(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return parser.text()


@pytest.fixture(scope="module")
def html(tmp_path_factory, shipped) -> dict[str, str]:
    """Every claim page of the shipped base, by its path ("claims/…", "zh/claims/…")."""
    out = tmp_path_factory.mktemp("wording") / "site"
    build_site(shipped, out)
    return {
        str(p.relative_to(out).parent): p.read_text(encoding="utf-8")
        for folder in ("claims", "zh/claims")
        for p in sorted((out / folder).glob("*/*/index.html"))
    }


@pytest.fixture(scope="module")
def pages(html) -> dict[str, str]:
    """The visible text of every claim page."""
    return {path: visible(page) for path, page in html.items()}


def test_every_claim_has_a_page_in_both_languages(pages, shipped) -> None:
    assert len(pages) == 2 * len(list(shipped))


@pytest.mark.parametrize("phrase", sorted(JARGON))
def test_claim_pages_use_no_jargon(pages, phrase) -> None:
    found = [path for path, text in pages.items() if phrase in text]
    assert not found, f"{phrase!r} ({JARGON[phrase]}) on {found[:5]}"


def test_claim_pages_name_claims_by_their_statements_not_their_ids(html) -> None:
    prose = {path: visible(PREDICTION.sub("", page)) for path, page in html.items()}
    found = {path: RAW_ID.findall(text)[:3] for path, text in prose.items() if RAW_ID.search(text)}
    assert not found, found


def test_plain_numbers_are_shown_without_their_unit_1(pages, shipped) -> None:
    assert not [path for path, text in pages.items() if PLAIN_UNIT.search(text)]
    changed = [v for r in shipped.results.values() for reading in r.readings for v in reading.changed.values()]
    assert changed and not [v for v in changed if PLAIN_UNIT.search(v)]


def test_the_check_says_the_claims_number_in_words(pages) -> None:
    assert "The claim, as the check reads it: at least 9×." in pages["claims/fu/fp4-9x-flops"]
    assert "核查對論點的理解: 至少 9 倍。" in pages["zh/claims/fu/fp4-9x-flops"]
    assert "about 20% (15% to 25%)" in pages["claims/fu/deepseek-v3-mfu-20pct"]


def test_a_contradicted_or_inconclusive_check_visibly_caps_the_strength(pages, shipped) -> None:
    bloom = pages["claims/fu/bloom-mfu-50pct"]
    assert "its recomputation contradicts it, so its strength is capped at 0.20" in bloom
    assert "capped at 0.20 by its recomputation" in bloom
    assert "its recomputation is inconclusive, so its strength is capped at 0.70" in pages["claims/fu/fp4-9x-flops"]
    assert (
        f"其核查結論為「{verdict_word('contradicted', 'zh')}」,因此其強度上限為 0.20"
        in pages["zh/claims/fu/bloom-mfu-50pct"]
    )
    for claim in shipped:
        if shipped.results[claim.id].verdict in ("contradicted", "inconclusive"):
            assert "capped at" in pages[f"claims/{claim.id}"], claim.id


def test_the_unopposed_state_is_shown_with_its_reason(pages, shipped) -> None:
    for claim in shipped:
        e = shipped.explain(claim.id)
        text = pages[f"claims/{claim.id}"]
        if e.ceiling is None:  # a claim its recomputation caps is opposed by the data, whatever the claims say
            assert ("unopposed" in text) == e.unopposed, claim.id
        if e.level == "unopposed":
            assert "nothing in the base rebuts it or what it rests on" in text, claim.id
    lonely = "claims/dettmers/ai-innovation-driven-by-gpu-efficiency"  # no check, no links
    assert "because nothing recomputes it; nothing in the base supports or rebuts it." in pages[lonely]
    assert "What would tip it" not in pages[lonely]  # at 0.5 any nudge tips it, which says nothing


def test_arguments_and_their_questions_name_premises_by_statement(pages) -> None:
    text = pages["claims/dettmers/thesis"]
    assert (
        "Tim Dettmers's argument “the physical limits of computation” (strength 0.80) rests on “Digital computation"
        in text
    )
    assert "supports that answer" in text
    assert "Tim Dettmers 的論證「計算的物理極限」(強度 0.80)建立在 「" in pages["zh/claims/dettmers/thesis"]


def test_the_precise_terms_stay_in_a_fold(tmp_path: Path) -> None:
    """The fold keeps the base score and its reason, for readers who want the model's terms."""
    import kb

    out = tmp_path / "site"
    build_site(kb.load(REPO / "tests/data/valid"), out)
    html = (out / "claims/alpha/answer/index.html").read_text(encoding="utf-8")
    fold = html[html.index('<details class="terms">') :]
    fold = fold[: fold.index("</details>")]
    assert "base score" in fold and "grounded label" in fold
    assert "base score" not in visible(html)
