"""What a page reads: a `KnowledgeBase` that records every query made of it, and the answers' fingerprints.

A page's view and template see the base only through `Tracked`. Each read — a claim's record,
its check result, strength, label, explanation or edges, a source, a question, the list of
claim ids, the hinges — is recorded as a `Query` into the `Reads` of the page being made.
`Reads.fingerprint` digests the current answer to each query; a page whose queries all
answer as they did when it was made shows the same thing, and need not be made again. A
query the facade does not know raises `AttributeError`, so a new kind of read cannot go
unrecorded (and leave a stale page): it has to be added here, with its fingerprint.

>>> import kb
>>> base = kb.load("tests/data/valid")
>>> tracked = Tracked(base)
>>> statement, reads = tracked.record(lambda: tracked.claims["alpha/answer"].statement)
>>> statement, reads
('The answer is 42.', (('claim', 'alpha/answer'),))
>>> Reads(base).fingerprint(reads) == Reads(base).fingerprint(reads)
True
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from kb.cache.store import Cache, Table, digest

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.models import Quote

Query = tuple[str, ...]
"""A read: its kind, then its arguments, e.g. ``("result", "fu/thesis")``."""

T = TypeVar("T")
V = TypeVar("V")


class Tracked:
    """``base`` as views see it: the parts of `KnowledgeBase` they use, each read recorded.

    >>> import kb
    >>> tracked = Tracked(kb.load("tests/data/valid"))
    >>> _, reads = tracked.record(lambda: [c.id for c in tracked.rebuttals("alpha/answer")])
    >>> reads
    (('rebuttals', 'alpha/answer'), ('claim', 'beta/answer'))
    >>> tracked.root
    Traceback (most recent call last):
    AttributeError: views read the base through kb.cache.Tracked, which does not track 'root': add it there
    """

    def __init__(self, base: KnowledgeBase, cache: Cache | None = None):
        self._base = base
        self._frames: list[dict[Query, None]] = []
        self._shared: dict[Hashable, tuple[Any, tuple[Query, ...]]] = {}
        self._cache = cache or Cache.disabled()
        self._tables: dict[str, Table] = {}
        self._derived: dict[str, dict[tuple[str, ...], Any]] = {}  # what this process computed, by store
        self.claims = Recorded(self, "claim", base.claims)
        self.results = Recorded(self, "result", base.results)
        self.sources = Recorded(self, "source", base.sources)
        self.questions = Recorded(self, "question", base.questions)
        self.archives = Recorded(self, "archive", base.archives)
        self.assessment = _Assessment(self)
        self.graph = _Graph(self)

    def read(self, *query: str) -> None:
        """Record ``query`` into the page being made (if any)."""
        if self._frames:
            self._frames[-1][query] = None

    def record(self, make: Callable[[], T]) -> tuple[T, tuple[Query, ...]]:
        """``make()`` and the queries it made, in order."""
        self._frames.append({})
        try:
            value = make()
        finally:
            queries = tuple(self._frames.pop())
        for query in queries:  # a page inside a page: the outer one read all of it too
            self.read(*query)
        return value, queries

    def shared(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()`` computed once for every page that asks for ``key``, its reads recorded into each."""
        if key not in self._shared:
            self._shared[key] = self.record(make)
        value, queries = self._shared[key]
        for query in queries:
            self.read(*query)
        return value  # type: ignore[no-any-return]  # stored by the call with this key, of type T

    def memo(self, store: str, inputs: object, make: Callable[[], T]) -> T:
        """``make()``, a pure function of ``inputs`` (plain data: its ``repr`` is its identity), kept
        between runs in the `Table` ``store`` under the digest of ``inputs``."""
        if store not in self._tables:
            self._tables[store] = Table(self._cache, store)
        key = (digest(repr(inputs)),)
        table = self._tables[store]
        found = table.get(key)
        if found is None:
            found = self._derived.setdefault(store, {})[key] = make()
        table.put(key, found)
        return found

    def derived(self) -> dict[str, dict[tuple[str, ...], Any]]:
        """What `memo` computed in this process since the last call (a worker sends it to the
        building process after each task)."""
        found, self._derived = self._derived, {}
        return found

    def adopt(self, derived: Mapping[str, Mapping[tuple[str, ...], Any]]) -> None:
        """Keep what `memo` computed in other processes (see `derived`)."""
        for store, values in derived.items():
            if store not in self._tables:
                self._tables[store] = Table(self._cache, store)
            for key, value in values.items():
                self._tables[store].put(key, value)

    def save(self) -> None:
        """Write what `memo` kept to the cache."""
        for table in self._tables.values():
            table.save()

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"views read the base through kb.cache.Tracked, which does not track {name!r}: add it there"
        )

    def __iter__(self) -> Iterator[Any]:
        self.read("claim-ids")
        for claim in self._base:
            self.read("claim", claim.id)
            yield claim

    def __len__(self) -> int:
        self.read("claim-ids")
        return len(self._base)

    @property
    def data(self) -> Any:
        self.read("data")
        return self._base.data

    @property
    def config(self) -> Any:
        self.read("config")
        return self._base.config

    def history_of(self, key: str) -> Any:
        """A record's revisions (`kb.history.History.of`), and the history's notes, read together."""
        return self._ask("history_of", key)

    def changes(self) -> Any:
        """What each commit did (`kb.timeline.Timeline.moments`, oldest first), and the history's notes."""
        return self._ask("changes")

    def _ask(self, method: str, *args: str) -> Any:
        self.read(method, *args)
        return getattr(self._base, method)(*args)

    def claim(self, claim_id: str) -> Any:
        self.read("claim", claim_id)
        return self._base.claim(claim_id)

    def explain(self, claim_id: str) -> Any:
        return self._ask("explain", claim_id)

    def hinges(self) -> Any:
        return self._ask("hinges")

    def cruxes(self) -> Any:
        return self._ask("cruxes")

    def theses(self) -> Any:
        return self._ask("theses")

    def questions_of(self, claim_id: str) -> Any:
        return self._ask("questions_of", claim_id)

    def argument_strengths(self, claim_id: str) -> Any:
        return self._ask("argument_strengths", claim_id)

    def checkable(self, question_id: str) -> Any:
        return self._ask("checkable", question_id)

    def supporters(self, claim_id: str) -> Any:
        return [self.claims[c.id] for c in self._ask("supporters", claim_id)]

    def rebuttals(self, claim_id: str) -> Any:
        return [self.claims[c.id] for c in self._ask("rebuttals", claim_id)]

    def where(
        self, *, source: str | None = None, kind: str | None = None, tag: str | None = None, verdict: str | None = None
    ) -> list[Any]:
        self.read("where", source or "", kind or "", tag or "", verdict or "")
        found = self._base.where(source=source, kind=kind, tag=tag, verdict=verdict)
        return [self.claims[c.id] for c in found]

    def quote_verified(self, quote: Quote) -> bool:
        return quote.source in self.archives


class Recorded(Mapping[str, V]):
    """A mapping of the base (claims, results, sources, …) whose every read is recorded as
    ``(kind, key)``; listing its keys reads ``(kind + "-ids",)``."""

    def __init__(self, tracked: Tracked, kind: str, data: Mapping[str, V]):
        self._tracked, self._kind, self._data = tracked, kind, data

    def __getitem__(self, key: str) -> V:
        self._tracked.read(self._kind, key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._tracked.read(self._kind, str(key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._tracked.read(f"{self._kind}-ids")
        return iter(self._data)

    def __len__(self) -> int:
        self._tracked.read(f"{self._kind}-ids")
        return len(self._data)


class _Assessment:
    def __init__(self, tracked: Tracked):
        assessment = tracked._base.assessment
        self.strengths = Recorded(tracked, "strength", assessment.strengths)
        self.labels = Recorded(tracked, "label", assessment.labels)
        self.explain = tracked.explain


class _Graph:
    """The argument graph's per-claim reads: a claim's edges in either direction read ``("edges", claim)``."""

    def __init__(self, tracked: Tracked):
        self._tracked, self._G = tracked, tracked._base.graph

    def _edges(self, node: str) -> None:
        self._tracked.read("edges", node)

    def in_edges(self, node: str, *args: Any, **kwargs: Any) -> Any:
        self._edges(node)
        return self._G.in_edges(node, *args, **kwargs)

    def out_edges(self, node: str, *args: Any, **kwargs: Any) -> Any:
        self._edges(node)
        return self._G.out_edges(node, *args, **kwargs)

    def predecessors(self, node: str) -> Any:
        self._edges(node)
        return self._G.predecessors(node)

    def successors(self, node: str) -> Any:
        self._edges(node)
        return self._G.successors(node)

    def __contains__(self, node: object) -> bool:
        self._tracked.read("claim", str(node))
        return node in self._G

    def __iter__(self) -> Iterator[str]:
        self._tracked.read("claim-ids")
        return iter(self._G)


class Reads:
    """The fingerprints of the answers ``base`` gives to queries, each computed once.

    >>> import kb
    >>> base = kb.load("tests/data/valid")
    >>> Reads(base).answer(("label", "alpha/premise")), Reads(base).answer(("claim", "no/such"))
    ('in', 'absent')
    """

    def __init__(self, base: KnowledgeBase):
        self.base = base
        self._known: dict[Query, str] = {}

    def fingerprint(self, queries: tuple[Query, ...]) -> str:
        """One digest of the answers to ``queries``."""
        known = self._known
        return digest(*(known[q] if q in known else self._learn(q) for q in queries))

    def _learn(self, query: Query) -> str:
        """The digest of ``query``'s answer (short, so that a page's fingerprint digests little)."""
        self._known[query] = found = digest(self.answer(query))
        return found

    def answer(self, query: Query) -> str:
        """The fingerprint of the current answer to ``query`` ("absent" when what it names is gone)."""
        base, (kind, *args) = self.base, query
        lists: dict[str, Mapping[str, Any]] = {
            "claim": base.claims,
            "source": base.sources,
            "question": base.questions,
            "archive": base.archives,
        }
        if kind.endswith("-ids"):
            return digest(*lists[kind.removesuffix("-ids")])
        if kind in ("claim", "result", "strength", "label", "edges", "explain") and args[0] not in base.claims:
            return "absent"
        if kind == "claim":
            return base.digests.get(args[0]) or base.claims[args[0]].model_dump_json()
        if kind in ("source", "question"):
            found = lists[kind].get(args[0])
            return found.model_dump_json() if found is not None else "absent"
        if kind == "archive":
            return digest(base.archives[args[0]]) if args[0] in base.archives else "absent"
        if kind == "result":
            return repr(base.results[args[0]])
        if kind == "strength":
            return repr(base.assessment.strengths[args[0]])
        if kind == "label":
            return base.assessment.labels[args[0]]
        if kind == "edges":
            G, node = base.graph, args[0]
            edges = [*G.in_edges(node, keys=True, data=True), *G.out_edges(node, keys=True, data=True)]
            return repr(sorted((u, v, str(k), sorted(d.items())) for u, v, k, d in edges))
        if kind == "config":
            return base.config.model_dump_json()
        if kind == "data":
            return digest(
                *(
                    f"{name}.{i}:{e.model_dump_json()}"
                    for name, es in sorted(base.data.entries.items())
                    for i, e in es.items()
                )
            )
        if kind in (
            "explain",
            "hinges",
            "cruxes",
            "theses",
            "questions_of",
            "argument_strengths",
            "checkable",
            "history_of",
            "changes",
        ):
            try:
                return repr(getattr(base, kind)(*args))
            except KeyError:
                return "absent"
        if kind == "where":
            source, claim_kind, tag, verdict = (a or None for a in args)
            return repr([c.id for c in base.where(source=source, kind=claim_kind, tag=tag, verdict=verdict)])
        if kind in ("supporters", "rebuttals"):
            return repr([c.id for c in getattr(base, kind)(*args)]) if args[0] in base.claims else "absent"
        raise ValueError(f"unknown query {query!r}")


def memo(base: object, store: str, inputs: object, make: Callable[[], T]) -> T:
    """`Tracked.memo` when ``base`` is tracked; otherwise just ``make()``."""
    keep = getattr(base, "memo", None)
    return keep(store, inputs, make) if keep is not None else make()


def shared(base: object, key: Hashable, make: Callable[[], T]) -> T:
    """`Tracked.shared` when ``base`` is tracked; otherwise just ``make()``."""
    share = getattr(base, "shared", None)
    return share(key, make) if share is not None else make()
