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

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TypedDict

import networkx as nx

from kb.cache import digest
from kb.counterfactuals import Counterfactuals
from kb.explanation import Explanation
from kb.hinges import Crux, Hinge, hinge, rank_cruxes, rank_hinges
from kb.labels import grounded_labels
from kb.models import Question
from kb.propagation import Propagation
from kb.semantics import QUADRATIC_ENERGY, Semantics, Strengths

__all__ = ["Assessment", "Crux", "Hinge", "Memory"]


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
        """The graph compiled for the strength computations (`kb.propagation.Propagation`).

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
        >>> G = kb.load("tests/data/valid").graph
        >>> A = Assessment(G, dict.fromkeys(G, 0.5))  # a fresh assessment: nothing explained yet
        >>> _ = A.explain("beta/answer")
        >>> list(A.explained)
        ['beta/answer']
        """
        return MappingProxyType(self._explained)

    def adopt(self, explanations: Mapping[str, Explanation]) -> None:
        """Take over explanations of this same graph computed elsewhere (by `kb.load`'s worker processes).

        >>> import kb
        >>> worker = kb.load("tests/data/valid").assessment
        >>> main = Assessment(worker.G, worker.base_scores)  # a fresh assessment: nothing explained yet
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
            self.counterfactuals.contributions(node),
            self.counterfactuals.strength_flip(node),
            self.counterfactuals.label_flip(node),
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

    @cached_property
    def counterfactuals(self) -> Counterfactuals:
        """What would change each claim: contributions and flips (`kb.counterfactuals`).

        >>> import kb
        >>> kb.load("tests/data/valid").assessment.counterfactuals.label_flip("alpha/premise") is None
        True
        """
        return Counterfactuals(self.G, self.propagation, self.base_scores, self.strengths, self.labels, self.evidence)

    @cached_property
    def _cruxes(self) -> list[Crux]:
        """The cruxes, ranked (`kb.hinges.rank_cruxes`)."""
        return rank_cruxes(self)

    def cruxes(self) -> list[Crux]:
        """The ranked cruxes (computed once; see `_cruxes`).

        >>> import kb
        >>> [(c.rebutter, c.target) for c in kb.load("tests/data/valid").assessment.cruxes()]
        [('beta/answer', 'alpha/answer')]
        """
        return list(self._cruxes)

    def hinge(self, question: Question) -> Hinge:
        """What hinges on ``question``: resolve it each way and see where the theses land (`kb.hinges.hinge`).

        >>> import kb
        >>> base = kb.load("claims")
        >>> round(base.assessment.hinge(base.questions["hardware-used-near-its-limit"]).weight, 2)
        0.41
        """
        return hinge(self, question)

    @cached_property
    def _hinges(self) -> list[Hinge]:
        """Every question's hinge, largest first (`kb.hinges.rank_hinges`)."""
        return rank_hinges(self)

    def hinges(self) -> list[Hinge]:
        """`hinge` of each of the assessment's questions, largest weight first (ties by id).

        >>> import kb
        >>> kb.load("claims").assessment.hinges()[0].question
        'hardware-used-near-its-limit'
        """
        return list(self._hinges)
