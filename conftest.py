"""Names every doctest of `kb` and `render` may use without importing them: `load` (as `kb.load`)
and `read_tree` (as `kb.read_tree`), the two ways into a base that the examples start from."""

import pytest

import kb


@pytest.fixture(autouse=True)
def _ways_in(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["load"] = kb.load
    doctest_namespace["read_tree"] = kb.read_tree
