"""The JSON twins of the site's pages: every claim, source, tag and question page has one, once, at
the site root (``claims/<id>.json``, ``sources/<id>.json``, ``tags/<tag>.json``,
``questions/<id>.json``), made from the plain-data views of `kb.export` and `kb.twins`.

Each twin is made from the base it is given, which the build tracks (`kb.cache.Tracked`), so a
twin is made again exactly when something it read changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from kb.base import KnowledgeBase
from kb.export import claim_to_dict
from kb.twins import question_to_dict, source_to_dict, tag_to_dict
from render import urls
from render.views import tag_counts

Maker = Callable[[KnowledgeBase], bytes]


def twins(base: KnowledgeBase) -> list[tuple[str, str, Maker]]:
    """``(path, kind, make)`` for every JSON twin: claims, sources, tags, then questions.

    >>> import kb
    >>> found = twins(kb.load("tests/data/valid"))
    >>> [path for path, _, _ in found if not path.startswith("claims/")]
    ['sources/alpha.json', 'sources/beta.json', 'tags/answers.json', 'tags/replies.json', 'questions/the-answer.json']
    >>> json.loads(found[-1][2](kb.load("tests/data/valid")))["question"]
    'Is the answer 42?'
    """
    found = [(urls.claim_json(c.id), "claim-twin", _maker(_claim, c.id)) for c in base]
    found += [(urls.source_json(s), "source-twin", _maker(source_to_dict, s)) for s in base.sources]
    found += [(urls.tag_json(t), "tag-twin", _maker(tag_to_dict, t)) for t in tag_counts(base)]
    found += [(urls.question_json(q), "question-twin", _maker(question_to_dict, q)) for q in base.questions]
    return found


def _claim(base: KnowledgeBase, claim_id: str) -> dict[str, object]:
    return claim_to_dict(base, base.claims[claim_id])


def _maker(view: Callable[[KnowledgeBase, str], dict[str, object]], key: str) -> Maker:
    return lambda base: json_bytes(view(base, key))


def json_bytes(data: object, indent: int | None = 2) -> bytes:
    """``data`` as JSON; the whole base's file is written without indentation (Python's encoder
    is three times slower with it).

    >>> json_bytes({"b": 1, "a": "é"}, indent=None)
    b'{"a": "\\xc3\\xa9", "b": 1}\\n'
    """
    return (json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True) + "\n").encode("utf-8")
