"""Build settings: where claims are edited, the build date, whether to index for search.

Settings come from arguments or the environment, never from the clock, so two
builds of the same base are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.errors import KBError

if TYPE_CHECKING:
    from kb.base import KnowledgeBase

EDIT_URL_ENV = "KB_EDIT_URL_BASE"
DEFAULT_EDIT_URL_BASE = "https://github.com/crux-kb/crux/edit/main/claims/"
EPOCH_ENV = "SOURCE_DATE_EPOCH"
MAP_LIMIT_ENV = "KB_MAP_LIMIT"


@dataclass(frozen=True)
class Settings:
    """``edit_url_base``: the repository's edit URL for ``claims/`` (a claim's file is ``<id>.yaml``);
    ``build_date``: "today" for predictions (None: from ``$SOURCE_DATE_EPOCH``, else the newest record);
    ``search``: build the pagefind index; ``map_limit``: the most claims drawn on one map (a larger
    base gets a map per source instead); ``jobs``: processes that render (default: one per core)."""

    edit_url_base: str = DEFAULT_EDIT_URL_BASE
    build_date: dt.date | None = None
    search: bool = True
    map_limit: int = 2000
    jobs: int | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, **overrides: object) -> Settings:
        """Settings from ``$KB_EDIT_URL_BASE``, ``$SOURCE_DATE_EPOCH`` and ``$KB_MAP_LIMIT``, then ``overrides``.

        >>> Settings.from_env({"SOURCE_DATE_EPOCH": "1766016000", "KB_MAP_LIMIT": "500"}).map_limit
        500
        >>> Settings.from_env({"KB_MAP_LIMIT": "many"})
        Traceback (most recent call last):
        kb.errors.KBError: KB_MAP_LIMIT='many' is not a number of claims (hint: write a whole number such as 2000, or unset it)
        """
        found: dict[str, object] = {}
        if environ.get(EDIT_URL_ENV):
            found["edit_url_base"] = environ[EDIT_URL_ENV]
        if environ.get(EPOCH_ENV):
            found["build_date"] = dt.datetime.fromtimestamp(int(environ[EPOCH_ENV]), dt.UTC).date()
        if environ.get(MAP_LIMIT_ENV):
            limit = environ[MAP_LIMIT_ENV].strip()
            if not limit.isdigit():
                raise KBError(f"{MAP_LIMIT_ENV}={limit!r} is not a number of claims "
                              "(hint: write a whole number such as 2000, or unset it)")
            found["map_limit"] = int(limit)
        return cls(**(found | overrides))  # type: ignore[arg-type]


def build_date(base: KnowledgeBase, settings: Settings) -> dt.date:
    """The date pages are written as of: the setting, else the newest date a record carries."""
    if settings.build_date is not None:
        return settings.build_date
    dates = [s.published for s in base.sources.values() if s.published]
    dates += [c.resolves_by for c in base if c.resolves_by and c.status and c.status.value != "open"]
    return max(dates, default=dt.date(1970, 1, 1))
