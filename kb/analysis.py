"""Why each claim stands where it does, what would change it, and where the sources collide.

Built on `kb.semantics`: explanations list the supporters, arguments and attackers that
moved a claim's strength (each edge's direct effect: the claim's strength with and
without that one edge, holding its neighbours' strengths fixed) and the smallest single
change that would move its strength across 0.5 or flip its grounded label. A question's
**hinge** is how far the theses move when it is resolved each way (its answers' claims
accepted or rejected); cruxes are the written rebuttals between claims of different
sources, ranked by how much the theses' strengths depend on them.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

import networkx as nx

from kb.cache import digest
from kb.models import Question
from kb.labels import attack_graph, grounded_labels, label_attacks
from kb.semantics import QUADRATIC_ENERGY, Propagation, Semantics, Strengths

THRESHOLD = 0.5
MEASURED_QUESTIONS = 30   # at most this many questions get their hinge measured (see `Assessment._hinges`)
HINGE_TOL = 1e-5          # how far a claim may still move when a resolution is taken as settled
LABELS_ZH = {"in": "成立", "out": "不成立", "undecided": "未定"}
SENTENCE = {   # the pieces of `Explanation.sentence`, per language
    "en": {"head": "Strength {strength:.2f} ({level}) from a base score of {base:.2f} ({reason})",
           "sides": "; its supporters add up to {support:.2f} and its rebuttals to {attack:.2f}",
           "moved": "; moved most by ", "and": ", ", "none": "; no single one of them changes it much", "end": ".",
           "strong": "strong", "holds": "holds", "weak": "weak", "unopposed": "unopposed: nothing in the base rebuts it or what it rests on"},
    "zh": {"head": "強度 {strength:.2f}({level}),基礎分數 {base:.2f}({reason})",
           "sides": ";支持合計 {support:.2f},反駁合計 {attack:.2f}",
           "moved": ";影響最大的是 ", "and": "、", "none": ";其中沒有任何一個單獨起決定作用", "end": "。",
           "strong": "強", "holds": "成立", "weak": "弱", "unopposed": "無人反駁:知識庫中沒有任何論點反駁它或它所依據的論點"},
}
RELATIONS_ZH = {"supports": "支持", "rebuts": "反駁"}
VERDICTS_ZH = {"supported": "支持", "contradicted": "矛盾", "inconclusive": "未能確定", "error": "出錯", "unchecked": "未核查"}


def _reason_zh(reason: str) -> str:
    """The base-score reasons of `kb.semantics.Scoring` in Chinese."""
    if reason.startswith("editor's prior: "):
        return "編輯的先驗:" + reason.removeprefix("editor's prior: ")
    if reason.startswith("neutral prior (check "):
        return f"中性先驗(核查:{VERDICTS_ZH.get(reason[21:-1], reason[21:-1])})"
    return {"its check supports it": "其核查支持它", "its check contradicts it": "其核查與它矛盾"}.get(reason, reason)


@dataclass(frozen=True)
class Contribution:
    """One supporter or attacker of a claim and how much it moved the claim's strength."""

    claim_id: str
    relation: str
    strength: float
    effect: float


@dataclass(frozen=True)
class Change:
    """A single change to the base: a new base score for one claim, or one edge removed."""

    kind: str                      # "base-score" or "remove-edge"
    claim_id: str                  # whose base score changes / the edge's arguing claim
    value: float | None = None     # the new base score
    target: str | None = None      # the edge's target
    relation: str | None = None
    strength: float | None = None  # the claim's strength after the change
    label: str | None = None       # or its grounded label after the change

    def describe(self, lang: str = "en") -> str:
        """The change and its outcome in words (``en`` or ``zh``)."""
        if lang == "zh":
            outcome = (f"標記變為 {LABELS_ZH[self.label]}" if self.label else
                       f"強度{'升至 0.5 以上' if self.strength > THRESHOLD else '降至 0.5 或以下'}({self.strength:.4f})")
            if self.kind == "base-score":
                return f"{self.claim_id} 的基礎分數變為 {self.value:.4g}({outcome})"
            return f"{self.claim_id} 不再{RELATIONS_ZH[self.relation]} {self.target}({outcome})"
        outcome = (f"label {self.label}" if self.label else
                   f"strength {'rises above' if self.strength > THRESHOLD else 'falls to'} {THRESHOLD} ({self.strength:.4f})")
        if self.kind == "base-score":
            return f"the base score of {self.claim_id} became {self.value:.4g} ({outcome})"
        return f"{self.claim_id} no longer {self.relation} {self.target} ({outcome})"


@dataclass(frozen=True)
class Explanation:
    claim_id: str
    base: float
    base_reason: str
    strength: float
    label: str
    support: float
    attack: float
    contributions: list[Contribution]
    strength_flip: Change | None
    label_flip: Change | None
    unopposed: bool = False     # no rebuttal reaches it, directly or through what it rests on

    @property
    def level(self) -> str:
        """``strong``, ``holds`` or ``weak`` by strength; ``unopposed`` for a standing claim that
        nothing attacks (its strength then says only that nobody answered it).

        >>> Explanation("a", 0.5, "", 0.9, "in", 0.8, 0.0, [], None, None, unopposed=True).level
        'unopposed'
        """
        if self.unopposed and self.strength > THRESHOLD:
            return "unopposed"
        return "strong" if self.strength >= 0.75 else "holds" if self.strength > THRESHOLD else "weak"

    def sentence(self, lang: str = "en") -> str:
        """The explanation in plain words (``en`` or ``zh``)."""
        words = SENTENCE[lang]
        level = self.level
        reason = _reason_zh(self.base_reason) if lang == "zh" else self.base_reason
        text = words["head"].format(strength=self.strength, level=words[level], base=self.base, reason=reason)
        if self.contributions:
            text += words["sides"].format(support=self.support, attack=self.attack)
        moved = [c for c in self.contributions if abs(c.effect) >= 0.005]
        if moved:
            parts = [f"{c.claim_id} {'+' if c.effect > 0 else '−'}{abs(c.effect):.2f}" for c in moved[:3]]
            text += words["moved"] + words["and"].join(parts)
        elif self.contributions:
            text += words["none"]
        return text + words["end"]


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
    measured: bool = True   # False: it belongs to no question, so it is ranked by collision × reach only


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
    measured: bool = True   # False: ranked by how much of the argument lies downstream only

    def swing(self, thesis: str) -> float:
        """How far ``thesis`` moves between the answers that put it lowest and highest."""
        values = [r[thesis] for r in self.resolved if thesis in r]
        return max(values) - min(values) if values else 0.0


@dataclass
class Assessment:
    """Strengths, labels, explanations, hinges and cruxes of one argument graph.

    ``ceilings`` cap the strength of claims their recomputation bounds, ``evidence`` gives
    their verdicts to the grounded labelling (`kb.labels.grounded_labels`).
    """

    G: nx.MultiDiGraph
    base_scores: Mapping[str, float]
    base_reasons: Mapping[str, str] = field(default_factory=dict)
    theses: list[str] = field(default_factory=list)
    checkable: set[str] = field(default_factory=set)
    semantics_used: Semantics = QUADRATIC_ENERGY
    ceilings: Mapping[str, float] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)

    _explained: dict[str, Explanation] = field(default_factory=dict, repr=False)

    @cached_property
    def propagation(self) -> Propagation:
        return Propagation(self.G, self.semantics_used, self.ceilings)

    @cached_property
    def semantics(self) -> Strengths:
        strengths: dict[str, float] = {}
        sweeps, converged = self.propagation.solve(self.base_scores, strengths, self.G)
        return Strengths({n: strengths[n] for n in self.G}, sweeps, converged)

    @cached_property
    def signatures(self) -> dict[str, str]:
        """What a claim's own strength reads: its base score, its source and the edges into it.

        A claim's strength, label and explanation depend only on the signatures of the
        claim itself and of the claims upstream of it.
        """
        return {n: digest(repr(self.base_scores.get(n)), str(self.G.nodes[n].get("source")),
                          repr(sorted((u, str(k)) for u, _, k in self.G.in_edges(n, keys=True))),
                          repr(self.ceilings.get(n)), str(self.evidence.get(n, ""))) for n in self.G}

    @cached_property
    def _whole(self) -> str:
        """A digest of everything the strengths, labels and cruxes of the whole graph depend on."""
        return digest(*(f"{n}:{s}" for n, s in sorted(self.signatures.items())), repr(self.theses),
                      repr(sorted(self.checkable)), self.semantics_used.name, *(q.model_dump_json() for q in self.questions))

    def memory(self) -> dict:
        """What a later assessment of a changed graph can reuse (see `recall`)."""
        self.explain_all()
        return {"whole": self._whole, "signatures": self.signatures, "strengths": dict(self.strengths),
                "semantics": self.semantics, "labels": self.labels, "cruxes": self._cruxes, "hinges": self._hinges,
                "explained": dict(self._explained)}

    def recall(self, memory: dict | None) -> None:
        """Take over what `memory` (an earlier `memory()`) knows that is still true.

        Unchanged graph: everything. Otherwise explanations of the claims not downstream
        of a changed signature, and strengths recomputed only downstream of the changes.
        """
        if not memory:
            return
        if memory["whole"] == self._whole:
            self.__dict__.update(semantics=memory["semantics"], labels=memory["labels"], _cruxes=memory["cruxes"],
                                 _hinges=memory["hinges"])
            self._explained.update(memory["explained"])
            return
        changed = {n for n, s in self.signatures.items() if memory["signatures"].get(n) != s}
        dirty = changed.union(*(nx.descendants(self.G, n) for n in changed))
        strengths = {n: s for n, s in memory["strengths"].items() if n in self.G and n not in dirty}
        sweeps, converged = self.propagation.solve(self.base_scores, strengths, dirty)
        self.__dict__["semantics"] = Strengths({n: strengths[n] for n in self.G}, sweeps, converged)
        self._explained.update({n: e for n, e in memory["explained"].items() if n in self.G and n not in dirty})

    @property
    def explained(self) -> Mapping[str, Explanation]:
        """The explanations computed so far (read-only)."""
        return MappingProxyType(self._explained)

    def adopt(self, explanations: Mapping[str, Explanation]) -> None:
        """Take over explanations of this same graph computed elsewhere (by a build's worker processes)."""
        self._explained.update(explanations)

    def explain_all(self) -> dict[str, Explanation]:
        """`explain` for every claim."""
        return {n: self.explain(n) for n in self.G}

    def _recompute(self, scores: Mapping[str, float], *changed: str,
                   targets: Iterable[str], muted: frozenset = frozenset()) -> Mapping[str, float]:
        """Strengths after a change at ``changed``, exact for ``targets``.

        Only the claims on some path from a changed claim to a target are computed:
        nothing else can move a target's strength. A cycle among them starts from the current
        strengths (the fixpoint is the same; a small change needs fewer sweeps).
        """
        on_path = self.propagation.between(changed, targets)
        strengths = ChainMap({}, self.strengths)
        self.propagation.solve(scores, strengths, on_path, muted, warm=True)
        return strengths

    @property
    def strengths(self) -> dict[str, float]:
        return self.semantics.strengths

    @cached_property
    def labels(self) -> dict[str, str]:
        return grounded_labels(self.G, self.evidence)

    def explain(self, node: str) -> Explanation:
        """Contributions, and the smallest change that moves the strength across 0.5 or flips the label."""
        if node not in self._explained:
            self._explained[node] = self._explain(node)
        return self._explained[node]

    def _explain(self, node: str) -> Explanation:
        supports, attacks = self.propagation.sides(node, self.strengths)
        total = self.semantics_used.total
        return Explanation(
            node, self.base_scores[node], self.base_reasons.get(node, ""), self.strengths[node], self.labels[node],
            total(supports), total(attacks), self.contributions(node),
            self._strength_flip(node), self._label_flip(node), unopposed=node not in self.contested,
        )

    @cached_property
    def contested(self) -> set[str]:
        """The claims some rebuttal reaches: attacked themselves, or downstream of an attacked claim."""
        P = self.propagation
        bits = 0
        for n in self.G:
            if P.attackers[n]:
                bits |= P.bit[n] | P.below[n]
        return P.claims(bits)

    def contributions(self, node: str) -> list[Contribution]:
        """Each incoming edge's direct effect on ``node``'s strength (with minus without it; a premise's
        effect is its whole argument's)."""
        base, P = self.base_scores[node], self.propagation
        now = P.local(node, base, self.strengths)
        found = [Contribution(u, r, self.strengths[u], now - P.local(node, base, self.strengths, frozenset({(u, node)})))
                 for u, _, r in sorted(self.G.in_edges(node, data="relation"))]
        return sorted(found, key=lambda c: (-abs(c.effect), c.claim_id))

    def _strength_flip(self, node: str) -> Change | None:
        above = self.strengths[node] > THRESHOLD
        candidates = sorted(self._base_score_changes(node), key=lambda c: abs(c.value - self.base_scores[c.claim_id]))
        for change in candidates:   # smallest first; the first that a recomputation confirms wins
            confirmed = self._confirm(node, change, above)
            if confirmed is not None:
                return confirmed
        P = self.propagation
        for u, _, relation in sorted(self.G.in_edges(node, data="relation")):
            if relation == "premise":
                continue   # removing a premise's edge removes its argument, not one claim's say
            muted = frozenset({(u, node)})
            if (P.local(node, self.base_scores[node], self.strengths, muted) > THRESHOLD) == above:
                continue   # not even the edge's direct effect crosses 0.5 (exact outside a cycle)
            strength = self._recompute(self.base_scores, node, targets=[node], muted=muted)[node]
            if (strength > THRESHOLD) != above:
                return Change("remove-edge", u, target=node, relation=relation, strength=strength)
        return None

    def _base_score_changes(self, node: str) -> list[Change]:
        """Candidate base-score changes for ``node`` and its direct neighbours (local estimate)."""
        changes = []
        for claim in [node, *sorted({u for u, _ in self.G.in_edges(node)})]:
            value = _solve(lambda t, c=claim: self._local(node, c, t), self.strengths[node] > THRESHOLD)
            if value is not None:
                changes.append(Change("base-score", claim, value=value))
        return changes

    def _local(self, node: str, claim: str, base: float) -> float:
        """``node``'s strength if ``claim`` had base score ``base``, its other neighbours held fixed."""
        P = self.propagation
        if claim == node:
            return P.local(node, base, self.strengths)
        moved = {claim: P.local(claim, base, self.strengths)}
        return P.local(node, self.base_scores[node], ChainMap(moved, self.strengths))

    def _confirm(self, node: str, change: Change, above: bool) -> Change | None:
        """``change`` with its outcome, if a full recomputation confirms that it flips ``node``."""
        scores = ChainMap({change.claim_id: change.value}, self.base_scores)
        strength = self._recompute(scores, change.claim_id, targets=[node])[node]
        if (strength > THRESHOLD) == above:
            return None
        return replace(change, strength=strength)

    @cached_property
    def _attacks(self) -> nx.DiGraph:
        """The attack graph (rebuttals only)."""
        return attack_graph(self.G)

    def _label_flip(self, node: str) -> Change | None:
        """One rebut edge, into ``node`` or into one of its attackers, whose removal changes its label."""
        A = self._attacks
        attackers = sorted(A.predecessors(node))
        near = [(u, node) for u in attackers] + sorted((w, a) for a in attackers for w in A.predecessors(a))
        upstream = nx.ancestors(A, node) | {node} if near else set()   # a label depends on its attackers only
        for u, v in near:
            H = nx.DiGraph(A.subgraph(upstream))
            H.remove_edge(u, v)
            label = label_attacks(H, evidence=self.evidence)[node]
            if label != self.labels[node]:
                return Change("remove-edge", u, target=v, relation="rebuts", label=label)
        return None

    @cached_property
    def _cruxes(self) -> list[Crux]:
        """Written rebuttals between claims of different sources, ranked by the hinge of the question
        they belong to (the question whose answers the two claims take; the largest if several).

        A rebuttal that belongs to no question has weight 0 and ``measured`` False. Ties are broken
        by how hard the pair collides (the rebutter's strength × the target's base score) times how
        many claims lie downstream of the pair.
        """
        hinges = {h.question: h for h in self._hinges}
        apart: dict[tuple[str, str], Hinge] = {}
        for question in self.questions:
            hinge = hinges[question.id]
            for pair in question.apart():
                if pair not in apart or hinge.weight > apart[pair].weight:
                    apart[pair] = hinge
        below = self.propagation.below
        found = []
        for u, v, data in self.G.edges(data=True):
            if data.get("relation") != "rebuts" or data.get("implied") or \
                    self.G.nodes[u].get("source") == self.G.nodes[v].get("source"):
                continue
            hinge = apart.get((u, v))
            shifts = {t: hinge.swing(t) for t in self.theses} if hinge else {}
            found.append(Crux(u, v, hinge.weight if hinge else 0.0, shifts, u in self.checkable or v in self.checkable,
                              (below[u] | below[v]).bit_count(), self.strengths[u] * self.base_scores[v],
                              measured=hinge is not None))
        return sorted(found, key=lambda c: (not c.measured, -round(c.weight, 6), -round(c.intensity * c.reach, 9),
                                            c.rebutter, c.target))

    def cruxes(self) -> list[Crux]:
        """The ranked cruxes (computed once; see `_cruxes`)."""
        return list(self._cruxes)

    def hinge(self, question: Question) -> Hinge:
        """What hinges on ``question``: resolve it each way and see where the theses land (each
        resolution moves the current strengths, between the question and the theses, only where the
        change reaches: `kb.semantics.Propagation.perturb`)."""
        taking = [[c for c in answer.claims if c in self.G] for answer in question.answers]
        everyone = [c for claims in taking for c in claims]
        on_path = self.propagation.between(everyone, self.theses) if everyone and self.theses else set()
        resolved = []
        for chosen in taking:
            fixed = {c: (1.0 if c in chosen else 0.0) for c in everyone}
            strengths = ChainMap({}, self.strengths)
            if not self.propagation.perturb(self.base_scores, strengths, fixed, on_path, tol=HINGE_TOL):
                strengths = ChainMap({}, self.strengths)   # a cycle that will not settle locally: solve it whole
                self.propagation.solve(self.base_scores, strengths, on_path - fixed.keys(), fixed=fixed, warm=True)
            resolved.append({t: strengths[t] for t in self.theses})
        weight = 0.0
        for t in self.theses:
            values = [r[t] for r in resolved]
            weight += max(values) - min(values) if t in on_path - set(everyone) else 0.0
        return Hinge(question.id, resolved, weight)

    @cached_property
    def _hinges(self) -> list[Hinge]:
        """Every question's hinge, largest first. Measuring one means recomputing what lies between
        the question and the theses for each answer, so a base with more than `MEASURED_QUESTIONS`
        questions has that many measured, those with the most claims between them and the theses,
        and lists the others after them (``measured=False``, weight 0) in that order."""
        P = self.propagation
        reach = {q.id: len(P.between([c for c in q.claims() if c in self.G], self.theses)) if self.theses else 0
                 for q in self.questions}
        ranked = sorted(self.questions, key=lambda q: (-reach[q.id], q.id))
        found = [self.hinge(q) for q in ranked[:MEASURED_QUESTIONS]]
        found += [Hinge(q.id, [{} for _ in q.answers], 0.0, measured=False) for q in ranked[MEASURED_QUESTIONS:]]
        return sorted(found, key=lambda h: (not h.measured, -round(h.weight, 9), -reach[h.question], h.question))

    def hinges(self) -> list[Hinge]:
        """`hinge` of each of the assessment's questions, largest weight first (ties by id)."""
        return list(self._hinges)

def _solve(strength_at, above: bool, steps: int = 50) -> float | None:
    """Base score in [0, 1] nearest the current one where strength crosses 0.5 (bisection)."""
    low, high = 0.0, 1.0
    at_low, at_high = strength_at(low) > THRESHOLD, strength_at(high) > THRESHOLD
    if at_low == at_high:
        return None
    for _ in range(steps):
        middle = (low + high) / 2
        if (strength_at(middle) > THRESHOLD) == at_low:
            low = middle
        else:
            high = middle
    return high if at_low == above else low
