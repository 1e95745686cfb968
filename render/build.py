"""``build_site(base, out)``: every file of the site, made only when what it shows changed.

The story of a build:

1. plan every file (pages in both languages, JSON twins, data files, static
   assets, the SQL index), each with a key digesting what it shows;
2. if the output already holds a build with the same overall key, stop;
3. bring the spare copy of the site up to date: render, on every core, only the
   files whose key changed, and write only those whose bytes changed;
4. rebuild the search index if a page it covers changed;
5. swap the spare in as the output (atomic), and remember the strengths computed.
"""

from __future__ import annotations

import functools
import itertools
import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import jinja2

from kb.base import KnowledgeBase
from kb.cache import collect_new_objects, collector_paused, digest
from kb.explanation import Explanation
from kb.export import base_to_dict, claim_to_dict
from kb.formats import to_graphml
from kb.models import Claim
from kb.store import make_engine, write_index
from render import i18n, urls
from render.argmap import draw
from render.output import Manifest, Output, check_out_folder, die_with_parent, files_under, input_key, write_file
from render.pages import Keys, Page, plan_pages
from render.search import OUTPUT as SEARCH_FOLDER
from render.search import SHARDS, Bundle, bundle_of, cjk_terms, claims_bundle, index_bundles, main_bundle
from render.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
CHUNK = 48  # files per task handed to a worker process
WHOLE_BASE_PAGES = ("map.html", "index.html", "data.html")  # templates of pages that show the whole base
PARALLEL_FROM = 400  # fewer files than this are made in the building process itself

T = TypeVar("T")


@dataclass(frozen=True)
class Item:
    """A file of the site: its path, the key of what it shows, and how to make its bytes."""

    path: str
    key: Callable[[], str]
    make: Callable[[], bytes]
    whole: bool = False  # shows the whole base: slow to make, so made on its own by a worker


@dataclass
class Made:
    """What making the files produced: path → (key, digest), which were written, new explanations."""

    files: dict[str, tuple[str, str]]
    written: list[str]
    explained: dict[str, Explanation]


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
    base: KnowledgeBase, out: Path | str, settings: Settings | None = None, timings: Timings | None = None
) -> int:
    """Bring ``out`` up to date with ``base``; returns the number of files the site holds.

    Only files whose content changed are written, into a spare copy of the site
    that then replaces ``out`` in one step: a failed or killed build leaves the
    previous site complete. With ``timings``, each stage's duration is recorded there.
    """
    with collector_paused():
        return _build_site(base, Path(out), settings or Settings.from_env(), timings or Timings())


def _build_site(base: KnowledgeBase, out: Path, settings: Settings, timings: Timings) -> int:
    check_out_folder(out, base.root)
    keys = Keys(base, settings)
    items = plan_files(base, settings, keys)
    key = digest(keys.whole, repr(settings.search), *(i.path for i in items))
    timings.lap("plan", f"checks, strengths, and the key of each of {len(items)} files")
    with Output(out) as output:
        if output.is_current(key):
            return len(output.manifest.files)
        spare = output.prepare()
        made = make_files(base, items, output, spare, settings.jobs)
        timings.lap("make", f"{len(made.written)} files written")
        if settings.search:
            written = len(made.written)
            made.files |= search_index(base, keys, spare, output, made, settings.jobs)
            timings.lap("search", f"{len(made.written) - written} index files written")
        gone = output.remove_extra(made.files)
        inputs = input_key(base.key, settings) if base.key else ""
        output.publish(Manifest(key=key, files=made.files, inputs=inputs), made.written, gone)
    base.assessment.adopt(made.explained)
    base.remember()
    timings.lap("publish", f"{len(gone)} files removed; the spare copy swapped in")
    return len(made.files)


def plan_files(base: KnowledgeBase, settings: Settings, keys: Keys) -> list[Item]:
    """Every file Crux writes, those that show the whole base first."""
    env = make_environment(base)
    everything: Callable[[str], Callable[[], str]] = lambda name: lambda: keys.everything("data", name)
    items = [
        Item(urls.KB_SQLITE, everything("kb.sqlite"), lambda: sqlite_bytes(base), whole=True),
        Item(urls.KB_JSON, everything("kb.json"), lambda: _json(base_to_dict(base), indent=None), whole=True),
        Item(urls.KB_GRAPHML, everything("kb.graphml"), lambda: to_graphml(base).encode("utf-8"), whole=True),
    ]
    pages = sorted(plan_pages(base, settings, keys), key=lambda p: p.template not in WHOLE_BASE_PAGES)
    items += [Item(p.path, p.key, _renderer(env, p), whole=p.template in WHOLE_BASE_PAGES) for p in pages]
    for c in base:
        items.append(
            Item(urls.claim_json(c.id), functools.partial(keys.twin, c.id), _json_maker(claim_to_dict, base, c))
        )
    for source, text in base.archives.items():
        data = text.encode("utf-8")
        items.append(Item(urls.source_archive(source), _constant(digest(data)), _constant(data)))
    for path in sorted(STATIC.iterdir()):
        data = path.read_bytes()
        items.append(Item(f"static/{path.name}", _constant(digest(data)), _constant(data)))
    return items


def make_files(base: KnowledgeBase, items: list[Item], output: Output, spare: Path, jobs: int | None) -> Made:
    """Make every item whose key the spare does not hold, on ``jobs`` processes (default: every core)."""
    global _WORK
    jobs = jobs or os.cpu_count() or 1
    whole = sum(item.whole for item in items)  # they come first, one per task
    chunks = [range(i, i + 1) for i in range(whole)]
    chunks += [range(start, min(start + CHUNK, len(items))) for start in range(whole, len(items), CHUNK)]
    _WORK = (base, items, output, spare)
    try:
        if jobs == 1 or len(items) < PARALLEL_FROM:
            results = [_make_chunk(chunk) for chunk in chunks]
        else:
            with ProcessPoolExecutor(
                jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
            ) as pool:
                results = list(pool.map(_make_chunk, chunks))
    finally:
        _WORK = None
    made = Made({}, [], {})
    for files, written, explained in results:
        made.files |= files
        made.written += written
        made.explained |= explained
    return made


_WORK: tuple[KnowledgeBase, list[Item], Output, Path] | None = None  # what forked workers inherit


def _start_worker() -> None:
    die_with_parent()
    collect_new_objects()


def _make_chunk(chunk: range) -> tuple[dict[str, tuple[str, str]], list[str], dict[str, Explanation]]:
    """Make the items of ``chunk`` that the spare lacks; returns their keys and digests, the paths
    written, and the explanations computed on the way (for the building process to remember)."""
    if _WORK is None:
        raise RuntimeError("_make_chunk runs inside make_files")
    base, items, output, spare = _WORK
    explained = base.assessment.explained
    before = len(explained)  # explanations computed here are added after those inherited
    files, written = {}, []
    for index in chunk:
        item = items[index]
        key = item.key()
        if not output.wanted(item.path, key):
            files[item.path] = (key, output.manifest.files[item.path][1])
            continue
        data = item.make()
        files[item.path] = (key, digest(data))
        held = output.manifest.files.get(item.path)
        if held is None or held[1] != files[item.path][1]:
            write_file(spare / item.path, data)
            written.append(item.path)
    return files, written, dict(itertools.islice(explained.items(), before, None))


def search_index(
    base: KnowledgeBase, keys: Keys, spare: Path, output: Output, made: Made, jobs: int | None
) -> dict[str, tuple[str, str]]:
    """Re-index the search bundles whose pages' indexed text changed; returns every search file."""
    bundles = plan_bundles(base, keys)
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
            files |= dict.fromkeys(new, (bundle.key, ""))
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


def plan_bundles(base: KnowledgeBase, keys: Keys) -> list[Bundle]:
    """The search bundles, each keyed by what its pages give the index (`Keys.common` covers the
    code, the settings and the source records): the source pages give their source only (their
    lists of claims are left out of the index; each claim's page is in it), and a claims folder
    gives its claims' records, so that an edit re-indexes the edited claim's folder alone."""
    folders: dict[str, list[str]] = {}
    for c in base:
        folders.setdefault(c.id.split("/")[0], []).append(c.id)
    return [main_bundle(digest("sources", keys.common))] + [
        claims_bundle(folder, digest(*(keys.indexed(i) for i in sorted(ids))))
        for folder, ids in sorted(folders.items())
    ]


def make_environment(base: KnowledgeBase) -> jinja2.Environment:
    """A Jinja environment with autoescaping on, the ``rel`` link filter and the UI catalogue."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rel"] = jinja2.pass_context(lambda ctx, target: urls.relative(target, ctx["here"]))
    env.globals |= {
        "urls": urls,
        "i18n": i18n,
        "t": jinja2.pass_context(lambda ctx, key, **kw: i18n.text(ctx["lang"], key, **kw)),
        "say": jinja2.pass_context(lambda ctx, c: c.statement_zh if ctx["lang"] == "zh" else c.statement),
        "verdict_of": lambda claim_id: base.results[claim_id].verdict,
        "authors": {s.id: s.author for s in base.sources.values()},
        "language_of": lambda source_id: base.sources[source_id].language,
        "has_questions": bool(base.questions),
        "search_terms": lambda c: cjk_terms(c.statement_zh, *(q.text for q in c.quotes)),
        "draw_map": jinja2.pass_context(
            lambda ctx, view, label, svg_id: draw(view, label, svg_id, ctx["lang"], ctx["here"])
        ),
        "verdict_name": jinja2.pass_context(lambda ctx, v: i18n.verdict(ctx["lang"], v)),
        "kind_name": jinja2.pass_context(lambda ctx, k: i18n.kind(ctx["lang"], k)),
        "status_name": jinja2.pass_context(lambda ctx, s: i18n.status(ctx["lang"], s)),
    }
    return env


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    html = env.get_template(page.template).render(
        here=page.path,
        view=page.view(),
        title=page.title,
        lang=page.lang,
        html_lang=i18n.HTML_LANG[page.lang],
        alternates=[(lang, urls.translate(page.path, lang)) for lang in urls.LANGS if lang != page.lang],
    )
    return html.encode("utf-8")


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


def _renderer(env: jinja2.Environment, page: Page) -> Callable[[], bytes]:
    return lambda: render_page(env, page)


def _json_maker(
    function: Callable[[KnowledgeBase, Claim], object], base: KnowledgeBase, claim: Claim
) -> Callable[[], bytes]:
    return lambda: _json(function(base, claim))


def _constant(value: T) -> Callable[[], T]:
    return lambda: value


def _json(data: object, indent: int | None = 2) -> bytes:
    """``data`` as JSON; the whole base's file is written without indentation (Python's encoder
    is three times slower with it)."""
    return (json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True) + "\n").encode("utf-8")
