"""The site's UI strings in English and Chinese, and a few words that depend on numbers.

Claim texts are Traditional Chinese (as the seed article is), so the Chinese UI
is too and Chinese pages say ``lang="zh-Hant"``. Look strings up with `text`:

>>> text("zh", "nav.map"), text("en", "count.claims", n=3)
('論證圖', '3 claims')
"""

from __future__ import annotations

from kb.checks.glossary import LABELS, VERDICTS, label_word, verdict_word

HTML_LANG = {"en": "en", "zh": "zh-Hant"}
LANG_NAME = {"en": "English", "zh": "中文"}

STRINGS: dict[str, tuple[str, str]] = {
    "site.tagline": (
        "Claims from their sources, tied to their words and recomputed.",
        "從來源中提取的論點:對應原文,重新計算。",
    ),
    "site.footer": (
        "Built by Crux from YAML claim files. Every quote links to its source.",
        "由 Crux 從 YAML 論點檔案生成。每段引文都連結到出處。",
    ),
    "skip": ("Skip to content", "跳到內容"),
    "history.title": ("History", "修訂歷史"),
    "nav.label": ("Site", "網站"),
    "nav.home": ("Home", "首頁"),
    "nav.map": ("Map", "論證圖"),
    "nav.data": ("Data", "數據"),
    "nav.predictions": ("Predictions", "預測"),
    "nav.tags": ("Topics", "主題"),
    "nav.sources": ("Sources", "來源"),
    "nav.search": ("Search", "搜尋"),
    "switch.label": ("Language", "語言"),
    "home.title": ("Where the sources disagree", "各來源的分歧"),
    "home.lede": (
        "{claims} claims from {sources} sources, each tied to the words it comes from and linked to the claims that support or rebut it.",
        "來自 {sources} 個來源的 {claims} 個論點,每個都對應原文,並連結到支持或反駁它的論點。",
    ),
    "home.essays": ("The sources side by side", "各來源並列"),
    "strength.title": ("Argument strength", "論證強度"),
    "arguments.title": ("Linked arguments for it", "支持它的關聯論證"),
    "arguments.help": (
        "Premises that support the claim only together: if one falls, the argument falls.",
        "這些前提只有合在一起才支持此論點:任何一個倒下,整個論證就隨之瓦解。",
    ),
    "arguments.strength": ("strength {value}", "強度 {value}"),
    "questions.title": ("Questions it takes part in", "它所涉及的爭議問題"),
    "questions.takes": ("its answer", "它的回答"),
    "questions.others": ("the other side", "另一方"),
    "strength.label_help": (
        "Grounded label over the rebuttals, a recomputation that came out "
        f"{verdict_word('contradicted', 'en')} counting as an objection that stands and one that came out "
        f"{verdict_word('inconclusive', 'en')} as unresolved: “{label_word('in', 'en')}” (every rebuttal is knocked "
        f"out), “{label_word('out', 'en')}” (some rebuttal is not), “{label_word('undecided', 'en')}” (neither)",
        f"依反駁關係的基礎標記(grounded label),核查結論為「{verdict_word('contradicted', 'zh')}」的重新計算算作有效的反駁,"
        f"「{verdict_word('inconclusive', 'zh')}」的算作懸而未決:「{label_word('in', 'zh')}」(所有反駁都已失效)、"
        f"「{label_word('out', 'zh')}」(有反駁有效)、「{label_word('undecided', 'zh')}」(兩者皆非)",
    ),
    "strength.level.strong": ("strong", "強"),
    "strength.level.holds": ("holds", "站得住"),
    "strength.level.weak": ("weak", "弱"),
    "strength.level.unopposed": ("unopposed", "無人反駁"),
    "strength.level.even": ("in the balance", "正好居中"),
    "strength.level_help": (
        "Strength from 0 to 1: strong from 0.75, holds above 0.5, weak at 0.5 or below",
        "強度介於 0 到 1:0.75 以上為強,高於 0.5 為站得住,0.5 或以下為弱",
    ),
    "strength.unopposed_help": (
        "Nothing in the base rebuts it or what it rests on, so its strength says only that nobody answered it",
        "知識庫中沒有任何論點反駁它或它所依據的論點,因此其強度只說明無人回應它",
    ),
    "strength.capped": ("capped at {value} by its recomputation", "受重新計算所限,上限 {value}"),
    "strength.capped_help": (
        "Its recomputation came out {verdict}, so no argument can raise its strength above {value}",
        "其重新計算的結論為「{verdict}」,因此任何論證都不能使其強度超過 {value}",
    ),
    "strength.moved_by": (
        "How much each supporter and rebuttal moves it (its strength with that one, minus without it)",
        "每個支持與反駁對它的影響(有與沒有該論點時的強度之差)",
    ),
    "strength.as.supports": ("supports it", "支持它"),
    "strength.as.rebuts": ("rebuts it", "反駁它"),
    "strength.as.premise": ("premise of an argument for it", "支持它的論證的前提"),
    "strength.terms": ("The precise terms", "精確術語"),
    "strength.base": ("base score", "基礎分數(base score)"),
    "strength.ceiling": ("ceiling", "上限(ceiling)"),
    "strength.label": ("grounded label", "基礎標記(grounded label)"),
    "strength.level": ("level", "等級"),
    "strength.claim": ("Claim", "論點"),
    "strength.relation": ("Relation", "關係"),
    "strength.effect": ("Effect", "影響"),
    "strength.would_change": (
        "What would tip it the other way (the smallest single change):",
        "能扭轉它的最小單一改動:",
    ),
    **{f"label.{name}": words for name, words in LABELS.items()},
    "crux.checkable": ("checkable", "可核算"),
    "crux.judgement": ("judgement call", "判斷問題"),
    "crux.checkable_help": ("One side has a check that recomputes its number", "其中一方有可重新計算的核算"),
    "crux.judgement_help": ("Neither side has a check: weighing them is a judgement", "雙方都沒有核算:需要判斷"),
    "home.thesis": ("Thesis", "核心論點"),
    "home.all_claims": ("All {n} claims of this source", "此來源全部 {n} 個論點"),
    "home.cruxes": ("The main cruxes", "主要分歧"),
    "home.cruxes_lede": (
        "Rebuttals between the sources, ranked by how far the theses move when the question each belongs to is resolved one way or the other.",
        "各來源之間的反駁,依其所屬問題朝不同方向解決時核心論點移動的幅度排序。",
    ),
    "home.all_cruxes": ("All {n} cross-source rebuttals on the map page", "論證圖頁面列出全部 {n} 個跨來源反駁"),
    "home.coming_due": ("Predictions coming due", "即將到期的預測"),
    "home.ways_in": ("Ways in", "瀏覽方式"),
    "home.by_essay": ("By source", "按來源"),
    "home.by_topic": ("By topic", "按主題"),
    "home.by_verdict": ("By verdict", "按核查結論"),
    "home.map_text": (
        "The argument map: the theses, the questions they rest on, and the claims on each side.",
        "論證圖:核心論點、它們所依賴的爭議問題,以及雙方的論點。",
    ),
    "home.data_text": (
        "The datasets the checks read: every value with its unit, its bounds and the place in its source it comes from.",
        "核查所讀取的數據集:每個數值都附有單位、範圍及其在來源中的出處。",
    ),
    "home.download": ("Download", "下載"),
    "rebuts": ("rebuts", "反駁"),
    "premise": ("premise of", "前提"),
    "supports": ("supports", "支持"),
    "claims": ("Claims", "論點"),
    "count.claim": ("{n} claim", "{n} 個論點"),
    "count.claims": ("{n} claims", "{n} 個論點"),
    "claim.kind": ("Kind", "類型"),
    "claim.claimed_in": ("claimed in", "出自"),
    "claim.quotes": ("Quotes", "引文"),
    "claim.no_quote": ("No quote yet.", "尚無引文。"),
    "claim.verified": ("verified", "已核對"),
    "claim.verified_help": ("found in the archived text of the source", "已在來源的存檔全文中找到"),
    "claim.unverified": ("unverified", "未核對"),
    "claim.unverified_help": ("the source has no archived text to check against", "來源沒有可核對的存檔全文"),
    "claim.other_statement": ("In English", "中文表述"),
    "claim.tags": ("Topics", "主題"),
    "claim.prediction": ("Prediction", "預測"),
    "claim.status": ("Status", "狀態"),
    "claim.resolves_by": ("Resolves by", "判定日期"),
    "claim.resolution": ("Resolution criteria", "判定標準"),
    "claim.evidence": ("Evidence", "證據"),
    "claim.local_map": ("Its neighbourhood in the argument map", "它在論證圖中的鄰近論點"),
    "claim.local_map_more": (
        "Showing {shown} of {total} claims within two links.",
        "顯示兩步以內 {total} 個論點中的 {shown} 個。",
    ),
    "claim.backlinks": ("Claims that link here", "連結到這裡的論點"),
    "claim.supported_by": ("Supported by", "支持它的論點"),
    "claim.rebutted_by": ("Rebutted by", "反駁它的論點"),
    "claim.supports": ("This claim supports", "它支持"),
    "claim.rebuts": ("This claim rebuts", "它反駁"),
    "claim.no_backlinks": ("No claim links here yet.", "尚無論點連結到這裡。"),
    "claim.permalink": ("Permalink", "永久連結"),
    "claim.edit": ("Edit this claim", "編輯此論點"),
    "check.title": ("Recomputed", "重新計算"),
    "check.says": ("The claim, as the check reads it:", "核查對論點的理解:"),
    "check.recomputed": ("Recomputed from the sourced inputs below", "根據下列有出處的輸入重新計算"),
    "check.across": ("(from {interval} across the inputs' bounds)", "(依輸入範圍為 {interval})"),
    "check.failed": ("The check could not be computed:", "無法完成核查:"),
    "check.weak": ("A weak test: it could hardly have failed.", "弱檢驗:這項核查幾乎不可能不通過。"),
    "check.formula": ("Formula", "公式"),
    "check.inputs": ("Inputs", "輸入"),
    "check.input": ("Input", "輸入"),
    "check.value": ("Value", "數值"),
    "check.bounds": ("Bounds", "範圍"),
    "check.source": ("Source", "來源"),
    "check.steps": ("Steps", "計算步驟"),
    "check.flip": ("What would change the verdict", "什麼會改變結論"),
    "check.closest": ("Closest to flipping:", "最接近翻轉的輸入:"),
    "check.readings": ("Other readings", "其他解讀"),
    "check.reading": ("Reading", "解讀"),
    "check.changed": ("Changed inputs", "更改的輸入"),
    "check.verdict": ("Verdict", "結論"),
    "source.crumb": ("source", "來源"),
    "source.author": ("Author", "作者"),
    "source.published": ("Published", "發表日期"),
    "source.kind": ("Kind", "類型"),
    "source.language": ("Language", "語言"),
    "source.original": ("Original", "原文"),
    "source.archive": ("Archived text", "存檔全文"),
    "source.archive_note": ("quotes are verified against it", "引文依此核對"),
    "source.map": ("Map", "論證圖"),
    "source.map_link": ("this source's claims as an argument map", "本來源論點的論證圖"),
    "source.claims": ("Claims made in this source, in the order they appear", "本來源提出的論點(按出現順序)"),
    "source.no_claims": ("No claims come from this source.", "沒有論點出自這個來源。"),
    "source.cited_by": ("Cited as a source of numbers", "作為數據來源被引用"),
    "sources.title": ("Sources", "來源"),
    "sources.lede": (
        "Essays and articles that make claims, and the documents the checks cite.",
        "提出論點的文章,以及核查所引用的文件。",
    ),
    "tags.title": ("Topics", "主題"),
    "tag.title": ("Topic: {tag}", "主題:{tag}"),
    "verdict.title": ("Verdict: {verdict}", "核查結論:{verdict}"),
    "verdict.lede": ("Claims whose recomputed check came out {verdict}.", "重新計算後結論為「{verdict}」的論點。"),
    "verdict.lede_unchecked": ("Claims without a numeric check.", "沒有數值核查的論點。"),
    "map.title": ("Argument map", "論證圖"),
    "map.lede": (
        "Every claim, grouped by the source that makes it and coloured by its verdict. Arrows point from a claim to the claim it supports (solid green) or rebuts (dashed red). Select a claim to open it.",
        "所有論點,按提出它的來源分組,並按核查結論著色。箭頭從一個論點指向它所支持(綠色實線)或反駁(紅色虛線)的論點。選擇論點即可打開。",
    ),
    "map.lede_index": (
        "This base has {n} claims, more than one map can show legibly, so each source has a map of its own. The cruxes between sources are listed below.",
        "這個知識庫有 {n} 個論點,一張圖無法清楚呈現,因此每個來源各有一張論證圖。來源之間的交鋒列在下方。",
    ),
    "map.lede_source": (
        "The claims of one source, coloured by their verdict. Arrows point from a claim to the claim it supports (solid green) or rebuts (dashed red). Its collisions with other sources are listed below the map.",
        "單一來源的論點,按核查結論著色。箭頭從一個論點指向它所支持(綠色實線)或反駁(紅色虛線)的論點。它與其他來源的交鋒列在圖下方。",
    ),
    "map.lede_questions_listed": (
        "There are {n} questions with their answers' claims, more than one map can show legibly, so they are listed below; each question's page has its own map.",
        "共有 {n} 個問題及其答案的論點,一張圖無法清楚呈現,因此列在下方;每個問題的頁面各有一張論證圖。",
    ),
    "map.source_title": ("Argument map: {title}", "論證圖:{title}"),
    "map.by_source": ("Maps by source", "按來源查看論證圖"),
    "map.filter": ("Filter the map", "篩選論證圖"),
    "map.essay": ("Source", "來源"),
    "map.tag": ("Topic", "主題"),
    "map.verdict": ("Verdict", "結論"),
    "map.any": ("all", "全部"),
    "map.shown": ("{shown} of {total} claims shown", "顯示 {shown} / {total} 個論點"),
    "map.legend": ("Legend", "圖例"),
    "map.as_list": ("The map as a list", "以清單查看"),
    "map.cruxes": ("Where the sources collide", "來源之間的交鋒"),
    "map.whole_title": ("Map of every claim", "全部論點的論證圖"),
    "map.whole_link": (
        "The map of every claim and how they support or rebut each other",
        "全部論點及其支持與反駁關係的論證圖",
    ),
    "map.lede_questions": (
        "Where the debate turns: each source's thesis at its side, the linked arguments that rest on a disputed question, and the claims that take each answer, coloured by what their recomputation says. Drag to pan; zoom with the buttons, the + and − keys, Ctrl and the wheel, or two fingers.",
        "辯論的轉折點:兩側是每個來源的核心論點,中間是有爭議的問題,連著依賴這些問題的關聯論證,以及採取各個答案的論點;顏色表示重新計算的結果。拖曳可平移;用按鈕、+ 和 − 鍵、Ctrl 加滾輪或兩指縮放。",
    ),
    "map.zoom_in": ("Zoom in", "放大"),
    "map.zoom_out": ("Zoom out", "縮小"),
    "map.fit": ("Fit", "全圖"),
    "map.hint": ("Drag to pan · Ctrl + wheel to zoom", "拖曳平移 · Ctrl + 滾輪縮放"),
    "map.viewport": ("{label} (drag to pan; + and − zoom, 0 fits)", "{label}(拖曳平移;+ 和 − 縮放,0 顯示全圖)"),
    "map.question_node": ("question in dispute", "爭議問題"),
    "map.argument_node": ("linked argument", "關聯論證"),
    "map.answer_edge": ("takes an answer", "採取某個答案"),
    "nav.questions": ("Questions", "爭議問題"),
    "home.strength": ("strength {value}", "強度 {value}"),
    "home.strength_help": (
        "How well the thesis stands once its arguments, rebuttals and recomputed checks are weighed (0 to 1)",
        "權衡其論證、反駁與重新計算的核算後,核心論點的強度(0 到 1)",
    ),
    "home.questions": ("What the debate turns on", "辯論的關鍵問題"),
    "home.questions_lede": (
        "The questions the sources answer differently, ranked by how far their theses move if a question is settled one way or the other.",
        "各來源回答不同的問題,按照問題往某一方向解決時核心論點變動的幅度排序。",
    ),
    "home.questions_caption": ("The questions in dispute, ranked by what hinges on them", "爭議問題,按其影響排序"),
    "home.all_questions": ("Every question, in full", "全部爭議問題"),
    "home.questions_map": ("The questions as a map", "以論證圖查看爭議問題"),
    "questions.index_title": ("The questions in dispute", "爭議問題"),
    "questions.index_lede": (
        "Each point the sources disagree on, with the answer each side gives, ranked by how far the theses move if it is settled one way or the other.",
        "各來源意見分歧的每一點,以及雙方的回答,按照問題往某一方向解決時核心論點變動的幅度排序。",
    ),
    "questions.question": ("Question", "問題"),
    "questions.says": ("{author} says", "{author} 的回答"),
    "questions.evidence": ("Recomputed evidence", "重新計算的證據"),
    "questions.moves": ("If it goes the other way", "若結果相反"),
    "questions.not_measured": (
        "Not measured: the base has more questions than are measured",
        "未計算:問題數量超過計算上限",
    ),
    "questions.not_yet_checked": ("nothing recomputed yet", "尚無重新計算的結果"),
    "questions.settles": ("would settle it", "可決定它"),
    "questions.rank": ("Question {rank} of {of} by what hinges on it", "按影響排序的第 {rank} 個問題(共 {of} 個)"),
    "questions.what_hinges": ("What hinges on it", "它影響什麼"),
    "questions.hinge_caption": (
        "Each thesis's strength now, and if each answer is taken (its claims accepted, the other answers' claims rejected)",
        "每個核心論點現在的強度,以及採取各個答案(接受其論點、否定其他答案的論點)時的強度",
    ),
    "questions.hinge_help": (
        "Strengths run from 0 to 1; they weigh each claim's supporters, linked arguments, rebuttals and recomputed check.",
        "強度介於 0 到 1 之間,權衡每個論點的支持、關聯論證、反駁與重新計算的核算。",
    ),
    "questions.thesis": ("Thesis", "核心論點"),
    "questions.now": ("Now", "現在"),
    "questions.if_answer": ("If “{answer}”", "若「{answer}」"),
    "questions.answer_n": ("Answer {n}", "答案 {n}"),
    "questions.taken_by": ("Taken mostly by {author}'s claims", "主要由 {author} 的論點採取"),
    "questions.flips": ("Where the recomputed numbers would flip", "重新計算的數字在哪裡會翻轉"),
    "questions.data": ("Data that would settle it", "能解決它的數據"),
    "questions.resting": ("Arguments that rest on it", "依賴它的論證"),
    "questions.argument": (
        "Linked argument “{label}” (strength {value}): its premises only together support the claim.",
        "關聯論證「{label}」(強度 {value}):其前提只有合在一起才支持此論點。",
    ),
    "questions.takes_answer": ("takes “{answer}”", "採取「{answer}」"),
    "questions.map": ("Map of this question", "此問題的論證圖"),
    "map.svg_label": ("Argument map of {n} claims", "{n} 個論點的論證圖"),
    "data.title": ("Data", "數據"),
    "data.lede": (
        "The sourced numbers the checks compute with. Every value links to its source.",
        "核查所用的有出處數據。每個數值都連結到出處。",
    ),
    "data.priceperf": ("Price-performance over the years", "歷年性價比"),
    "data.priceperf_lede": (
        "Peak dense throughput per launch-price dollar, at fixed precisions (log scale). Select a point to open its source.",
        "每美元發售價的峰值稠密算力,按固定精度(對數刻度)。選擇數據點可打開其出處。",
    ),
    "data.utilisation": ("Training-run utilisation", "訓練效率(MFU / HFU)"),
    "data.utilisation_lede": (
        "Model and hardware FLOP utilisation (MFU, HFU) of training runs, against BF16 and FP8 peaks: reported figures and the recomputed checks with their readings. Bands show what a claim says.",
        "訓練的模型與硬件 FLOP 利用率(MFU、HFU),分別以 BF16 與 FP8 峰值計算:包括報告值,以及重新計算的核查及其各種解讀。色帶表示論點的說法。",
    ),
    "data.gpus": ("GPUs", "GPU"),
    "data.gpu": ("GPU", "GPU"),
    "data.year": ("Year", "年份"),
    "data.datasets": ("Other datasets", "其他數據集"),
    "data.download": ("All values are also in kb.sqlite and kb.json.", "所有數值也包含在 kb.sqlite 與 kb.json 中。"),
    "chart.year": ("launch year", "發售年份"),
    "chart.gflops_per_usd": ("GFLOP/s per USD", "每美元 GFLOP/s"),
    "chart.utilisation": ("utilisation (% of peak)", "利用率(峰值的 %)"),
    "chart.claim_says": ("claim says", "論點說法"),
    "chart.reported": ("reported", "報告值"),
    "chart.recomputed": ("recomputed", "重新計算"),
    "pred.title": ("Predictions", "預測"),
    "pred.lede": (
        "Claims about the future, with the date by which they can be judged.",
        "關於未來的論點,以及可以判定它們的日期。",
    ),
    "pred.today": ("Today", "今天"),
    # how far off a date is, worded in the reader's browser by static/dates.js (`_dates.html`)
    "dates.today": ("today", "今天"),
    "dates.future": ("in {n} {unit}", "{n} {unit}後"),
    "dates.past": ("{n} {unit} ago", "{n} {unit}前"),
    "dates.day": ("day|days", "天|天"),
    "dates.month": ("month|months", "個月|個月"),
    "dates.year": ("year|years", "年|年"),
    "dates.overdue": ("overdue", "逾期"),
    "table.scroll": ("Scroll sideways to see every column.", "左右捲動可查看所有欄位。"),
    "pred.none": ("No predictions yet.", "尚無預測。"),
    "search.title": ("Search", "搜尋"),
    "search.label": ("Search claims, quotes and topics", "搜尋論點、引文與主題"),
    "search.button": ("Search", "搜尋"),
    "search.placeholder": ("Search the claims", "搜尋論點"),
    "search.examples": ("e.g. {examples}", "例如 {examples}"),
    "search.file": (
        "Search needs the site to be served over HTTP (for example with kb serve); it cannot read its index from a file:// address. Browse by topic, source or verdict instead.",
        "搜尋需要透過 HTTP 提供網站(例如 kb serve),無法從 file:// 位址讀取索引。請改按主題、來源或結論瀏覽。",
    ),
    "search.loading": ("Searching…", "搜尋中…"),
    "search.none": ("No results for “{q}”.", "找不到「{q}」的結果。"),
    "search.results": ("{n} results for “{q}”", "「{q}」共 {n} 個結果"),
    "search.error": ("The search index could not be loaded.", "無法載入搜尋索引。"),
    "search.noscript": ("Search needs JavaScript.", "搜尋需要 JavaScript。"),
    "data.links": ("Machine-readable data", "機器可讀數據"),
    "data.kb_json": ("every source, claim, edge and dataset value as JSON", "所有來源、論點、關係與數據值(JSON)"),
    "data.kb_sqlite": ("the SQL index", "SQL 索引"),
    "data.kb_graphml": ("the argument graph as GraphML", "論證圖(GraphML)"),
    "claim.json": ("JSON", "JSON"),
}

KINDS = {
    "quantitative": ("quantitative", "數量"),
    "qualitative": ("qualitative", "定性"),
    "prediction": ("prediction", "預測"),
    "definition": ("definition", "定義"),
}
STATUSES = {
    "open": ("open", "未判定"),
    "resolved-true": ("came true", "已成真"),
    "resolved-false": ("did not come true", "未成真"),
    "ambiguous": ("ambiguous", "難以判定"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def text(lang: str, key: str, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{name}`` fields filled in."""
    return _pick(STRINGS[key], lang).format(**values)


def verdict(lang: str, name: str) -> str:
    """The word for a check's verdict, from the one glossary (`kb.checks.glossary.VERDICTS`)."""
    return _pick(VERDICTS[name], lang)


def kind(lang: str, name: str) -> str:
    return _pick(KINDS[name], lang)


def status(lang: str, name: str) -> str:
    return _pick(STATUSES[name], lang)
