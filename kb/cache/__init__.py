"""The one seam for speed: everything Crux keeps between runs, and how a page's dependencies are found.

* `Cache` and `Table` (`kb.cache.store`): values kept on disk per claims folder, under the names
  `STORES` lists, each with a key derived from what it was computed from and from the code;
  ``KB_CACHE_DIR=off`` turns all of it off, and a build then makes every file anew.
* `Tracked` and `Reads` (`kb.cache.reads`): a view of a `KnowledgeBase` that records every
  query a page's view makes, and the fingerprint of each answer; a page is made again exactly
  when one of those answers changed, so no page kind declares its dependencies by hand.

* `leave` (`kb.cache.speed`): the one process trick Crux plays, with the benchmark that
  justifies it.

The plain data path (`kb.load`, `render.build.build_site`) calls these and works the same,
only slower, without them.
"""

from kb.cache.reads import Query, Reads, Tracked
from kb.cache.speed import leave
from kb.cache.store import CACHE_ENV, OFF, STORES, Cache, Table, cache_home, code_version, digest

__all__ = [
    "CACHE_ENV",
    "OFF",
    "STORES",
    "Cache",
    "Query",
    "Reads",
    "Table",
    "Tracked",
    "cache_home",
    "code_version",
    "digest",
    "leave",
]
