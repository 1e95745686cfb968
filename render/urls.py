"""Every site path is built here; templates turn them into relative links.

Paths are POSIX paths below the site root and always name a file
(``…/index.html``), so the site works from any sub-path and from ``file://``.
English pages live at the root, Chinese ones under ``zh/`` with the same
structure; data files (JSON, SQLite, GraphML, archives) and assets exist once.
"""

from __future__ import annotations

LANGS = ("en", "zh")
STYLESHEET = "static/style.css"
MAP_SCRIPT = "static/map.js"
PANZOOM_SCRIPT = "static/panzoom.min.js"  # Panzoom 4.6.2 (MIT), vendored from npm: @panzoom/panzoom
SEARCH_SCRIPT = "static/search.js"
DATES_SCRIPT = "static/dates.js"  # words dates for the reader: see templates/_dates.html
PAGEFIND = "pagefind/pagefind.js"
KB_JSON = "kb.json"
KB_SQLITE = "kb.sqlite"
KB_GRAPHML = "kb.graphml"
CHANGES_FEED = "changes.xml"  # the Atom feed of the changes (render.changes)
CHANGES_JSON = "changes.json"
SITEMAP = "sitemap.xml"  # every page's absolute address, when the site's public address is known


def lang_prefix(lang: str) -> str:
    """The folder of the pages in ``lang``: ``''`` for English, ``'zh/'`` for Chinese."""
    return "" if lang == "en" else f"{lang}/"


def _page(path: str, lang: str) -> str:
    return lang_prefix(lang) + path


def home(lang: str = "en") -> str:
    return _page("index.html", lang)


def claim_page(claim_id: str, lang: str = "en") -> str:
    return _page(f"claims/{claim_id}/index.html", lang)


def source_page(source_id: str, lang: str = "en") -> str:
    return _page(f"sources/{source_id}/index.html", lang)


def sources_index(lang: str = "en") -> str:
    return _page("sources/index.html", lang)


def tag_page(tag: str, lang: str = "en") -> str:
    return _page(f"tags/{tag}/index.html", lang)


def tags_index(lang: str = "en") -> str:
    return _page("tags/index.html", lang)


def verdict_page(verdict: str, lang: str = "en") -> str:
    return _page(f"verdicts/{verdict}/index.html", lang)


def map_page(lang: str = "en") -> str:
    return _page("map/index.html", lang)


def whole_map(lang: str = "en") -> str:
    """The map of every claim (or, for a large base, the list of the sources' own maps)."""
    return _page("map/all/index.html", lang)


def source_map(source_id: str, lang: str = "en") -> str:
    """The map of one source's claims, drawn when the base is too large for one map."""
    return _page(f"map/sources/{source_id}/index.html", lang)


def question_page(question_id: str, lang: str = "en") -> str:
    return _page(f"questions/{question_id}/index.html", lang)


def questions_index(lang: str = "en") -> str:
    return _page("questions/index.html", lang)


def data_page(lang: str = "en") -> str:
    return _page("data/index.html", lang)


def predictions_page(lang: str = "en") -> str:
    return _page("predictions/index.html", lang)


def changes_page(lang: str = "en") -> str:
    return _page("changes/index.html", lang)


def search_page(lang: str = "en") -> str:
    return _page("search/index.html", lang)


def claim_json(claim_id: str) -> str:
    return f"claims/{claim_id}.json"


def source_json(source_id: str) -> str:
    return f"sources/{source_id}.json"


def tag_json(tag: str) -> str:
    return f"tags/{tag}.json"


def question_json(question_id: str) -> str:
    return f"questions/{question_id}.json"


TWINS = (("claims/", claim_json), ("sources/", source_json), ("tags/", tag_json), ("questions/", question_json))


def twin(page: str) -> str | None:
    """The JSON twin of ``page`` (a claim, source, tag or question page, in either language), else None.

    >>> twin("zh/claims/fu/x/index.html"), twin("tags/fp4/index.html"), twin("sources/index.html")
    ('claims/fu/x.json', 'tags/fp4.json', None)
    """
    path = translate(page, "en")
    for folder, twin_of in TWINS:
        key = path.removeprefix(folder)
        if path.startswith(folder) and key.endswith("/index.html"):
            return twin_of(key.removesuffix("/index.html"))
    return None


def absolute(site_url: str, path: str) -> str:
    """``path`` on the site published at ``site_url``.

    >>> absolute("https://crux.example/debate/", "claims/fu/x/index.html")
    'https://crux.example/debate/claims/fu/x/index.html'
    """
    return f"{site_url.rstrip('/')}/{path}"


def source_archive(source_id: str) -> str:
    return f"sources/{source_id}/archive.txt"


def edit_url(base: str | None, claim_id: str) -> str | None:
    """Where to edit a claim's file, e.g. ``…/edit/main/claims/fu/x.yaml`` (None without an edit address)."""
    return None if base is None else f"{base.rstrip('/')}/{claim_id}.yaml"


def translate(path: str, lang: str) -> str:
    """The same page in another language.

    >>> translate("claims/fu/x/index.html", "zh"), translate("zh/map/index.html", "en")
    ('zh/claims/fu/x/index.html', 'map/index.html')
    """
    for other in LANGS[1:]:
        path = path.removeprefix(f"{other}/")
    return _page(path, lang)


def relative(target: str, page: str) -> str:
    """The link from ``page`` to ``target``, both site paths.

    >>> relative("claims/fu/x/index.html", "claims/dettmers/y/index.html")
    '../../fu/x/index.html'
    >>> relative("static/style.css", "index.html")
    'static/style.css'
    >>> relative("claims/", "claims/a/b/index.html"), relative("index.html", "index.html")
    ('../..', 'index.html')

    Same result as ``posixpath.relpath`` for site paths, without its calls to the
    file system's current folder (a page has dozens of links).
    """
    here = [part for part in page.split("/")[:-1] if part]
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def root(page: str) -> str:
    """The relative prefix from ``page`` to the site root: ``''`` or ``'../…/'``.

    >>> root("index.html"), root("zh/claims/fu/x/index.html")
    ('', '../../../../')
    """
    return "../" * page.count("/")
