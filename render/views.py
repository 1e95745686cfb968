"""What a claim page and a source page show: small typed contexts built from a base."""

from __future__ import annotations

import datetime as dt
import json
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from markupsafe import Markup

from kb import graph as g
from kb.base import KnowledgeBase
from kb.cache.reads import shared
from kb.checks import Result
from kb.checks.glossary import say
from kb.checks.inputs import InputRow
from kb.checks.words import break_even_sentence, check_sentence, expectation_text, input_words, show_input, show_value
from kb.export import claim_markup
from kb.models import Answer, Claim, ClaimKind, Question, Source, Verdict
from kb.questions import argument_lines
from kb.quotes import position
from kb.words import Words
from render import urls
from render.argmap import MapView


@dataclass(frozen=True)
class QuoteView:
    text: str
    source: Source
    verified: bool


@dataclass(frozen=True)
class InputView:
    name: str
    value: str
    bounds: str
    source: Source
    at: str
    ref: str | None
    label: Words  # the dataset entry's label as written: pages show it with `own`


@dataclass(frozen=True)
class ReadingView:
    label: Words  # as the editor wrote it: pages show it with `own` (render.templating)
    note: Words
    value: str
    verdict: str
    changed: dict[str, str]


@dataclass(frozen=True)
class CheckView:
    """A claim's check, formatted for reading."""

    verdict: str
    kind: str
    formula: str
    value: str
    interval: str
    expectation: str
    note: Words
    inputs: list[InputView]
    steps: list[tuple[str, str]]
    break_evens: list[str]
    matters_most: str
    readings: list[ReadingView]
    message: str
    weak: Words
    sentence: str = ""  # what the check computes, in the editor's words (`CheckSpec.sentence`)
    sentence_lang: str = "en"  # the language of ``sentence`` (English when the page's is missing)


@dataclass(frozen=True)
class PredictionView:
    """A prediction as pages show it: dates stay absolute (``static/dates.js`` words them for the reader)."""

    status: str
    resolves_by: dt.date
    resolution: Words
    evidence: Words


@dataclass(frozen=True)
class StrengthView:
    """How the claim stands once its supporters, rebuttals and check are weighed, in words (the
    precise terms of `kb.explanation.Explanation` stay in ``level``, ``label``, ``base`` and ``base_reason``)."""

    value: float
    level: str  # strong, holds, weak or unopposed (`kb.explanation.Explanation.level`)
    stance: str  # the level as the page says it: ``even`` at 0.50 (`kb.explanation.Explanation.stance`)
    label: str  # the grounded label: in, out or undecided
    base: float
    base_reason: str
    ceiling: float | None  # the cap its recomputation puts on it, if it is contradicted or inconclusive
    verdict: str
    unopposed: bool
    sentence: Markup  # `kb.explanation.Explanation.sentence`, the claims named by their linked statements
    contributions: list[tuple[Claim, str, float]]
    flips: list[Markup]


def strength_view(base: KnowledgeBase, claim: Claim, lang: str) -> StrengthView:
    e, name = base.explain(claim.id), claim_namer(base, claim.id, lang)
    moved = [(base.claims[c.claim_id], c.relation, c.effect) for c in e.contributions if abs(c.effect) >= 0.005][:6]
    # with ``Markup`` as the template, kb's wording comes back as Markup (kb types it as the str it subclasses)
    flips = [cast(Markup, change.describe(lang, name, Markup, of=claim.id)) for change in e.changes()]
    return StrengthView(
        e.strength,
        e.level,
        e.stance,
        e.label,
        e.base,
        e.base_reason,
        e.ceiling,
        base.results[claim.id].verdict,
        e.unopposed,
        cast(Markup, e.sentence(lang, name, Markup)),
        moved,
        flips,
    )


def claim_namer(base: KnowledgeBase, here: str, lang: str) -> Callable[[str], Markup]:
    """A `name` for `kb.explanation.Explanation.sentence` and `kb.questions.argument_lines` on the page of
    claim ``here``: each claim as a link to its page, its statement shortened (whole in the tooltip)."""
    page = urls.claim_page(here, lang)

    def name(claim_id: str) -> Markup:
        claim = base.claims[claim_id]
        statement = claim.statement_zh if lang == "zh" else claim.statement
        href = urls.relative(urls.claim_page(claim_id, lang), page)
        quoted = "「{}」" if lang == "zh" else "“{}”"
        return Markup('<a href="{}" title="{}">{}</a>').format(href, statement, quoted.format(shorten(statement, lang)))

    return name


def shorten(statement: str, lang: str = "en") -> str:
    """The start of ``statement`` for naming it inside a sentence: at most 60 characters cut at a
    word (28 in Chinese, not inside a Latin word), without its final full stop.

    >>> shorten("GPU performance per cost peaked around 2018.")
    'GPU performance per cost peaked around 2018'
    >>> shorten("Digital computation is close to reaching physical limits of the same kind that bound biological intelligence.")
    'Digital computation is close to reaching physical limits of…'
    >>> shorten("當前 AI 系統對硬件的利用率極低;通過更好的模型–硬件協同設計,可以實現更高的 FLOP 利用率。", "zh")
    '當前 AI 系統對硬件的利用率極低;通過更好的模型–硬件…'
    >>> shorten("Blackwell 架構芯片的 FP8 吞吐量是 Hopper 的 2.2 倍,並且還支持原生 FP4 Tensor Core。", "zh")
    'Blackwell 架構芯片的 FP8 吞吐量是…'
    """
    text = statement.strip().rstrip(".。")
    limit = 28 if lang == "zh" else 60
    if len(text) <= limit:
        return text
    cut, edge = text[:limit], text[limit - 1 : limit + 1]
    if lang == "zh":
        if edge.isascii() and edge.isalnum():
            cut = cut.rstrip(string.ascii_letters + string.digits)  # not inside a Latin word
    elif " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:，；：、") + "…"  # Latin and full-width punctuation


@dataclass(frozen=True)
class ArgumentView:
    """A linked argument for the claim: its label, its strength, its premises."""

    label: str
    strength: float
    premises: list[tuple[Claim, float]]  # each premise with its strength


@dataclass(frozen=True)
class TakesPart:
    """A question the claim takes part in, and the answer it takes."""

    question: str
    answer: str
    others: list[str]  # the other answers


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    source: Source
    quotes: list[QuoteView]
    supports: list[Claim]
    rebuts: list[Claim]
    supported_by: list[Claim]
    rebutted_by: list[Claim]
    check: CheckView | None
    prediction: PredictionView | None
    local_map: MapView | None
    neighbourhood: tuple[int, int]
    edit_url: str | None
    json_ld: Markup | None
    strength: StrengthView
    arguments: list[ArgumentView]
    questions: list[TakesPart]
    rests_on: list[Markup]  # what would knock out its arguments, in words (`kb.questions.argument_lines`)


@dataclass(frozen=True)
class CitedValue:
    ref: str
    label: Words  # the dataset entry's label as written: pages show it with `own`
    value: str


@dataclass(frozen=True)
class SourceView:
    source: Source
    claims: list[Claim]
    has_archive: bool
    cited: list[CitedValue]
    own_map: bool = False  # the base is drawn as a map per source (see `Settings.map_limit`)


def claim_view(
    base: KnowledgeBase,
    claim: Claim,
    lang: str,
    check: CheckView | None,
    local_map: tuple[MapView | None, int, int],
    edit_url: str | None,
    site_url: str | None = None,
) -> ClaimView:
    G = base.graph
    pick: Callable[[list[str]], list[Claim]] = lambda ids: [base.claims[i] for i in ids]
    quotes = [QuoteView(q.text, base.sources[q.source], base.quote_verified(q)) for q in claim.quotes]
    page_url = urls.absolute(site_url, urls.claim_page(claim.id, lang)) if site_url else None
    view, shown, total = local_map
    return ClaimView(
        claim,
        base.sources[claim.source],
        quotes,
        supports=pick(g.supported(G, claim.id)),
        rebuts=pick(g.rebutted(G, claim.id)),
        supported_by=pick(g.supporters(G, claim.id)),
        rebutted_by=pick(g.rebutters(G, claim.id)),
        check=check,
        prediction=prediction_view(claim),
        local_map=view,
        neighbourhood=(shown, total),
        edit_url=edit_url,
        json_ld=json_ld(claim_markup(base, claim, lang, page_url, site_url)),
        strength=strength_view(base, claim, lang),
        arguments=argument_views(base, claim, lang),
        questions=[TakesPart(*(_say_question(q, i, lang))) for q, i in base.questions_of(claim.id)],
        # Markup in, Markup out, as in `strength_view`
        rests_on=cast(list[Markup], argument_lines(base, claim.id, lang, claim_namer(base, claim.id, lang), Markup)),
    )


def argument_views(base: KnowledgeBase, claim: Claim, lang: str) -> list[ArgumentView]:
    strengths = base.assessment.strengths
    return [
        ArgumentView(
            a.label_zh if lang == "zh" else a.label, strength, [(base.claims[p], strengths[p]) for p in a.premises]
        )
        for a, strength in zip(claim.arguments, base.argument_strengths(claim.id), strict=True)
    ]


def _say_question(question: Question, taken: int, lang: str) -> tuple[str, str, list[str]]:
    def answer(a: Answer) -> str:
        return a.label_zh if lang == "zh" else a.label

    return (
        question.question_zh if lang == "zh" else question.question,
        answer(question.answers[taken]),
        [answer(a) for i, a in enumerate(question.answers) if i != taken],
    )


def json_ld(data: object) -> Markup:
    """``data`` as JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` are written as ``\\u`` escapes.

    >>> str(json_ld({"claimReviewed": "</script><b>"}))
    '{"claimReviewed": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))  # noqa: S704 - escaped above


def prediction_view(claim: Claim) -> PredictionView | None:
    if claim.kind != ClaimKind.prediction or claim.resolves_by is None or claim.status is None:
        return None
    return PredictionView(claim.status.value, claim.resolves_by, claim.resolution or "", claim.evidence or "")


def check_view(base: KnowledgeBase, claim: Claim, result: Result, lang: str = "en") -> CheckView | None:
    if claim.check is None:
        return None
    interval = ""
    if result.low is not None and result.high is not None and result.low != result.high:
        to = " 至 " if lang == "zh" else " to "
        interval = show_value(result.low, result.unit) + to + show_value(result.high, result.unit)
    inputs = [
        InputView(r.name, show_input(r), _bounds(r), base.sources[r.source], r.at, r.ref, r.label)
        for r in result.inputs
    ]
    readings = [
        ReadingView(r.label, r.note, show_value(r.value, result.unit), r.verdict, r.changed) for r in result.readings
    ]
    most = input_words(result.input(result.matters_most), lang) if result.matters_most else ""
    sentence, sentence_lang = check_sentence(result, lang)
    return CheckView(
        result.verdict,
        result.kind,
        result.formula,
        show_value(result.value, result.unit),
        interval,
        expectation_text(result, lang),
        claim.check.note,
        inputs,
        [(say(s.label, lang), show_value(s.value, s.unit)) for s in result.steps],
        [break_even_sentence(result, name, lang) for name in result.break_even],
        most,
        readings,
        result.message,
        result.weak,
        sentence,
        sentence_lang,
    )


def _bounds(row: InputRow) -> str:
    if row.low is None and row.high is None:
        return ""
    low = show_input(row, row.low) if row.low is not None else "…"
    high = show_input(row, row.high) if row.high is not None else "…"
    return f"{low} to {high}"


def source_views(base: KnowledgeBase) -> list[SourceView]:
    """Every source with its claims in the order they appear in the archived text."""
    position = quote_positions(base)
    by_source: dict[str, list[Claim]] = {s: [] for s in base.sources}
    for claim in sorted(base, key=lambda c: (position.get(c.id, float("inf")), c.id)):
        by_source[claim.source].append(claim)
    cited: dict[str, list[CitedValue]] = {s: [] for s in base.sources}
    for dataset, entries in sorted(base.data.entries.items()):
        for entry_id, entry in sorted(entries.items()):
            for name, m in sorted(entry.values.items()):
                value = CitedValue(f"{dataset}.{entry_id}.{name}", entry.label, show_value(m.value, m.unit))
                cited.setdefault(m.source, []).append(value)
    return [SourceView(s, by_source[s.id], s.id in base.archives, cited.get(s.id, [])) for s in base.sources.values()]


def quote_positions(base: KnowledgeBase) -> dict[str, int]:
    """Claim id → where its first quote starts in its quoted source's archive (claims without one are absent)."""
    found: dict[str, int] = {}
    for claim in base:
        for quote in claim.quotes:
            archive = base.archives.get(quote.source)
            at = position(quote.text, archive) if archive is not None else None
            if at is not None:
                found[claim.id] = at
                break
    return found


def sources_of(base: KnowledgeBase) -> list[SourceView]:
    """`source_views`, made once per build for every page that shows them."""
    return shared(base, "source-views", lambda: source_views(base))


def source_view(base: KnowledgeBase, source_id: str) -> SourceView:
    """The view of one source (see `sources_of`)."""
    return next(v for v in sources_of(base) if v.source.id == source_id)


def tag_counts(base: KnowledgeBase) -> dict[str, int]:
    """Tag → how many claims carry it, in tag order."""
    return dict(sorted(Counter(tag for c in base for tag in c.tags).items()))


def by_verdict(base: KnowledgeBase) -> dict[str, list[Claim]]:
    """Claims per verdict, for every verdict that some claim has, in the order of `Verdict`."""
    found: dict[str, list[Claim]] = {v.value: [] for v in Verdict}
    for c in base:
        found.get(base.results[c.id].verdict, []).append(c)
    return {v: claims for v, claims in found.items() if claims}
