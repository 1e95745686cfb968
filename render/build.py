"""``build_site(base, out)``: the whole site, rendered in memory, then published at once."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from kb.base import KnowledgeBase
from kb.export import base_to_dict, claim_to_dict
from kb.formats import to_graphml
from kb.store import make_engine, write_index
from render import i18n, urls
from render.output import check_out_folder, publish
from render.pages import Page, plan_pages
from render.search import cjk_terms, index_search
from render.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def build_site(base: KnowledgeBase, out: Path | str, settings: Settings | None = None) -> int:
    """Render every page and data file of ``base`` and replace ``out`` with them.

    Nothing is written until every page has rendered; the search index is built
    in the staging folder before it is swapped in. Returns the number of files
    Crux wrote (the search index not counted).
    """
    out, settings = Path(out), settings or Settings.from_env()
    check_out_folder(out, base.root)
    env = make_environment(base)
    files = {page.path: render_page(env, page) for page in plan_pages(base, settings)}  # pages, both languages
    files |= data_files(base)                                                             # machine-readable twins
    files |= {f"static/{p.name}": p.read_bytes() for p in sorted(STATIC.iterdir())}      # assets

    def finish(folder: Path) -> None:
        write_sqlite(base, folder / urls.KB_SQLITE)
        if settings.search:
            index_search(folder)

    publish(out, files, finish=finish)
    return len(files) + 1


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
        "search_terms": lambda c: cjk_terms(c.statement_zh, *(q.text for q in c.quotes)),
        "verdict_name": jinja2.pass_context(lambda ctx, v: i18n.verdict(ctx["lang"], v)),
        "kind_name": jinja2.pass_context(lambda ctx, k: i18n.kind(ctx["lang"], k)),
        "status_name": jinja2.pass_context(lambda ctx, s: i18n.status(ctx["lang"], s)),
    }
    return env


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    html = env.get_template(page.template).render(
        here=page.path, view=page.view, title=page.title, lang=page.lang, html_lang=i18n.HTML_LANG[page.lang],
        alternates=[(lang, urls.translate(page.path, lang)) for lang in urls.LANGS if lang != page.lang],
    )
    return html.encode("utf-8")


def data_files(base: KnowledgeBase) -> dict[str, bytes]:
    """The JSON twin of each claim, ``kb.json``, ``kb.graphml`` and the archived source texts."""
    files = {urls.claim_json(c.id): _json(claim_to_dict(base, c)) for c in base}
    files[urls.KB_JSON] = _json(base_to_dict(base))
    files[urls.KB_GRAPHML] = to_graphml(base).encode("utf-8")
    files |= {urls.source_archive(s): text.encode("utf-8") for s, text in base.archives.items()}
    return files


def write_sqlite(base: KnowledgeBase, path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        write_index(base, engine)
    finally:
        engine.dispose()


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
