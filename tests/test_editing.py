"""kb new, kb add-value, kb validate --format json, kb graph, kb query, kb index."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

import kb
from kb.editing import new_claim
from render.cli import main

NEW = [
    "--source",
    "alp",
    "--statement",
    "Anyone can compute the answer quickly.",
    "--statement-zh",
    "任何人都能快速算出答案。",
    "--quote",
    "as anyone can compute",
    "--supports",
    "alpha/answer",
]


def test_kb_new_writes_a_valid_claim_and_prints_its_path(runner, valid_tree: Path) -> None:
    result = runner.invoke(main, ["new", "--claims", str(valid_tree), *NEW, "--tag", "speed"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path == valid_tree / "alpha" / "anyone-can-compute-answer-quickly.yaml"
    base = kb.load(valid_tree, strict=True)
    claim = base.claim("alpha/anyone-can-compute-answer-quickly")
    assert claim.supports == ["alpha/answer"] and claim.tags == ["speed"] and base.quote_verified(claim.quotes[0])


def test_same_statement_twice_gives_two_ids_and_never_overwrites(runner, valid_tree: Path) -> None:
    first = runner.invoke(main, ["new", "--claims", str(valid_tree), *NEW]).output.strip()
    before = Path(first).read_bytes()
    second = runner.invoke(main, ["new", "--claims", str(valid_tree), *NEW]).output.strip()
    assert second.endswith("anyone-can-compute-answer-quickly-2.yaml")
    assert Path(first).read_bytes() == before


def test_kb_new_refuses_an_invalid_record_and_writes_nothing(runner, valid_tree: Path) -> None:
    before = sorted(p.name for p in valid_tree.rglob("*"))
    result = runner.invoke(
        main,
        [
            "new",
            "--claims",
            str(valid_tree),
            "--source",
            "alpha",
            "--statement",
            "X is Y.",
            "--statement-zh",
            "X 是 Y。",
            "--quote",
            "words that are not there",
            "--rebuts",
            "alpha/answr",
        ],
    )
    assert result.exit_code == 1
    assert "quote not found" in result.output and "did you mean 'alpha/answer'" in result.output
    assert sorted(p.name for p in valid_tree.rglob("*") if p.name != ".kb.lock") == before


def test_kb_new_without_flags_and_without_a_terminal_is_a_usage_error(runner, valid_tree: Path) -> None:
    result = runner.invoke(main, ["new", "--claims", str(valid_tree), "--source", "alpha"])
    assert result.exit_code == 2 and "missing --statement" in result.output


def test_kb_new_prompts_on_a_terminal(runner, valid_tree: Path, monkeypatch) -> None:
    import kb.cli

    monkeypatch.setattr(kb.cli.editing, "_interactive", lambda: True)
    answers = "alpha\nThe answer can be computed.\n答案可以算出。\nas anyone can compute\n"
    result = runner.invoke(main, ["new", "--claims", str(valid_tree), "--supports", "alpha/answer"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith("answer-can-computed.yaml")


def _make(root: str, n: int) -> str:
    return str(
        new_claim(
            root,
            source="alpha",
            statement="Everyone computes the same answer.",
            statement_zh="大家算出同樣的答案。",
            quote="as anyone can compute",
            supports=["alpha/answer"],
        )
    )


def test_concurrent_kb_new_never_shares_an_id(valid_tree: Path) -> None:
    with multiprocessing.get_context("fork").Pool(4) as pool:
        paths = pool.starmap(_make, [(str(valid_tree), n) for n in range(8)])
    assert len(set(paths)) == 8
    assert len(kb.load(valid_tree).where(tag=None, source="alpha")) == 2 + 8


def test_add_value_keeps_comments_and_order(runner, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import DATA

    root = Path(shutil.copytree(DATA / "checks", tmp_path / "claims"))
    data = root / "data" / "gpus.yaml"
    data.write_text("# GPUs we compare\n" + data.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "add-value",
            "--claims",
            str(root),
            "gpus",
            "fast-gpu",
            "bf16_dense",
            "1000",
            "TFLOP/s",
            "--precision",
            "bf16",
            "--sparsity",
            "dense",
            "--source",
            "s",
            "--at",
            "table 1",
        ],
    )
    assert result.exit_code == 0, result.output
    text = data.read_text(encoding="utf-8")
    assert text.startswith("# GPUs we compare\nfast-gpu:")
    assert text.index("fp8_dense") < text.index("bf16_dense") < text.index("slow-gpu")
    assert kb.load(root).data.lookup("gpus.fast-gpu.bf16_dense")[0].value == 1000


def test_add_value_refuses_a_flops_value_without_precision(runner, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import DATA

    root = Path(shutil.copytree(DATA / "checks", tmp_path / "claims"))
    before = (root / "data" / "gpus.yaml").read_bytes()
    result = runner.invoke(
        main,
        [
            "add-value",
            "--claims",
            str(root),
            "gpus",
            "new-gpu",
            "fp8_dense",
            "5",
            "PFLOP/s",
            "--label",
            "New GPU",
            "--source",
            "s",
            "--at",
            "p. 1",
        ],
    )
    assert result.exit_code == 1 and "must state its precision" in result.output
    assert (root / "data" / "gpus.yaml").read_bytes() == before


def test_validate_json_lists_every_issue(runner, tmp_path: Path) -> None:
    from tests.conftest import error_case

    root = error_case("two-errors", tmp_path)
    result = runner.invoke(main, ["validate", "--claims", str(root), "--format", "json"])
    assert result.exit_code == 1
    issues = [i for i in json.loads(result.stdout) if i["severity"] == "error"]
    assert [(Path(i["path"]).name, i["line"], i["severity"]) for i in issues] == [
        ("bad1.yaml", 3, "error"),
        ("bad2.yaml", 5, "error"),
    ]
    assert set(issues[0]) == {"path", "line", "field", "severity", "message", "hint"}


@pytest.mark.parametrize("fmt", ["graphml", "json", "dot", "argdown"])
def test_graph_exports(runner, fmt: str) -> None:
    from tests.conftest import DATA

    result = runner.invoke(main, ["graph", "--claims", str(DATA / "valid"), "--format", fmt])
    assert result.exit_code == 0
    assert "beta/answer" in result.output
    if fmt == "argdown":
        assert "[beta/answer]: The answer is not 42. #answers #replies\n  -> [alpha/answer]" in result.output
    if fmt == "json":
        edge = {
            "source": "beta/answer",
            "target": "alpha/answer",
            "relation": "rebuts",
            "key": "rebuts",
            "question": "the-answer",
            "answer": 1,
        }
        assert edge in json.loads(result.output)["edges"]


def test_query_table_and_csv(runner) -> None:
    from tests.conftest import DATA

    args = ["query", "--claims", str(DATA / "valid"), "SELECT id, kind FROM claims ORDER BY id"]
    assert runner.invoke(main, [*args, "--format", "csv"]).output.splitlines() == [
        "id,kind",
        "alpha/answer,quantitative",
        "alpha/premise,qualitative",
        "beta/answer,qualitative",
    ]
    table = runner.invoke(main, args).output.splitlines()
    assert table[0].split() == ["id", "kind"] and table[2].split() == ["alpha/answer", "quantitative"]
    refused = runner.invoke(main, ["query", "--claims", str(DATA / "valid"), "DROP TABLE claims"])
    assert refused.exit_code == 1 and "read-only" in refused.output


def test_index_into_a_database_twice(runner, tmp_path: Path) -> None:
    from tests.conftest import DATA

    url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    for _ in range(2):
        assert runner.invoke(main, ["index", "--claims", str(DATA / "valid"), "--database", url]).exit_code == 0
    result = runner.invoke(main, ["query", "--database", url, "SELECT count(*) AS n FROM claims", "--format", "csv"])
    assert result.output.splitlines() == ["n", "3"]


def test_where_and_dataframe() -> None:
    from tests.conftest import DATA

    base = kb.load(DATA / "valid")
    assert [c.id for c in base.where(source="alpha")] == ["alpha/answer", "alpha/premise"]
    assert [c.id for c in base.where(verdict="unchecked", tag="replies")] == ["beta/answer"]
    frame = base.to_dataframe()
    assert list(frame["id"]) == list(base.claims) and {"strength", "verdict", "label"} <= set(frame.columns)


def test_add_value_starts_the_first_dataset_of_a_base(runner, valid_tree: Path) -> None:
    """A base without a data/ folder gets one (this used to end in a FileNotFoundError traceback)."""
    arguments = ["add-value", "--claims", str(valid_tree), "gpus", "toy-gpu", "tdp", "700", "W"]
    result = runner.invoke(main, [*arguments, "--label", "A toy GPU", "--source", "alpha", "--at", "section 2"])
    assert result.exit_code == 0, result.output
    assert kb.load(valid_tree).data.lookup("gpus.toy-gpu.tdp")[0].value == 700
