"""Sourced datasets under ``claims/data/``: the numbers that checks compute with.

Each file ``claims/data/<dataset>.yaml`` maps entry ids to entries; each entry
holds named measurements, every one with its unit and its source::

    h100-sxm:
      label: NVIDIA H100 SXM5
      year: 2022
      values:
        fp8_dense: {value: 1978.9, unit: TFLOP/s, precision: fp8, sparsity: dense,
                    source: glennklockwood-h100, at: "dense peak table, FP8 row"}

A measurement is referred to as ``<dataset>.<entry>.<value>``, e.g.
``gpus.h100-sxm.fp8_dense``. Throughputs in FLOP/s must say their precision
and whether they are dense or sparse; nothing is implied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import StringConstraints

from kb.checkspec import Measurement
from kb.errors import KBError
from kb.record import Record
from kb.words import Words

ENTRY_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VALUE_NAME = r"^[a-z0-9]+(_[a-z0-9]+)*$"
REF_RE = re.compile(
    r"^(?P<dataset>[a-z0-9]+(-[a-z0-9]+)*)\.(?P<entry>[a-z0-9]+(-[a-z0-9]+)*)\.(?P<value>[a-z0-9]+(_[a-z0-9]+)*)$"
)


class Entry(Record):
    """A row of a dataset: a GPU, a training run, a cluster, a fit, …"""

    label: Words  # one name in the base's primary language, or one per language (`kb.words`)
    year: int | None = None
    notes: str = ""
    values: dict[Annotated[str, StringConstraints(pattern=VALUE_NAME)], Measurement]


@dataclass
class Datasets:
    """All datasets of a base: ``entries[dataset][entry_id]`` is an `Entry`."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def lookup(self, ref: str) -> tuple[Measurement, Words]:
        """The measurement named by ``ref`` and its entry's label; raises `UnknownReference`."""
        match = REF_RE.match(ref)
        if match is None:
            raise UnknownReference(f"{ref!r} is not a dataset reference (write <dataset>.<entry>.<value>)")
        entry = self.entries.get(match["dataset"], {}).get(match["entry"])
        if entry is None or match["value"] not in entry.values:
            raise UnknownReference(f"unknown dataset reference {ref!r}")
        return entry.values[match["value"]], entry.label

    def has(self, ref: str) -> bool:
        """Whether ``ref`` names a dataset value."""
        try:
            self.lookup(ref)
        except UnknownReference:
            return False
        return True

    def refs(self) -> list[str]:
        """Every reference that `lookup` accepts, sorted."""
        return sorted(
            f"{dataset}.{entry_id}.{name}"
            for dataset, entries in self.entries.items()
            for entry_id, entry in entries.items()
            for name in entry.values
        )

    def measurements(self) -> list[tuple[str, Entry, str, Measurement]]:
        """``(dataset, entry, value name, measurement)`` for every value, in a stable order."""
        return [
            (dataset, entry, name, measurement)
            for dataset, entries in sorted(self.entries.items())
            for _, entry in sorted(entries.items())
            for name, measurement in sorted(entry.values.items())
        ]


class UnknownReference(KBError, LookupError):
    """A check input names a dataset value that does not exist."""
