"""The data page: the GPU table, the other datasets and two charts, every value linked to its source.

Each chart is drawn twice, wide and narrow (for phones): the page shows the one that fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.base import KnowledgeBase
from kb.checks.words import show_value
from kb.checkspec import CheckSpec, InputValue, Measurement
from kb.datasets import Entry
from kb.models import Claim
from kb.quant.units import QuantityError, parse_quantity
from kb.words import say
from render import i18n, urls
from render.argmap import wrap
from render.charts import NARROW, WIDTH, Band, Chart, Key, Label, Mark, Scale, Tick, linear_ticks, log_bounds, log_ticks

PRICE_PERF = {
    "fp32_dense": ("fp32", "circle", "FP32"),
    "fp16_tensor_dense": ("fp16", "square", "FP16 tensor"),
    "bf16_dense": ("bf16", "diamond", "BF16"),
}
UTILISATION = re.compile(r"^(reported_)?(mfu|hfu)(_|$)")
PEAKS = {"bf16": "BF16 peak", "fp8": "FP8 peak", "other": "other peak"}
MEASURES = {"MFU": "circle", "HFU": "square"}

Dot = tuple[float, str, str, str, str]  # a value in percent, its peak, its measure, its link and its title
Span = tuple[float, float, str]  # the low and high ends of what a claim says, in percent, and its title


@dataclass(frozen=True)
class Cell:
    text: str
    href: str
    at: str


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell | None]]]


@dataclass(frozen=True)
class Figure:
    """A chart drawn ``wide`` and ``narrow`` (for phones), with its heading and lede."""

    wide: Chart
    narrow: Chart
    heading: str
    lede: str


@dataclass(frozen=True)
class DataView:
    gpus: Table | None
    others: list[Table]
    charts: list[Figure]


def data_view(base: KnowledgeBase, lang: str) -> DataView:
    tables = {name: dataset_table(base, name, entries, lang) for name, entries in base.data.entries.items()}
    t: Callable[[str], str] = lambda key: i18n.text(lang, key)
    charts = [
        Figure(
            price_performance(base, lang),
            price_performance(base, lang, NARROW),
            t("data.priceperf"),
            t("data.priceperf_lede"),
        ),
        Figure(
            utilisation(base, lang), utilisation(base, lang, NARROW), t("data.utilisation"), t("data.utilisation_lede")
        ),
    ]
    gpus = tables.pop("gpus", None)
    return DataView(gpus, [tables[k] for k in sorted(tables)], [f for f in charts if f.wide.marks])


def dataset_table(base: KnowledgeBase, name: str, entries: dict[str, Entry], lang: str) -> Table:
    """One row per entry, one column per value name (in order of first appearance)."""
    columns = list(dict.fromkeys(v for entry in entries.values() for v in entry.values))
    rows = [
        (
            say(entry.label, lang, base.config.primary)[0],
            [_cell(entry.values[c], lang) if c in entry.values else None for c in columns],
        )
        for entry in entries.values()
    ]
    return Table(name, name, columns, rows)


def _cell(m: Measurement, lang: str) -> Cell:
    return Cell(show_value(m.value, m.unit), urls.source_page(m.source, lang), m.at)


def price_performance(base: KnowledgeBase, lang: str, width: float = WIDTH) -> Chart:
    """GFLOP/s per launch-price dollar by launch year, one series per precision, ``width`` pixels wide."""
    found = []
    for entry in base.data.entries.get("gpus", {}).values():
        price, launched = entry.values.get("launch_price"), entry.values.get("launch_year")
        for name, (series, shape, label) in PRICE_PERF.items():
            if price and launched and name in entry.values:
                value = _gflops_per_usd(entry.values[name], price)
                if value:
                    found.append((launched.value, value, series, shape, label, entry, entry.values[name], price))
    chart = Chart(
        "priceperf",
        i18n.text(lang, "data.priceperf"),
        i18n.text(lang, "chart.year"),
        i18n.text(lang, "chart.gflops_per_usd"),
        width=width,
        height=320.0 if width < WIDTH else 400.0,
    )
    if not found:
        return chart
    years = [f[0] for f in found]
    x = Scale(min(years) - 0.5, max(years) + 0.5, chart.left, chart.right)
    y = Scale(*log_bounds([f[1] for f in found]), chart.bottom, chart.top, log=True)
    first, last = int(min(years)), int(max(years))
    every = 1 if (chart.right - chart.left) / (last - first + 1) >= 40 else 2  # a year's label needs 40 px
    chart.x_ticks = [Tick(x(year), f"{year:g}") for year in range(first, last + 1, every)]
    chart.y_ticks = log_ticks(y)
    offsets = {series: (i - 1) * 7 for i, (series, _, _) in enumerate(PRICE_PERF.values())}
    for year, value, series, shape, label, entry, flops, price in found:
        title = (
            f"{say(entry.label, lang, base.config.primary)[0]} ({year:g}), {label}: {value:.3g} GFLOP/s per USD = "
            f"{show_value(flops.value, flops.unit)} ÷ {show_value(price.value, price.unit)}"
        )
        chart.marks.append(
            Mark(x(year) + offsets[series], y(value), series, shape, urls.source_page(flops.source, lang), title)
        )
    chart.keys = [Key(series, shape, label) for series, shape, label in PRICE_PERF.values()]
    return chart


def _gflops_per_usd(flops: Measurement, price: Measurement) -> float | None:
    try:
        return float(
            (parse_quantity(flops.value, flops.unit) / parse_quantity(price.value, price.unit))
            .to("GFLOP/s/USD")
            .magnitude
        )
    except QuantityError:
        return None


def utilisation(base: KnowledgeBase, lang: str, width: float = WIDTH) -> Chart:
    """A dot plot ``width`` pixels wide: one row per training run, MFU and HFU against BF16 and FP8 peaks."""
    rows: dict[str, list[Dot]] = {}
    bands: dict[str, list[Span]] = {}
    runs = base.data.entries.get("training-runs", {})
    for run_id, entry in runs.items():
        for name, m in entry.values.items():
            if UTILISATION.match(name) and m.unit in ("1", "%"):
                percent = m.value * 100 if m.unit == "1" else m.value
                measure = "HFU" if "hfu" in name else "MFU"
                title = f"{say(entry.label, lang, base.config.primary)[0]}: {i18n.text(lang, 'chart.reported')} {measure} {percent:.1f}% — {m.basis or name}"
                rows.setdefault(run_id, []).append(
                    (percent, _peak(m, name), measure, urls.source_page(m.source, lang), title)
                )
    for claim in base:
        result = base.results[claim.id]
        run = _run_of(claim)
        check = claim.check
        if (
            check is None
            or not result.kind.startswith("mfu")
            or run not in runs
            or result.value is None
            or result.unit != "%"
        ):
            continue
        statement = claim.statement_zh if lang == "zh" else claim.statement
        if result.expect:
            low, high = result.expect.accepted()
            bands.setdefault(run, []).append(
                (max(low, 0), min(high, 100), f"{i18n.text(lang, 'chart.claim_says')}: {statement}")
            )
        readings = [(None, result.value, result.verdict)] + [
            (i, r.value, r.verdict) for i, r in enumerate(result.readings)
        ]
        for index, value, verdict in readings:
            if value is None:
                continue
            label = (
                say(check.readings[index].label, lang, base.config.primary)[0] if index is not None else result.formula
            )
            peak, measure = _reading_shape(base, check, index)
            title = (
                f"{statement} — {i18n.text(lang, 'chart.recomputed')} {measure} {value:.1f}% "
                f"({i18n.verdict(lang, verdict)}; {label})"
            )
            rows.setdefault(run, []).append((value, peak, measure, urls.claim_page(claim.id, lang), title))
    named = [(say(runs[r].label, lang, base.config.primary)[0], rows[r], bands.get(r, [])) for r in runs if r in rows]
    return _dot_plot(lang, named, width)


def _dot_plot(lang: str, rows: list[tuple[str, list[Dot], list[Span]]], width: float) -> Chart:
    """Rows (a name, its dots, its spans) named on their left, or, when narrow, above their dots."""
    narrow = width < WIDTH
    row_h, above = (50.0, 16.0) if narrow else (34.0, 0.0)  # a row's height, and the room for its name above it
    chart = Chart(
        "utilisation",
        i18n.text(lang, "data.utilisation"),
        i18n.text(lang, "chart.utilisation"),
        "",
        width=width,
        left=16.0 if narrow else 240.0,
        height=16 + row_h * len(rows) + 56,
    )
    x = Scale(0, 100, chart.left, chart.right)
    chart.x_ticks = linear_ticks(x, 20 if narrow else 10, "%")
    for i, (label, points, bands) in enumerate(rows):
        top = chart.top + row_h * i
        middle, half = top + (above + row_h) / 2, (row_h - above) / 2
        name = label.split(" (")[0]
        chart.rows.append(
            Label(chart.left + 4, top + 13, wrap(name, chart.right - chart.left - 8, 1)[0], "start")
            if narrow
            else Label(chart.left - 8, middle + 4, wrap(name, chart.left - 16, 1)[0])
        )
        chart.bands += [Band(x(lo), middle - half + 4, x(hi) - x(lo), 2 * half - 8, title) for lo, hi, title in bands]
        chart.marks += [
            Mark(x(min(v, 100)), middle, peak, MEASURES[measure], href, title)
            for v, peak, measure, href, title in points
        ]
    used = {(m.series, m.shape) for m in chart.marks}
    chart.keys = [
        Key(peak, shape, f"{measure}, {PEAKS[peak]}")
        for peak in PEAKS
        for measure, shape in MEASURES.items()
        if (peak, shape) in used
    ]
    return chart


def _peak(m: Measurement, name: str) -> str:
    words = f"{m.precision.value if m.precision else ''} {name} {m.basis or ''}".lower()
    return "bf16" if "bf16" in words else "fp8" if "fp8" in words else "other"


def _run_of(claim: Claim) -> str | None:
    refs = [v for v in claim.check.inputs.values() if isinstance(v, str)] if claim.check else []
    return next((ref.split(".")[1] for ref in refs if ref.startswith("training-runs.")), None)


def _reading_shape(base: KnowledgeBase, check: CheckSpec, index: int | None) -> tuple[str, str]:
    """(peak precision, "MFU" or "HFU") of the check itself (``index`` None) or one of its readings."""
    inputs = dict(check.inputs)
    if index is not None:
        inputs |= check.readings[index].inputs
    peak = _resolve(base, inputs.get("peak"))
    recompute = _resolve(base, inputs.get("recompute_factor"))
    measure = "HFU" if recompute is not None and recompute.value == 1 else "MFU"
    return (_peak(peak, "") if peak else "other"), measure


def _resolve(base: KnowledgeBase, value: InputValue | list[InputValue] | None) -> Measurement | None:
    if isinstance(value, Measurement):
        return value
    if isinstance(value, str):
        return base.data.lookup(value)[0]
    return None
