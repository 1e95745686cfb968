"""Questions in words: what hinges on each, what the evidence says, where a question is missing.

Free functions over a `KnowledgeBase`, used by ``kb questions``, ``kb show`` and the site:

* `hinge_rows` — each question with its hinge, each answer's effect on the theses and whether
  it is checkable, ranked;
* `argument_lines` — a claim's linked arguments, each with its strength and the questions its
  premises take part in ("falls if …");
* `suggest` — clusters of cross-source rebuttals that no question covers yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from kb.checks.glossary import verdict_word
from kb.lint import unquestioned

if TYPE_CHECKING:
    from kb.analysis import Hinge
    from kb.base import KnowledgeBase
    from kb.models import Argument, Claim, Question

WORDS = {
    "en": {
        "falls": "{author}'s argument “{label}” (strength {strength:.2f}) rests on {premise}; it falls if the question "
        "“{question}” is answered “{answer}”",
        "supported": " (and the recomputation of {claim} supports that answer)",
        "contradicted": " (but the recomputation of {claim} contradicts that answer)",
        "inconclusive": " (the recomputation of {claim} is inconclusive)",
        "end": ".",
    },
    "zh": {
        "falls": "{author} 的論證「{label}」(強度 {strength:.2f})建立在 {premise} 之上;若「{question}」的答案是「{answer}」,"
        "這個論證就會瓦解",
        "supported": f"(而 {{claim}} 的核查結論為「{verdict_word('supported', 'zh')}」,支持這個答案)",
        "contradicted": f"(但 {{claim}} 的核查結論為「{verdict_word('contradicted', 'zh')}」,與這個答案矛盾)",
        "inconclusive": f"({{claim}} 的核查結論為「{verdict_word('inconclusive', 'zh')}」)",
        "end": "。",
    },
}
VERDICTS = ("supported", "contradicted", "inconclusive")  # the verdicts that say something about an answer


@dataclass(frozen=True)
class HingeRow:
    """One question as `kb questions` lists it."""

    question: Question
    hinge: Hinge
    checkable: bool
    verdicts: dict[str, str]  # claim id → check verdict, for the answers' checked claims


def hinge_rows(base: KnowledgeBase) -> list[HingeRow]:
    """The questions of ``base`` ranked by their hinge, with what the recomputations say.

    >>> rows = hinge_rows(__import__("kb").load("claims"))
    >>> rows[0].hinge.weight >= rows[-1].hinge.weight
    True
    """
    rows = []
    for hinge in base.hinges():
        question = base.questions[hinge.question]
        verdicts = {c: base.results[c].verdict for c in question.claims() if base.claims[c].check is not None}
        rows.append(HingeRow(question, hinge, base.checkable(question.id), verdicts))
    return rows


def argument_lines(
    base: KnowledgeBase,
    claim_id: str,
    lang: str = "en",
    name: Callable[[str], str] | None = None,
    template: Callable[[str], str] = str,
) -> list[str]:
    """For each linked argument for ``claim_id``: how strong it is, and for each of its premises
    that takes an answer to a question, which other answer would knock it out and what the
    recomputed evidence on that question says.

    ``name`` says a claim (default: its id); ``template`` wraps each piece of wording before the
    names are filled in (pass ``markupsafe.Markup`` when ``name`` gives HTML).

    >>> argument_lines(__import__("kb").load("claims"), "dettmers/thesis")[0][:60]
    "Tim Dettmers's argument “the physical limits of computation”"
    """
    words, claim, name = WORDS[lang], base.claim(claim_id), name or (lambda other: other)
    lines = []
    for argument, strength in zip(claim.arguments, base.argument_strengths(claim_id), strict=True):
        label = argument.label_zh if lang == "zh" else argument.label
        for premise in argument.premises:
            for question, taken in base.questions_of(premise):
                for index, answer in enumerate(question.answers):
                    if index == taken:
                        continue
                    text = template(words["falls"]).format(
                        author=base.sources[claim.source].author,
                        label=label,
                        strength=strength,
                        premise=name(premise),
                        question=question.question_zh if lang == "zh" else question.question,
                        answer=answer.label_zh if lang == "zh" else answer.label,
                    )
                    checked = [c for c in answer.claims if base.results[c].verdict in VERDICTS]
                    if checked:
                        text += template(words[base.results[checked[0]].verdict]).format(claim=name(checked[0]))
                    lines.append(text + template(words["end"]))
    return lines


def suggest(base: KnowledgeBase) -> list[list[tuple[str, str]]]:
    """Clusters of written rebuttals between claims of different sources that no question holds on
    two of its answers (and whose claim does not waive `unquestioned-rebuttal`): the rebuttals that
    share a claim form one cluster, largest first.

    >>> suggest(__import__("kb").load("claims"))
    []
    """
    loose = nx.DiGraph(
        (claim_id, target)
        for claim_id, _, target in unquestioned(base.claims, base.questions)
        if "unquestioned-rebuttal" not in base.claims[claim_id].waive
    )
    clusters = []
    for part in nx.weakly_connected_components(loose):
        clusters.append(sorted(loose.subgraph(part).edges()))
    return sorted(clusters, key=lambda pairs: (-len(pairs), pairs))


@dataclass(frozen=True)
class RestingArgument:
    """A linked argument one of whose premises takes an answer to a question."""

    claim: Claim  # the claim the argument supports
    argument: Argument
    strength: float
    answers: dict[str, int | None]  # premise → the index of the answer it takes (None: it takes none)


def resting_on(base: KnowledgeBase, question_id: str) -> list[RestingArgument]:
    """The linked arguments (of any claim) one of whose premises takes an answer to the question, in
    the order of the claims they support.

    >>> [r.claim.id for r in resting_on(load("claims"), "per-chip-progress")]
    ['dettmers/near-limits-of-digital-computation', 'fu/thesis']
    """
    question = base.questions[question_id]
    taken = {c: i for i, a in enumerate(question.answers) for c in a.claims}
    G = base.graph
    resting = sorted({v for c in taken if c in G for _, v, r in G.out_edges(c, data="relation") if r == "premise"})
    return [
        RestingArgument(claim, argument, strength, {p: taken.get(p) for p in argument.premises})
        for claim in (base.claims[c] for c in resting)
        for argument, strength in zip(claim.arguments, base.argument_strengths(claim.id), strict=True)
        if any(p in taken for p in argument.premises)
    ]
