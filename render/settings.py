"""Build settings: where claims are edited, whether to index for search, how large a map may be.

A base's own settings (its title, languages, addresses and texts) are in its ``crux.yaml``
(`kb.config`); these are the build's, from arguments or the environment.

Settings come from arguments or the environment, never from the clock, so two
builds of the same base are byte-identical. Pages carry absolute dates only; how
far off a date is ("in 7 months", overdue) is worded in the reader's browser by
``static/dates.js``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kb.config import WEB_ADDRESS
from kb.errors import SettingError

EDIT_URL_ENV = "KB_EDIT_URL_BASE"
MAP_LIMIT_ENV = "KB_MAP_LIMIT"
SITE_URL_ENV = "KB_SITE_URL"


@dataclass(frozen=True)
class Settings:
    """``edit_url_base``: the repository's edit URL for the claims folder (a claim's file is
    ``<id>.yaml``), overriding the base's own ``edit_url`` (`kb.config`; with neither, pages have no
    edit link); ``search``: build the pagefind index; ``map_limit``: the most claims drawn on one
    map (a larger base gets a map per source instead); ``jobs``: processes that render (default:
    one per core). What the site is called, its languages and its texts are the base's own
    settings, in ``crux.yaml`` (`kb.config.BaseConfig`)."""

    edit_url_base: str | None = None
    search: bool = True
    map_limit: int = 2000
    site_url: str | None = None  # the site's public address (KB_SITE_URL): absolute URLs in structured data
    jobs: int | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, **overrides: object) -> Settings:
        """Settings from ``$KB_EDIT_URL_BASE`` and ``$KB_MAP_LIMIT``, then ``overrides``.

        >>> Settings.from_env({"KB_MAP_LIMIT": "500"}).map_limit
        500
        >>> Settings.from_env({"KB_MAP_LIMIT": "many"})
        Traceback (most recent call last):
        kb.errors.SettingError: KB_MAP_LIMIT='many' is not a number of claims (hint: write a whole number such as 2000, or unset it)
        """
        found: dict[str, object] = {}
        if environ.get(EDIT_URL_ENV):
            address = environ[EDIT_URL_ENV].strip()
            if not WEB_ADDRESS.match(address):
                raise SettingError(
                    f"{EDIT_URL_ENV}={address[:80]!r} is not a web address "
                    "(hint: write one starting with https:// or http://, or unset it)"
                )
            found["edit_url_base"] = address
        if environ.get(MAP_LIMIT_ENV):
            limit = environ[MAP_LIMIT_ENV].strip()
            if not re.fullmatch(r"[0-9]{1,9}", limit):  # ASCII digits, few enough for a number of claims
                raise SettingError(
                    f"{MAP_LIMIT_ENV}={limit[:40]!r} is not a number of claims "
                    "(hint: write a whole number such as 2000, or unset it)"
                )
            found["map_limit"] = int(limit)
        if environ.get(SITE_URL_ENV):
            found["site_url"] = public_address(environ[SITE_URL_ENV])
        return cls(**(found | overrides))  # type: ignore[arg-type]  # values of the fields they name, from the environment and the caller


def public_address(address: str) -> str:
    """``address`` checked as the site's public web address (``$KB_SITE_URL``), ending in ``/``.

    >>> public_address(" https://crux.example/debate ")
    'https://crux.example/debate/'
    >>> public_address("crux.example")
    Traceback (most recent call last):
    kb.errors.SettingError: KB_SITE_URL='crux.example' is not a web address (hint: write where the site is published, starting with https:// or http://, or unset it)
    """
    address = address.strip()
    parts = urlsplit(address)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(c.isspace() or c in "<>\"'`\\" for c in address)
    ):
        raise SettingError(
            f"{SITE_URL_ENV}={address[:80]!r} is not a web address "
            "(hint: write where the site is published, starting with https:// or http://, or unset it)"
        )
    return address if address.endswith("/") else address + "/"
