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


def test_a_name_that_differs_only_by_case_gets_a_free_name_as_its_hint(runner, tree) -> None:
    root = tree({"a/Ok.yaml": GOOD, "a/ok-2.yaml": GOOD})  # ok.yaml (in the base) and ok-2.yaml are taken
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    assert result.exit_code == 1
    assert "file name gives the id 'a/Ok', which is not a valid id" in result.output
    assert "rename to ok-3.yaml)" in result.output


ARCHIVE = "The sky is blue on clear days. Water boils at 100 degrees at sea level. "
ARCHIVE += "It is a fact of physics. " * 40 + "Ice melts at zero."


@pytest.mark.parametrize(
    ("quote", "apart"),
    [
        ("Water boils at 100 degrees … at sea level.", False),  # one sentence, cut
        ("Water boils at 100 degrees at sea level. … It is a fact of physics.", False),  # the next sentence
        ("Water boils at 100 degrees … Ice melts at zero.", True),  # a thousand characters on
    ],
)
def test_a_quote_may_join_fragments_of_one_passage_only(runner, tree, quote: str, apart: bool) -> None:
    claim = GOOD.replace("text: Water boils at 100 degrees at sea level.", f"text: {quote}")
    root = tree({"sources/s.txt": ARCHIVE, "a/spliced.yaml": claim + "supports: [a/ok]\n"})
    result = runner.invoke(main, ["validate", "--claims", str(root)])
    message = "the fragments this quote joins with … lie more than 500 characters apart in the archive of 's'"
    assert (message in result.output) == apart, result.output
    assert result.exit_code == (1 if apart else 0)
    if apart:
        assert "a/spliced.yaml:7: quotes.0.text:" in result.output
        assert "(hint: quote each passage as a quote of its own, or join only words of one passage)" in result.output
