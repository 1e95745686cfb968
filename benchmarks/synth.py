"""Synthetic claim bases for benchmarks: a Crux claims folder and, optionally, the same claims as a Hugo site.

    python benchmarks/synth.py --claims 1000 --out /tmp/bench/claims --hugo-out /tmp/bench/hugo --seed 0

The base is shaped like the real one, only larger:

* essays (``max(4, N // 500 + 4)``), each with an archived English text in which every quoted
  sentence occurs; Chinese digests (one per pair of essays, archived too); a few sources that the
  data values cite;
* datasets under ``data/`` (GPUs, training runs, clusters, inference set-ups, scaling-law fits),
  every value with its unit, source and place, every FLOP/s with its precision and sparsity;
* claims under ``<essay id>/<slug>.yaml``, in English and Chinese, with their section, tags from a
  vocabulary of 40, an English quote and often a Chinese one; one in ten is a prediction; about a
  third carry a check, rotating through every registered check kind, two in three of them
  supported and one in three contradicted (each states that verdict as ``expected_verdict``);
* about three outgoing edges per claim: supports of nearby earlier claims of the same essay and
  section, one in five a rebuttal of another essay's claim, and a few support cycles per thousand.

Every statement differs from every other in at least two of its parts, so the claim lint finds no
near-duplicates. The same arguments give byte-identical files. `generate` is the Python API;
`write_hugo` describes the Hugo twin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import yaml

MARKER = ".synth"
MIN_ESSAYS = 4
REBUT_SHARE = 0.2
OUT_DEGREES = (2, 3, 3, 4)
CYCLES_PER_THOUSAND = 3
CYCLE_SPAN = 4
ZH_QUOTE_SHARE = 0.5
ATTEMPTS = 60

# --- vocabulary: (English, Chinese) pairs -------------------------------------------------------

TAGS = (
    "thesis",
    "training",
    "inference",
    "hardware",
    "memory",
    "bandwidth",
    "interconnect",
    "precision",
    "fp8",
    "fp4",
    "mfu",
    "mbu",
    "clusters",
    "energy",
    "cooling",
    "scaling-laws",
    "data",
    "robotics",
    "agents",
    "coding",
    "economics",
    "funding",
    "policy",
    "open-models",
    "attention",
    "kv-cache",
    "compilers",
    "kernels",
    "parallelism",
    "latency",
    "price-performance",
    "supply-chain",
    "packaging",
    "benchmarks",
    "post-training",
    "reinforcement-learning",
    "forecasting",
    "agi",
    "superintelligence",
    "definitions",
)

SUBJECTS = (
    ("Rack-scale interconnects", "機櫃級互連"),
    ("Memory bandwidth", "記憶體頻寬"),
    ("HBM supply", "HBM 供應"),
    ("Low-precision training", "低精度訓練"),
    ("FP8 matrix units", "FP8 矩陣單元"),
    ("Sparse mixture-of-experts models", "稀疏混合專家模型"),
    ("Speculative decoding", "推測解碼"),
    ("Larger on-chip caches", "更大的片上快取"),
    ("Frontier labs", "前沿實驗室"),
    ("Open-weight models", "開放權重模型"),
    ("Kernel fusion", "算子融合"),
    ("Compiler autotuning", "編譯器自動調優"),
    ("Optical interconnects", "光互連"),
    ("Chiplet packaging", "小晶片封裝"),
    ("Power delivery limits", "供電限制"),
    ("Liquid cooling", "液冷"),
    ("Data-centre build-outs", "資料中心擴建"),
    ("Scaling laws", "規模定律"),
    ("Synthetic training data", "合成訓練資料"),
    ("Reinforcement learning from feedback", "基於回饋的強化學習"),
    ("Coding agents", "程式設計智能體"),
    ("Robotics data collection", "機器人資料收集"),
    ("Specialised robots", "專用機器人"),
    ("Energy prices", "能源價格"),
    ("Chip export rules", "晶片出口管制"),
    ("Venture funding", "風險投資"),
    ("R&D budgets", "研發預算"),
    ("KV-cache compression", "KV 快取壓縮"),
    ("Long-context attention", "長上下文注意力"),
    ("State-space models", "狀態空間模型"),
    ("Quantised inference", "量化推理"),
    ("Pipeline parallelism", "流水線並行"),
    ("Activation recomputation", "激活重計算"),
    ("Cluster networking", "叢集網路"),
    ("Edge devices", "邊緣裝置"),
    ("Smaller labs", "小型實驗室"),
    ("Post-training recipes", "後訓練方法"),
    ("Benchmark saturation", "基準測試飽和"),
    ("The <b>bold</b> scaling camp", "<b>激進的</b>規模派"),
    ('The "compute is destiny" view', "「算力決定一切」的觀點"),
)
PREDICATES = (
    ("will keep lowering", "將持續降低"),
    ("can no longer raise", "已無法再提高"),
    ("should steadily improve", "應會穩步改善"),
    ("will soon dominate", "很快將主導"),
    ("cannot fix", "無法解決"),
    ("will quietly reshape", "將悄然重塑"),
    ("may double", "可能倍增"),
    ("will erode", "將侵蝕"),
    ("can still unlock", "仍能釋放"),
    ("will not rescue", "無法挽救"),
    ("could undercut", "可能削弱"),
    ("must eventually limit", "終將限制"),
    ("will further concentrate", "將進一步集中"),
    ("can meaningfully shrink", "能大幅縮小"),
    ("will outpace", "將超越"),
    ("should not be confused with", "不應被混同於"),
    ("will be decided by", "將取決於"),
    ("tends to hide", "往往掩蓋"),
    ("will expose", "將暴露"),
    ("can substitute for", "可以替代"),
    ("will amplify", "將放大"),
    ("cannot keep pace with", "跟不上"),
    ("will gradually replace", "將逐步取代"),
    ("could slow down", "可能拖慢"),
    ("will reprice", "將重新定價"),
    ("might overturn", "可能推翻"),
    ("would sharply reduce", "將大幅降低"),
    ("will lock in", "將鎖定"),
    ("could make obsolete", "可能淘汰"),
    ("ought to guide", "應當引導"),
)
OBJECTS = (
    ("the cost of training frontier models", "訓練前沿模型的成本"),
    ("useful FLOPs per dollar", "每美元的可用 FLOPs"),
    ("decode latency", "解碼延遲"),
    ("the value of existing infrastructure", "現有基礎設施的價值"),
    ("the advantage of the largest labs", "最大實驗室的優勢"),
    ("progress on general-purpose robots", "通用機器人的進展"),
    ("the gap between open and closed models", "開放與封閉模型之間的差距"),
    ("the utilisation of accelerators", "加速器的利用率"),
    ("the economics of inference", "推理的經濟性"),
    ("memory-bound workloads", "受記憶體限制的工作負載"),
    ("the pace of hardware improvement", "硬體進步的速度"),
    ("the returns on further scaling", "進一步規模化的回報"),
    ("energy use per token", "每個 token 的能耗"),
    ("the price of HBM", "HBM 的價格"),
    ("training stability at low precision", "低精度下的訓練穩定性"),
    ("the reach of small research groups", "小型研究團隊的影響力"),
    ("demand for data-centre power", "資料中心的電力需求"),
    ("the usefulness of frozen models", "凍結模型的實用性"),
    ("interconnect bottlenecks", "互連瓶頸"),
    ("the case for specialised hardware", "專用硬體的理由"),
    ("software-hardware co-design", "軟硬體協同設計"),
    ("the supply of skilled engineers", "熟練工程師的供給"),
    ("benchmark progress", "基準測試的進展"),
    ("the cost of serving long contexts", "服務長上下文的成本"),
    ("sample efficiency", "樣本效率"),
    ("the lifetime of GPU fleets", "GPU 機群的使用壽命"),
    ("arithmetic intensity", "算術強度"),
    ("the latency & throughput trade-off", "延遲與吞吐量之間的權衡"),
    ("AGI timelines", "AGI 時間表"),
    ("the superintelligence debate", "關於超級智能的爭論"),
    ("chip yields", "晶片良率"),
    ("rack power density", "機櫃功率密度"),
    ("model distillation", "模型蒸餾"),
    ("the adoption of AI in industry", "AI 在產業中的採用"),
    ("the price of compute rentals", "算力租賃價格"),
    ("the reliability of large clusters", "大型叢集的可靠性"),
    ("attention kernels", "注意力核心"),
    ("the payoff from RL post-training", "強化學習後訓練的收益"),
    ("the share of compute spent on inference", "推理所佔的算力比例"),
    ("data quality", "資料品質"),
)
CONDITIONS = (
    ("over the next decade", "在未來十年內"),
    ("in large data centres", "在大型資料中心裡"),
    ("for small research groups", "對小型研究團隊而言"),
    ("once power becomes the binding limit", "一旦電力成為硬性約束"),
    ("at frontier scale", "在前沿規模上"),
    ("in consumer devices", "在消費級裝置上"),
    ("under current export rules", "在現行出口管制下"),
    ("when memory is the bottleneck", "當記憶體成為瓶頸時"),
    ("for open-weight deployments", "對開放權重部署而言"),
    ("in production serving", "在生產環境的推理服務中"),
    ("during long training runs", "在長時間的訓練中"),
    ("as clusters grow", "隨著叢集擴大"),
    ("for agentic workloads", "對智能體工作負載而言"),
    ("in the coming hardware generation", "在下一代硬體中"),
    ("without new algorithms", "在沒有新演算法的情況下"),
    ("if funding tightens", "如果資金收緊"),
    ("for robotics companies", "對機器人公司而言"),
    ("in regulated industries", "在受監管的行業中"),
    ("for batch inference", "對批次推理而言"),
    ("at the edge", "在邊緣端"),
    ("before the next funding cycle", "在下一輪融資週期之前"),
    ("in academic labs", "在學術實驗室中"),
    ("on commodity hardware", "在通用硬體上"),
    ("for multilingual models", "對多語言模型而言"),
    ("in dense transformer training", "在稠密 Transformer 訓練中"),
    ("for long-context applications", "對長上下文應用而言"),
    ("in the current investment boom", "在當前的投資熱潮中"),
    ("for national AI programmes", "對國家級 AI 計畫而言"),
    ("across the whole stack", "在整個技術棧上"),
    ("in practice rather than in theory", "在實踐中而非理論上"),
)
TERMS = (
    ("MFU", "MFU"),
    ("MBU", "MBU"),
    ("usable FLOPs", "可用 FLOPs"),
    ("AGI", "AGI"),
    ("superintelligence", "超級智能"),
    ("a crux", "關鍵分歧"),
    ("rack-scale", "機櫃級"),
    ("the memory wall", "記憶體牆"),
    ("co-design", "協同設計"),
    ("the frontier", "前沿"),
    ("scaling", "規模化"),
    ("a one-off feature", "一次性特性"),
    ("arithmetic intensity", "算術強度"),
    ("the ridge point", "脊點"),
    ("HFU", "HFU"),
    ("an accelerator", "加速器"),
    ("a useful model", "有用的模型"),
    ("compute-optimal training", "算力最優訓練"),
    ("inference-aware design", "推理感知設計"),
    ("post-training", "後訓練"),
    ("low precision", "低精度"),
    ("a kernel", "核心函數"),
    ("a cluster", "叢集"),
    ("a token", "token"),
)
MEANINGS = (
    ("the ratio of achieved to peak throughput", "實際吞吐量與峰值吞吐量之比"),
    ("work that can be counted in FLOPs", "可以用 FLOPs 計量的工作"),
    ("a system that does economically useful work", "能完成有經濟價值工作的系統"),
    ("the point where memory stops keeping up", "記憶體跟不上計算的那一點"),
    ("a disagreement that decides the argument", "決定整個爭論的分歧"),
    ("hardware designed together with its software", "與軟體一同設計的硬體"),
    ("the best that any lab can currently build", "任何實驗室目前能造出的最好水準"),
    ("growth in parameters, data and compute together", "參數、資料與算力的同步增長"),
    ("an improvement that cannot be repeated", "無法重複的改進"),
    ("operations per byte moved from memory", "每搬運一個字節所做的運算"),
    ("the intensity at which a kernel becomes compute-bound", "核心函數轉為受算力限制時的強度"),
    ("hardware FLOPs including recomputation", "包括重計算在內的硬體 FLOPs"),
    ("a chip built for dense matrix arithmetic", "為稠密矩陣運算而造的晶片"),
    ("a model that people pay to use", "人們願意付費使用的模型"),
    ("training with the loss-minimising split of compute", "以損失最小的方式分配算力的訓練"),
    ("choosing a model shape for cheap serving", "為廉價推理而選擇模型形狀"),
    ("everything done to a model after pre-training", "預訓練之後對模型所做的一切"),
    ("number formats below sixteen bits", "低於十六位的數值格式"),
    ("one fused program running on the accelerator", "在加速器上運行的一個融合程式"),
    ("machines that train one model together", "共同訓練一個模型的機器"),
)
LEADS = (
    ("On published figures,", "按已公開的數據,"),
    ("By the author's own accounting,", "按作者自己的計算,"),
    ("Taken at face value,", "照字面理解,"),
    ("According to the essay,", "據文章所述,"),
    ("On the vendor's numbers,", "按廠商給出的數字,"),
    ("In the author's telling,", "在作者的敘述中,"),
    ("Read literally,", "按字面解讀,"),
    ("As the essay frames it,", "按文章的框架,"),
    ("On a per-GPU basis,", "以每張 GPU 計,"),
    ("In round numbers,", "以整數計,"),
    ("Judging by public reports,", "從公開報告來看,"),
    ("On paper,", "紙面上,"),
    ("In the essay's own example,", "在文章自己的例子中,"),
    ("By the usual measure,", "按通常的衡量方式,"),
    ("As reported,", "據報導,"),
    ("In the author's benchmark,", "在作者的基準測試中,"),
    ("On the essay's assumptions,", "在文章的假設下,"),
    ("Crudely put,", "粗略地說,"),
    ("At the headline level,", "從標題數字看,"),
    ("By the essay's arithmetic,", "按文章的算法,"),
)
OPENERS = (
    "I would argue that",
    "It is worth saying plainly that",
    "My reading of the evidence is that",
    "Put simply,",
    "The uncomfortable truth is that",
    "As far as I can tell,",
    "What the numbers show is that",
    "Let me be clear:",
    "It follows that",
    "Here is the point:",
    "In short,",
    "I am convinced that",
)
OPENERS_ZH = (
    "作者認為,",
    "文章指出,",
    "作者強調,",
    "按作者的說法,",
    "文中寫道,",
    "作者進一步指出,",
    "作者的結論是,",
    "文章認為,",
)
FILLERS = (
    "This point is often overlooked.",
    "The details matter here.",
    "Consider what this means in practice.",
    "It is easy to miss how much has changed.",
    "Not everyone will agree with this.",
    "I have seen this pattern before.",
    "The history of computing is full of such turns.",
    "Let me explain why.",
    "This is where the argument gets interesting.",
    "The trade-offs are real.",
    "We should be careful with the numbers.",
    "None of this is new, but it is underrated.",
    "Engineers know this from experience.",
    "The counter-argument deserves a hearing.",
    "That is the crux of the matter.",
    "Bear with me for a moment.",
    "The evidence points in one direction.",
    "Few people outside the field notice this.",
)
FILLERS_ZH = (
    "這一點常被忽視。",
    "細節在這裡很重要。",
    "這并非新觀點,卻常被低估。",
    "讀者未必都會同意。",
    "這正是爭論的關鍵。",
    "數字需要謹慎解讀。",
)
NOTES = (
    "Synthetic check: the inputs are generated, the arithmetic is real.",
    "The essay's wording leaves the precision open; the dense peak is used.",
    "Read as the claim's headline number; the readings show other framings.",
    "Bounds on the inputs come from the spread between reports.",
)
TITLES = (
    "The Memory Wall Is Closing In",
    "Why Scaling Will Not Save Us",
    "Compute Is Not the Bottleneck",
    "The Case for Smaller Models",
    "Hardware Is Still Getting Better",
    "Against the Superintelligence Thesis",
    "What Utilisation Numbers Hide",
    "The Economics of Inference",
    "Robots Are Harder Than Chatbots",
    "Open Weights Will Win",
    "The Rack Is the New Computer",
    "Low Precision, High Stakes",
    "Energy Is the Real Limit",
    "Agents Change the Equation",
    "The End of Free Lunches",
    "Why AGI Is Closer Than It Looks",
    "Clusters Without End",
    "The Myth of Diminishing Returns",
    "Data, Not FLOPs",
    "A Skeptic's Guide to Benchmarks",
    "The Frontier Is a Moving Target",
    "Co-design or Bust",
    "Inference Will Eat Training",
    "Beyond the Transformer",
)
AUTHORS = (
    "Amara Okafor",
    "Lukas Brandt",
    "Mei Chen",
    "Rafael Ortiz",
    "Sunita Rao",
    "Jonas Eklund",
    "Hana Sato",
    "Tomasz Nowak",
    "Leila Haddad",
    "Owen Price",
    "Ines Duarte",
    "Kwame Mensah",
    "Freya Lindqvist",
    "Diego Alvarez",
    "Priya Nair",
    "Henrik Vogel",
    "Yuki Tanaka",
    "Sofia Rossi",
    "Emeka Obi",
    "Clara Weiss",
    "Arjun Mehta",
    "Nadia Petrova",
    "Samuel Cohen",
    "Zara Khan",
)
TOPICS = (
    ("Computation is physical", "計算是物理的", ("hardware", "energy")),
    ("The memory wall", "記憶體牆", ("memory", "bandwidth")),
    ("Interconnects and racks", "互連與機櫃", ("interconnect", "clusters")),
    ("Precision and numerics", "精度與數值", ("precision", "fp8")),
    ("Training efficiency", "訓練效率", ("training", "mfu")),
    ("Inference efficiency", "推理效率", ("inference", "mbu")),
    ("Cluster size", "叢集規模", ("clusters", "scaling-laws")),
    ("Scaling laws", "規模定律", ("scaling-laws", "forecasting")),
    ("The price of progress", "進步的代價", ("economics", "price-performance")),
    ("Energy and cooling", "能源與冷卻", ("energy", "cooling")),
    ("Robots and the physical world", "機器人與物理世界", ("robotics", "agi")),
    ("Agents at work", "工作中的智能體", ("agents", "coding")),
    ("Open models", "開放模型", ("open-models", "economics")),
    ("Attention and long context", "注意力與長上下文", ("attention", "kv-cache")),
    ("Kernels and compilers", "核心與編譯器", ("kernels", "compilers")),
    ("Parallelism", "並行化", ("parallelism", "training")),
    ("Latency matters", "延遲很重要", ("latency", "inference")),
    ("Supply chains", "供應鏈", ("supply-chain", "packaging")),
    ("Benchmarks", "基準測試", ("benchmarks", "agi")),
    ("Post-training", "後訓練", ("post-training", "reinforcement-learning")),
    ("Funding and policy", "資金與政策", ("funding", "policy")),
    ("Superintelligence", "超級智能", ("superintelligence", "agi")),
    ("What words mean", "詞語的含義", ("definitions", "agi")),
    ("Data", "資料", ("data", "training")),
    ("FP4 and below", "FP4 及更低精度", ("fp4", "precision")),
    ("Hardware generations", "硬體世代", ("hardware", "price-performance")),
    ("Utilisation", "利用率", ("mfu", "mbu")),
    ("Forecasts", "預測", ("forecasting", "agi")),
    ("Packaging and chiplets", "封裝與小晶片", ("packaging", "hardware")),
    ("What the critics miss", "批評者忽略了什麼", ("agi", "economics")),
    ("Serving at scale", "大規模推理服務", ("inference", "economics")),
    ("Reinforcement learning", "強化學習", ("reinforcement-learning", "agents")),
    ("The cost curve", "成本曲線", ("price-performance", "economics")),
    ("Coding as a test case", "以程式設計為例", ("coding", "benchmarks")),
    ("Bandwidth budgets", "頻寬預算", ("bandwidth", "memory")),
    ("The policy backdrop", "政策背景", ("policy", "supply-chain")),
    ("Long context", "長上下文", ("kv-cache", "latency")),
    ("Cooling the racks", "為機櫃降溫", ("cooling", "interconnect")),
    ("Low-precision kernels", "低精度核心", ("kernels", "fp8")),
    ("Where this leaves AGI", "AGI 何去何從", ("agi", "superintelligence")),
)
VENDORS = ("Arcturus", "Borealis", "Cygnus", "Draco", "Eridanus")
LABS = (
    ("helix-lab-run-reports", "Helix Lab"),
    ("norda-ai-tech-report", "Norda AI"),
    ("quanta-research-training-notes", "Quanta Research"),
)
RUN_NAMES = ("Helios", "Lyra", "Orion", "Vega", "Altair", "Rigel", "Deneb", "Mira", "Talos", "Sirius", "Atlas", "Nova")
CLUSTER_NAMES = ("Kestrel", "Osprey", "Falcon", "Harrier", "Merlin", "Condor", "Petrel", "Gannet", "Heron", "Ibis")
ENGINES = ("Vesta", "Juno", "Ceres", "Pallas", "Hebe", "Iris")
FIT_NAMES = ("Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fjord")
PRECISIONS = {"fp32": "FP32", "bf16": "BF16", "fp8": "FP8", "fp4": "FP4"}
MARKS = {"%": ("%", "%"), "1": ("×", " 倍"), "FLOP/B": (" FLOP per byte", " FLOP/B")}
STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "their",
        "this",
        "to",
        "will",
        "with",
    }
)


# --- records being planned ----------------------------------------------------------------------


@dataclass
class Section:
    """A heading of an essay and the claims under it (``start``: the essay position of its first)."""

    heading: str
    heading_zh: str
    tags: tuple[str, ...]
    start: int
    size: int
    claims: list[ClaimPlan] = field(default_factory=list)


@dataclass
class ClaimPlan:
    """A claim before it is written; ``fields`` holds what only some kinds have (prediction, check)."""

    id: str
    source: str
    section: Section
    position: int
    kind: str
    statement: str
    statement_zh: str
    tags: list[str]
    quotes: list[tuple[str, str]]
    fields: dict = field(default_factory=dict)
    supports: list[str] = field(default_factory=list)
    rebuts: list[str] = field(default_factory=list)

    def targets(self) -> list[str]:
        return [*self.supports, *self.rebuts]


@dataclass
class Essay:
    """An essay source, its sections and claims; ``topics`` is the order its sections take topics in."""

    id: str
    title: str
    author: str
    published: dt.date
    digest: str = ""
    sections: list[Section] = field(default_factory=list)
    claims: list[ClaimPlan] = field(default_factory=list)
    slugs: set[str] = field(default_factory=set)
    topics: list[tuple] = field(default_factory=list)


@dataclass
class Data:
    """The datasets (dataset → entry id → entry), the sources their values cite, and which GPU
    each training run and cluster used."""

    sets: dict[str, dict[str, dict]]
    sources: list[dict]
    uses: dict[str, str]

    def value(self, ref: str) -> float:
        dataset, entry, name = ref.split(".")
        return self.sets[dataset][entry]["values"][name]["value"]

    def has(self, ref: str) -> bool:
        dataset, entry, name = ref.split(".")
        return name in self.sets[dataset][entry]["values"]

    def label(self, dataset: str, entry: str) -> str:
        return self.sets[dataset][entry]["label"]

    def ids(self, dataset: str) -> list[str]:
        return list(self.sets[dataset])


@dataclass
class Recipe:
    """One check as a claim states it: inputs, the value they give (in ``unit``), and the claim's
    words with ``{n}`` where its number goes."""

    inputs: dict
    value: float
    unit: str
    en: str
    zh: str
    slots: tuple
    readings: list = field(default_factory=list)
    years: bool = False


class Wording(NamedTuple):
    """A claim's words and kind-specific fields; ``slug`` is the text its file name comes from."""

    statement: str
    zh: str
    fields: dict
    slug: str


@dataclass
class Plan:
    """Everything `generate` writes: essays with their claims, digests, datasets and archive texts."""

    essays: list[Essay]
    digests: list[dict]
    data: Data
    archives: dict[str, str]

    @property
    def claims(self) -> list[ClaimPlan]:
        return [c for e in self.essays for c in e.claims]

    def sources(self) -> list[dict]:
        return [*map(_essay_source, self.essays), *self.digests, *self.data.sources]


@dataclass
class Summary:
    """What `generate` wrote."""

    claims: int
    sources: int
    essays: int
    values: int
    predictions: int
    checks: dict[str, int]
    verdicts: dict[str, int]
    supports: int
    rebuts: int
    cycles: int  # elementary support cycles
    files: int
    hugo_files: int = 0

    @property
    def edges(self) -> int:
        return self.supports + self.rebuts

    def report(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in self.checks.items())
        verdicts = ", ".join(f"{verdict} {count}" for verdict, count in self.verdicts.items())
        per_claim = self.edges / max(self.claims, 1)
        hugo = f"; Hugo twin: {self.hugo_files} files" if self.hugo_files else ""
        return "\n".join(
            [
                f"{self.claims} claims from {self.essays} essays, {self.sources} sources, {self.values} dataset values",
                f"{self.predictions} predictions; {sum(self.checks.values())} checks ({verdicts})",
                f"checks by kind: {kinds}",
                f"{self.edges} edges ({self.supports} supports, {self.rebuts} rebuts, {per_claim:.2f} per claim), {self.cycles} support cycles",
                f"{self.files} files{hugo}",
            ]
        )


# --- the Python API -----------------------------------------------------------------------------


def generate(n: int, out: Path | str, hugo_out: Path | str | None = None, seed: int = 0) -> Summary:
    """Write a synthetic base of ``n`` claims into ``out`` (and its Hugo twin into ``hugo_out``).

    ``out`` and ``hugo_out`` must be missing, empty or earlier outputs of this generator.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    plan = plan_base(n, seed)
    files = write_crux(Path(out), plan)
    hugo_files = write_hugo(Path(hugo_out), plan) if hugo_out is not None else 0
    return _summary(plan, files, hugo_files)


def plan_base(n: int, seed: int = 0) -> Plan:
    """Every record and text of the base, before anything is written."""
    rng = random.Random(seed)
    data = _data(rng, n)
    essays = _essays(min(n, max(MIN_ESSAYS, n // 500 + 4)))
    digests = _digests(essays)
    _plan_claims(rng, n, essays, data)
    _link(rng, essays, n)
    archives = {f"{e.id}.md": _essay_archive(rng, e) for e in essays}
    archives |= {d["archive"]: _digest_archive(rng, d, essays) for d in digests}
    return Plan(essays, digests, data, archives)


def _summary(plan: Plan, files: int, hugo_files: int) -> Summary:
    claims = plan.claims
    checks = Counter(c.fields["check"]["kind"] for c in claims if "check" in c.fields)
    verdicts = Counter(c.fields["expected_verdict"] for c in claims if "check" in c.fields)
    return Summary(
        claims=len(claims),
        sources=len(plan.sources()),
        essays=len(plan.essays),
        values=sum(len(e["values"]) for entries in plan.data.sets.values() for e in entries.values()),
        predictions=sum(c.kind == "prediction" for c in claims),
        checks=dict(sorted(checks.items())),
        verdicts=dict(sorted(verdicts.items())),
        supports=sum(len(c.supports) for c in claims),
        rebuts=sum(len(c.rebuts) for c in claims),
        cycles=_support_cycles(claims),
        files=files,
        hugo_files=hugo_files,
    )


def _support_cycles(claims: list[ClaimPlan]) -> int:
    """How many elementary support cycles there are (the ones `kb validate` lists as notes)."""
    graph = nx.DiGraph([(c.id, target) for c in claims for target in c.supports])
    return sum(1 for _ in nx.simple_cycles(graph))


# --- small helpers ------------------------------------------------------------------------------


def _sig(x: float, digits: int) -> float:
    return float(f"{x:.{digits}g}")


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:g}"


def _slug(text: str, words: int) -> str:
    kept = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 1]
    return "-".join(kept[:words]) or "claim"


def _unique(name: str, seen: set[str]) -> str:
    candidate, k = name, 1
    while candidate in seen:
        k += 1
        candidate = f"{name}-{k}"
    seen.add(candidate)
    return candidate


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _join(labels: list[str]) -> str:
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _m(value: float, unit: str, source: str, at: str, **extra) -> dict:
    """A measurement as a dataset or an inline check input writes it."""
    return {"value": value, "unit": unit, **extra, "source": source, "at": at}


def _reading(label: str, **inputs) -> dict:
    return {"label": label, "inputs": inputs}


# --- datasets -----------------------------------------------------------------------------------


def _data(rng: random.Random, n: int) -> Data:
    gpus = _gpus(rng, 10 + n // 250)
    runs, run_gpus = _runs(rng, 8 + n // 400, gpus)
    clusters, cluster_gpus = _clusters(rng, 8 + n // 400, gpus)
    sets = {
        "gpus": gpus,
        "training-runs": runs,
        "clusters": clusters,
        "inference": _inference(rng, 6 + n // 500),
        "scaling-fits": _fits(rng, 4 + n // 2500),
    }
    return Data(sets, _data_sources(), run_gpus | cluster_gpus)


def _data_sources() -> list[dict]:
    records = [
        (f"{v.lower()}-datasheets", f"{v} accelerator datasheets", f"{v} Semiconductor", "datasheet") for v in VENDORS
    ]
    records += [(source, f"{lab} training-run reports", lab, "paper") for source, lab in LABS]
    records += [
        ("cluster-watch-roundup", "The cluster roundup", "Cluster Watch", "article"),
        ("servebench-2025", "Decoding benchmarks", "ServeBench", "blog"),
        ("scaling-refits-2024", "Refitting the Chinchilla law", "R. Example et al.", "paper"),
    ]
    return [
        {
            "id": i,
            "title": title,
            "author": author,
            "url": f"https://data.example.org/{i}",
            "published": dt.date(2024, 6, 1),
            "language": "en",
            "kind": kind,
            "notes": "Synthetic source for benchmark data values.",
        }
        for i, title, author, kind in records
    ]


def _gpus(rng: random.Random, count: int) -> dict[str, dict]:
    entries = {}
    for i in range(count):
        vendor = VENDORS[i % len(VENDORS)]
        code = f"{vendor[0]}X-{i // len(VENDORS) + 1}"
        entries[f"{vendor.lower()}-{code.lower()}"] = _gpu(rng, vendor, code, 2016 + i * 11 // count)
    return entries


def _gpu(rng: random.Random, vendor: str, code: str, year: int) -> dict:
    gen, source = year - 2016, f"{vendor.lower()}-datasheets"
    fp32 = _sig(8 * 1.28**gen * rng.uniform(0.85, 1.15), 3)
    bf16 = _sig(fp32 * rng.uniform(7, 14), 3)
    values = {
        f"{p}_dense": _m(
            peak, "TFLOP/s", source, f"{code} datasheet, dense {PRECISIONS[p]} row", precision=p, sparsity="dense"
        )
        for p, peak in (("fp32", fp32), ("bf16", bf16), ("fp8", 2 * bf16), ("fp4", 4 * bf16))
    }
    bandwidth = _sig(0.6 * 1.25**gen * rng.uniform(0.85, 1.15), 3)
    sms, exp_per_clock = rng.randint(60, 160), rng.choice((16, 16, 32))
    values |= {
        "memory_bandwidth": _m(
            bandwidth, "TB/s", source, f"{code} datasheet, memory section", low=_sig(0.97 * bandwidth, 3)
        ),
        "launch_price": _m(
            round(rng.choice((1, 12)) * 900 * 1.12**gen * rng.uniform(0.7, 1.4), -1),
            "USD",
            source,
            f"{code} launch price list",
        ),
        "launch_year": _m(year, "1", source, f"{code} launch announcement"),
        "tensor_flops_per_clock_per_sm": _m(
            512 * 2 ** (gen // 3), "FLOP/clock", source, f"{code} architecture whitepaper, tensor core table"
        ),
        "sms": _m(sms, "1", source, f"{code} architecture whitepaper, SM count"),
        "tensor_clock": _m(
            _sig(bf16 * 1e3 / (sms * 512 * 2 ** (gen // 3)), 3), "GHz", source, f"{code} datasheet, tensor clock"
        ),
        "exp_per_clock_per_sm": _m(
            exp_per_clock, "exp/clock", source, f"{code} architecture whitepaper, special-function units"
        ),
        "exp_throughput": _m(
            _sig(exp_per_clock * sms * rng.uniform(1.4, 2.0) * 1e9, 3),
            "exp/s",
            source,
            f"{code}: exp/clock x {sms} SMs x boost clock",
        ),
    }
    return {"label": f"{vendor} {code}", "year": year, "values": values}


def _runs(rng: random.Random, count: int, gpus: dict[str, dict]) -> tuple[dict[str, dict], dict[str, str]]:
    entries, uses = {}, {}
    for i in range(count):
        name = RUN_NAMES[i % len(RUN_NAMES)] + (f"-{i // len(RUN_NAMES) + 1}" if i >= len(RUN_NAMES) else "")
        size = rng.choice((7, 13, 34, 70, 180, 400))
        run_id, gpu = f"{name.lower()}-{size}b", rng.choice(list(gpus))
        peak = gpus[gpu]["values"]["bf16_dense"]["value"]
        entries[run_id] = _run(rng, f"{name}-{size}B pre-training run", LABS[i % len(LABS)][0], size, peak)
        uses[run_id] = gpu
    return entries, uses


def _run(rng: random.Random, label: str, source: str, size: int, peak: float) -> dict:
    params, tokens = size * 1e9, _sig(size * rng.uniform(15, 60) * 1e9, 3)
    mfu, recompute = round(rng.uniform(0.2, 0.55), 2), rng.choice((1.0, 1.333))
    achieved = _sig(mfu * peak, 4)
    values = {
        "active_params": _m(params, "param", source, "model card, parameter count"),
        "tokens": _m(tokens, "token", source, "data section, training tokens"),
        "gpu_hours": _m(
            _sig(6 * params * tokens / (3600 * peak * 1e12 * mfu), 4), "GPU*hour", source, "compute section, GPU-hours"
        ),
        "mfu": _m(mfu, "1", source, "efficiency table, MFU", low=round(mfu - 0.01, 2), high=round(mfu + 0.01, 2)),
        "achieved_per_gpu": _m(
            achieved, "TFLOP/s", source, "throughput table, model FLOP/s per GPU", precision="bf16", sparsity="dense"
        ),
        "reported_throughput": _m(
            _sig(achieved * recompute, 4),
            "TFLOP/s",
            source,
            "throughput log, hardware FLOP/s per GPU",
            precision="bf16",
            sparsity="dense",
            basis="hardware FLOPs with recomputation (HFU)",
        ),
        "recompute_factor": _m(recompute, "1", source, "training set-up, activation checkpointing"),
    }
    if rng.random() < 0.5:
        values["flops_per_token"] = _m(
            _sig(6 * size * 1.08, 4), "GFLOP/token", source, "cost table, FLOPs per token with attention"
        )
    return {"label": label, "year": rng.randint(2021, 2025), "values": values}


def _clusters(rng: random.Random, count: int, gpus: dict[str, dict]) -> tuple[dict[str, dict], dict[str, str]]:
    entries, uses = {}, {}
    for i in range(count):
        name = CLUSTER_NAMES[i % len(CLUSTER_NAMES)] + (
            f"-{i // len(CLUSTER_NAMES) + 1}" if i >= len(CLUSTER_NAMES) else ""
        )
        size, gpu = (
            rng.choice((1024, 2048, 4096, 8192, 16384, 24576, 32768, 49152, 100000, 131072, 200000)),
            rng.choice(list(gpus)),
        )
        entries[f"{name.lower()}-cluster"] = {
            "label": f"{name} cluster",
            "year": rng.randint(2022, 2026),
            "values": {"gpus": _m(size, "GPU", "cluster-watch-roundup", f"{name} entry, GPU count")},
        }
        uses[f"{name.lower()}-cluster"] = gpu
    return entries, uses


def _inference(rng: random.Random, count: int) -> dict[str, dict]:
    entries, seen = {}, set()
    for i in range(count):
        engine, size = ENGINES[i % len(ENGINES)], rng.choice((1, 8, 70))
        mbu = round(rng.uniform(0.35, 0.85), 2)
        entries[_unique(f"{engine.lower()}-{size}b", seen)] = {
            "label": f"{engine} ({size}B model)",
            "year": 2025,
            "values": {
                "mbu": _m(
                    mbu,
                    "1",
                    "servebench-2025",
                    f"{engine} row, bandwidth utilisation",
                    low=round(mbu - 0.02, 2),
                    high=round(mbu + 0.02, 2),
                ),
                "batch_size": _m(rng.choice((1, 1, 2, 4, 8)), "1", "servebench-2025", f"{engine} row, batch size"),
                "bytes_per_param": _m(
                    rng.choice((0.5, 1, 2)), "B/param", "servebench-2025", f"{engine} row, weight format"
                ),
                "head_dim": _m(
                    rng.choice((64, 128, 256)), "1", "servebench-2025", f"{engine} row, attention head size"
                ),
            },
        }
    return entries


def _fits(rng: random.Random, count: int) -> dict[str, dict]:
    entries = {}
    for i in range(count):
        name = FIT_NAMES[i % len(FIT_NAMES)] + (f"-{i // len(FIT_NAMES) + 1}" if i >= len(FIT_NAMES) else "")
        fitted = {
            "e": 1.69 * rng.uniform(0.9, 1.1),
            "a": 406 * rng.uniform(0.8, 1.2),
            "b": 410 * rng.uniform(0.8, 1.5),
            "alpha": rng.uniform(0.28, 0.38),
            "beta": rng.uniform(0.26, 0.37),
        }
        entries[f"{name.lower()}-refit"] = {
            "label": f"the {name} refit",
            "year": 2024,
            "values": {
                key: _m(_sig(v, 4), "1", "scaling-refits-2024", f"{name} refit, {key}") for key, v in fitted.items()
            },
        }
    return entries


# --- checks: one recipe per registered check kind -----------------------------------------------


def _gpu_pair(rng: random.Random, data: Data) -> list[str]:
    return sorted(rng.sample(data.ids("gpus"), 2), key=lambda g: (data.value(f"gpus.{g}.launch_year"), g))


def _mfu_from_gpu_hours(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    run = rng.choice(data.ids("training-runs"))
    gpu, r = data.uses[run], f"training-runs.{run}"
    inputs = {
        "params": f"{r}.active_params",
        "tokens": f"{r}.tokens",
        "gpu_hours": f"{r}.gpu_hours",
        "peak": f"gpus.{gpu}.bf16_dense",
    }
    flops = 6 * data.value(inputs["params"]) * data.value(inputs["tokens"])
    if data.has(f"{r}.flops_per_token") and rng.random() < 0.5:
        inputs["flops_per_token"] = f"{r}.flops_per_token"
        flops = data.value(inputs["flops_per_token"]) * 1e9 * data.value(inputs["tokens"])
    mfu = flops / (data.value(inputs["gpu_hours"]) * 3600 * data.value(inputs["peak"]) * 1e12)
    run_label, gpu_label = data.label("training-runs", run), data.label("gpus", gpu)
    return Recipe(
        inputs,
        100 * mfu,
        "%",
        f"the {run_label} ran at {{n}} model FLOP utilisation on {gpu_label} GPUs",
        f"{run_label}在 {gpu_label} 上的模型 FLOP 利用率為{{n}}",
        (run, len(inputs)),
        [_reading("against the dense FP8 peak", peak=f"gpus.{gpu}.fp8_dense")],
    )


def _mfu_from_throughput(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    run = rng.choice(data.ids("training-runs"))
    gpu = data.uses[run]
    inputs = {"achieved": f"training-runs.{run}.achieved_per_gpu", "peak": f"gpus.{gpu}.bf16_dense"}
    run_label, gpu_label = data.label("training-runs", run), data.label("gpus", gpu)
    return Recipe(
        inputs,
        100 * data.value(inputs["achieved"]) / data.value(inputs["peak"]),
        "%",
        f"the {run_label} reached {{n}} MFU against the dense BF16 peak of the {gpu_label}",
        f"{run_label}相對 {gpu_label} 的稠密 BF16 峰值達到了{{n}}的 MFU",
        (run,),
        [_reading("against the dense FP8 peak", peak=f"gpus.{gpu}.fp8_dense")],
    )


def _mfu_from_hardware_throughput(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    run = rng.choice(data.ids("training-runs"))
    gpu, r = data.uses[run], f"training-runs.{run}"
    inputs = {
        "achieved_hardware": f"{r}.reported_throughput",
        "recompute_factor": f"{r}.recompute_factor",
        "peak": f"gpus.{gpu}.bf16_dense",
    }
    mfu = data.value(inputs["achieved_hardware"]) / data.value(inputs["peak"]) / data.value(inputs["recompute_factor"])
    no_recompute = _m(1, "1", essay.id, "the essay compares the reported throughput with the peak directly")
    run_label, gpu_label = data.label("training-runs", run), data.label("gpus", gpu)
    return Recipe(
        inputs,
        100 * mfu,
        "%",
        f"the {run_label} reached {{n}} MFU on the {gpu_label} after discounting recomputation",
        f"扣除重計算後,{run_label}在 {gpu_label} 上的 MFU 為{{n}}",
        (run,),
        [_reading("the reported throughput read as MFU", recompute_factor=no_recompute)],
    )


def _peak_ratio(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new = _gpu_pair(rng, data)
    precision = rng.choice(list(PRECISIONS))
    inputs = {"new": f"gpus.{new}.{precision}_dense", "old": f"gpus.{old}.{precision}_dense"}
    new_label, old_label, p = data.label("gpus", new), data.label("gpus", old), PRECISIONS[precision]
    return Recipe(
        inputs,
        data.value(inputs["new"]) / data.value(inputs["old"]),
        "1",
        f"the {new_label} offers {{n}} the dense {p} peak of the {old_label}",
        f"{new_label} 的稠密 {p} 峰值是 {old_label} 的{{n}}",
        (new, old, precision),
    )


def _rate_ratio(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new = _gpu_pair(rng, data)
    inputs = {"new": f"gpus.{new}.exp_throughput", "old": f"gpus.{old}.exp_throughput"}
    new_label, old_label = data.label("gpus", new), data.label("gpus", old)
    return Recipe(
        inputs,
        data.value(inputs["new"]) / data.value(inputs["old"]),
        "1",
        f"the {new_label} evaluates exponentials {{n}} as fast as the {old_label}",
        f"{new_label} 計算指數函數的速度是 {old_label} 的{{n}}",
        (new, old),
    )


def _usable_flops_multiple(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new = _gpu_pair(rng, data)
    new_p, old_p = rng.choice((("fp4", "fp8"), ("fp8", "bf16"), ("fp4", "bf16")))
    target = rng.choice(data.ids("training-runs"))
    inputs = {
        "new_peak": f"gpus.{new}.{new_p}_dense",
        "old_peak": f"gpus.{old}.{old_p}_dense",
        "current_mfu": _m(0.2, "1", essay.id, "the essay's figure for today's MFU"),
        "target_mfu": f"training-runs.{target}.mfu",
    }
    value = data.value(inputs["new_peak"]) / data.value(inputs["old_peak"]) * data.value(inputs["target_mfu"]) / 0.2
    new_label, old_label = data.label("gpus", new), data.label("gpus", old)
    return Recipe(
        inputs,
        value,
        "1",
        f"moving from {PRECISIONS[old_p]} on the {old_label} to {PRECISIONS[new_p]} on the {new_label} at higher MFU gives {{n}} the usable FLOPs",
        f"從 {old_label} 上的 {PRECISIONS[old_p]} 轉到 {new_label} 上的 {PRECISIONS[new_p]} 並提高 MFU,可用 FLOPs 將變為{{n}}",
        (new, old, new_p, old_p, target),
    )


def _cluster_scale(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    new, old = rng.sample(data.ids("clusters"), 2)
    inputs = {"gpus_new": f"clusters.{new}.gpus", "gpus_old": f"clusters.{old}.gpus"}
    new_label, old_label = data.label("clusters", new), data.label("clusters", old)
    return Recipe(
        inputs,
        data.value(inputs["gpus_new"]) / data.value(inputs["gpus_old"]),
        "1",
        f"the {new_label} has {{n}} as many GPUs as the {old_label}",
        f"{new_label} 的 GPU 數量是 {old_label} 的{{n}}",
        (new, old),
        [_reading("against another cluster", gpus_old=f"clusters.{rng.choice(data.ids('clusters'))}.gpus")],
    )


def _cluster_scale_by_peak(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    new, old = rng.sample(data.ids("clusters"), 2)
    inputs = {
        "gpus_new": f"clusters.{new}.gpus",
        "peak_new": f"gpus.{data.uses[new]}.bf16_dense",
        "gpus_old": f"clusters.{old}.gpus",
        "peak_old": f"gpus.{data.uses[old]}.bf16_dense",
    }
    value = (
        data.value(inputs["gpus_new"])
        * data.value(inputs["peak_new"])
        / (data.value(inputs["gpus_old"]) * data.value(inputs["peak_old"]))
    )
    new_label, old_label = data.label("clusters", new), data.label("clusters", old)
    return Recipe(
        inputs,
        value,
        "1",
        f"by aggregate BF16 peak, the {new_label} is {{n}} the size of the {old_label}",
        f"按 BF16 總峰值計,{new_label} 的規模是 {old_label} 的{{n}}",
        (new, old),
    )


def _best_measured(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    setups = sorted(rng.sample(data.ids("inference"), rng.randint(2, 3)))
    inputs = {"measurements": [f"inference.{s}.mbu" for s in setups]}
    labels = [data.label("inference", s) for s in setups]
    return Recipe(
        inputs,
        100 * max(map(data.value, inputs["measurements"])),
        "%",
        f"the best of {_join(labels)} reaches {{n}} memory-bandwidth utilisation",
        f"{'、'.join(labels)}之中最好的可達到{{n}}的記憶體頻寬利用率",
        tuple(setups),
    )


def _decode_mfu(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    setup, gpu = rng.choice(data.ids("inference")), rng.choice(data.ids("gpus"))
    s = f"inference.{setup}"
    inputs = {
        "mbu": f"{s}.mbu",
        "batch_size": f"{s}.batch_size",
        "bytes_per_param": f"{s}.bytes_per_param",
        "peak": f"gpus.{gpu}.bf16_dense",
        "bandwidth": f"gpus.{gpu}.memory_bandwidth",
    }
    intensity = 2 * data.value(inputs["batch_size"]) / data.value(inputs["bytes_per_param"])
    mfu = data.value(inputs["mbu"]) * intensity * data.value(inputs["bandwidth"]) / data.value(inputs["peak"])
    setup_label, gpu_label = data.label("inference", setup), data.label("gpus", gpu)
    return Recipe(
        inputs,
        100 * mfu,
        "%",
        f"decoding with {setup_label} on the {gpu_label} uses {{n}} of its BF16 FLOP/s",
        f"在 {gpu_label} 上以 {setup_label} 解碼,只用到其 BF16 FLOP/s 的{{n}}",
        (setup, gpu),
    )


def _attention_exp_ratio(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    setup, gpu = rng.choice(data.ids("inference")), rng.choice(data.ids("gpus"))
    inputs = {
        "head_dim": f"inference.{setup}.head_dim",
        "tensor_flops_per_clock_per_sm": f"gpus.{gpu}.tensor_flops_per_clock_per_sm",
        "exp_per_clock_per_sm": f"gpus.{gpu}.exp_per_clock_per_sm",
    }
    ratio = data.value(inputs["tensor_flops_per_clock_per_sm"]) / (
        4 * data.value(inputs["head_dim"]) * data.value(inputs["exp_per_clock_per_sm"])
    )
    setup_label, gpu_label = data.label("inference", setup), data.label("gpus", gpu)
    return Recipe(
        inputs,
        ratio,
        "1",
        f"attention in {setup_label} on the {gpu_label} spends {{n}} as long on exponentials as on matrix multiplies",
        f"在 {gpu_label} 上,{setup_label} 的注意力計算花在指數運算上的時間是矩陣乘法的{{n}}",
        (setup, gpu),
    )


def _attention_exp_ratio_from_peak(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    setup, gpu = rng.choice(data.ids("inference")), rng.choice(data.ids("gpus"))
    g = f"gpus.{gpu}"
    inputs = {
        "head_dim": f"inference.{setup}.head_dim",
        "tensor_peak": f"{g}.bf16_dense",
        "sms": f"{g}.sms",
        "tensor_clock": f"{g}.tensor_clock",
        "exp_per_clock_per_sm": f"{g}.exp_per_clock_per_sm",
    }
    per_sm = data.value(inputs["tensor_peak"]) * 1e3 / (data.value(inputs["sms"]) * data.value(inputs["tensor_clock"]))
    ratio = per_sm / (4 * data.value(inputs["head_dim"]) * data.value(inputs["exp_per_clock_per_sm"]))
    setup_label, gpu_label = data.label("inference", setup), data.label("gpus", gpu)
    return Recipe(
        inputs,
        ratio,
        "1",
        f"from its BF16 peak, attention in {setup_label} on the {gpu_label} spends {{n}} as long on exponentials as on matrix multiplies",
        f"按 BF16 峰值推算,在 {gpu_label} 上 {setup_label} 的注意力花在指數運算上的時間是矩陣乘法的{{n}}",
        (setup, gpu),
    )


def _trade_off(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new = _gpu_pair(rng, data)
    inputs = {
        "gained_new": f"gpus.{new}.fp4_dense",
        "gained_old": f"gpus.{old}.fp4_dense",
        "kept_new": f"gpus.{new}.fp32_dense",
        "kept_old": f"gpus.{old}.fp32_dense",
    }
    new_label, old_label = data.label("gpus", new), data.label("gpus", old)
    return Recipe(
        inputs,
        data.value(inputs["kept_new"]) / data.value(inputs["kept_old"]),
        "1",
        f"while raising FP4, the {new_label} keeps {{n}} of the FP32 peak of the {old_label}",
        f"{new_label} 在提高 FP4 的同時,保有 {old_label} FP32 峰值的{{n}}",
        (new, old),
    )


def _best_price_performance_year(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    gpus = sorted(
        rng.sample(data.ids("gpus"), rng.randint(3, 4)), key=lambda g: (data.value(f"gpus.{g}.launch_year"), g)
    )
    precision = rng.choice(("fp32", "bf16"))
    inputs = {
        "peaks": [f"gpus.{g}.{precision}_dense" for g in gpus],
        "prices": [f"gpus.{g}.launch_price" for g in gpus],
        "years": [f"gpus.{g}.launch_year" for g in gpus],
    }
    best = max(gpus, key=lambda g: data.value(f"gpus.{g}.{precision}_dense") / data.value(f"gpus.{g}.launch_price"))
    labels, p = [data.label("gpus", g) for g in gpus], PRECISIONS[precision]
    return Recipe(
        inputs,
        data.value(f"gpus.{best}.launch_year"),
        "1",
        f"among the {_join(labels)}, {p} FLOP/s per dollar peaked {{n}}",
        f"在 {'、'.join(labels)} 之中,每美元的 {p} FLOP/s {{n}}達到峰值",
        (*gpus, precision),
        years=True,
    )


def _compute_multiple_for_loss_reduction(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    fit = rng.choice(data.ids("scaling-fits"))
    factor, words, words_zh = rng.choice(((2, "halving", "減半"), (1.5, "cutting by a third", "降低三分之一")))
    inputs = {key: f"scaling-fits.{fit}.{key}" for key in ("e", "a", "b", "alpha", "beta")}
    inputs["factor"] = _m(factor, "1", essay.id, f"one step of progress read as {words} the reducible loss")
    alpha, beta = data.value(inputs["alpha"]), data.value(inputs["beta"])
    label = data.label("scaling-fits", fit)
    return Recipe(
        inputs,
        factor ** ((alpha + beta) / (alpha * beta)),
        "1",
        f"under {label}, {words} the reducible loss takes {{n}} more compute",
        f"在{label.removeprefix('the ')}下,將可約損失{words_zh}需要{{n}}的算力",
        (fit, factor),
    )


def _ridge_point(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    gpu, precision = rng.choice(data.ids("gpus")), rng.choice(list(PRECISIONS))
    inputs = {"peak": f"gpus.{gpu}.{precision}_dense", "bandwidth": f"gpus.{gpu}.memory_bandwidth"}
    label, p = data.label("gpus", gpu), PRECISIONS[precision]
    return Recipe(
        inputs,
        data.value(inputs["peak"]) / data.value(inputs["bandwidth"]),
        "FLOP/B",
        f"the {p} ridge point of the {label} is {{n}}",
        f"{label} 的 {p} 脊點為{{n}}",
        (gpu, precision),
        [_reading("at the dense FP8 peak", peak=f"gpus.{gpu}.fp8_dense")],
    )


def _gpu_years_apart(rng: random.Random, data: Data, apart: int = 3) -> tuple[str, str, int]:
    """An older and a newer GPU launched at least ``apart`` years apart (or as far apart as any
    two are), with the years between them: their memory bandwidths then grew."""
    year = {g: round(data.value(f"gpus.{g}.launch_year")) for g in data.ids("gpus")}
    pairs = [(a, b) for a in sorted(year) for b in sorted(year) if year[b] - year[a] >= apart]
    if not pairs:
        widest = max(year[b] - year[a] for a in year for b in year)
        pairs = [(a, b) for a in sorted(year) for b in sorted(year) if year[b] - year[a] == widest]
    old, new = rng.choice(pairs)
    return old, new, year[new] - year[old]


def _ratio(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new = _gpu_pair(rng, data)
    inputs = {"a": f"gpus.{new}.launch_price", "b": f"gpus.{old}.launch_price"}
    new_label, old_label = data.label("gpus", new), data.label("gpus", old)
    return Recipe(
        inputs,
        data.value(inputs["a"]) / data.value(inputs["b"]),
        "1",
        f"the {new_label} launched at {{n}} the price of the {old_label}",
        f"{new_label} 的發布價格是 {old_label} 的{{n}}",
        (new, old),
    )


def _percentage_change(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new, _ = _gpu_years_apart(rng, data)
    inputs = {"old": f"gpus.{old}.memory_bandwidth", "new": f"gpus.{new}.memory_bandwidth"}
    new_label, old_label = data.label("gpus", new), data.label("gpus", old)
    before, after = data.value(inputs["old"]), data.value(inputs["new"])
    return Recipe(
        inputs,
        100 * (after - before) / before,
        "%",
        f"from the {old_label} to the {new_label} memory bandwidth grew by {{n}}",
        f"從 {old_label} 到 {new_label},內存帶寬增長了{{n}}",
        (old, new),
    )


def _compound_annual_growth_rate(rng: random.Random, data: Data, essay: Essay) -> Recipe:
    old, new, years = _gpu_years_apart(rng, data)
    inputs = {
        "start": f"gpus.{old}.memory_bandwidth",
        "end": f"gpus.{new}.memory_bandwidth",
        "years": _m(years, "year", essay.id, "the years between the two launches"),
    }
    new_label, old_label = data.label("gpus", new), data.label("gpus", old)
    growth = (data.value(inputs["end"]) / data.value(inputs["start"])) ** (1 / years) - 1
    return Recipe(
        inputs,
        100 * growth,
        "%",
        f"memory bandwidth grew by {{n}} a year from the {old_label} to the {new_label}",
        f"從 {old_label} 到 {new_label},內存帶寬每年增長{{n}}",
        (old, new),
    )


RECIPES: dict[str, Callable[[random.Random, Data, Essay], Recipe]] = {
    "mfu-from-gpu-hours": _mfu_from_gpu_hours,
    "mfu-from-throughput": _mfu_from_throughput,
    "mfu-from-hardware-throughput": _mfu_from_hardware_throughput,
    "peak-ratio": _peak_ratio,
    "rate-ratio": _rate_ratio,
    "usable-flops-multiple": _usable_flops_multiple,
    "cluster-scale": _cluster_scale,
    "cluster-scale-by-peak": _cluster_scale_by_peak,
    "best-measured": _best_measured,
    "decode-mfu": _decode_mfu,
    "attention-exp-ratio": _attention_exp_ratio,
    "attention-exp-ratio-from-peak": _attention_exp_ratio_from_peak,
    "trade-off": _trade_off,
    "best-price-performance-year": _best_price_performance_year,
    "compute-multiple-for-loss-reduction": _compute_multiple_for_loss_reduction,
    "ridge-point": _ridge_point,
    "ratio": _ratio,
    "percentage-change": _percentage_change,
    "compound-annual-growth-rate": _compound_annual_growth_rate,
}
"""Every check kind registered in kb/checks/kinds.py; tests/test_synth.py keeps the two in step."""

KIND_TAGS = {
    "mfu-from-gpu-hours": ("training", "mfu"),
    "mfu-from-throughput": ("training", "mfu"),
    "mfu-from-hardware-throughput": ("training", "mfu"),
    "peak-ratio": ("hardware", "precision"),
    "rate-ratio": ("hardware", "attention"),
    "usable-flops-multiple": ("precision", "fp4"),
    "cluster-scale": ("clusters", "scaling-laws"),
    "cluster-scale-by-peak": ("clusters", "hardware"),
    "best-measured": ("inference", "mbu"),
    "decode-mfu": ("inference", "mfu"),
    "attention-exp-ratio": ("attention", "hardware"),
    "ridge-point": ("memory", "bandwidth"),
    "attention-exp-ratio-from-peak": ("attention", "hardware"),
    "trade-off": ("hardware", "precision"),
    "best-price-performance-year": ("price-performance", "hardware"),
    "compute-multiple-for-loss-reduction": ("scaling-laws", "economics"),
    "ratio": ("price-performance", "economics"),
    "percentage-change": ("memory", "bandwidth"),
    "compound-annual-growth-rate": ("memory", "hardware"),
}


def _expect(rng: random.Random, recipe: Recipe, supported: bool) -> tuple[dict, str, str]:
    """The claim's number: an expectation that the recipe's value meets (or misses), and its words."""
    v = recipe.value
    if recipe.years:
        year = round(v)
        low, high = (year - 1, year + 1) if supported else rng.choice(((year + 2, year + 4), (year - 4, year - 2)))
        return (
            {"comparator": "between", "low": low, "high": high, "unit": "1"},
            f"between {low} and {high}",
            f"在 {low} 年至 {high} 年之間",
        )
    mark, mark_zh = MARKS[recipe.unit]
    comparator = rng.choice(("approx", "approx", "at_least", "at_most", "between"))
    if comparator == "between":
        low, high = (_sig(0.75 * v, 2), _sig(1.3 * v, 2)) if supported else (_sig(1.5 * v, 2), _sig(2.5 * v, 2))
        expect = {"comparator": "between", "low": low, "high": high, "unit": recipe.unit}
        return (
            expect,
            f"between {_fmt(low)}{mark} and {_fmt(high)}{mark}",
            f"{_fmt(low)}{mark_zh}至{_fmt(high)}{mark_zh}之間",
        )
    factor = {"approx": (1, rng.choice((0.4, 2.5))), "at_least": (0.7, 1.5), "at_most": (1.4, 0.7)}[comparator][
        0 if supported else 1
    ]
    value = _sig(factor * v, 2)
    expect = {"comparator": comparator, "value": value, "unit": recipe.unit}
    if comparator == "approx":
        expect["tolerance"] = rng.choice((0.2, 0.25)) if supported else 0.2
    words = {"approx": ("about", "約"), "at_least": ("at least", "至少"), "at_most": ("at most", "至多")}[comparator]
    return expect, f"{words[0]} {_fmt(value)}{mark}", f"{words[1]} {_fmt(value)}{mark_zh}"


# --- claims -------------------------------------------------------------------------------------


class Phrasebook:
    """Remembers the parts of every statement written so far; a new statement must differ from
    each of them in at least two parts, or the claim lint would call the pair near-duplicates."""

    def __init__(self) -> None:
        self.used: set[tuple] = set()

    def take(self, family: str, parts: tuple) -> bool:
        keys = [(family, i, parts[:i] + parts[i + 1 :]) for i in range(len(parts))]
        if any(key in self.used for key in keys):
            return False
        self.used.update(keys)
        return True


def _fresh(book: Phrasebook, family: str, make: Callable[[], tuple[tuple, object]]) -> object:
    """The first of up to ATTEMPTS candidates that the phrasebook accepts (else the last one)."""
    for _ in range(ATTEMPTS):
        parts, result = make()
        if book.take(family, parts):
            break
    return result


def _qualitative(rng: random.Random, book: Phrasebook) -> Wording:
    def make():
        s, p, o, c = (rng.choice(words) for words in (SUBJECTS, PREDICATES, OBJECTS, CONDITIONS))
        statement = f"{s[0]} {p[0]} {o[0]} {c[0]}."
        return (s, p, o, c), Wording(statement, f"{c[1]},{s[1]}{p[1]}{o[1]}。", {}, statement)

    return _fresh(book, "qualitative", make)


def _definition(rng: random.Random, book: Phrasebook) -> Wording:
    def make():
        t, m, c = (rng.choice(words) for words in (TERMS, MEANINGS, CONDITIONS))
        zh = f"{c[1]},本文所說的「{t[1]}」指{m[1]}。"
        return (t, m, c), Wording(f'In this essay, "{t[0]}" means {m[0]} {c[0]}.', zh, {}, f"{t[0]} means {m[0]}")

    return _fresh(book, "definition", make)


def _prediction(rng: random.Random, book: Phrasebook) -> Wording:
    will = [p for p in PREDICATES if p[0].startswith("will ")]

    def make():
        year, s, p, o = rng.randint(2024, 2033), rng.choice(SUBJECTS), rng.choice(will), rng.choice(OBJECTS)
        return (year, s, p, o), (year, f"{_lower_first(s[0])} {p[0]} {o[0]}", f"到 {year} 年,{s[1]}{p[1]}{o[1]}。")

    year, words, zh = _fresh(book, "prediction", make)
    fields = {
        "resolves_by": dt.date(year, 12, 31),
        "resolution": f"True if a public report shows that {words} by the end of {year}.",
        "status": "open" if year > 2025 else rng.choice(("resolved-true", "resolved-false", "ambiguous")),
    }
    if fields["status"].startswith("resolved"):
        fields["evidence"] = f"A synthetic follow-up report of {year} settles it."
    return Wording(f"By {year}, {words}.", zh, fields, f"{year} {words}")


def _checked(rng: random.Random, book: Phrasebook, data: Data, essay: Essay, kind: str, supported: bool) -> Wording:
    def make():
        recipe, lead, condition = RECIPES[kind](rng, data, essay), rng.choice(LEADS), rng.choice(CONDITIONS)
        return (kind, *recipe.slots, lead, condition), (recipe, lead, condition)

    recipe, lead, condition = _fresh(book, "checked", make)
    expect, words, words_zh = _expect(rng, recipe, supported)
    check = {"kind": kind, "inputs": recipe.inputs, "expect": expect}
    if rng.random() < 0.4:
        check["note"] = rng.choice(NOTES)
    if recipe.readings and rng.random() < 0.5:
        check["readings"] = recipe.readings
    fields = {"expected_verdict": "supported" if supported else "contradicted", "check": check}
    core = recipe.en.replace("{n}", words)
    return Wording(
        f"{lead[0]} {core} {condition[0]}.",
        f"{lead[1]}{condition[1]},{recipe.zh.replace('{n}', words_zh)}。",
        fields,
        core,
    )


def _plan_claims(rng: random.Random, n: int, essays: list[Essay], data: Data) -> None:
    """Deal ``n`` claims round-robin to the essays; the index decides each claim's kind."""
    book, checked = Phrasebook(), 0
    for k in range(n):
        essay = essays[k % len(essays)]
        section = _current_section(rng, essay)
        if not essay.claims:
            kind, words, tags = "qualitative", _qualitative(rng, book), ["thesis", "agi"]
        elif k % 10 == 9:
            kind, words, tags = "prediction", _prediction(rng, book), ["forecasting"]
        elif k % 3 == 1:
            check_kind = list(RECIPES)[checked % len(RECIPES)]
            words = _checked(rng, book, data, essay, check_kind, supported=checked % 3 != 2)
            kind, tags, checked = "quantitative", list(KIND_TAGS[check_kind]), checked + 1
        elif k % 25 == 12:
            kind, words, tags = "definition", _definition(rng, book), ["definitions"]
        else:
            kind, words, tags = "qualitative", _qualitative(rng, book), []
        claim = ClaimPlan(
            id=f"{essay.id}/{_unique(_slug(words.slug, 6), essay.slugs)}",
            source=essay.id,
            section=section,
            position=len(essay.claims),
            kind=kind,
            statement=words.statement,
            statement_zh=words.zh,
            tags=_tags(rng, tags, section),
            quotes=_quotes(rng, essay, words.statement, words.zh),
            fields=words.fields,
        )
        essay.claims.append(claim)
        section.claims.append(claim)


def _current_section(rng: random.Random, essay: Essay) -> Section:
    position = len(essay.claims)
    if essay.sections and position < essay.sections[-1].start + essay.sections[-1].size:
        return essay.sections[-1]
    index = len(essay.sections)
    if index % len(TOPICS) == 0:
        essay.topics = rng.sample(TOPICS, len(TOPICS))
    heading, heading_zh, tags = essay.topics[index % len(TOPICS)]
    suffix = f" ({index // len(TOPICS) + 1})" if index >= len(TOPICS) else ""
    essay.sections.append(Section(heading + suffix, heading_zh + suffix, tags, position, rng.randint(6, 16)))
    return essay.sections[-1]


def _tags(rng: random.Random, own: list[str], section: Section) -> list[str]:
    extra = [rng.choice(TAGS)] if rng.random() < 0.3 else []
    return list(dict.fromkeys([*own, *section.tags, *extra]))[:3]


def _quotes(rng: random.Random, essay: Essay, statement: str, zh: str) -> list[tuple[str, str]]:
    quotes = [(essay.id, f"{rng.choice(OPENERS)} {_lower_first(statement)}")]
    if rng.random() < ZH_QUOTE_SHARE:
        quotes.append((essay.digest, f"{rng.choice(OPENERS_ZH)}{zh}"))
    return quotes


# --- sources and archives -----------------------------------------------------------------------


def _essays(count: int) -> list[Essay]:
    essays, seen = [], set()
    for k in range(count):
        author = AUTHORS[k % len(AUTHORS)]
        title = TITLES[k % len(TITLES)] + (f" (part {k // len(TITLES) + 1})" if k >= len(TITLES) else "")
        year = 2023 + k % 3
        essay_id = _unique(f"{author.split()[-1].lower()}-{year}-{_slug(title, 3)}", seen)
        essays.append(Essay(essay_id, title, author, dt.date(year, 1 + k % 12, 1 + (7 * k) % 28)))
    return sorted(
        essays, key=lambda e: (e.published, e.id)
    )  # in the order they appeared: later ones answer earlier ones


def _essay_source(essay: Essay) -> dict:
    return {
        "id": essay.id,
        "title": essay.title,
        "author": essay.author,
        "url": f"https://essays.example.org/{essay.id}",
        "published": essay.published,
        "language": "en",
        "kind": "essay",
        "archive": f"{essay.id}.md",
        "notes": "Synthetic essay; the archive is its full text.",
    }


def _digests(essays: list[Essay]) -> list[dict]:
    """One Chinese digest per pair of essays (like the article that summarises both sides of a debate)."""
    digests = []
    for k in range(0, len(essays), 2):
        pair, digest_id = essays[k : k + 2], f"digest-{k // 2 + 1:02d}-zh"
        for essay in pair:
            essay.digest = digest_id
        digests.append(
            {
                "id": digest_id,
                "title": f"{' 與 '.join(e.author for e in pair)}之爭(中文摘要)",
                "author": "合成摘要編輯部",
                "published": max(e.published for e in pair) + dt.timedelta(days=14),
                "language": "zh",
                "kind": "article",
                "archive": f"{digest_id}.txt",
                "notes": "Synthetic Chinese digest of the essays; the archive is its full text.",
            }
        )
    return digests


def _essay_archive(rng: random.Random, essay: Essay) -> str:
    lines = [f"# {essay.title}", "", f"by {essay.author}", "", " ".join(rng.sample(FILLERS, 3)), ""]
    for section in essay.sections:
        lines += [f"## {section.heading}", ""]
        for claim in section.claims:
            before, after = rng.sample(FILLERS, rng.randint(0, 2)), rng.sample(FILLERS, rng.randint(0, 1))
            lines += [" ".join([*before, claim.quotes[0][1], *after]), ""]
    return "\n".join(lines)


def _digest_archive(rng: random.Random, digest: dict, essays: list[Essay]) -> str:
    lines = [digest["title"], ""]
    for essay in (e for e in essays if e.digest == digest["id"]):
        lines += [f"【{essay.title}】", ""]
        for section in essay.sections:
            quoted = [c.quotes[1][1] for c in section.claims if len(c.quotes) > 1]
            if quoted:
                lines += [section.heading_zh, "".join(q + rng.choice(("", *FILLERS_ZH)) for q in quoted), ""]
    return "\n".join(lines)


# --- edges --------------------------------------------------------------------------------------


def _link(rng: random.Random, essays: list[Essay], n: int) -> None:
    """Give every claim about three outgoing edges, then close a few support cycles.

    An essay can only answer essays published before it, so rebuttals point from
    later essays to earlier ones (as Fu's reply rebuts Dettmers); supports point to
    earlier claims of the same essay. Without the deliberate cycles the graph is
    acyclic, as real argument maps mostly are.
    """
    for index, essay in enumerate(essays):
        earlier = essays[:index]
        rival = earlier[-1] if earlier else None
        for claim in essay.claims:
            _link_claim(rng, essay, claim, rival, earlier)
    _close_cycles(rng, essays, max(1, round(CYCLES_PER_THOUSAND * n / 1000)))


def _link_claim(rng: random.Random, essay: Essay, claim: ClaimPlan, rival: Essay | None, others: list[Essay]) -> None:
    if claim.position == 0:
        claim.rebuts += [rival.claims[0].id] if rival else []
        return
    for _ in range(rng.choice(OUT_DEGREES)):
        rebut = others and rng.random() < REBUT_SHARE
        for _ in range(4):  # a few tries to find a target not yet listed
            if rebut:
                target = rng.choice((rival if rng.random() < 0.7 else rng.choice(others)).claims)
            else:
                target = _nearby_earlier(rng, essay, claim)
            if target.id != claim.id and target.id not in claim.targets():
                (claim.rebuts if rebut else claim.supports).append(target.id)
                break


def _nearby_earlier(rng: random.Random, essay: Essay, claim: ClaimPlan) -> ClaimPlan:
    """Mostly a claim a few places earlier in the same section; a section's first claim supports the thesis."""
    p, start = claim.position, claim.section.start
    if p > start and rng.random() < 0.85:
        return essay.claims[rng.randrange(max(start, p - 6), p)]
    if p == start and rng.random() < 0.7:
        return essay.claims[0]
    return essay.claims[rng.randrange(max(0, p - 12), p)]


def _close_cycles(rng: random.Random, essays: list[Essay], wanted: int) -> None:
    """Add ``wanted`` support edges back to a claim at most CYCLE_SPAN places later, each closing a
    two- or three-claim cycle. Supports otherwise point backwards, so every support path between
    the two ends stays inside the span; spans never overlap, so each cluster of cycles stays small
    (a span reaching back to the thesis would tie most of an essay into one tangle of cycles)."""
    claims = {c.id: c for e in essays for c in e.claims}
    taken: set[tuple[str, int]] = set()
    made = 0
    for claim in rng.sample(list(claims.values()), len(claims)):
        if made == wanted:
            break
        closing = _cycle_end(claims, claim, three=made % 2 == 1)
        if closing is None or claim.id in closing.targets():
            continue
        span = {(claim.source, p) for p in range(closing.position, claim.position + 1)}
        if span & taken:
            continue
        closing.supports.append(claim.id)
        taken |= span
        made += 1


def _cycle_end(claims: dict[str, ClaimPlan], claim: ClaimPlan, three: bool) -> ClaimPlan | None:
    """The claim that ``claim`` reaches in one support (or two, with ``three``) within CYCLE_SPAN places."""
    end = claim
    for _ in range(2 if three else 1):
        if not end.supports or claims[end.supports[0]].source != claim.source:
            return None
        end = claims[end.supports[0]]
    return end if end.position > 0 and claim.position - end.position <= CYCLE_SPAN else None


# --- writing ------------------------------------------------------------------------------------


class _Flow(dict):
    """A mapping written on one line."""


class _FlowList(list):
    """A list written on one line."""


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20)


def _flowing(value: object) -> object:
    """Leaf mappings and lists in flow style, the way claim files write inputs and tags."""
    if isinstance(value, dict):
        return _Flow({k: _flowing(v) for k, v in value.items()})
    if isinstance(value, list):
        return _FlowList(_flowing(v) for v in value)
    return value


def _claim_record(claim: ClaimPlan) -> dict:
    record = {
        "statement": claim.statement,
        "statement_zh": claim.statement_zh,
        "source": claim.source,
        "section": claim.section.heading,
        "kind": claim.kind,
        "tags": _FlowList(claim.tags),
        "quotes": [{"source": s, "text": t} for s, t in claim.quotes],
    }
    for relation in ("supports", "rebuts"):
        if getattr(claim, relation):
            record[relation] = _FlowList(getattr(claim, relation))
    record |= {k: v for k, v in claim.fields.items() if k != "check"}
    if "check" in claim.fields:
        check = claim.fields["check"]
        record["check"] = {
            "kind": check["kind"],
            "inputs": {k: _flowing(v) for k, v in check["inputs"].items()},
            "expect": _Flow(check["expect"]),
        }
        record["check"] |= {k: v for k, v in check.items() if k == "note"}
        if "readings" in check:
            record["check"]["readings"] = [
                {"label": r["label"], "inputs": _flowing(r["inputs"])} for r in check["readings"]
            ]
    return record


def write_crux(out: Path, plan: Plan) -> int:
    """Write the claims folder; return the number of files."""
    files = {f"sources/{s['id']}.yaml": _dump({k: v for k, v in s.items() if k != "id"}) for s in plan.sources()}
    files |= {f"sources/{name}": text for name, text in plan.archives.items()}
    for name, entries in plan.data.sets.items():
        values = {
            e: {**entry, "values": {k: _Flow(m) for k, m in entry["values"].items()}} for e, entry in entries.items()
        }
        files[f"data/{name}.yaml"] = f"# Synthetic {name} for benchmarks (benchmarks/synth.py).\n" + _dump(values)
    files |= {f"{c.id}.yaml": _dump(_claim_record(c)) for c in plan.claims}
    files |= {f"questions/{q_id}.yaml": _dump(record) for q_id, record in _questions(plan).items()}
    return _write_tree(out, files)


def _questions(plan: Plan) -> dict[str, dict]:
    """One question for each section that a later essay rebuts: the section's rebutted claims take
    one answer, the later essay's claims that rebut them the other (so every rebuttal across essays
    belongs to a question, as the `unquestioned-rebuttal` rule asks, and answers stay a few claims
    each, as a real question's do)."""
    claims = {c.id: c for c in plan.claims}
    essays = {e.id: e for e in plan.essays}
    number = {e.id: i for i, e in enumerate(plan.essays)}
    sides: dict[tuple[str, int, str], tuple[list[str], list[str]]] = {}
    for claim in plan.claims:
        for target_id in claim.rebuts:
            target = claims[target_id]
            if target.source == claim.source:
                continue
            held, against = sides.setdefault((target.source, target.section.start, claim.source), ([], []))
            held += [target_id] if target_id not in held else []
            against += [claim.id] if claim.id not in against else []
    questions = {}
    for (held_by, start, rival), (held, against) in sorted(
        sides.items(), key=lambda item: (number[item[0][0]], item[0][1], number[item[0][2]])
    ):
        section, first, second = claims[held[0]].section, essays[held_by], essays[rival]
        questions[f"essay-{number[held_by] + 1}-at-{start}-against-essay-{number[rival] + 1}"] = {
            "question": f"Does '{section.heading}' ({first.title}) hold against {second.title}?",
            "question_zh": f"《{first.title}》的「{section.heading_zh}」經得起《{second.title}》的反駁嗎?",
            "answers": [
                {
                    "label": f"Yes, as {first.author} argues",
                    "label_zh": f"是,如 {first.author} 所論",
                    "claims": _FlowList(held),
                },
                {
                    "label": f"No, as {second.author} replies",
                    "label_zh": f"否,如 {second.author} 所回應",
                    "claims": _FlowList(against),
                },
            ],
        }
    return questions


def _write_tree(out: Path, files: dict[str, str]) -> int:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(
                f"error: {out} is not empty and was not written by benchmarks/synth.py; choose another folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by benchmarks/synth.py; replaced on the next run\n", encoding="utf-8")
    folders: set[Path] = set()
    for name, text in files.items():
        path = out / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8", newline="\n")
    return len(files)


# --- the Hugo twin ------------------------------------------------------------------------------

HUGO_CONFIG = """\
# The Hugo twin of a synthetic Crux base (benchmarks/synth.py): the same claims in English and Chinese.
# Crux writes no RSS, sitemap, robots.txt or 404 page, so neither does this site
# (Hugo 0.111 still writes one redirect page, en/index.html, whatever the settings).
baseURL = "/"
title = "Crux synthetic base"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = false
relativeURLs = true
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]

[taxonomies]
  tag = "tags"

[outputs]
  home = ["HTML"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
  page = ["HTML", "JSON"]

[languages.en]
  languageName = "English"
  languageCode = "en"
  weight = 1

[languages.zh]
  languageName = "中文"
  languageCode = "zh-Hant"
  weight = 2
  title = "Crux 合成知識庫"
"""

HUGO_I18N = {
    "en": {
        "home": "Home",
        "sources": "Sources",
        "tags": "Tags",
        "claims": "Claims",
        "data": "Data values citing it",
        "claimed_in": "claimed in",
        "quotes": "Quotes",
        "check": "Check",
        "expects": "The claim expects",
        "input": "input",
        "value": "value",
        "unit": "unit",
        "source": "source",
        "where": "where",
        "links": "Related claims",
        "supports": "Supports",
        "rebuts": "Rebuts",
        "supports_by": "Supported by",
        "rebuts_by": "Rebutted by",
        "prediction": "Prediction",
        "resolves_by": "Resolves by",
        "resolution": "Resolution",
        "evidence": "Evidence",
        "permalink": "Permalink",
        "kind_quantitative": "quantitative",
        "kind_qualitative": "qualitative",
        "kind_prediction": "prediction",
        "kind_definition": "definition",
    },
    "zh": {
        "home": "首頁",
        "sources": "來源",
        "tags": "標籤",
        "claims": "論點",
        "data": "引用它的數據",
        "claimed_in": "出自",
        "quotes": "引文",
        "check": "核算",
        "expects": "論點的預期",
        "input": "輸入",
        "value": "數值",
        "unit": "單位",
        "source": "來源",
        "where": "出處",
        "links": "相關論點",
        "supports": "支持",
        "rebuts": "反駁",
        "supports_by": "被支持",
        "rebuts_by": "被反駁",
        "prediction": "預測",
        "resolves_by": "判定日期",
        "resolution": "判定標準",
        "evidence": "證據",
        "permalink": "永久連結",
        "kind_quantitative": "定量",
        "kind_qualitative": "定性",
        "kind_prediction": "預測",
        "kind_definition": "定義",
    },
}

HUGO_LAYOUTS = {
    "layouts/_default/baseof.html": """\
<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<header>
  <a href="{{ site.Home.RelPermalink }}">Crux</a>
  <nav>{{ with site.GetPage "/sources" }}<a href="{{ .RelPermalink }}">{{ i18n "sources" }}</a>{{ end }}
    {{ with site.GetPage "/tags" }}<a href="{{ .RelPermalink }}">{{ i18n "tags" }}</a>{{ end }}</nav>
  <nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "layouts/_default/single.html": """\
{{ define "main" }}
{{ $zh := eq site.Language.Lang "zh" }}
{{ $source := site.GetPage (printf "/sources/%s" .Params.source) }}
<p><a href="{{ site.Home.RelPermalink }}">{{ i18n "home" }}</a> › {{ with $source }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p>
<article>
  <h1>{{ .Title }}</h1>
  <p lang="{{ cond $zh "en" "zh-Hant" }}">{{ cond $zh .Params.statement .Params.statement_zh }}</p>
  <p>{{ i18n (printf "kind_%s" .Params.claim_kind) }} · {{ i18n "claimed_in" }} {{ with $source }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.author }}){{ end }} · {{ .Params.essay_section }}</p>
  {{ with .GetTerms "tags" }}<p>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
  {{ with .Params.resolves_by }}{{ partial "prediction.html" $ }}{{ end }}
  <section><h2>{{ i18n "quotes" }}</h2>
  {{ range .Params.quotes }}{{ $from := site.GetPage (printf "/sources/%s" .source) }}
    <figure><blockquote{{ with $from }} lang="{{ .Params.source_language }}"{{ end }}>{{ .text }}</blockquote>
    <figcaption>{{ with $from }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</figcaption></figure>
  {{ end }}</section>
  {{ with .Params.check }}{{ partial "check.html" . }}{{ end }}
  {{ partial "links.html" . }}
  {{ .Content }}
  <footer><a href="{{ .RelPermalink }}">{{ i18n "permalink" }}</a>
  {{ range .AllTranslations }}{{ with .OutputFormats.Get "json" }} · <a href="{{ .RelPermalink }}">JSON</a>{{ end }}{{ end }}</footer>
</article>
{{ end }}
""",
    "layouts/_default/single.json": """{{ .Params | jsonify }}
""",
    "layouts/_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if .IsHome }}
  {{ range where (where site.RegularPages "Section" "sources") "Params.source_kind" "essay" }}
  {{ $claims := where site.RegularPages "Params.source" .Params.source_id }}
  <section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
    <p>{{ .Params.author }} · {{ len $claims }} {{ i18n "claims" }}</p>
    <ul>{{ range where $claims "Params.tags" "intersect" (slice "thesis") }}<li>{{ partial "claim-link.html" . }}</li>{{ end }}</ul>
  </section>
  {{ end }}
{{ else }}
  <ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
{{ end }}
""",
    "layouts/_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "layouts/_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li>{{ partial "claim-link.html" . }}</li>{{ end }}</ul>
{{ end }}
""",
    "layouts/sources/single.html": """\
{{ define "main" }}
{{ $id := .Params.source_id }}
<h1>{{ .Title }}</h1>
<p>{{ .Params.author }} · {{ .Params.source_kind }}{{ with .Params.source_published }} · {{ . }}{{ end }}{{ with .Params.source_url }} · <a href="{{ . }}">{{ . }}</a>{{ end }}</p>
{{ .Content }}
{{ with (where site.RegularPages "Params.source" $id).ByWeight }}<h2>{{ i18n "claims" }}</h2>
<ol>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
<h2>{{ i18n "data" }}</h2>
<ul>{{ range $dataset, $entries := site.Data }}{{ range $entry, $e := $entries }}{{ range $name, $m := $e.values }}{{ if eq $m.source $id }}
  <li>{{ $e.label }}: <code>{{ $dataset }}.{{ $entry }}.{{ $name }}</code> = {{ $m.value }} {{ $m.unit }} ({{ $m.at }})</li>{{ end }}{{ end }}{{ end }}{{ end }}
</ul>
{{ end }}
""",
    "layouts/partials/claim-link.html": """\
<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with site.GetPage (printf "/sources/%s" .Params.source) }} <span>({{ .Params.author }})</span>{{ end }}""",
    "layouts/partials/prediction.html": """\
<section><h2>{{ i18n "prediction" }} ({{ .Params.status }})</h2>
<dl><dt>{{ i18n "resolves_by" }}</dt><dd>{{ .Params.resolves_by }}</dd>
<dt>{{ i18n "resolution" }}</dt><dd lang="en">{{ .Params.resolution }}</dd>
{{ with .Params.evidence }}<dt>{{ i18n "evidence" }}</dt><dd lang="en">{{ . }}</dd>{{ end }}</dl>
</section>
""",
    "layouts/partials/check.html": """\
<section><h2>{{ i18n "check" }}: <code>{{ .kind }}</code></h2>
{{ with .expect }}<p>{{ i18n "expects" }}: {{ .comparator }} {{ with .value }}{{ . }}{{ end }}{{ with .low }}{{ . }}–{{ end }}{{ with .high }}{{ . }}{{ end }} {{ .unit }}{{ with .tolerance }} (± {{ mul . 100 }}%){{ end }}</p>{{ end }}
{{ partial "inputs.html" .inputs }}
{{ with .note }}<p>{{ . }}</p>{{ end }}
{{ range .readings }}<h3>{{ .label }}</h3>{{ partial "inputs.html" .inputs }}{{ end }}
</section>
""",
    "layouts/partials/inputs.html": """\
<table><thead><tr><th>{{ i18n "input" }}</th><th>{{ i18n "value" }}</th><th>{{ i18n "unit" }}</th><th>{{ i18n "source" }}</th><th>{{ i18n "where" }}</th></tr></thead>
<tbody>{{ range . }}{{ $m := . }}{{ with .ref }}{{ $p := split . "." }}{{ $m = index site.Data (index $p 0) (index $p 1) "values" (index $p 2) }}{{ end }}
<tr><td>{{ .name }}</td><td>{{ $m.value }}</td><td>{{ $m.unit }}{{ with $m.precision }} {{ . }}{{ end }}</td>
<td>{{ with site.GetPage (printf "/sources/%s" $m.source) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</td>
<td>{{ $m.at }}{{ with .ref }} <code>{{ . }}</code>{{ end }}</td></tr>{{ end }}
</tbody></table>
""",
    "layouts/partials/links.html": """\
{{ $backlinks := partialCached "backlinks.html" . site.Language.Lang }}
{{ $id := .Params.claim_id }}
<section><h2>{{ i18n "links" }}</h2>
{{ range $relation := slice "supports" "rebuts" }}{{ with index $backlinks (printf "%s %s" $relation $id) }}
  <h3>{{ i18n (printf "%s_by" $relation) }}</h3><ul>{{ range . }}<li>{{ partial "claim-link.html" . }}</li>{{ end }}</ul>
{{ end }}{{ end }}
{{ range $relation := slice "supports" "rebuts" }}{{ with index $.Params $relation }}
  <h3>{{ i18n $relation }}</h3><ul>{{ range . }}{{ with site.GetPage (printf "/claims/%s" .) }}<li>{{ partial "claim-link.html" . }}</li>{{ end }}{{ end }}</ul>
{{ end }}{{ end }}
</section>
""",
    "layouts/partials/backlinks.html": """\
{{/* Built once per language (partialCached): "<relation> <target id>" → the claims that support or rebut it. */}}
{{ $index := newScratch }}
{{ range where site.RegularPages "Section" "claims" }}
  {{ $from := . }}
  {{ range $relation := slice "supports" "rebuts" }}
    {{ range index $from.Params $relation }}{{ $index.Add (printf "%s %s" $relation .) (slice $from) }}{{ end }}
  {{ end }}
{{ end }}
{{ return $index.Values }}
""",
}


def _hugo_rows(inputs: dict) -> list[dict]:
    """Check inputs as table rows: a dataset reference (resolved by the template from site.Data) or a literal value."""
    rows = []
    for name, value in inputs.items():
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            label = f"{name} {index + 1}" if isinstance(value, list) else name
            rows.append({"name": label, "ref": item} if isinstance(item, str) else {"name": label, **item})
    return rows


def _hugo_check(check: dict) -> dict:
    page = {"kind": check["kind"], "expect": check["expect"], "inputs": _hugo_rows(check["inputs"])}
    page |= {k: v for k, v in check.items() if k == "note"}
    if "readings" in check:
        page["readings"] = [{"label": r["label"], "inputs": _hugo_rows(r["inputs"])} for r in check["readings"]]
    return page


def _hugo_claim(claim: ClaimPlan, lang: str, essay: Essay) -> str:
    front = {
        "title": claim.statement_zh if lang == "zh" else claim.statement,
        "claim_id": claim.id,
        "weight": claim.position + 1,
        "statement": claim.statement,
        "statement_zh": claim.statement_zh,
        "source": claim.source,
        "essay_section": claim.section.heading_zh if lang == "zh" else claim.section.heading,
        "claim_kind": claim.kind,
        "tags": _FlowList(claim.tags),
        "quotes": [{"source": s, "text": t} for s, t in claim.quotes],
        "supports": _FlowList(claim.supports),
        "rebuts": _FlowList(claim.rebuts),
    }
    front |= {k: (str(v) if isinstance(v, dt.date) else v) for k, v in claim.fields.items() if k != "check"}
    if "check" in claim.fields:
        front["check"] = _hugo_check(claim.fields["check"])
    if lang == "zh":
        front["outputs"] = ["html"]
    body = (
        f"出自《{essay.title}》的「{claim.section.heading_zh}」一節。"
        if lang == "zh"
        else f"From the section *{claim.section.heading}* of *{essay.title}*."
    )
    return f"---\n{_dump(front)}---\n\n{body}\n"


def _hugo_source(source: dict) -> str:
    front = {
        "title": source["title"],
        "source_id": source["id"],
        "author": source["author"],
        "source_kind": source["kind"],
        "source_language": source["language"],
        "outputs": ["html"],
    }
    front |= {f"source_{k}": str(source[k]) for k in ("url", "published") if k in source}
    return f"---\n{_dump(front)}---\n\n{source['notes']}\n"


def write_hugo(out: Path, plan: Plan) -> int:
    """Write the Hugo twin; return the number of files.

    Every claim is ``content/claims/<id>.md`` plus ``<id>.zh.md`` (front matter: the record, check
    inputs as rows naming a dataset reference or a literal value with its source), every source
    ``content/sources/<id>.md`` plus ``.zh.md``; the datasets are copied to ``data/`` and the
    templates resolve references from them. A claim page shows its statements, source, tags,
    prediction, quotes, check (expectation, inputs table with sources, readings), the claims it
    supports and rebuts and those that support and rebut it (an index built once per language);
    claims also get a JSON twin. Hugo cannot recompute checks, verify quotes, weigh strengths, lay
    out maps or index search, so those parts of a Crux page have no counterpart here.
    """
    files = {"hugo.toml": HUGO_CONFIG, **HUGO_LAYOUTS}
    files |= {f"i18n/{lang}.yaml": _dump(strings) for lang, strings in HUGO_I18N.items()}
    files |= {f"data/{name}.yaml": _dump(entries) for name, entries in plan.data.sets.items()}
    titles = {"": ("Crux synthetic base", "Claims", "Sources"), ".zh": ("Crux 合成知識庫", "論點", "來源")}
    for suffix, (home, claims, sources) in titles.items():
        files |= {
            f"content/_index{suffix}.md": _dump_page(home),
            f"content/claims/_index{suffix}.md": _dump_page(claims),
            f"content/sources/_index{suffix}.md": _dump_page(sources),
        }
    for source in plan.sources():
        page = _hugo_source(source)
        files |= {f"content/sources/{source['id']}.md": page, f"content/sources/{source['id']}.zh.md": page}
    for essay in plan.essays:
        for claim in essay.claims:
            files |= {
                f"content/claims/{claim.id}.md": _hugo_claim(claim, "en", essay),
                f"content/claims/{claim.id}.zh.md": _hugo_claim(claim, "zh", essay),
            }
    return _write_tree(out, files)


def _dump_page(title: str) -> str:
    return f"---\n{_dump({'title': title})}---\n"


# --- command line -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic Crux claims folder (and its Hugo twin).")
    parser.add_argument("--claims", type=int, required=True, metavar="N", help="number of claims")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="claims folder to write (replaced)")
    parser.add_argument("--hugo-out", type=Path, metavar="DIR", help="also write the same claims as a Hugo site here")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    summary = generate(args.claims, args.out, args.hugo_out, args.seed)
    print(summary.report())
    print(f"written in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
