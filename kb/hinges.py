"""What hinges on each question, and the cruxes (the computations behind `kb.analysis.Assessment.hinges`
and `kb.analysis.Assessment.cruxes`).

A question is resolved each way by moving the current strengths with its answers' claims fixed at 1
or 0: a work list that recomputes, between the question and the theses, only the claims a change
reaches (`kb.worklist.settle`: exact on an acyclic part, a fixpoint to within
`HINGE_TOL` in a cycle, solved whole when the work list will not settle).

>>> import kb
>>> A = kb.load("claims").assessment
>>> [h.question for h in rank_hinges(A)][:1]
['hardware-used-near-its-limit']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.models import Question
from kb.worklist import settle

if TYPE_CHECKING:
    from kb.analysis import Assessment

MEASURED_QUESTIONS = 30  # at most this many questions get their hinge measured (see `rank_hinges`)
HINGE_TOL = 1e-5  # how far a claim may still move when a resolution is taken as settled


@dataclass(frozen=True)
class Crux:
    """A rebuttal between claims of different sources, and how much the theses depend on it."""

    rebutter: str
    target: str
    weight: float
    shifts: dict[str, float]
    checkable: bool
    reach: int = 0
    intensity: float = 0.0
    measured: bool = True  # False: it belongs to no question, so it is ranked by collision × reach only


@dataclass(frozen=True)
class Hinge:
    """What hinges on one question: each thesis's strength when each answer is taken.

    ``resolved[i][t]`` is thesis ``t``'s strength when answer ``i``'s claims are accepted
    (strength 1) and every other answer's claims rejected (strength 0); ``weight`` sums, over
    the theses, how far apart the answers put each one (0 when no path leads to a thesis).
    """

    question: str
    resolved: list[dict[str, float]]
    weight: float
    measured: bool = True  # False: ranked by how much of the argument lies downstream only

    def swing(self, thesis: str) -> float:
        """How far ``thesis`` moves between the answers that put it lowest and highest.

        >>> import kb
        >>> hinge = kb.load("claims").assessment.hinges()[0]
        >>> hinge.question, round(hinge.swing("dettmers/thesis"), 2)
        ('hardware-used-near-its-limit', 0.28)
        """
        values = [r[thesis] for r in self.resolved if thesis in r]
        return max(values) - min(values) if values else 0.0


def hinge(assessment: Assessment, question: Question) -> Hinge:
    """What hinges on ``question``: resolve it each way and see where the theses land (each
    resolution moves the current strengths, between the question and the theses, only where the
    change reaches: `kb.worklist.settle`).

    >>> import kb
    >>> base = kb.load("claims")
    >>> round(base.assessment.hinge(base.questions["hardware-used-near-its-limit"]).weight, 2)
    0.41
    """
    taking = [[c for c in answer.claims if c in assessment.G] for answer in question.answers]
    everyone = [c for claims in taking for c in claims]
    on_path = assessment.propagation.between(everyone, assessment.theses) if everyone and assessment.theses else set()
    resolved = []
    for chosen in taking:
        fixed = {c: (1.0 if c in chosen else 0.0) for c in everyone}
        strengths = settle(
            assessment.propagation, assessment.base_scores, assessment.strengths, on_path, fixed, tol=HINGE_TOL
        )
        resolved.append({t: strengths[t] for t in assessment.theses})
    weight = 0.0
    for t in assessment.theses:
        values = [r[t] for r in resolved]
        weight += max(values) - min(values) if t in on_path - set(everyone) else 0.0
    return Hinge(question.id, resolved, weight)


def rank_hinges(assessment: Assessment) -> list[Hinge]:
    """Every question's hinge, largest first. Measuring one means recomputing what lies between
    the question and the theses for each answer, so a base with more than `MEASURED_QUESTIONS`
    questions has that many measured, those with the most claims between them and the theses,
    and lists the others after them (``measured=False``, weight 0) in that order."""
    P = assessment.propagation
    reach = {
        q.id: len(P.between([c for c in q.claims() if c in assessment.G], assessment.theses))
        if assessment.theses
        else 0
        for q in assessment.questions
    }
    ranked = sorted(assessment.questions, key=lambda q: (-reach[q.id], q.id))
    found = [hinge(assessment, q) for q in ranked[:MEASURED_QUESTIONS]]
    found += [Hinge(q.id, [{} for _ in q.answers], 0.0, measured=False) for q in ranked[MEASURED_QUESTIONS:]]
    return sorted(found, key=lambda h: (not h.measured, -round(h.weight, 9), -reach[h.question], h.question))


def rank_cruxes(assessment: Assessment) -> list[Crux]:
    """Written rebuttals between claims of different sources, ranked by the hinge of the question
    they belong to (the question whose answers the two claims take; the largest if several).

    A rebuttal that belongs to no question has weight 0 and ``measured`` False. Ties are broken
    by how hard the pair collides (the rebutter's strength × the target's base score) times how
    many claims lie downstream of the pair.
    """
    hinges = {h.question: h for h in assessment._hinges}
    apart: dict[tuple[str, str], Hinge] = {}
    for question in assessment.questions:
        question_hinge = hinges[question.id]
        for pair in question.apart():
            if pair not in apart or question_hinge.weight > apart[pair].weight:
                apart[pair] = question_hinge
    below = assessment.propagation.below
    found = []
    for u, v, data in assessment.G.edges(data=True):
        if (
            data.get("relation") != "rebuts"
            or data.get("implied")
            or assessment.G.nodes[u].get("source") == assessment.G.nodes[v].get("source")
        ):
            continue
        hinge = apart.get((u, v))
        shifts = {t: hinge.swing(t) for t in assessment.theses} if hinge else {}
        found.append(
            Crux(
                u,
                v,
                hinge.weight if hinge else 0.0,
                shifts,
                u in assessment.checkable or v in assessment.checkable,
                (below[u] | below[v]).bit_count(),
                assessment.strengths[u] * assessment.base_scores[v],
                measured=hinge is not None,
            )
        )
    return sorted(
        found,
        key=lambda c: (not c.measured, -round(c.weight, 6), -round(c.intensity * c.reach, 9), c.rebutter, c.target),
    )
