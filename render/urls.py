"""Every site path is built here; templates turn them into relative links.

Paths are POSIX paths below the site root and always name a file
(``…/index.html``), so the site works from any sub-path and from ``file://``.
"""

from __future__ import annotations

import posixpath

HOME = "index.html"
STYLESHEET = "static/style.css"
KB_JSON = "kb.json"
KB_SQLITE = "kb.sqlite"


def claim_page(claim_id: str) -> str:
    return f"claims/{claim_id}/index.html"


def claim_json(claim_id: str) -> str:
    return f"claims/{claim_id}.json"


def source_page(source_id: str) -> str:
    return f"sources/{source_id}/index.html"


def source_archive(source_id: str) -> str:
    return f"sources/{source_id}/archive.txt"


def relative(target: str, page: str) -> str:
    """The link from ``page`` to ``target``, both site paths.

    >>> relative("claims/fu/x/index.html", "claims/dettmers/y/index.html")
    '../../fu/x/index.html'
    >>> relative("static/style.css", "index.html")
    'static/style.css'
    """
    return posixpath.relpath(target, posixpath.dirname(page) or ".")
