"""`KnowledgeBase`: the loaded claims, their graph and their SQL index, and `load`."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import Engine
from sqlmodel import Session

from kb import graph as g
from kb.analysis import Assessment, Crux, Hinge
from kb.cache import Cache, digest
from kb.checks import Result, run_check, unchecked
from kb.checks.words import break_even_sentence
from kb.datasets import Datasets
from kb.errors import InvalidBase, Issue, KBError, UnknownClaim, failing
from kb.explanation import Explanation
from kb.loader import Tree, read_tree
from kb.models import Argument, Claim, Question, Quote, Source
from kb.semantics import SEMANTICS, Scoring, argument_strength
from kb.store import make_engine, write_index

DATABASE_ENV = "KB_DATABASE_URL"
PARALLEL_CHECKS = 64  # from this many checks to run, they run on every core
PARALLEL_EXPLANATIONS = 200  # from this many claims to explain, they are explained on every core


@dataclass
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
    issues: list[Issue] = field(default_factory=list, repr=False)
    database_url: str | None = None
    scoring: Scoring = field(default_factory=Scoring)
    cache: Cache = field(default_factory=Cache.disabled, repr=False)
    digests: dict[str, str] = field(default_factory=dict, repr=False)  # claim id → digest of its file
    key: str = field(default="", repr=False)  # digest of the files it was read from ("" if built in memory)
    questions: dict[str, Question] = field(default_factory=dict, repr=False)

    @classmethod
    def from_tree(
        cls, tree: Tree, database_url: str | None = None, scoring: Scoring | None = None, cache: Cache | None = None
    ) -> KnowledgeBase:
        """The base of a tree `kb.read_tree` has read (what `load` does after reading).

        >>> from kb.loader import read_tree
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
            tree.issues,
            database_url,
            scoring or Scoring(),
            cache or Cache.disabled(),
            tree.digests,
            tree.key,
            dict(sorted(tree.questions.items())),
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
        try:
            import pandas  # type: ignore[import-untyped]  # an optional dependency without types (no pandas-stubs)
        except ImportError:
            raise KBError("to_dataframe needs pandas: pip install 'crux-kb[pandas]'") from None
        rows = [
            {
                "id": c.id,
                "source": c.source,
                "kind": c.kind.value,
                "statement": c.statement,
                "statement_zh": c.statement_zh,
                "tags": list(c.tags),
                "verdict": self.results[c.id].verdict,
                "value": self.results[c.id].value,
                "unit": self.results[c.id].unit,
                "strength": self.strength(c.id),
                "label": self.label(c.id),
                "supports": list(c.supports),
                "rebuts": list(c.rebuts),
            }
            for c in self
        ]
        return pandas.DataFrame(rows)

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
        data = digest(
            *(
                f"{name}.{entry_id}:{entry.model_dump_json()}"
                for name, entries in sorted(self.data.entries.items())
                for entry_id, entry in entries.items()
            )
        )
        known = self.cache.load("results", data) or {}
        keys = {c.id: digest(c.id, c.check.model_dump_json()) for c in self if c.check is not None}
        results = {c.id: unchecked(c.id) for c in self if c.check is None}
        results |= {i: known[i][1] for i, k in keys.items() if known.get(i, (None,))[0] == k}
        missing = [self.claims[i] for i in keys if i not in results]
        results |= run_checks(missing, self.data)
        if missing:
            self.cache.save("results", data, {i: (k, results[i]) for i, k in keys.items()})
        return {c.id: results[c.id] for c in self}

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
        scored = {
            c.id: self.scoring.base_score(
                self.results[c.id].verdict,
                (c.prior.value, c.prior.reason) if c.prior else None,
                self.results[c.id].weak,
            )
            for c in self
        }
        verdicts = {c.id: self.results[c.id].verdict for c in self}
        ceilings = {i: cap for i, v in verdicts.items() if (cap := self.scoring.ceiling(v)) is not None}
        assessment = Assessment(
            self.graph,
            {i: s for i, (s, _) in scored.items()},
            {i: r for i, (_, r) in scored.items()},
            theses=self.theses(),
            checkable={c.id for c in self if c.check is not None},
            semantics_used=SEMANTICS[self.scoring.semantics],
            ceilings=ceilings,
            evidence={i: v for i, v in verdicts.items() if v in ("contradicted", "inconclusive")},
            questions=list(self.questions.values()),
        )
        assessment.recall(self.cache.load("assessment", "by-signature"))
        return assessment

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

    def unexpected_verdicts(self) -> dict[str, Result]:
        """The checked claims whose verdict is not the ``expected_verdict`` their file gives (a code
        or data change flipped it), with their results.

        >>> base = load("claims")
        >>> base.unexpected_verdicts()
        {}
        >>> str(base.claims["fu/fp4-9x-flops"].expected_verdict), base.result("fu/fp4-9x-flops").verdict
        ('inconclusive', 'inconclusive')
        """
        return {
            c.id: self.results[c.id]
            for c in self
            if c.expected_verdict is not None and c.expected_verdict != self.results[c.id].verdict
        }

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


def run_checks(claims: list[Claim], data: Datasets, jobs: int | None = None) -> dict[str, Result]:
    """The results of the checks of ``claims``, computed on every core when there are many.

    >>> base = load("tests/data/checks")
    >>> run_checks([base.claim("a/ok")], base.data)["a/ok"].verdict
    'supported'
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(claims) < PARALLEL_CHECKS:
        return {c.id: _run_one(c, data) for c in claims}
    chunks = [claims[start :: jobs * 4] for start in range(jobs * 4)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = pool.map(_run_chunk, chunks, [data] * len(chunks))
        return {claim_id: result for part in parts for claim_id, result in part}


def explain_claims(assessment: Assessment, jobs: int | None = None) -> None:
    """Explain every claim of ``assessment`` not explained yet, on every core when there are many
    (each explanation is independent of the others, given the strengths).

    >>> base = KnowledgeBase.from_tree(read_tree("tests/data/valid"))
    >>> explain_claims(base.assessment); sorted(base.assessment.explained)
    ['alpha/answer', 'alpha/premise', 'beta/answer']
    """
    global _EXPLAINING
    missing = [n for n in assessment.G if n not in assessment.explained]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(missing) < PARALLEL_EXPLANATIONS:
        assessment.explain_all()
        return
    assessment.explain(missing[0])  # what every explanation shares is computed before the fork
    chunks = [missing[1 + start :: jobs * 4] for start in range(jobs * 4)]
    _EXPLAINING = assessment
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_explain_chunk, chunks):
                assessment.adopt(part)
    finally:
        _EXPLAINING = None


_EXPLAINING: Assessment | None = None  # what forked workers inherit


def _explain_chunk(claims: list[str]) -> dict[str, Explanation]:
    if _EXPLAINING is None:
        raise RuntimeError("_explain_chunk runs inside explain_claims")
    return {n: _EXPLAINING.explain(n) for n in claims}


def _run_chunk(claims: list[Claim], data: Datasets) -> list[tuple[str, Result]]:
    return [(c.id, _run_one(c, data)) for c in claims]


def _run_one(claim: Claim, data: Datasets) -> Result:
    return unchecked(claim.id) if claim.check is None else run_check(claim.id, claim.check, data)


def inspect(
    root: Path | str = "claims",
    *,
    run_checks: bool = True,
    database_url: str | None = None,
    scoring: Scoring | None = None,
    cache: bool = True,
    today: dt.date | None = None,
) -> tuple[KnowledgeBase | None, list[Issue]]:
    """Read ``root`` and return the base (None when it has errors) and every issue found.

    With ``run_checks``, checks that end in ``error``, verdicts other than a claim's
    ``expected_verdict`` and open predictions past their date (as of ``today``, by default the
    machine's date) are reported as warnings.
    With ``cache``, unchanged files are not parsed again (see `kb.cache`).
    """
    tree = read_tree(root, cache=Cache.for_root(root) if cache else None)
    if tree.errors:
        return None, tree.issues
    base = KnowledgeBase.from_tree(
        tree, database_url or os.environ.get(DATABASE_ENV), scoring, Cache.for_root(root) if cache else None
    )
    if run_checks:
        base.issues = sorted(tree.issues + _checks_and_dates(tree, base, today or dt.date.today()))
    return base, base.issues


def _checks_and_dates(tree: Tree, base: KnowledgeBase, today: dt.date) -> list[Issue]:
    """The warnings that need the checks run or today's date (so they are never cached with the tree):
    a check that ends in ``error``, a verdict other than the claim's ``expected_verdict`` (a code or
    data change flipped it), and an ``open`` prediction whose date has passed."""
    found, unexpected = [], base.unexpected_verdicts()
    for claim in tree.claims.values():
        result = base.results[claim.id]
        if result.verdict == "error":
            found.append(
                tree.located(
                    claim.id,
                    ("check",),
                    f"check failed: {result.message}",
                    "fix its inputs, or the check kind",
                    "warning",
                )
            )
        elif claim.id in unexpected:
            nearest = result.matters_most
            why = f" (nearest its flip: {break_even_sentence(result, nearest).rstrip('.')})" if nearest else ""
            message = f"its check now says {result.verdict}, the file expects {claim.expected_verdict}{why}"
            hint = (
                "if an input or the check changed on purpose, set expected_verdict to the new verdict; "
                f"otherwise undo the change that flipped it (kb show {claim.id} gives the inputs)"
            )
            found.append(
                tree.located(claim.id, ("expected_verdict",), f"{message} [expected-verdict]", hint, "warning")
            )
        if claim.status == "open" and claim.resolves_by is not None and claim.resolves_by < today:
            message = f"prediction came due on {claim.resolves_by.isoformat()} and is still open [prediction-due]"
            hint = "set status to resolved-true, resolved-false or ambiguous, with its evidence"
            found.append(tree.located(claim.id, ("status",), message, hint, "warning"))
    return found


def load(
    root: Path | str = "claims",
    *,
    strict: bool = False,
    database_url: str | None = None,
    scoring: Scoring | None = None,
    cache: bool = True,
) -> KnowledgeBase:
    """Read, validate and return the knowledge base in folder ``root``.

    >>> base = load("tests/data/valid")
    >>> len(base), sorted(base.sources)
    (3, ['alpha', 'beta'])

    Raises `InvalidBase` listing every problem when there are errors (or, with
    ``strict``, warnings, including checks that fail). ``database_url`` defaults
    to ``$KB_DATABASE_URL``, else an in-memory SQLite database. ``scoring`` sets how
    check verdicts become base scores (`kb.semantics.Scoring`). With ``cache`` (the
    default), what was derived from unchanged files is reused from `kb.cache`.
    """
    base, issues = inspect(root, run_checks=strict, database_url=database_url, scoring=scoring, cache=cache)
    if base is None or failing(issues, strict):
        raise InvalidBase(issues)
    return base.finish()
