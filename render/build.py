"""``build_site(base, out)``: every file of the site, made only when what it shows changed.

The story of a build, each step a function below:

1. `plan_files`: every file (pages in both languages, JSON twins, data files, static
   assets, the SQL index), each with its identity (its path, template, title, the code
   and the settings) and how to make its bytes;
2. `make_files`: bring the spare copy of the site up to date, on every core: a page is made
   only when something it read last time (`kb.cache.Tracked`) now reads differently, and
   written only when its bytes changed;
3. `search_index`: re-index the search bundles whose pages changed;
4. publish: swap the spare in as the output (atomic), and keep what the pages read.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kb.base import KnowledgeBase
from kb.cache import Query, Reads, Table, Tracked, code_version, digest
from kb.errors import BuildError
from kb.export import base_to_dict
from kb.formats import to_graphml
from kb.store import make_engine, write_index
from render import urls
from render.changes import changes_json, feed_bytes
from render.output import (
    Manifest,
    Output,
    check_out_folder,
    die_with_parent,
    disk_full,
    files_under,
    input_key,
    write_file,
)
from render.pages import plan_pages, root_page, sitemap_bytes
from render.search import OUTPUT as SEARCH_FOLDER
from render.search import SHARDS, Bundle, bundle_of, claims_bundle, index_bundles, indexed_language, main_bundle
from render.settings import Settings
from render.templating import make_environment, renderer, templates_version
from render.twins import json_bytes as _json
from render.twins import twins

STATIC = Path(__file__).parent / "static"
CHUNK = 48  # files per task handed to a worker process
WHOLE_BASE_PAGES = ("map.html", "index.html", "data.html")  # templates of pages that show the whole base
PARALLEL_FROM = 400  # fewer files than this are made in the building process itself

Recorded = tuple[str, tuple[Query, ...]]  # a page's identity and the queries its view and template made


@dataclass(frozen=True)
class Item:
    """A file of the site: its path, its identity (what it is, apart from the data it reads) and
    how to make its bytes from the base (tracked: what it reads is recorded). With ``tracked``
    False, the file reads nothing but what its identity says (a static file, an archive), or
    everything (the whole base's data files, identified by the digest of the claims folder)."""

    path: str
    identity: str
    make: Callable[[KnowledgeBase], bytes]
    tracked: bool = True
    whole: bool = False  # shows the whole base: slow to make, so made on its own by a worker


@dataclass
class Made:
    """What making the files produced: path → (key, digest), which were written, and what the
    pages made read (with what `Tracked.memo` computed on the way)."""

    files: dict[str, tuple[str, str]]
    written: list[str]
    reads: dict[str, Recorded]
    derived: dict[str, dict[tuple[str, ...], Any]] = field(default_factory=dict)


@dataclass
class Timings:
    """How long each stage of a build took, for ``kb build --timings``.

    >>> t = Timings(); t.lap("plan", "3 files"); [stage for stage, _, _ in t.stages]
    ['plan']
    """

    stages: list[tuple[str, float, str]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str, note: str = "") -> None:
        """Record ``stage`` as ending now (it began where the last one ended)."""
        now = time.perf_counter()
        self.stages.append((stage, now - self.started, note))
        self.started = now

    def __str__(self) -> str:
        total = sum(seconds for _, seconds, _ in self.stages)
        rows = [*self.stages, ("total", total, "")]
        return "\n".join(f"{stage:<8} {seconds:7.2f} s  {note}".rstrip() for stage, seconds, note in rows)


def build_site(
    base: KnowledgeBase,
    out: Path | str,
    settings: Settings | None = None,
    timings: Timings | None = None,
) -> int:
    """Bring ``out`` up to date with ``base``; returns the number of files the site holds.

    Only files whose content changed are written, into a spare copy of the site
    that then replaces ``out`` in one step: a failed or killed build leaves the
    previous site complete. With the cache off (``KB_CACHE_DIR=off``) every file is made
    anew, with the same bytes. With ``timings``, each stage's duration is recorded there.
    """
    out, settings, timings = Path(out), settings or Settings.from_env(), timings or Timings()
    check_out_folder(out, base.root)
    try:
        return _build(base, out, settings, timings)
    except OSError as exc:
        if disk_full(exc):
            raise BuildError(
                f"the disk holding {out.parent} is full: the build stopped and its half-written copy was removed; "
                f"{out}/ is the previous site, complete (hint: free some space, then build again)"
            ) from None
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildError(
            f"cannot write the site: {exc.strerror or exc}{where}; {out}/ is left as it was "
            "(hint: choose an --out folder on a disk this user can write)"
        ) from None


def _build(base: KnowledgeBase, out: Path, settings: Settings, timings: Timings) -> int:
    items = plan_files(base, settings)
    timings.lap("plan", f"{len(items)} files")
    with Output(out, trust=base.cache.enabled) as output:
        spare = output.prepare()
        reads = Table(base.cache, "page-reads")  # what each page read when it was last made
        made = make_files(base, items, output, spare, settings.jobs, reads)
        timings.lap("make", f"{len(made.written)} files written")
        if settings.search:
            written = len(made.written)
            made.files |= search_index(spare, output, made, settings.jobs, indexed_language(base.config.languages))
            timings.lap("search", f"{len(made.written) - written} index files written")
        gone = output.remove_extra(made.files)
        key = digest(*(f"{path}:{data}" for path, (_, data) in sorted(made.files.items())))  # what it holds
        manifest = Manifest(
            key=key, files=made.files, inputs=input_key(base.key, settings, base.root) if base.key else ""
        )
        if made.written or gone or not output.holds(manifest):
            output.publish(manifest, made.written, gone)
        else:
            output.keep()
    keep_reads(reads, items, made)
    timings.lap("publish", f"{len(gone)} files removed; the spare copy swapped in")
    return len(made.files)


def plan_files(base: KnowledgeBase, settings: Settings) -> list[Item]:
    """Every file Crux writes, those that show the whole base first."""
    env = make_environment()
    shown = digest(code_version(), templates_version(), repr(settings), repr(bool(base.questions)))
    whole = digest(shown, base.key) if base.key else os.urandom(16).hex()  # unknown files: always made
    items = [
        Item(urls.KB_SQLITE, whole, lambda _: sqlite_bytes(base), tracked=False, whole=True),
        Item(urls.KB_JSON, whole, lambda _: _json(base_to_dict(base), indent=None), tracked=False, whole=True),
        Item(urls.KB_GRAPHML, whole, lambda _: to_graphml(base).encode("utf-8"), tracked=False, whole=True),
    ]
    pages = sorted(plan_pages(base, settings), key=lambda p: p.template not in WHOLE_BASE_PAGES)
    items += [
        Item(
            p.path,
            digest(shown, p.path, p.template, p.title, p.lang),
            renderer(env, p, settings.site_url),
            whole=p.template in WHOLE_BASE_PAGES,
        )
        for p in pages
    ]
    items += [Item(path, digest(shown, kind), make) for path, kind, make in twins(base)]
    items += [
        Item(urls.CHANGES_FEED, digest(shown, "feed"), lambda b: feed_bytes(b, settings.site_url)),
        Item(urls.CHANGES_JSON, digest(shown, "changes"), changes_json),
    ]
    site_url = settings.site_url or base.config.url
    if site_url:  # a sitemap needs absolute addresses
        listed = [p.path for p in pages]
        items.append(
            Item(
                urls.SITEMAP,
                digest(shown, "sitemap", *listed),
                lambda _: sitemap_bytes(site_url, listed),
                tracked=False,
            )
        )
    if urls.home(base.config.primary) != urls.home():  # the primary language's pages live in a folder
        items.append(Item(urls.home(), digest(shown, "root"), root_page))
    for source, text in base.archives.items():
        data = text.encode("utf-8")
        items.append(Item(urls.source_archive(source), digest(data), _constant(data), tracked=False))
    for path in sorted(STATIC.iterdir()):
        data = path.read_bytes()
        items.append(Item(f"static/{path.name}", digest(data), _constant(data), tracked=False))
    return items


def make_files(
    base: KnowledgeBase, items: list[Item], output: Output, spare: Path, jobs: int | None, reads: Table
) -> Made:
    """Make every item that the spare does not hold as it would now be: first find them here (each
    query a page made last time is answered once), then make them, on ``jobs`` processes (default:
    every core) when there are many."""
    global _WORK
    _WORK = work = _Work(base, items, output, spare, reads)
    try:
        made, stale = Made({}, [], {}), []
        for index, item in enumerate(items):
            key = _current_key(work, item)
            if key is None or output.wanted(item.path, key):
                stale.append(index)
            else:
                made.files[item.path] = (key, output.manifest.files[item.path][1])
        whole = [i for i in stale if items[i].whole]  # they come first, one per task
        rest = [i for i in stale if not items[i].whole]
        chunks = [[i] for i in whole] + [rest[start : start + CHUNK] for start in range(0, len(rest), CHUNK)]
        jobs = jobs or os.cpu_count() or 1
        if jobs == 1 or len(stale) < PARALLEL_FROM:
            results = [_make_chunk(chunk) for chunk in chunks]
        else:
            with ProcessPoolExecutor(
                jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
            ) as pool:
                results = list(pool.map(_make_chunk, chunks))
        for part in results:
            made.files |= part.files
            made.written += part.written
            made.reads |= part.reads
            for store, values in part.derived.items():
                made.derived.setdefault(store, {}).update(values)
        work.tracked.adopt(made.derived)
        work.tracked.save()
        return made
    finally:
        _WORK = None


@dataclass
class _Work:
    """What `make_files` hands its workers (forked, they inherit it)."""

    base: KnowledgeBase
    items: list[Item]
    output: Output
    spare: Path
    reads: Table  # the page-reads table: path → what the page read when it was last made

    def __post_init__(self) -> None:
        self.tracked = Tracked(self.base, self.base.cache)
        self.answers = Reads(self.base)


_WORK: _Work | None = None


def _start_worker() -> None:
    die_with_parent()


def _make_chunk(chunk: list[int]) -> Made:
    """Make the items numbered in ``chunk``; returns their keys and digests, the paths written, and
    what each page made read."""
    if _WORK is None:
        raise RuntimeError("_make_chunk runs inside make_files")
    work, made = _WORK, Made({}, [], {})
    for index in chunk:
        item = work.items[index]
        if item.tracked:
            data, queries = work.tracked.record(functools.partial(item.make, cast(KnowledgeBase, work.tracked)))
            made.reads[item.path] = (item.identity, queries)
            key = digest(item.identity, work.answers.fingerprint(queries))
        else:
            data, key = item.make(work.base), item.identity
        made.files[item.path] = (key, digest(data))
        held = work.output.manifest.files.get(item.path)
        if held is None or held[1] != made.files[item.path][1]:
            write_file(work.spare / item.path, data)
            made.written.append(item.path)
    made.derived = work.tracked.derived()
    return made


def _current_key(work: _Work, item: Item) -> str | None:
    """The key ``item`` has now, if what it read when it was last made is known."""
    if not item.tracked:
        return item.identity
    recorded: Recorded | None = work.reads.get((item.path,))
    if recorded is None or recorded[0] != item.identity:
        return None
    return digest(item.identity, work.answers.fingerprint(recorded[1]))


def keep_reads(table: Table, items: list[Item], made: Made) -> None:
    """Keep in ``table`` what every page read (made now, or kept from the build that made it) for the next build."""
    if not table.cache.enabled:
        return
    for item in items:
        if item.tracked:
            recorded = made.reads.get(item.path) or table.get((item.path,))
            if recorded is not None:
                table.put((item.path,), recorded)
    table.save()


def search_index(
    spare: Path, output: Output, made: Made, jobs: int | None, lang: str = "zh"
) -> dict[str, tuple[str, str]]:
    """Re-index the search bundles (of the pages in ``lang``) whose pages changed; returns every search file."""
    bundles = plan_bundles(made.files, lang)
    held: dict[str, dict[str, tuple[str, str]]] = {}
    for path, value in output.manifest.files.items():
        if path.startswith(f"{SEARCH_FOLDER}/") and bundle_of(path):
            held.setdefault(bundle_of(path), {})[path] = value
    stale = [b for b in bundles if not held.get(b.folder) or any(k != b.key for k, _ in held[b.folder].values())]
    for bundle in stale:
        for path in _bundle_files(spare, bundle):
            (spare / path).unlink()
    index_bundles(spare, stale, jobs or os.cpu_count() or 1)
    files: dict[str, tuple[str, str]] = {}
    for bundle in bundles:
        if bundle in stale:
            new = _bundle_files(spare, bundle)
            files |= dict.fromkeys(new, (bundle.key, bundle.key))  # the index is made from the pages it covers
            made.written += new
        else:
            files |= held[bundle.folder]
    shards = _json([b.folder.removeprefix(f"{SEARCH_FOLDER}/") + "/" for b in bundles if b.merged])
    files[SHARDS] = (digest(shards), digest(shards))
    if output.manifest.files.get(SHARDS) != files[SHARDS]:
        write_file(spare / SHARDS, shards)
        made.written.append(SHARDS)
    return files


def _bundle_files(site: Path, bundle: Bundle) -> list[str]:
    """The files of ``bundle`` under ``site``, as site paths (not those of bundles inside its folder)."""
    found = (
        (f"{bundle.folder}/{p}" for p in files_under(site / bundle.folder)) if (site / bundle.folder).is_dir() else ()
    )
    return [p for p in found if bundle_of(p) == bundle.folder]


def plan_bundles(files: dict[str, tuple[str, str]], lang: str = "zh") -> list[Bundle]:
    """The search bundles, each keyed by the digests of the pages it covers (``files``: site path →
    (key, digest)): the main bundle covers the source pages in ``lang``, and each claims folder's
    bundle its claims' pages in ``lang``, so that an edit re-indexes only the bundles of the pages
    it changed."""
    prefix = urls.lang_prefix(lang)
    covered: dict[str, list[str]] = {}
    for path, (_, data) in sorted(files.items()):
        if path.endswith(".html") and path.startswith((f"{prefix}claims/", f"{prefix}sources/")):
            folder = "" if path.startswith(f"{prefix}sources/") else path.removeprefix(prefix).split("/")[1]
            covered.setdefault(folder, []).append(f"{path}:{data}")
    return [main_bundle(digest("sources", code_version(), *covered.pop("", [])), lang)] + [
        claims_bundle(folder, digest(code_version(), *pages), lang) for folder, pages in sorted(covered.items())
    ]


def sqlite_bytes(base: KnowledgeBase) -> bytes:
    """The SQL index of ``base`` as the bytes of a SQLite file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kb.sqlite"
        write_sqlite(base, path)
        return path.read_bytes()


def write_sqlite(base: KnowledgeBase, path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        write_index(base, engine)
    finally:
        engine.dispose()


def _constant(value: bytes) -> Callable[[KnowledgeBase], bytes]:
    return lambda _: value
