"""Helpers for the hostile-input suite: build a claims tree from a dict of files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ERRORS


@pytest.fixture
def tree(tmp_path: Path):
    """``tree({"a/x.yaml": b"..."})`` lays files over the errors base tree and returns its root."""

    def make(files: dict[str, bytes | str], base: bool = True) -> Path:
        root = tmp_path / "claims"
        if base:
            shutil.copytree(ERRORS / "_base", root, dirs_exist_ok=True)
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return root

    return make


CLAIM = """statement: {statement}
statement_zh: 水在 100 度沸騰。
source: s
kind: qualitative
quotes:
  - source: s
    text: Water boils at 100 degrees at sea level.
"""
