"""The tricks Crux plays for speed, each kept only with the benchmark that justifies it.

* `collector_paused`: loading and building create millions of long-lived objects, which Python's
  cyclic collector would walk again and again (`benchmarks/collector.py`);
* `collect_new_objects`: a forked worker leaves the objects it inherited out of its collections;
* `leave`: the ``kb`` program ends without freeing every object one by one
  (`benchmarks/process_exit.py`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (reference counting still frees
    memory as usual).

    Loading a base and building its site create millions of long-lived objects, which the
    collector would walk again and again. Nesting is safe.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def collect_new_objects() -> None:
    """In a forked worker: collect cycles among the objects it makes, never scanning the ones it
    inherited (frozen), so a worker that renders thousands of pages stays small."""
    gc.freeze()
    gc.enable()


def leave(code: int) -> None:
    """End the process now with ``code``, output flushed, without tearing it down object by object
    (Crux registers no exit handlers that this would skip)."""
    sys.stdout.flush()
    sys.stderr.flush()
    # Measured by benchmarks/process_exit.py on a 10,000-claim base: a normal exit then frees
    # every object for 0.88-1.15 s, os._exit takes 0.01-0.03 s (3 rounds each, 2 cores, 2026-12-02).
    os._exit(code)
