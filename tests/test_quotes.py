import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.quotes import _normalised_chars, closest_passage, find_quote, normalise, strip_pinyin


def test_pinyin_annotations_are_removed_but_ascii_parentheses_kept() -> None:
    assert strip_pinyin("計(jì)算是物理的(MLP)") == "計算是物理的(MLP)"


def test_width_and_whitespace_are_folded() -> None:
    assert normalise("ＭＦＵ ，\n 20%") == "MFU,20%"


def test_fragments_must_appear_in_order() -> None:
    archive = "第一句。第二句。第三句。"
    assert find_quote("第一句 … 第三句", archive)
    assert not find_quote("第三句 … 第一句", archive)
    assert not find_quote("第四句", archive)


def test_closest_passage_points_at_the_near_miss() -> None:
    archive = "Water boils at 100 degrees at sea level. The sky is blue."
    assert closest_passage("Water boils at 90 degrees", archive).startswith("Water boils at 100")
    assert closest_passage("The sky is blue.", archive) == ""


def _folded_one_by_one(text: str) -> str:
    """The definition `normalise` must keep: pinyin removed, then each character in NFKC, whitespace dropped."""
    return "".join(f for char in strip_pinyin(text) for f in unicodedata.normalize("NFKC", char) if not f.isspace())


def test_compatibility_forms_fold_character_by_character() -> None:
    assert normalise("ﬁne\u3000①，e\u0301") == "fine1,e\u0301"  # the combining accent stays apart, as in archives


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 網(wǎng)易ＭＦＵ，\u3000\n\tﬁ①é\u0301한…") | st.characters(), max_size=40))
def test_normalise_folds_each_character_as_archives_are_folded(text: str) -> None:
    assert normalise(text) == _folded_one_by_one(text)
    assert normalise(text) == "".join(char for char, _ in _normalised_chars(text))
