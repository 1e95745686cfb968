"""Reading one YAML file safely, keeping the line of every key.

Uses libyaml's C parser (``CSafeLoader``). The composed node tree is walked once
to record the line of each key and item, to refuse aliases (no "billion laughs")
and to catch duplicate keys, which PyYAML would otherwise silently merge.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any, ClassVar

import yaml

MAX_BYTES = 1_000_000
NOT_A_FILE = "remove it: records, datasets and archives are plain files"

Location = tuple[str | int, ...]


class _Loader(yaml.CSafeLoader):
    """libyaml's safe loader, but dates stay strings so the record models parse them
    (an impossible date is then a field error with a line, not a crash)."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {  # type: ignore[misc]  # PyYAML keeps it on the class; types-PyYAML declares it per instance
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }


class YamlProblem(Exception):
    """A file that is not a readable YAML mapping; carries line, message and hint."""

    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def read_yaml(path: Path) -> tuple[dict[str, Any], dict[Location, int]]:
    """Return the mapping in ``path`` and a map from key path to 1-based line."""
    return parse_yaml(read_limited(path))


def read_limited(path: Path, limit: int | None = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (a link followed); a file over ``limit`` bytes is
    refused before it is read, and so is anything that is not a regular file (a named pipe would
    make the read wait forever, a device never end), a link in a loop, or a socket. The check and
    the read are made on one open file, so a file swapped for a pipe in between is caught too."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem(
                0, "the link points at itself or round a loop", "replace it by the file it means"
            ) from None
        if exc.errno == errno.ENXIO:
            raise YamlProblem(0, "not a regular file but a socket", NOT_A_FILE) from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a named pipe"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
            )
            raise YamlProblem(0, f"not a regular file but {kind}", NOT_A_FILE)
        size = os.fstat(handle.fileno()).st_size
        if limit is not None and size > limit:
            raise YamlProblem(
                0, f"file is {size:,} bytes; the limit is {limit:,}", "split it or move bulk text to an archive file"
            )
        return handle.read()


def parse_yaml(raw: bytes) -> tuple[dict[str, Any], dict[Location, int]]:
    """Like `read_yaml`, for the bytes of a file that is not (yet) on disk."""
    text = _decode(raw)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "the file is empty", "write the record's fields as `key: value` lines")
        lines: dict[Location, int] = {(): node.start_mark.line + 1}
        _walk(node, (), lines, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        raise YamlProblem(
            line, f"YAML syntax error: {exc.problem or exc.context}", _syntax_hint(exc, source_line)
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise YamlProblem(
            1, f"expected a mapping of fields, found a {kind}", "write `key: value` lines at the top level"
        )
    return data, lines


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            0,
            f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
            "split it or move bulk text to an archive file",
        )
    if b"\0" in raw:
        raise YamlProblem(
            raw[: raw.index(b"\0")].count(b"\n") + 1, "file contains a NUL byte", "save it as plain UTF-8 text"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "file is not valid UTF-8", "re-save the file with UTF-8 encoding") from None


def _walk(node: yaml.Node, at: Location, lines: dict[Location, int], seen: set[int]) -> None:
    if id(node) in seen:
        raise YamlProblem(
            node.start_mark.line + 1,
            "YAML aliases (*name) are not allowed",
            "repeat the value instead of referring to an anchor",
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    "a key must be plain text, not a list or mapping",
                    "write `name: value`",
                )
            key = key_node.value
            if (*at, key) in lines:
                first = lines[(*at, key)]
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    f"duplicate key {key!r} (first on line {first})",
                    "keep one of the two entries",
                )
            lines[(*at, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*at, key), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*at, index)] = item.start_mark.line + 1
            _walk(item, (*at, index), lines, seen)


def _syntax_hint(exc: yaml.MarkedYAMLError, line: str) -> str:
    problem = str(exc.problem or "")
    if "tab" in problem or "\t" in line[: len(line) - len(line.lstrip())]:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "quote text that contains ': ' (e.g. statement: \"A: B\")"
    return "check indentation and quoting around this line"
