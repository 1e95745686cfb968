"""One mistake, one message (issue 19, class 6): a claim whose file has errors is reported there,
and every record that links to it says only, as a note, that it links to an invalid file."""

from __future__ import annotations

import pytest

from render.cli import main
from tests.hostile.conftest import CLAIM

GOOD = CLAIM.format(statement="Water boils.")
BROKEN = GOOD.replace("kind: qualitative", "kind: opinion")  # one mistake in a/broken.yaml
LINKS = {
    "a supporter": {"a/supporter.yaml": GOOD + "supports: [a/broken]\n"},
    "a rebutter": {"a/rebutter.yaml": GOOD + "rebuts: [a/broken]\n"},
    "an argument's premise": {
        "a/concluded.yaml": GOOD + "arguments:\n  - label: both\n    label_zh: 兩者\n    premises: [a/broken, a/ok]\n",
    },
    "a question's answer": {
        "questions/q.yaml": "question: Does it boil?\nquestion_zh: 會沸騰嗎?\nanswers:\n"
        "  - {label: 'Yes', label_zh: 是, claims: [a/broken]}\n  - {label: 'No', label_zh: 否, claims: [a/ok]}\n",
    },
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_a_link_to_an_invalid_claim_is_a_note_not_another_error(runner, tree, case: str) -> None:
    root = tree({"a/broken.yaml": BROKEN, **LINKS[case]})
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    notes = [line for line in lines if line.startswith("info: ") and "links to 'a/broken'" in line]
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [e.removeprefix(f"error: {root}/").split(":")[0] for e in errors] == ["a/broken.yaml"], errors
    assert len(notes) == 1 and "whose file has errors" in notes[0], lines
    assert f"(hint: fix {root / 'a/broken.yaml'})" in notes[0]
    assert "did you mean" not in result.output


def test_a_link_to_a_missing_claim_is_still_an_error_with_a_suggestion(runner, tree) -> None:
    root = tree({"a/supporter.yaml": GOOD + "supports: [a/ko]\n"})
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    assert result.exit_code == 1
    assert "unknown claim 'a/ko' (hint: did you mean 'a/ok'?)" in result.output
