"""The words Crux shows readers for its terms, in English and Chinese: the verdicts of checks and
the grounded labels (`VERDICTS`, `LABELS`, the one source of both for the site, the explanations
and the questions), and the Chinese for what check kinds show (input descriptions, step labels).

A verdict says what a claim's recomputation found; a label says whether the rebuttals leave the
claim standing. The two are different things and their words differ in each language (a test
holds the Chinese words apart), so a page never shows one in the other's words.

A test fails when a registered kind uses a phrase that has no entry in `ZH`, so a new
check kind comes with its translation.
"""

from __future__ import annotations

import re

VERDICTS: dict[str, tuple[str, str]] = {  # a check's verdict: (English, Chinese)
    "supported": ("supported", "核算相符"),
    "contradicted": ("contradicted", "核算不符"),
    "inconclusive": ("inconclusive", "未能確定"),
    "error": ("check error", "核算出錯"),
    "unchecked": ("unchecked", "未核算"),
}
LABELS: dict[str, tuple[str, str]] = {  # a claim's grounded label over the rebuttals: (English, Chinese)
    "in": ("no objection stands", "被接受"),
    "out": ("an objection stands", "被駁倒"),
    "undecided": ("objections unresolved", "懸而未決"),
}


def verdict_word(verdict: str, lang: str) -> str:
    """The word for a check's ``verdict`` in ``lang`` (``en`` or ``zh``).

    >>> verdict_word("supported", "en"), verdict_word("supported", "zh")
    ('supported', '核算相符')
    """
    return VERDICTS[verdict][lang == "zh"]


def label_word(label: str, lang: str) -> str:
    """The word for a grounded ``label`` (``in``, ``out``, ``undecided``) in ``lang``.

    >>> label_word("out", "en"), label_word("out", "zh")
    ('an objection stands', '被駁倒')
    """
    return LABELS[label][lang == "zh"]


ZH: dict[str, str] = {
    # input descriptions
    "A": "A",
    "B": "B",
    "α": "α",
    "β": "β",
    "GPU-hours of the run": "訓練所用的 GPU 小時",
    "GPUs in the new cluster": "新集群的 GPU 數量",
    "GPUs in the old cluster": "舊集群的 GPU 數量",
    "MFU of today's runs": "當今訓練的 MFU",
    "MFU reached on the new hardware": "新硬件上達到的 MFU",
    "active parameters N": "激活參數量 N",
    "attention head dimension d": "注意力頭維度 d",
    "by how much the reducible loss is divided": "可約損失縮小的倍數",
    "bytes per weight": "每個權重的字節數",
    "dense tensor FLOP per clock per SM": "每個 SM 每時鐘週期的稠密張量 FLOP",
    "dense tensor peak FLOP/s of the GPU": "GPU 的稠密張量峰值 FLOP/s",
    "clock the tensor peak is stated at": "張量峰值所對應的時鐘頻率",
    "streaming multiprocessors (SMs)": "流式多處理器(SM)數量",
    "the rate that rose, on the new part": "提高了的吞吐量(新芯片)",
    "the rate that rose, on the old part": "提高了的吞吐量(舊芯片)",
    "the other rate, on the new part": "另一項吞吐量(新芯片)",
    "the other rate, on the old part": "另一項吞吐量(舊芯片)",
    "executed FLOPs ÷ model FLOPs, e.g. 8/6": "實際執行 FLOPs ÷ 模型 FLOPs(例如 8/6)",
    "exponentials per clock per SM": "每個 SM 每時鐘週期的指數運算數",
    "irreducible loss E": "不可約損失 E",
    "measured FLOPs per token (replaces 6·N)": "實測每 token FLOPs(取代 6·N)",
    "memory bandwidth": "內存帶寬",
    "memory bandwidth per GPU": "每張 GPU 的內存帶寬",
    "memory-bandwidth utilisation": "內存帶寬利用率(MBU)",
    "peak FLOP/s": "峰值 FLOP/s",
    "peak FLOP/s of the newer GPU": "較新 GPU 的峰值 FLOP/s",
    "peak FLOP/s of the older GPU": "較舊 GPU 的峰值 FLOP/s",
    "peak FLOP/s per GPU": "每張 GPU 的峰值 FLOP/s",
    "peak FLOP/s per GPU at the chosen precision": "所選精度下每張 GPU 的峰值 FLOP/s",
    "peak FLOP/s per GPU of today's runs": "當今訓練所用 GPU 的峰值 FLOP/s",
    "peak FLOP/s per GPU on the new hardware and precision": "新硬件與新精度下每張 GPU 的峰值 FLOP/s",
    "peak per new GPU": "每張新 GPU 的峰值",
    "peak per old GPU": "每張舊 GPU 的峰值",
    "rate of the newer part": "較新芯片的吞吐量",
    "rate of the older part": "較舊芯片的吞吐量",
    "reported FLOP/s per GPU counting recomputation": "報告的每 GPU FLOP/s(含重算)",
    "reported model FLOP/s per GPU": "報告的每 GPU 模型 FLOP/s",
    "sequences decoded together": "同時解碼的序列數(批大小)",
    "the launch year": "發布年份",
    "the measured utilisation": "實測利用率",
    "the peak FLOP/s": "峰值 FLOP/s",
    "the price": "價格",
    "training tokens D": "訓練 token 數 D",
    "the measured value": "實測值",
    "the numerator": "被除數",
    "the denominator": "除數",
    "the earlier value": "較早的數值",
    "the later value": "較晚的數值",
    "the start value": "起始數值",
    "the end value": "終止數值",
    "the years from start to end": "從起始到終止的年數",
    # step labels
    "GFLOP/s per USD": "每美元 GFLOP/s",
    "HFU": "HFU",
    "MFU": "MFU",
    "MFU ratio": "MFU 之比",
    "achieved FLOP/s per GPU": "每 GPU 實際 FLOP/s",
    "arithmetic intensity": "算術強度",
    "best measured": "最佳實測值",
    "best year": "最佳年份",
    "compute exponent γ": "算力指數 γ",
    "compute multiple": "所需算力倍數",
    "exp time ÷ matmul time": "指數運算時間 ÷ 矩陣乘時間",
    "gained: new ÷ old": "提高的一項:新 ÷ 舊",
    "kept: new ÷ old": "保留的一項:新 ÷ 舊",
    "model FLOPs": "模型 FLOPs",
    "peak ratio": "峰值之比",
    "ridge point": "屋脊點",
    "scale by GPU count": "按 GPU 數量的規模倍數",
    "scale by aggregate peak": "按總峰值算力的規模倍數",
    "tensor FLOP per clock per SM": "每個 SM 每時鐘週期的張量 FLOP",
    "tensor FLOP per score (4·d)": "每個注意力分數的張量 FLOP(4·d)",
    "throughput ratio": "吞吐量之比",
    "usable FLOPs multiple": "可用 FLOPs 倍數",
    "ratio": "比值",
    "relative change": "相對變化",
    "end ÷ start": "終止 ÷ 起始",
    "yearly growth rate": "年均增長率",
}

_SUFFIX = re.compile(r"^(?P<head>.*?)(?P<tail> \([^)]*\))$")


def zh(phrase: str) -> str:
    """The Chinese for ``phrase``, keeping a trailing ``(…)`` such as a year; the phrase itself if unknown.

    >>> zh("model FLOPs"), zh("GFLOP/s per USD (2017)"), zh("something new")
    ('模型 FLOPs', '每美元 GFLOP/s (2017)', 'something new')
    """
    if phrase in ZH:
        return ZH[phrase]
    match = _SUFFIX.match(phrase)
    if match and match["head"] in ZH:
        return ZH[match["head"]] + match["tail"]
    return phrase


def say(phrase: str, lang: str) -> str:
    """``phrase`` in ``lang`` (``en`` or ``zh``)."""
    return zh(phrase) if lang == "zh" else phrase
