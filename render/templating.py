"""Templates: the Jinja environment, rendering one page, and the digest of the templates in use."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from kb.base import KnowledgeBase
from kb.cache import digest
from kb.words import Words, say
from render import i18n, urls
from render.argmap import draw
from render.pages import Page
from render.search import cjk_terms, claim_texts, source_texts

TEMPLATES = Path(__file__).parent / "templates"
CLAIM_ID = re.compile(r"\b[a-z0-9]+(?:[-.][a-z0-9]+)*/[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*\b")


def templates_version() -> str:
    """A digest of the templates in use (`TEMPLATES`), read anew by every build."""
    return digest(*(part for p in sorted(TEMPLATES.rglob("*.html")) for part in (p.name, p.read_bytes())))


def make_environment() -> jinja2.Environment:
    """A Jinja environment with autoescaping on, the ``rel`` link filter and the UI catalogue.

    Templates read the base only through the ``kb`` each page is rendered with (`render_page`)."""
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
        "verdict_of": jinja2.pass_context(lambda ctx, claim_id: ctx["kb"].results[claim_id].verdict),
        "language_of": jinja2.pass_context(lambda ctx, source_id: ctx["kb"].sources[source_id].language),
        "search_terms": lambda c: cjk_terms(*claim_texts(c)),
        "source_terms": lambda s: cjk_terms(*source_texts(s)),
        "draw_map": jinja2.pass_context(
            lambda ctx, view, label, svg_id: draw(view, label, svg_id, ctx["lang"], ctx["here"])
        ),
        "change_words": jinja2.pass_context(lambda ctx, text: change_words(ctx["kb"], text, ctx["lang"], ctx["here"])),
        "site": jinja2.pass_context(lambda ctx, name: ctx["kb"].config.say(name, ctx["lang"])[0]),
        "site_words": jinja2.pass_context(lambda ctx, name: own_words(ctx["kb"], name, ctx["lang"])),
        "own": jinja2.pass_context(lambda ctx, words: own(ctx["kb"], words, ctx["lang"])),
        "tag_name": jinja2.pass_context(lambda ctx, tag: tag_words(ctx["kb"], tag, ctx["lang"])),
        "verdict_name": jinja2.pass_context(lambda ctx, v: i18n.verdict(ctx["lang"], v)),
        "kind_name": jinja2.pass_context(lambda ctx, k: i18n.kind(ctx["lang"], k)),
        "status_name": jinja2.pass_context(lambda ctx, s: i18n.status(ctx["lang"], s)),
    }
    return env


def render_page(env: jinja2.Environment, page: Page, base: KnowledgeBase, site_url: str | None = None) -> bytes:
    """The page's HTML, its view and template reading ``base`` (tracked by a build); with the site's
    public address (``site_url``, else the base's ``url``), its canonical address too."""
    site_url = site_url or base.config.url
    html = env.get_template(page.template).render(
        canonical=urls.absolute(site_url, page.path) if site_url else None,
        kb=base,
        authors=Authors(base),
        has_questions=bool(base.questions),
        here=page.path,
        view=page.view(base),
        title=page.title,
        lang=page.lang,
        html_lang=i18n.HTML_LANG[page.lang],
        alternates=[(lang, urls.translate(page.path, lang)) for lang in base.config.languages if lang != page.lang],
    )
    return html.encode("utf-8")


def change_words(base: KnowledgeBase, text: str, lang: str, here: str) -> Markup:
    """A change in a record's history (`kb.history`) for a page: each claim it names shown by its
    statement, linked to its page (an id no longer in the base stays an id, as code)."""
    shown, last = [], 0
    for found in CLAIM_ID.finditer(text):
        shown.append(escape(text[last : found.start()]))
        claim_id, last = found.group(0), found.end()
        if claim_id in base.claims:
            claim = base.claims[claim_id]
            link = urls.relative(urls.claim_page(claim_id, lang), here)
            words = claim.statement_zh if lang == "zh" and claim.statement_zh else claim.statement
            shown.append(
                Markup('<a href="{}" lang="{}">{}</a>').format(link, i18n.HTML_LANG[lang], words)
            )  # in a change marked as English
        else:
            shown.append(Markup("<code>{}</code>").format(claim_id))
    shown.append(escape(text[last:]))
    return Markup("").join(shown)


def own_words(base: KnowledgeBase, name: str, lang: str) -> Markup:
    """A text of the base's settings (`kb.config.BaseConfig.say`) for a page in ``lang``, escaped,
    and marked with its language when it falls back to another."""
    return marked(*base.config.say(name, lang), lang)


def own(base: KnowledgeBase, words: Words, lang: str) -> Markup:
    """An editor's text (`kb.words.Words`: a note, a resolution, a reading's label) for a page in
    ``lang``: in that language if the editor gave it, else in the base's primary language, marked."""
    return marked(*say(words, lang, base.config.primary), lang)


def tag_words(base: KnowledgeBase, tag: str, lang: str) -> Markup:
    """What a page in ``lang`` calls ``tag`` (`kb.config.BaseConfig.tag_name`), marked when it falls back."""
    return marked(*base.config.tag_name(tag, lang), lang)


def marked(text: str, written_in: str, lang: str) -> Markup:
    """``text`` escaped, in a ``<span lang>`` when it is written in another language than the page's."""
    if written_in == lang:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(i18n.HTML_LANG[written_in], text)


class Authors(Mapping[str, str]):
    """Source id → its author, read one source at a time (as templates ask)."""

    def __init__(self, base: KnowledgeBase):
        self.base = base

    def __getitem__(self, source_id: str) -> str:
        return self.base.sources[source_id].author

    def __iter__(self) -> Iterator[str]:
        return iter(self.base.sources)

    def __len__(self) -> int:
        return len(self.base.sources)


def renderer(env: jinja2.Environment, page: Page, site_url: str | None = None) -> Callable[[KnowledgeBase], bytes]:
    return lambda base: render_page(env, page, base, site_url)
