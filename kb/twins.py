"""Plain-data views of one source, tag or question (the JSON twins of their pages), and of the datasets.

Each view reads the base only through what it is given, so that the site builder can hand it a
`kb.cache.Tracked` base and record what the twin depends on.

>>> import kb
>>> base = kb.load("tests/data/valid")
>>> [c["id"] for c in tag_to_dict(base, "answers")["claims"]]
['alpha/answer', 'beta/answer']
>>> len(dataset_rows(base.data)) == len(base.data.refs())
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.datasets import Datasets
from kb.questions import resting_on

if TYPE_CHECKING:
    from kb.base import KnowledgeBase


def claim_summary(base: KnowledgeBase, claim_id: str) -> dict[str, Any]:
    """What a list of claims shows of one: its statements, source, kind, tags, verdict, strength and label."""
    claim = base.claims[claim_id]
    return {
        "id": claim.id,
        "statement": claim.statement,
        "statement_zh": claim.statement_zh,
        "source": claim.source,
        "kind": claim.kind.value,
        "tags": list(claim.tags),
        "verdict": base.results[claim.id].verdict,
        "strength": base.assessment.strengths[claim.id],
        "label": base.assessment.labels[claim.id],
    }


def source_to_dict(base: KnowledgeBase, source_id: str) -> dict[str, Any]:
    """A source as written, whether its text is archived, its claims and the dataset values citing it.

    >>> import kb
    >>> twin = source_to_dict(kb.load("tests/data/valid"), "alpha")
    >>> twin["title"], [c["id"] for c in twin["claims"]]
    ('The Answer', ['alpha/answer', 'alpha/premise'])
    """
    source = base.sources[source_id]
    return source.model_dump(mode="json") | {
        "archived": source_id in base.archives,
        "claims": [claim_summary(base, c.id) for c in base.where(source=source_id)],
        "cited_values": [row for row in dataset_rows(base.data) if row["source"] == source_id],
    }


def tag_to_dict(base: KnowledgeBase, tag: str) -> dict[str, Any]:
    """A tag and the claims that carry it, in id order."""
    return {"tag": tag, "claims": [claim_summary(base, c.id) for c in base.where(tag=tag)]}


def question_to_dict(base: KnowledgeBase, question_id: str) -> dict[str, Any]:
    """A question as written, ranked by its hinge, with where each answer puts the theses, the
    theses' strengths now, each answer's claims, what would settle it and the linked arguments
    that rest on it.

    >>> import kb
    >>> twin = question_to_dict(kb.load("tests/data/valid"), "the-answer")
    >>> twin["rank"], [[c["id"] for c in a["claims"]] for a in twin["answers"]]
    (1, [['alpha/answer'], ['beta/answer']])
    """
    hinges = base.hinges()
    rank, hinge = next((i, h) for i, h in enumerate(hinges, start=1) if h.question == question_id)
    question = base.questions[question_id]
    data = question.model_dump(mode="json")
    for answer, record in zip(question.answers, data["answers"], strict=True):
        record["claims"] = [claim_summary(base, c) for c in answer.claims]
    theses = sorted({t for resolved in hinge.resolved for t in resolved})
    settling = [ref for ref in question.settled_by if base.data.has(ref)]
    return data | {
        "rank": rank,
        "of": len(hinges),
        "hinge": hinge.weight,
        "measured": hinge.measured,
        "checkable": base.checkable(question_id),
        "resolved": hinge.resolved,
        "theses_now": {t: base.assessment.strengths[t] for t in theses},
        "settled_by_claims": [claim_summary(base, r) for r in question.settled_by if r in base.claims],
        "settled_by_values": [row for row in dataset_rows(base.data) if row["ref"] in settling],
        "arguments": resting_arguments(base, question_id),
    }


def resting_arguments(base: KnowledgeBase, question_id: str) -> list[dict[str, Any]]:
    """The linked arguments (of any claim) one of whose premises takes an answer to the question:
    the claim they support, their label and strength, and each premise with the answer it takes
    (None: it takes none)."""
    return [
        {
            "claim": claim_summary(base, r.claim.id),
            "label": r.argument.label,
            "label_zh": r.argument.label_zh,
            "strength": r.strength,
            "premises": [{"claim": claim_summary(base, p), "answer": answer} for p, answer in r.answers.items()],
        }
        for r in resting_on(base, question_id)
    ]


def datasets_to_dict(data: Datasets) -> dict[str, dict[str, Any]]:
    """Every dataset as written: dataset → entry id → the entry (label, year, notes, and each value
    with its unit, bounds, source, place in the source, precision, sparsity, basis, confidence, note)."""
    return {
        name: {entry_id: entry.model_dump(mode="json") for entry_id, entry in sorted(entries.items())}
        for name, entries in sorted(data.entries.items())
    }


def dataset_rows(data: Datasets) -> list[dict[str, Any]]:
    """One flat row per dataset value, by reference (``<dataset>.<entry>.<value>``), in reference order."""
    return [
        {
            "ref": f"{dataset}.{entry_id}.{name}",
            "dataset": dataset,
            "entry": entry_id,
            "entry_label": entry.label,
            "year": entry.year,
            "name": name,
        }
        | m.model_dump(mode="json")
        for dataset, entries in sorted(data.entries.items())
        for entry_id, entry in sorted(entries.items())
        for name, m in sorted(entry.values.items())
    ]
