"""The debate at a glance: each question with the answers each essay gives, what the recomputed
evidence says, and how far each thesis moves if the question goes the other way.

`question_views` builds one `QuestionView` per question, ranked by its hinge
(`kb.analysis.Hinge`); the home page shows them as one table, a question's own
page shows one in full, and `render.argmap.questions_graph` draws them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kb.analysis import Hinge
from kb.base import KnowledgeBase
from kb.cache.reads import shared
from kb.checks.words import break_even_sentence, show_value
from kb.models import Claim, Question, Source, SourceKind
from kb.questions import resting_on
from kb.words import Words

GIST_CHARS = 24  # an answer's label starts with its gist ("No: …") when the part before the colon is this short
RECOMPUTED = ("supported", "contradicted", "inconclusive", "error")  # verdicts of a check that ran
SMALL_MOVE = 0.02  # a thesis that moves less than this either way "barely moves"

WORDS = {
    "en": {
        "falls": "If “{answer}”, {author}'s thesis falls from {now:.2f} to {then:.2f}",
        "rises": "If “{answer}”, {author}'s thesis rises from {now:.2f} to {then:.2f}",
        "still": "{author}'s thesis barely moves either way ({now:.2f})",
        "unlinked": "{author}'s thesis does not rest on it",
    },
    "zh": {
        "falls": "若答案是「{answer}」,{author} 的核心論點從 {now:.2f} 降到 {then:.2f}",
        "rises": "若答案是「{answer}」,{author} 的核心論點從 {now:.2f} 升到 {then:.2f}",
        "still": "無論答案如何,{author} 的核心論點幾乎不變({now:.2f})",
        "unlinked": "{author} 的核心論點不依賴這個問題",
    },
}


@dataclass(frozen=True)
class Essay:
    """An essay with theses: a side of the debate, in the order of `source_rank`."""

    source: Source
    theses: list[Claim]


@dataclass(frozen=True)
class AnswerView:
    index: int
    label: str
    gist: str  # the answer in a word or two ("No"), else its whole label
    rest: str  # the label after the gist ("" when the gist is the whole label)
    claims: list[Claim]
    essay: str | None  # the essay whose claims take it most, or None
    break_evens: list[tuple[Claim, str]]  # where the checks of its claims flip


@dataclass(frozen=True)
class Move:
    """How one thesis moves with a question: its strength now and if each answer is taken."""

    thesis: Claim
    now: float
    by_answer: list[float | None]
    sentence: str


@dataclass(frozen=True)
class Resting:
    """A linked argument with a premise that takes an answer to the question."""

    claim: Claim
    label: str
    strength: float
    premises: list[tuple[Claim, int | None]]  # each premise with the answer it takes here, if any


@dataclass(frozen=True)
class Cited:
    ref: str
    label: Words  # the dataset entry's label as written: pages show it with `own`
    value: str
    source: Source


@dataclass(frozen=True)
class QuestionView:
    question: Question
    text: str
    other_text: str
    answers: list[AnswerView]
    evidence: list[Claim]  # claims on its answers or settling it whose checks ran
    datasets: list[Cited]  # dataset values named in ``settled_by``
    judgement: bool  # nothing recomputed bears on it
    moves: list[Move]
    weight: float
    measured: bool
    resting: list[Resting]

    def by_essay(self, essay: str) -> list[AnswerView]:
        """The answers that ``essay``'s claims take most."""
        return [a for a in self.answers if a.essay == essay]

    def evidence_of(self, answer: AnswerView) -> list[Claim]:
        """The claims of ``evidence`` that take ``answer``."""
        return [c for c in self.evidence if c in answer.claims]

    def evidence_elsewhere(self) -> list[Claim]:
        """The claims of ``evidence`` that take no answer (named in ``settled_by`` only)."""
        taken = {c.id for a in self.answers for c in a.claims}
        return [c for c in self.evidence if c.id not in taken]

    def unplaced(self) -> list[AnswerView]:
        """The answers that no essay's claims take most."""
        return [a for a in self.answers if a.essay is None]


def source_rank(base: KnowledgeBase) -> dict[str, tuple[bool, bool, dt.date | int, str]]:
    """Order of sources on maps and the home page: essays by date, then the rest by id."""
    return {s.id: (s.kind.value != "essay", s.published is None, s.published or 0, s.id) for s in base.sources.values()}


def essays(base: KnowledgeBase) -> list[Essay]:
    """The essays that state a thesis, in the order of the maps and the home page."""
    rank = source_rank(base)
    theses: dict[str, list[Claim]] = {}
    for claim_id in base.theses():
        claim = base.claims[claim_id]
        theses.setdefault(claim.source, []).append(claim)
    found = [Essay(base.sources[s], claims) for s, claims in theses.items() if base.sources[s].kind == SourceKind.essay]
    return sorted(found, key=lambda e: rank[e.source.id])


def gist(label: str) -> tuple[str, str]:
    """Split an answer's label into its gist and the rest, at a colon after a few words.

    >>> gist("No: the last gains are behind us"), gist("不:剩下的只是權衡"), gist("Scaling ends soon")
    (('No', 'the last gains are behind us'), ('不', '剩下的只是權衡'), ('Scaling ends soon', ''))
    """
    for colon in (":", ":"):
        head, found, rest = label.partition(colon)
        if found and 0 < len(head.strip()) <= GIST_CHARS and rest.strip():
            return head.strip(), rest.strip()
    return label, ""


def question_views(base: KnowledgeBase, lang: str) -> list[QuestionView]:
    """Every question, ranked by what hinges on it (made once for every page that shows them all)."""

    def make() -> list[QuestionView]:
        sides = essays(base)
        return [question_view(base, base.questions[h.question], h, sides, lang) for h in base.hinges()]

    return shared(base, ("question-views", lang), make)


def question_view(base: KnowledgeBase, question: Question, hinge: Hinge, sides: list[Essay], lang: str) -> QuestionView:
    zh = lang == "zh"
    answers = []
    for index, answer in enumerate(question.answers):
        label = answer.label_zh if zh else answer.label
        head, rest = gist(label)
        claims = [base.claims[c] for c in answer.claims]
        answers.append(
            AnswerView(index, label, head, rest, claims, _essay_of(claims, sides), _break_evens(base, claims, lang))
        )
    evidence = [
        base.claims[c]
        for c in dict.fromkeys([*question.claims(), *question.settled_by])
        if c in base.claims and base.results[c].verdict in RECOMPUTED
    ]
    moves = [_move(base, hinge, thesis, answers, lang) for side in sides for thesis in side.theses]
    return QuestionView(
        question,
        question.question_zh if zh else question.question,
        question.question if zh else question.question_zh,
        answers,
        evidence,
        _datasets(base, question),
        not base.checkable(question.id),
        moves,
        hinge.weight,
        hinge.measured,
        _resting(base, question, lang),
    )


def _essay_of(claims: list[Claim], sides: list[Essay]) -> str | None:
    """The essay most of ``claims`` come from (the earlier one on a tie), or None."""
    counts = {side.source.id: sum(c.source == side.source.id for c in claims) for side in sides}
    best = max(counts.values(), default=0)
    return next((s for s, n in counts.items() if n == best), None) if best else None


def _break_evens(base: KnowledgeBase, claims: list[Claim], lang: str) -> list[tuple[Claim, str]]:
    found = []
    for claim in claims:
        result = base.results[claim.id]
        if claim.check is not None and result.verdict in RECOMPUTED[:3]:
            found += [(claim, break_even_sentence(result, name, lang)) for name in result.break_even]
    return found


def _move(base: KnowledgeBase, hinge: Hinge, thesis: Claim, answers: list[AnswerView], lang: str) -> Move:
    """``thesis`` under the question: now, for each answer, and in words the answer that moves it most."""
    words = WORDS[lang]
    author = base.sources[thesis.source].author
    now = base.assessment.strengths[thesis.id]
    by_answer = [resolved.get(thesis.id) for resolved in hinge.resolved]
    known = [(abs(v - now), i, v) for i, v in enumerate(by_answer) if v is not None]
    if not hinge.measured or not known or hinge.swing(thesis.id) == 0:
        sentence = words["unlinked"].format(author=author) if hinge.measured else ""
    else:
        far, index, then = max(known)
        if far < SMALL_MOVE:
            sentence = words["still"].format(author=author, now=now)
        else:
            key = "falls" if then < now else "rises"
            sentence = words[key].format(answer=answers[index].gist, author=author, now=now, then=then)
    return Move(thesis, now, by_answer, sentence)


def _datasets(base: KnowledgeBase, question: Question) -> list[Cited]:
    found = []
    for ref in question.settled_by:
        if ref in base.claims or ref.count(".") != 2:
            continue
        dataset, entry_id, name = ref.split(".")
        entry = base.data.entries.get(dataset, {}).get(entry_id)
        if entry is not None and name in entry.values:
            m = entry.values[name]
            found.append(Cited(ref, entry.label, show_value(m.value, m.unit), base.sources[m.source]))
    return found


def _resting(base: KnowledgeBase, question: Question, lang: str) -> list[Resting]:
    """The linked arguments (of any claim) one of whose premises takes an answer to ``question``."""
    found = [
        Resting(
            r.claim,
            r.argument.label_zh if lang == "zh" else r.argument.label,
            r.strength,
            [(base.claims[p], answer) for p, answer in r.answers.items()],
        )
        for r in resting_on(base, question.id)
    ]
    found.sort(key=lambda r: ("thesis" not in r.claim.tags, r.claim.id))
    return found
