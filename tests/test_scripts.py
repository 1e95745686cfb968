"""Chinese in both scripts: the search form and its table (kb.hanzi, render.search), and the
mixed-script lint rule on the shipped base. The rule's messages are in tests/data/errors/mixed-script."""

from __future__ import annotations

import pytest

from kb.hanzi import script_mix, simplified, simplified_table, traditional_only
from kb.lint import chinese_texts, lint
from render.search import cjk_term, cjk_terms, claim_texts, query_table, source_texts


def converted(table: str, text: str) -> str:
    """``text`` put into the search form with ``table`` alone, as search.js does."""
    chars = list(table)
    pairs = dict(zip(chars[::2], chars[1::2], strict=True))
    return "".join(pairs.get(char, char) for char in text)


def test_the_search_form_is_simplified_character_for_character() -> None:
    assert simplified("訓練與帶寬、後訓練") == "训练与带宽、后训练" == simplified("训练与带宽、后训练")
    assert simplified("DeepSeek-V3 的 FP8") == "DeepSeek-V3 的 FP8"
    assert "訓" in traditional_only() and "训" not in traditional_only() and "的" not in traditional_only()


def test_both_scripts_give_the_same_index_terms() -> None:
    assert cjk_terms("後訓練需要帶寬") == cjk_terms("后训练需要带宽") == cjk_terms("后訓练需要帶宽")
    assert cjk_terms("訓練") == f"{cjk_term('训')} {cjk_term('练')} {cjk_term('训练')}"
    assert cjk_terms("MFU 20%") == ""


def test_every_claim_of_the_shipped_base_is_indexed_alike_in_either_script(shipped) -> None:
    for claim_id in shipped.claims:
        texts = claim_texts(shipped.claims[claim_id])
        assert cjk_terms(*texts) == cjk_terms(*map(simplified, texts)), claim_id
    for source in shipped.sources.values():
        assert cjk_terms(*source_texts(source)) == cjk_terms(*map(simplified, source_texts(source)))


def test_the_query_table_puts_any_query_of_indexed_words_into_the_search_form(shipped) -> None:
    texts = [t for c in shipped.claims.values() for t in claim_texts(c)]
    texts += [t for s in shipped.sources.values() for t in source_texts(s)]
    table = query_table(shipped)
    assert table == simplified_table(texts) and len(table) % 2 == 0
    for text in texts:  # as written (Traditional, with the quotes' stray Simplified) and in Simplified
        assert converted(table, text) == simplified(text) == converted(table, simplified(text))
    assert converted(table, "訓練 帶寬 後") == "训练 带宽 后"
    index = {char for text in texts for char in simplified(text)}
    assert all(simplified(pair[1]) in index or pair[0] in index for pair in zip(table[::2], table[1::2], strict=True))


@pytest.mark.parametrize(
    ("text", "found", "corrected"),
    [
        ("模型設計并不是為了訓練,之后再說。", "并后", "模型設計並不是為了訓練,之後再說。"),
        ("這些改進并不是火箭科學,接下來該做什么", "并么", "這些改進並不是火箭科學,接下來該做什麼"),
        ("新的后訓練范式", "后范", "新的後訓練範式"),
        ("這個领域還很新", "领", "這個領域還很新"),
    ],
)
def test_a_mix_is_found_and_corrected(text: str, found: str, corrected: str) -> None:
    mix = script_mix(text)
    assert mix is not None and mix.simplified == found and mix.corrected == corrected
    assert script_mix(mix.corrected) is None


@pytest.mark.parametrize(
    "text",
    [
        "皇后與集群都在臺灣,台北也是。",  # 后 in 皇后, and Taiwan's 群 and 台, are Traditional
        "為此他們發布了週期表。",  # 為 (Taiwan, for OpenCC's 爲); 發布 kept although OpenCC writes 發佈
        "这里并不简单,之后再说。",  # all Simplified: one script
        "答案是 42。",  # characters both scripts write alike
        "Plain English, no Chinese.",
    ],
)
def test_one_script_is_no_mix(text: str) -> None:
    assert script_mix(text) is None


def test_the_shipped_base_mixes_no_scripts_but_its_quotes_may(shipped) -> None:
    warnings = [w for w in lint(shipped.claims, None, shipped.questions) if "[mixed-script]" in w[2]]
    assert warnings == []
    checked = list(chinese_texts(shipped.claims, shipped.questions))
    assert {at for _, at, _ in checked} >= {("statement_zh",), ("question_zh",), ("answers", 0, "label_zh")}
    quotes = [q.text for c in shipped.claims.values() for q in c.quotes]
    assert any(script_mix(q) is not None for q in quotes), "the seed article mixes scripts; its quotes stay verbatim"
