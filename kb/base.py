"""`KnowledgeBase`: the loaded claims, their graph, their checks and strengths, and their SQL index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from sqlalchemy import Engine
from sqlmodel import Session

from kb import graph as g
from kb.analysis import Assessment, Crux, Hinge
from kb.cache import Cache
from kb.checks import Result
from kb.config import BaseConfig
from kb.datasets import Datasets
from kb.errors import KBError, UnknownClaim
from kb.explanation import Explanation
from kb.export import claims_frame
from kb.history import History, Revision, read_history
from kb.models import Argument, Claim, Question, Quote, Source
from kb.pipeline import assess, check_results, explain_claims
from kb.semantics import Scoring, argument_strength
from kb.store import make_engine, write_index
from kb.tree import Tree

if TYPE_CHECKING:
    from kb.timeline import Moment, Timeline


@dataclass(frozen=True)
class KnowledgeBase:
    """Claims and sources with their argument graph; query it from Python or SQL.

    >>> base = load("tests/data/valid")
    >>> base.claim("beta/answer").statement
    'The answer is not 42.'
    >>> [c.id for c in base.rebuttals("alpha/answer")]
    ['beta/answer']
    """

    root: Path
    sources: dict[str, Source]
    claims: dict[str, Claim]
    archives: dict[str, str] = field(default_factory=dict, repr=False)
    data: Datasets = field(default_factory=Datasets, repr=False)
    database_url: str | None = None
    scoring: Scoring = field(default_factory=Scoring)
    cache: Cache = field(default_factory=Cache.disabled, repr=False)
    digests: dict[str, str] = field(default_factory=dict, repr=False)  # claim id → digest of its file
    key: str = field(default="", repr=False)  # digest of the files it was read from ("" if built in memory)
    questions: dict[str, Question] = field(default_factory=dict, repr=False)
    config: BaseConfig = field(default_factory=BaseConfig, repr=False)  # the base's settings (kb.config)

    @classmethod
    def from_tree(
        cls, tree: Tree, database_url: str | None = None, scoring: Scoring | None = None, cache: Cache | None = None
    ) -> KnowledgeBase:
        """The base of a tree `kb.read_tree` has read (what `load` does after reading).

        >>> from kb.records import read_tree
        >>> len(KnowledgeBase.from_tree(read_tree("tests/data/valid")))
        3
        """
        claims = dict(sorted(tree.claims.items()))
        sources = dict(sorted(tree.sources.items()))
        return cls(
            tree.root,
            sources,
            claims,
            tree.archives,
            tree.data,
            database_url,
            scoring or Scoring(),
            cache or Cache.disabled(),
            tree.digests,
            tree.key,
            dict(sorted(tree.questions.items())),
            tree.config,
        )

    def __iter__(self) -> Iterator[Claim]:
        """Claims in id order."""
        return iter(self.claims.values())

    def __len__(self) -> int:
        return len(self.claims)

    def claim(self, claim_id: str) -> Claim:
        """The claim with ``claim_id``; raises `UnknownClaim` if there is none.

        >>> base = load("tests/data/valid")
        >>> base.claim("alpha/answer").statement
        'The answer is 42.'
        """
        try:
            return self.claims[claim_id]
        except KeyError:
            raise UnknownClaim(claim_id) from None

    def where(
        self, *, source: str | None = None, kind: str | None = None, tag: str | None = None, verdict: str | None = None
    ) -> list[Claim]:
        """Claims matching every filter given, in id order.

        >>> base = load("tests/data/valid")
        >>> [c.id for c in base.where(tag="answers", kind="qualitative")]
        ['beta/answer']
        """
        return [
            c
            for c in self
            if (source is None or c.source == source)
            and (kind is None or c.kind.value == kind)
            and (tag is None or tag in c.tags)
            and (verdict is None or self.results[c.id].verdict == verdict)
        ]

    def to_dataframe(self) -> Any:  # a pandas.DataFrame (pandas is untyped)
        """A pandas DataFrame with a row per claim (needs pandas: ``pip install 'crux-kb[pandas]'``).

        >>> frame = load("tests/data/valid").to_dataframe()   # doctest: +SKIP
        >>> list(frame.columns)[:4]                           # doctest: +SKIP
        ['id', 'source', 'kind', 'statement']
        """
        return claims_frame(self)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The argument graph (see `kb.graph`): claims, their edges, linked arguments and questions.

        >>> sorted(load("tests/data/valid").graph.edges(data="relation"))
        [('alpha/answer', 'beta/answer', 'rebuts'), ('alpha/premise', 'alpha/answer', 'supports'), ('beta/answer', 'alpha/answer', 'rebuts')]
        """
        return g.build_graph(self.claims.values(), self.questions.values())

    def supporters(self, claim_id: str) -> list[Claim]:
        """Claims that support ``claim_id``, in id order.

        >>> base = load("tests/data/valid")
        >>> [c.id for c in base.supporters("alpha/answer")]
        ['alpha/premise']
        """
        self.claim(claim_id)
        return [self.claims[i] for i in g.supporters(self.graph, claim_id)]

    def rebuttals(self, claim_id: str) -> list[Claim]:
        """Claims that rebut ``claim_id``, in id order.

        >>> base = load("tests/data/valid")
        >>> [c.id for c in base.rebuttals("alpha/answer")]
        ['beta/answer']
        """
        self.claim(claim_id)
        return [self.claims[i] for i in g.rebutters(self.graph, claim_id)]

    @cached_property
    def results(self) -> dict[str, Result]:
        """The check result of every claim (``unchecked`` where a claim has no check).

        A check whose spec and datasets are unchanged since a cached run is not run again.

        >>> result = load("claims").results["fu/fp4-9x-flops"]
        >>> result.verdict, round(result.value, 2)
        ('inconclusive', 9.32)
        """
        return check_results(self.claims, self.data, self.cache)

    def result(self, claim_id: str) -> Result:
        """The check result of one claim: ``.value``, ``.unit``, ``.verdict``, ``.steps``, ``.break_even``.

        >>> result = load("tests/data/checks").result("a/ok")
        >>> result.verdict, result.value, result.unit, round(result.break_even["new"])
        ('supported', 2.0, '1', 2500)
        """
        self.claim(claim_id)
        return self.results[claim_id]

    @cached_property
    def assessment(self) -> Assessment:
        """Argument strength of every claim (the semantics `Scoring.semantics` names), grounded labels,
        explanations, hinges and cruxes.

        >>> assessment = load("tests/data/valid").assessment
        >>> {claim: round(s, 3) for claim, s in sorted(assessment.strengths.items())}
        {'alpha/answer': 0.505, 'alpha/premise': 0.5, 'beta/answer': 0.398}
        >>> assessment.labels["alpha/premise"]
        'in'
        """
        return assess(self.claims, self.results, self.graph, self.questions, self.theses(), self.scoring, self.cache)

    def finish(self) -> KnowledgeBase:
        """Run the rest of the pipeline now, so that nothing of it runs later: the graph, the checks,
        the strengths and labels, the hinges and cruxes, and every claim's explanation (what was
        computed about strengths is kept in the cache for the next load, see `kb.cache.STORES`).
        `load` returns a finished base; returns ``self``.

        >>> base = KnowledgeBase.from_tree(read_tree("tests/data/valid")).finish()
        >>> sorted(base.assessment.explained)
        ['alpha/answer', 'alpha/premise', 'beta/answer']
        """
        explain_claims(self.assessment)
        self.hinges()
        self.cruxes()
        self.cache.save("assessment", "by-signature", self.assessment.memory())
        return self

    def theses(self) -> list[str]:
        """Ids of the claims tagged ``thesis``: each source's overall conclusion.

        >>> load("claims").theses()
        ['dettmers/thesis', 'fu/thesis']
        """
        return [c.id for c in self if "thesis" in c.tags]

    def strength(self, claim_id: str) -> float:
        """Strength in [0, 1] once supporters, arguments, rebuttals and checks are weighed.

        >>> base = load("tests/data/valid")
        >>> round(base.strength("alpha/answer"), 3)   # base 0.5; a supporter, and a rebutter held back by the question
        0.505
        """
        self.claim(claim_id)
        return self.assessment.strengths[claim_id]

    def label(self, claim_id: str) -> str:
        """Grounded label over the rebuttals: ``in``, ``out`` or ``undecided``.

        >>> base = load("tests/data/valid")
        >>> base.label("alpha/answer"), base.label("beta/answer")   # their question makes them rebut each other
        ('undecided', 'undecided')
        """
        self.claim(claim_id)
        return self.assessment.labels[claim_id]

    def explain(self, claim_id: str) -> Explanation:
        """Why the claim has its strength and label, and the smallest change that would flip them.

        >>> base = load("tests/data/valid")
        >>> explanation = base.explain("alpha/answer")
        >>> [(c.claim_id, c.relation, round(c.effect, 3)) for c in explanation.contributions]
        [('beta/answer', 'rebuts', -0.095), ('alpha/premise', 'supports', 0.074)]
        >>> explanation.label_flip.describe(of="alpha/answer")
        'If beta/answer no longer rebutted it, no objection to it would stand'
        """
        self.claim(claim_id)
        return self.assessment.explain(claim_id)

    def cruxes(self) -> list[Crux]:
        """Written rebuttals across sources, ranked by the hinge of the question each belongs to.

        >>> crux = load("claims").cruxes()[0]
        >>> crux.rebutter, crux.target, crux.checkable
        ('fu/training-efficiency-below-potential', 'dettmers/near-limits-of-digital-computation', False)
        """
        return self.assessment.cruxes()

    def arguments(self, claim_id: str) -> list[Argument]:
        """The linked arguments for ``claim_id``: premises that only together support it.

        >>> [a.label for a in load("claims").arguments("dettmers/thesis")][:1]
        ['the physical limits of computation']
        """
        return list(self.claim(claim_id).arguments)

    def argument_strengths(self, claim_id: str) -> list[float]:
        """The strength of each linked argument for ``claim_id``: the product of its premises' strengths.

        >>> [round(s, 2) for s in load("claims").argument_strengths("fu/thesis")]
        [0.79, 0.4]
        """
        strengths = self.assessment.strengths
        return [argument_strength(strengths[p] for p in a.premises) for a in self.claim(claim_id).arguments]

    def questions_of(self, claim_id: str) -> list[tuple[Question, int]]:
        """The questions ``claim_id`` takes part in, each with the index of the answer it takes.

        >>> [(q.id, i) for q, i in load("claims").questions_of("dettmers/gpus-no-longer-improve")][:1]
        [('per-chip-progress', 0)]
        """
        self.claim(claim_id)
        return list(self._answers_taken.get(claim_id, ()))

    @cached_property
    def _answers_taken(self) -> dict[str, list[tuple[Question, int]]]:
        """Claim id → the questions it takes part in, with its answer's index, in question order."""
        found: dict[str, list[tuple[Question, int]]] = {}
        for q in self.questions.values():
            for i, a in enumerate(q.answers):
                for c in dict.fromkeys(a.claims):
                    found.setdefault(c, []).append((q, i))
        return found

    def question(self, question_id: str) -> Question:
        """The question with ``question_id``; raises `KBError` if there is none.

        >>> load("tests/data/valid").question("the-answer").question
        'Is the answer 42?'
        """
        try:
            return self.questions[question_id]
        except KeyError:
            raise KBError(f"unknown question {question_id!r} (hint: `kb questions` lists them)") from None

    def checkable(self, question_id: str) -> bool:
        """Whether recomputed evidence bears on a question: some answer's claim has a check, or it
        names what would settle it (otherwise it is a judgement call).

        >>> base = load("claims")
        >>> base.checkable("per-chip-progress"), base.checkable("agi-requires-physical-work")
        (True, False)
        """
        question = self.question(question_id)
        return bool(question.settled_by) or any(self.claims[c].check is not None for c in question.claims())

    def hinges(self) -> list[Hinge]:
        """The questions ranked by what hinges on them: how far the theses move when each is
        resolved one way or the other (see `kb.analysis.Hinge`).

        >>> hinge = load("claims").hinges()[0]
        >>> hinge.weight > 0.1
        True
        """
        return self.assessment.hinges()

    def quote_verified(self, quote: Quote) -> bool:
        """True when ``quote`` was checked against its source's archived text.

        >>> base = load("tests/data/valid")
        >>> [base.quote_verified(c.quotes[0]) for c in base]
        [True, True, False]
        """
        return quote.source in self.archives

    @cached_property
    def history(self) -> History:
        """Each record's revisions from the git repository holding the base (`kb.history`), read on first use.

        >>> [s.tree != "" for s in load("tests/data/valid").history.steps][:1] in ([], [True])
        True
        """
        return read_history(self.root, self.cache)

    @cached_property
    def timeline(self) -> Timeline:
        """What each commit did to the argument (see `kb.timeline`), read on first use.

        >>> all(m.step.commit for m in load("tests/data/valid").timeline.moments)
        True
        """
        from kb.timeline import read_timeline  # kb.timeline assesses old versions: it needs this module

        return read_timeline(self.history, self.scoring, self.cache)

    def history_of(self, key: str) -> tuple[list[Revision], list[str]]:
        """The revisions of record ``key`` (a claim id, ``source:<id>``, ``question:<id>``,
        ``value:<dataset>.<entry>.<name>``), newest first, with what each commit did to its verdict
        and strength (`kb.timeline.Timeline.revisions_of`); and the history's notes (outside git).

        >>> revisions, notes = load("tests/data/valid").history_of("alpha/answer")
        >>> all(r.commit for r in revisions)
        True
        """
        return self.timeline.revisions_of(self.history, key), self.history.notes

    def changes(self) -> tuple[list[Moment], list[str]]:
        """What each commit did (`kb.timeline.Moment`), oldest first, and the history's notes.

        >>> [m.step for m in load("tests/data/valid").changes()[0]] == load("tests/data/valid").history.steps
        True
        """
        return self.timeline.moments, self.history.notes

    @cached_property
    def engine(self) -> Engine:
        """An SQL engine holding the index: in memory unless ``database_url`` says otherwise.

        >>> from sqlalchemy import text
        >>> with load("tests/data/valid").engine.connect() as connection:
        ...     connection.execute(text("SELECT count(*) FROM claims")).scalar()
        3
        """
        engine = make_engine(self.database_url or "sqlite://")
        write_index(self, engine)
        return engine

    def session(self) -> Session:
        """A sqlmodel `Session` on `engine`; use it as a context manager.

        >>> from sqlmodel import select
        >>> from kb.tables import ClaimRow
        >>> with load("tests/data/valid").session() as session:
        ...     session.exec(select(ClaimRow.id).where(ClaimRow.kind == "quantitative")).all()
        ['alpha/answer']
        """
        return Session(self.engine)
