from kb.quotes import closest_passage, find_quote, normalise, strip_pinyin


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
