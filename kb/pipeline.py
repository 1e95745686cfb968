"""The costly stages that finish a base, each on every core when there is much to do: the check
results (kept between runs by check spec and datasets), the assessment (strengths, labels, hinges,
cruxes; what it learnt is recalled by signature) and every claim's explanation.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import networkx as nx

from kb.analysis import Assessment
from kb.cache import Cache, digest
from kb.checks import Result, run_check, unchecked
from kb.datasets import Datasets
from kb.explanation import Explanation
from kb.models import Claim, Question
from kb.semantics import SEMANTICS, Scoring

PARALLEL_CHECKS = 64  # from this many checks to run, they run on every core
PARALLEL_EXPLANATIONS = 200  # from this many claims to explain, they are explained on every core


def check_results(claims: dict[str, Claim], data: Datasets, cache: Cache) -> dict[str, Result]:
    """The check result of every claim (``unchecked`` where a claim has no check), in the order of
    ``claims``; a check whose spec and datasets are unchanged since a cached run is not run again."""
    key = digest(
        *(
            f"{name}.{entry_id}:{entry.model_dump_json()}"
            for name, entries in sorted(data.entries.items())
            for entry_id, entry in entries.items()
        )
    )
    known = cache.load("results", key) or {}
    keys = {c.id: digest(c.id, c.check.model_dump_json()) for c in claims.values() if c.check is not None}
    results = {c.id: unchecked(c.id) for c in claims.values() if c.check is None}
    results |= {i: known[i][1] for i, k in keys.items() if known.get(i, (None,))[0] == k}
    missing = [claims[i] for i in keys if i not in results]
    results |= run_checks(missing, data)
    if missing:
        cache.save("results", key, {i: (k, results[i]) for i, k in keys.items()})
    return {c.id: results[c.id] for c in claims.values()}


def assess(
    claims: dict[str, Claim],
    results: dict[str, Result],
    graph: nx.MultiDiGraph,
    questions: dict[str, Question],
    theses: list[str],
    scoring: Scoring,
    cache: Cache,
) -> Assessment:
    """The assessment of a base's graph: base scores from the check verdicts and priors, then
    strengths, labels, hinges and cruxes on demand (what earlier runs learnt is recalled from ``cache``)."""
    scored = {
        c.id: scoring.base_score(
            results[c.id].verdict,
            (c.prior.value, c.prior.reason) if c.prior else None,
            bool(results[c.id].weak),
        )
        for c in claims.values()
    }
    verdicts = {c.id: results[c.id].verdict for c in claims.values()}
    ceilings = {i: cap for i, v in verdicts.items() if (cap := scoring.ceiling(v)) is not None}
    assessment = Assessment(
        graph,
        {i: s for i, (s, _) in scored.items()},
        {i: r for i, (_, r) in scored.items()},
        theses=theses,
        checkable={c.id for c in claims.values() if c.check is not None},
        semantics_used=SEMANTICS[scoring.semantics],
        ceilings=ceilings,
        evidence={i: v for i, v in verdicts.items() if v in ("contradicted", "inconclusive")},
        questions=list(questions.values()),
    )
    assessment.recall(cache.load("assessment", "by-signature"))
    return assessment


def run_checks(claims: list[Claim], data: Datasets, jobs: int | None = None) -> dict[str, Result]:
    """The results of the checks of ``claims``, computed on every core when there are many.

    >>> from kb import load
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

    >>> from kb.base import KnowledgeBase
    >>> from kb.records import read_tree
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
