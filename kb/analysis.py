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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from types import MappingProxyType
from typing import TypedDict

import networkx as nx

from kb.cache import digest
from kb.labels import attack_graph, grounded_labels, label_attacks
from kb.models import Question
from kb.semantics import QUADRATIC_ENERGY, Muted, Propagation, Semantics, Strengths

THRESHOLD = 0.5
MEASURED_QUESTIONS = 30  # at most this many questions get their hinge measured (see `Assessment._hinges`)
HINGE_TOL = 1e-5  # how far a claim may still move when a resolution is taken as settled
SENTENCE = {  # the pieces of `Explanation.sentence`, per language
    "en": {
        "head": "Strength {strength:.2f} ({level}). It starts at {base:.2f}{reason}",
        "capped": ", so its strength is capped at {ceiling:.2f}",
        "sides": "; its supporters add up to {support:.2f} and its rebuttals to {attack:.2f}",
        "no_support": "; nothing supports it and its rebuttals add up to {attack:.2f}",
        "no_attack": "; its supporters add up to {support:.2f} and nothing rebuts it",
        "alone": "; nothing in the base supports or rebuts it",
        "moved": "; moved most by ",
        "and": ", ",
        "none": "; no single one of them changes it much",
        "end": ".",
        "strong": "strong",
        "holds": "holds",
        "weak": "weak",
        "even": "in the balance",
        "unopposed": "unopposed: nothing in the base rebuts it or what it rests on, "
        "so its strength says only that nobody answered it",
    },
    "zh": {
        "head": "強度 {strength:.2f}({level})。起點為 {base:.2f}{reason}",
        "capped": ",因此其強度上限為 {ceiling:.2f}",
        "sides": ";支持合計 {support:.2f},反駁合計 {attack:.2f}",
        "no_support": ";沒有論點支持它,反駁合計 {attack:.2f}",
        "no_attack": ";支持合計 {support:.2f},沒有論點反駁它",
        "alone": ";知識庫中沒有任何論點支持或反駁它",
        "moved": ";影響最大的是 ",
        "and": "、",
        "none": ";其中沒有任何一個單獨起決定作用",
        "end": "。",
        "strong": "強",
        "holds": "站得住",
        "weak": "弱",
        "even": "正好居中",
        "unopposed": "無人反駁:知識庫中沒有任何論點反駁它或它所依據的論點,因此這個數字只說明無人回應它",
    },
}
REASONS = {  # the base-score reasons of `kb.semantics.Scoring`, as the end of "It starts at 0.50…"
    "en": {
        "its check supports it": " because its recomputation supports it",
        "its check supports it, but could hardly have failed": " because its recomputation supports it, though that test could hardly have failed",
        "its check contradicts it": " because its recomputation contradicts it",
        "neutral prior (check unchecked)": " (neither for nor against) because nothing recomputes it",
        "neutral prior (check inconclusive)": " (neither for nor against) because its recomputation is inconclusive",
        "neutral prior (check error)": " (neither for nor against) because its recomputation failed",
        "prior": ", the editor's estimate: {reason}",
    },
    "zh": {
        "its check supports it": ",因為其重新計算支持它",
        "its check supports it, but could hardly have failed": ",因為其重新計算支持它,但這項檢驗幾乎不可能不通過",
        "its check contradicts it": ",因為其重新計算與它矛盾",
        "neutral prior (check unchecked)": "(不偏不倚),因為沒有重新計算可以核對它",
        "neutral prior (check inconclusive)": "(不偏不倚),因為其重新計算未能確定",
        "neutral prior (check error)": "(不偏不倚),因為其重新計算出錯",
        "prior": ",這是編輯的估計:{reason}",
    },
}
ChangeWords = TypedDict(
    "ChangeWords",
    {
        "base-score": str,
        "remove-edge": str,
        "strength": str,
        "it": str,
        "this": str,
        "its": str,
        "this's": str,
        "rise": str,
        "fall": str,
        "label": dict[str, str],
        "relations": dict[str, str],
    },
)
CHANGE: dict[str, ChangeWords] = {  # the pieces of `Change.describe`, per language
    "en": {
        "base-score": "If {claim} started at {value:.4g}, {whose} strength would {outcome}",
        "remove-edge": "If {claim} no longer {relation} {target}, {outcome}",
        "strength": "{whose} strength would {outcome}",
        "it": "it",
        "this": "this claim",
        "its": "its",
        "this's": "this claim's",
        "rise": "rise above 0.5",
        "fall": "fall to 0.5 or below",
        "label": {
            "in": "no objection to {it} would stand",
            "out": "an objection to {it} would stand",
            "undecided": "the objections to {it} would be left undecided",
        },
        "relations": {"supports": "supported", "rebuts": "rebutted"},
    },
    "zh": {
        "base-score": "若{claim}的起點為 {value:.4g},{whose}強度將{outcome}",
        "remove-edge": "若{claim}不再{relation}{target},{outcome}",
        "strength": "{whose}強度將{outcome}",
        "it": "它",
        "this": "此論點",
        "its": "其",
        "this's": "此論點的",
        "rise": "升至 0.5 以上",
        "fall": "降至 0.5 或以下",
        "label": {"in": "{it}將沒有成立的異議", "out": "{it}將有成立的異議", "undecided": "{it}的異議將懸而未決"},
        "relations": {"supports": "支持", "rebuts": "反駁"},
    },
}


def _reason(reason: str, lang: str) -> str:
    """The end of "It starts at 0.50…" for a base-score reason of `kb.semantics.Scoring`, in reader's words.

    >>> _reason("neutral prior (check unchecked)", "en"), _reason("editor's prior: well argued", "en")
    (' (neither for nor against) because nothing recomputes it', ", the editor's estimate: well argued")
    """
    words = REASONS[lang]
    if reason.startswith("editor's prior: "):
        return words["prior"].format(reason=reason.removeprefix("editor's prior: "))
    return words.get(reason, f" ({reason})" if reason else "")


def _by_id(claim_id: str) -> str:
    return claim_id


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

    kind: str  # "base-score" or "remove-edge"
    claim_id: str  # whose base score changes / the edge's arguing claim
    value: float | None = None  # the new base score
    target: str | None = None  # the edge's target
    relation: str | None = None
    strength: float | None = None  # the claim's strength after the change
    label: str | None = None  # or its grounded label after the change

    def describe(
        self,
        lang: str = "en",
        name: Callable[[str], str] = _by_id,
        template: Callable[[str], str] = str,
        of: str | None = None,
    ) -> str:
        """The change and its outcome in words (``en`` or ``zh``), for the explanation of claim ``of``.

        ``name`` says a claim (default: its id); ``template`` wraps each piece of wording before
        the names are filled in (pass ``markupsafe.Markup`` when ``name`` gives HTML: the
        names are kept, everything else is escaped).

        >>> Change("base-score", "a", value=0.25, strength=0.4).describe(of="a")
        'If it started at 0.25, its strength would fall to 0.5 or below'
        >>> Change("remove-edge", "r", target="b", relation="rebuts", label="in").describe(of="a")
        'If r no longer rebutted b, no objection to this claim would stand'
        """
        words = CHANGE[lang]

        def it(claim_id: str) -> str:
            return template(words["it"]) if claim_id == of else name(claim_id)

        def rise(strength: float) -> str:
            return template(words["rise" if strength > THRESHOLD else "fall"])

        if self.kind == "base-score" and not self.label and self.strength is not None:
            whose = words["its"] if self.claim_id == of else words["this's"]
            return template(words["base-score"]).format(
                claim=it(self.claim_id), value=self.value, whose=whose, outcome=rise(self.strength)
            )
        if self.target is None or self.relation is None:
            raise ValueError(f"{self!r}: neither a new base score with its outcome nor a removed edge")
        if self.label:
            subject = words["it"] if self.target == of else words["this"]
            outcome = template(words["label"][self.label]).format(it=subject)
        elif self.strength is not None:
            whose = words["its"] if self.target == of else words["this's"]
            outcome = template(words["strength"]).format(whose=whose, outcome=rise(self.strength))
        else:
            raise ValueError(f"{self!r}: a removed edge without its outcome")
        return template(words["remove-edge"]).format(
            claim=name(self.claim_id),
            relation=words["relations"]["rebuts" if self.label else self.relation],
            target=it(self.target),
            outcome=outcome,
        )


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
    unopposed: bool = False  # no rebuttal reaches it, directly or through what it rests on
    ceiling: float | None = (
        None  # the most its recomputation lets arguments make of it (`kb.semantics.Scoring.ceiling`)
    )

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

    @property
    def stance(self) -> str:
        """`level` as the sentence says it: ``even`` instead of ``holds`` or ``weak`` when the strength
        shows as 0.50 (it neither stands nor falls, whichever side of 0.5 it rounds from).

        >>> Explanation("a", 0.5, "", 0.5, "in", 0.0, 0.0, [], None, None).stance
        'even'
        """
        level = self.level
        return "even" if level in ("holds", "weak") and abs(self.strength - THRESHOLD) < 0.005 else level

    def sentence(
        self, lang: str = "en", name: Callable[[str], str] = _by_id, template: Callable[[str], str] = str
    ) -> str:
        """The explanation in plain words (``en`` or ``zh``); ``name`` and ``template`` as in `Change.describe`.

        >>> print(Explanation("a", 0.2, "its check contradicts it", 0.13, "out", 0.0, 0.7,
        ...                   [Contribution("r", "rebuts", 0.8, -0.07)], None, None, ceiling=0.2).sentence())
        Strength 0.13 (weak). It starts at 0.20 because its recomputation contradicts it, so its strength is capped at 0.20; nothing supports it and its rebuttals add up to 0.70; moved most by r −0.07.
        """
        words = SENTENCE[lang]
        text = template(words["head"]).format(
            strength=self.strength, level=words[self.stance], base=self.base, reason=_reason(self.base_reason, lang)
        )
        if self.ceiling is not None:
            text += template(words["capped"]).format(ceiling=self.ceiling)
        attacked = any(c.relation == "rebuts" for c in self.contributions)
        supported = any(c.relation != "rebuts" for c in self.contributions)
        side = (
            "sides" if attacked and supported else "no_support" if attacked else "no_attack" if supported else "alone"
        )
        text += template(words[side]).format(support=self.support, attack=self.attack)
        moved = [c for c in self.contributions if abs(c.effect) >= 0.005]
        if moved:
            parts = [
                template("{claim} {sign}{effect:.2f}").format(
                    claim=name(c.claim_id), sign="+" if c.effect > 0 else "−", effect=abs(c.effect)
                )
                for c in moved[:3]
            ]
            text += template(words["moved"]) + template(words["and"]).join(parts)
        elif self.contributions:
            text += template(words["none"])
        return text + template(words["end"])

    def changes(self) -> list[Change]:
        """The smallest changes that would move its strength across 0.5 or flip its label, leaving out
        a new base score that moves it by less than 0.005 (a claim that sits at 0.5 with nothing
        for or against it crosses 0.5 at any nudge, which says nothing).

        >>> import kb
        >>> A = kb.load("tests/data/valid").assessment
        >>> [(c.kind, c.claim_id) for c in A.explain("alpha/answer").changes()][:2]
        [('base-score', 'alpha/answer'), ('remove-edge', 'beta/answer')]"""
        found = [self.label_flip] if self.label_flip else []
        flip = self.strength_flip
        if flip and not (
            flip.kind == "base-score"
            and flip.claim_id == self.claim_id
            and flip.value is not None
            and abs(flip.value - self.base) < 0.005
        ):
            found.insert(0, flip)
        return found


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


class Memory(TypedDict):
    """What `Assessment.memory` keeps for a later assessment (see `Assessment.recall`)."""

    whole: str
    signatures: dict[str, str]
    strengths: dict[str, float]
    semantics: Strengths
    labels: dict[str, str]
    cruxes: list[Crux]
    hinges: list[Hinge]
    explained: dict[str, Explanation]


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
        """The graph compiled for the strength computations (`kb.semantics.Propagation`).

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.propagation.attackers["alpha/answer"]
        [['beta/answer']]
        """
        return Propagation(self.G, self.semantics_used, self.ceilings)

    @cached_property
    def semantics(self) -> Strengths:
        """Every claim's strength under the semantics in use, with the sweeps it took.

        >>> import kb
        >>> result = kb.load("tests/data/valid").assessment.semantics
        >>> result.converged, round(result.strengths["beta/answer"], 3)
        (True, 0.398)
        """
        strengths: dict[str, float] = {}
        sweeps, converged = self.propagation.solve(self.base_scores, strengths, self.G)
        return Strengths({n: strengths[n] for n in self.G}, sweeps, converged)

    @cached_property
    def signatures(self) -> dict[str, str]:
        """What a claim's own strength reads: its base score, its source and the edges into it.

        A claim's strength, label and explanation depend only on the signatures of the
        claim itself and of the claims upstream of it.

        >>> import kb
        >>> a, b = kb.load("tests/data/valid").assessment, kb.load("tests/data/valid").assessment
        >>> a.signatures == b.signatures and len(a.signatures["alpha/answer"])
        32
        """
        return {
            n: digest(
                repr(self.base_scores.get(n)),
                str(self.G.nodes[n].get("source")),
                repr(sorted((u, str(k)) for u, _, k in self.G.in_edges(n, keys=True))),
                repr(self.ceilings.get(n)),
                str(self.evidence.get(n, "")),
            )
            for n in self.G
        }

    @cached_property
    def _whole(self) -> str:
        """A digest of everything the strengths, labels and cruxes of the whole graph depend on."""
        return digest(
            *(f"{n}:{s}" for n, s in sorted(self.signatures.items())),
            repr(self.theses),
            repr(sorted(self.checkable)),
            self.semantics_used.name,
            *(q.model_dump_json() for q in self.questions),
        )

    def memory(self) -> Memory:
        """What a later assessment of a changed graph can reuse (see `recall`).

        >>> import kb
        >>> sorted(kb.load("tests/data/valid").assessment.memory())
        ['cruxes', 'explained', 'hinges', 'labels', 'semantics', 'signatures', 'strengths', 'whole']
        """
        self.explain_all()
        return Memory(
            whole=self._whole,
            signatures=self.signatures,
            strengths=dict(self.strengths),
            semantics=self.semantics,
            labels=self.labels,
            cruxes=self._cruxes,
            hinges=self._hinges,
            explained=dict(self._explained),
        )

    def recall(self, memory: Memory | None) -> None:
        """Take over what `memory` (an earlier `memory()`) knows that is still true.

        Unchanged graph: everything. Otherwise explanations of the claims not downstream
        of a changed signature, and strengths recomputed only downstream of the changes.

        >>> import kb
        >>> earlier, later = kb.load("tests/data/valid").assessment, kb.load("tests/data/valid").assessment
        >>> later.recall(earlier.memory())
        >>> sorted(later.explained) == sorted(earlier.explained) and later.strengths == earlier.strengths
        True
        """
        if not memory:
            return
        if memory["whole"] == self._whole:
            self.__dict__.update(
                semantics=memory["semantics"],
                labels=memory["labels"],
                _cruxes=memory["cruxes"],
                _hinges=memory["hinges"],
            )
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
        """The explanations computed so far (read-only).

        >>> import kb
        >>> A = kb.load("tests/data/valid", cache=False).assessment  # no explanation remembered from a run
        >>> _ = A.explain("beta/answer")
        >>> list(A.explained)
        ['beta/answer']
        """
        return MappingProxyType(self._explained)

    def adopt(self, explanations: Mapping[str, Explanation]) -> None:
        """Take over explanations of this same graph computed elsewhere (by a build's worker processes).

        >>> import kb
        >>> worker, main = (kb.load("tests/data/valid", cache=False).assessment for _ in range(2))
        >>> main.adopt({"alpha/answer": worker.explain("alpha/answer")})
        >>> list(main.explained)
        ['alpha/answer']
        """
        self._explained.update(explanations)

    def explain_all(self) -> dict[str, Explanation]:
        """`explain` for every claim.

        >>> import kb
        >>> {claim: e.label for claim, e in kb.load("tests/data/valid").assessment.explain_all().items()}
        {'alpha/answer': 'undecided', 'alpha/premise': 'in', 'beta/answer': 'undecided'}
        """
        return {n: self.explain(n) for n in self.G}

    def _recompute(
        self, scores: Mapping[str, float], *changed: str, targets: Iterable[str], muted: Muted = frozenset()
    ) -> Mapping[str, float]:
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
        """Each claim's strength (of `semantics`).

        >>> import kb
        >>> round(kb.load("tests/data/valid").assessment.strengths["alpha/answer"], 3)
        0.505
        """
        return self.semantics.strengths

    @cached_property
    def labels(self) -> dict[str, str]:
        """Each claim's grounded label: ``in``, ``out`` or ``undecided`` (`kb.graph.grounded_labels`).

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.labels
        {'alpha/answer': 'undecided', 'alpha/premise': 'in', 'beta/answer': 'undecided'}
        """
        return grounded_labels(self.G, self.evidence)

    def explain(self, node: str) -> Explanation:
        """Contributions, and the smallest change that moves the strength across 0.5 or flips the label.

        >>> import kb
        >>> e = kb.load("tests/data/valid").assessment.explain("alpha/answer")
        >>> round(e.strength, 3), e.label, e.unopposed
        (0.505, 'undecided', False)
        """
        if node not in self._explained:
            self._explained[node] = self._explain(node)
        return self._explained[node]

    def _explain(self, node: str) -> Explanation:
        supports, attacks = self.propagation.sides(node, self.strengths)
        total = self.semantics_used.total
        return Explanation(
            node,
            self.base_scores[node],
            self.base_reasons.get(node, ""),
            self.strengths[node],
            self.labels[node],
            total(supports),
            total(attacks),
            self.contributions(node),
            self._strength_flip(node),
            self._label_flip(node),
            unopposed=node not in self.contested,
            ceiling=self.ceilings.get(node),
        )

    @cached_property
    def contested(self) -> set[str]:
        """The claims some rebuttal reaches: attacked themselves, or downstream of an attacked claim.

        >>> import kb
        >>> sorted(kb.load("tests/data/valid").assessment.contested)
        ['alpha/answer', 'beta/answer']
        """
        P = self.propagation
        bits = 0
        for n in self.G:
            if P.attackers[n]:
                bits |= P.bit[n] | P.below[n]
        return P.claims(bits)

    def contributions(self, node: str) -> list[Contribution]:
        """Each incoming edge's direct effect on ``node``'s strength (with minus without it; a premise's
        effect is its whole argument's).

        >>> import kb
        >>> [(c.claim_id, round(c.effect, 3)) for c in kb.load("tests/data/valid").assessment.contributions("alpha/answer")]
        [('beta/answer', -0.095), ('alpha/premise', 0.074)]
        """
        base, P = self.base_scores[node], self.propagation
        now = P.local(node, base, self.strengths)
        found = [
            Contribution(u, r, self.strengths[u], now - P.local(node, base, self.strengths, frozenset({(u, node)})))
            for u, _, r in sorted(self.G.in_edges(node, data="relation"))
        ]
        return sorted(found, key=lambda c: (-abs(c.effect), c.claim_id))

    def _strength_flip(self, node: str) -> Change | None:
        above = self.strengths[node] > THRESHOLD
        candidates = sorted(self._base_score_changes(node), key=lambda c: abs(c[1] - self.base_scores[c[0]]))
        for claim, value in candidates:  # smallest first; the first that a recomputation confirms wins
            confirmed = self._confirm(node, claim, value, above)
            if confirmed is not None:
                return confirmed
        P = self.propagation
        for u, _, relation in sorted(self.G.in_edges(node, data="relation")):
            if relation == "premise":
                continue  # removing a premise's edge removes its argument, not one claim's say
            muted = frozenset({(u, node)})
            if (P.local(node, self.base_scores[node], self.strengths, muted) > THRESHOLD) == above:
                continue  # not even the edge's direct effect crosses 0.5 (exact outside a cycle)
            strength = self._recompute(self.base_scores, node, targets=[node], muted=muted)[node]
            if (strength > THRESHOLD) != above:
                return Change("remove-edge", u, target=node, relation=relation, strength=strength)
        return None

    def _base_score_changes(self, node: str) -> list[tuple[str, float]]:
        """Candidate base-score changes ``(claim, new base score)`` for ``node`` and its direct neighbours
        (local estimate)."""
        changes = []
        for claim in [node, *sorted({u for u, _ in self.G.in_edges(node)})]:
            value = _solve(partial(self._local, node, claim), self.strengths[node] > THRESHOLD)
            if value is not None:
                changes.append((claim, value))
        return changes

    def _local(self, node: str, claim: str, base: float) -> float:
        """``node``'s strength if ``claim`` had base score ``base``, its other neighbours held fixed."""
        P = self.propagation
        if claim == node:
            return P.local(node, base, self.strengths)
        moved = {claim: P.local(claim, base, self.strengths)}
        return P.local(node, self.base_scores[node], ChainMap(moved, self.strengths))

    def _confirm(self, node: str, claim: str, value: float, above: bool) -> Change | None:
        """The change of ``claim``'s base score to ``value``, with its outcome, if a full recomputation
        confirms that it flips ``node``."""
        scores = ChainMap({claim: value}, self.base_scores)  # type: ignore[arg-type]  # ChainMap writes only to its first map: a read-only Mapping behind it is safe
        strength = self._recompute(scores, claim, targets=[node])[node]
        if (strength > THRESHOLD) == above:
            return None
        return Change("base-score", claim, value=value, strength=strength)

    @cached_property
    def _attacks(self) -> nx.DiGraph:
        """The attack graph (rebuttals only)."""
        return attack_graph(self.G)

    def _label_flip(self, node: str) -> Change | None:
        """One rebut edge, into ``node`` or into one of its attackers, whose removal changes its label."""
        A = self._attacks
        attackers = sorted(A.predecessors(node))
        near = [(u, node) for u in attackers] + sorted((w, a) for a in attackers for w in A.predecessors(a))
        upstream = nx.ancestors(A, node) | {node} if near else set()  # a label depends on its attackers only
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
            question_hinge = hinges[question.id]
            for pair in question.apart():
                if pair not in apart or question_hinge.weight > apart[pair].weight:
                    apart[pair] = question_hinge
        below = self.propagation.below
        found = []
        for u, v, data in self.G.edges(data=True):
            if (
                data.get("relation") != "rebuts"
                or data.get("implied")
                or self.G.nodes[u].get("source") == self.G.nodes[v].get("source")
            ):
                continue
            hinge = apart.get((u, v))
            shifts = {t: hinge.swing(t) for t in self.theses} if hinge else {}
            found.append(
                Crux(
                    u,
                    v,
                    hinge.weight if hinge else 0.0,
                    shifts,
                    u in self.checkable or v in self.checkable,
                    (below[u] | below[v]).bit_count(),
                    self.strengths[u] * self.base_scores[v],
                    measured=hinge is not None,
                )
            )
        return sorted(
            found,
            key=lambda c: (not c.measured, -round(c.weight, 6), -round(c.intensity * c.reach, 9), c.rebutter, c.target),
        )

    def cruxes(self) -> list[Crux]:
        """The ranked cruxes (computed once; see `_cruxes`).

        >>> import kb
        >>> [(c.rebutter, c.target) for c in kb.load("tests/data/valid").assessment.cruxes()]
        [('beta/answer', 'alpha/answer')]
        """
        return list(self._cruxes)

    def hinge(self, question: Question) -> Hinge:
        """What hinges on ``question``: resolve it each way and see where the theses land (each
        resolution moves the current strengths, between the question and the theses, only where the
        change reaches: `kb.semantics.Propagation.perturb`).

        >>> import kb
        >>> base = kb.load("claims")
        >>> round(base.assessment.hinge(base.questions["hardware-used-near-its-limit"]).weight, 2)
        0.41
        """
        taking = [[c for c in answer.claims if c in self.G] for answer in question.answers]
        everyone = [c for claims in taking for c in claims]
        on_path = self.propagation.between(everyone, self.theses) if everyone and self.theses else set()
        resolved = []
        for chosen in taking:
            fixed = {c: (1.0 if c in chosen else 0.0) for c in everyone}
            strengths = ChainMap({}, self.strengths)
            if not self.propagation.perturb(self.base_scores, strengths, fixed, on_path, tol=HINGE_TOL):
                strengths = ChainMap({}, self.strengths)  # a cycle that will not settle locally: solve it whole
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
        reach = {
            q.id: len(P.between([c for c in q.claims() if c in self.G], self.theses)) if self.theses else 0
            for q in self.questions
        }
        ranked = sorted(self.questions, key=lambda q: (-reach[q.id], q.id))
        found = [self.hinge(q) for q in ranked[:MEASURED_QUESTIONS]]
        found += [Hinge(q.id, [{} for _ in q.answers], 0.0, measured=False) for q in ranked[MEASURED_QUESTIONS:]]
        return sorted(found, key=lambda h: (not h.measured, -round(h.weight, 9), -reach[h.question], h.question))

    def hinges(self) -> list[Hinge]:
        """`hinge` of each of the assessment's questions, largest weight first (ties by id).

        >>> import kb
        >>> kb.load("claims").assessment.hinges()[0].question
        'hardware-used-near-its-limit'
        """
        return list(self._hinges)


def _solve(strength_at: Callable[[float], float], above: bool, steps: int = 50) -> float | None:
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
