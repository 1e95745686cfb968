"""`Tree`: everything read from a claims folder, with the file and line of every key, before any graph is built."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kb.config import BaseConfig
from kb.datasets import Datasets
from kb.errors import Issue, Severity
from kb.models import Claim, Question, Source
from kb.yamlfile import Location

CONFIG_KEY = "config:"  # the key of the settings file among a tree's paths and lines


@dataclass
class Tree:
    """Everything read from a claims folder, before any graph is built."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    lines: dict[str, dict[Location, int]] = field(default_factory=dict)
    archives: dict[str, str] = field(default_factory=dict)
    data: Datasets = field(default_factory=Datasets)
    issues: list[Issue] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # claim id → digest of its file's bytes
    key: str = ""  # digest of everything read (see `kb.files.tree_key`)
    config: BaseConfig = field(default_factory=BaseConfig)  # the base's settings (crux.yaml)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def issue(self, record_id: str, at: Location, message: str, hint: str = "", severity: Severity = "error") -> None:
        """Record a problem located at key path ``at`` of record ``record_id``."""
        self.issues.append(self.located(record_id, at, message, hint, severity))

    def located(
        self, record_id: str, at: Location, message: str, hint: str = "", severity: Severity = "error"
    ) -> Issue:
        """A problem at key path ``at`` of record ``record_id``: its file, and the line of ``at`` (or
        of the nearest key above it that has one), without recording it."""
        lines = self.lines.get(record_id, {})
        line = next((lines[at[:n]] for n in range(len(at), -1, -1) if at[:n] in lines), 0)
        name = ".".join(str(part) for part in at)
        return Issue(self.paths[record_id], line, name, message, hint, severity)
