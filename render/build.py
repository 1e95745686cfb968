"""``build_site(base, out)``: the whole site, rendered in memory, then published at once."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from kb.base import KnowledgeBase
from kb.export import base_to_dict, claim_to_dict
from kb.store import make_engine, write_index
from render import urls
from render.output import check_out_folder, publish
from render.pages import Page, plan_pages

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def build_site(base: KnowledgeBase, out: Path | str) -> int:
    """Render every page and data file of ``base`` and replace ``out`` with them.

    Nothing is written until every page has rendered; returns the number of files.
    """
    out = Path(out)
    check_out_folder(out, base.root)
    env = make_environment()
    env.globals["verdict_of"] = lambda claim_id: base.results[claim_id].verdict
    files = {page.path: render_page(env, page) for page in plan_pages(base)}  # pages
    files |= data_files(base)                                                   # machine-readable twins
    files |= {f"static/{p.name}": p.read_bytes() for p in sorted(STATIC.iterdir())}  # assets
    publish(out, files, finish=lambda folder: write_sqlite(base, folder / urls.KB_SQLITE))
    return len(files) + 1


def make_environment() -> jinja2.Environment:
    """A Jinja environment with autoescaping on and the ``rel`` link filter."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rel"] = jinja2.pass_context(lambda ctx, target: urls.relative(target, ctx["here"]))
    env.globals["urls"] = urls
    return env


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    html = env.get_template(page.template).render(here=page.path, view=page.view, title=page.title)
    return html.encode("utf-8")


def data_files(base: KnowledgeBase) -> dict[str, bytes]:
    """The JSON twin of each claim, ``kb.json``, and the archived source texts."""
    files = {urls.claim_json(c.id): _json(claim_to_dict(base, c)) for c in base}
    files[urls.KB_JSON] = _json(base_to_dict(base))
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
