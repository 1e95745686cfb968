"""The registered check kinds: each binds a claim's inputs to functions of `kb.quant`.

Each also gives its formula on plain floats in root units (``plain=``, see `kb.checks.registry`)
for the break-even search; `tests/test_fast_checks.py` holds the two to the same results.
"""

from __future__ import annotations

from kb import quant as q
from kb.checks.registry import ANY, In, Trace, register
from kb.quant import Q_, Quantity
from kb.quant.plain import at_least_one, fraction, root_factor

PEAK = "FLOP/s"


def _plain_decode_mfu(mbu: float, batch_size: float, bytes_per_param: float, peak: float, bandwidth: float) -> float:
    """`decode-mfu` on plain floats: above 1 the model does not apply, as in `kb.quant.mfu_from_mbu`."""
    result = fraction(mbu, "mbu") * (2 * batch_size / bytes_per_param) * bandwidth / peak
    if result > 1:
        raise q.QuantityError(f"decode MFU {result:.3g} > 1: compute-bound, the model does not apply")
    return result


def _plain_best_year(peaks: list[float], prices: list[float], years: list[float]) -> float:
    """`best-price-performance-year` on plain floats: ties go to the earliest year, as in `kb.quant`."""
    if not len(peaks) == len(prices) == len(years):
        raise q.QuantityError("peaks, prices and years must list the same GPUs")
    best = min(zip(peaks, prices, years, strict=True), key=lambda row: (-(row[0] / row[1]), round(row[2])))
    return float(round(best[2]))


@register(
    "mfu-from-gpu-hours",
    formula="MFU = FLOPs ÷ (GPU-hours × 3600 s/h × peak); FLOPs = 6·N·D, or FLOP/token × D",
    result="1",
    inputs={
        "params": In("param", "active parameters N"),
        "tokens": In("token", "training tokens D"),
        "gpu_hours": In("GPU*hour", "GPU-hours of the run"),
        "peak": In(PEAK, "peak FLOP/s per GPU at the chosen precision"),
        "flops_per_token": In("FLOP/token", "measured FLOPs per token (replaces 6·N)", optional=True),
    },
    plain=lambda params, tokens, gpu_hours, peak, flops_per_token=None: (
        (6 * params if flops_per_token is None else flops_per_token) * tokens / gpu_hours / peak
    ),
)
def mfu_from_gpu_hours(
    t: Trace,
    params: Quantity,
    tokens: Quantity,
    gpu_hours: Quantity,
    peak: Quantity,
    flops_per_token: Quantity | None = None,
) -> Quantity:
    """Model FLOP utilisation of a training run from its size, its data and its GPU-hours."""
    flops = t.step("model FLOPs", q.model_flops(params, tokens, flops_per_token=flops_per_token), "FLOP")
    achieved = t.step("achieved FLOP/s per GPU", q.achieved_flops_per_gpu(flops, gpu_hours=gpu_hours), "TFLOP/s")
    return t.step("MFU", q.mfu(achieved, peak), "%")


@register(
    "mfu-from-throughput",
    formula="MFU = achieved model FLOP/s per GPU ÷ peak FLOP/s per GPU",
    result="1",
    inputs={"achieved": In(PEAK, "reported model FLOP/s per GPU"), "peak": In(PEAK, "peak FLOP/s per GPU")},
    plain=lambda achieved, peak: achieved / peak,
)
def mfu_from_throughput(t: Trace, achieved: Quantity, peak: Quantity) -> Quantity:
    """Model FLOP utilisation from a reported per-GPU throughput."""
    return t.step("MFU", q.mfu(achieved, peak), "%")


@register(
    "mfu-from-hardware-throughput",
    formula="HFU = hardware FLOP/s ÷ peak; MFU = HFU ÷ r (r = executed FLOPs ÷ model FLOPs)",
    result="1",
    inputs={
        "achieved_hardware": In(PEAK, "reported FLOP/s per GPU counting recomputation"),
        "recompute_factor": In("1", "executed FLOPs ÷ model FLOPs, e.g. 8/6"),
        "peak": In(PEAK, "peak FLOP/s per GPU"),
    },
    plain=lambda achieved_hardware, recompute_factor, peak: (
        fraction(achieved_hardware / peak, "hfu") / at_least_one(recompute_factor, "recompute_factor")
    ),
)
def mfu_from_hardware_throughput(
    t: Trace, achieved_hardware: Quantity, recompute_factor: Quantity, peak: Quantity
) -> Quantity:
    """MFU from a throughput that counts recomputed FLOPs (an HFU figure)."""
    hfu = t.step("HFU", q.mfu(achieved_hardware, peak), "%")
    return t.step("MFU", q.mfu_from_hfu(hfu, recompute_factor), "%")


@register(
    "peak-ratio",
    formula="ratio = peak of the new GPU ÷ peak of the old GPU",
    result="1",
    inputs={"new": In(PEAK, "peak FLOP/s of the newer GPU"), "old": In(PEAK, "peak FLOP/s of the older GPU")},
    plain=lambda new, old: new / old,
)
def peak_ratio(t: Trace, new: Quantity, old: Quantity) -> Quantity:
    """How many times the peak throughput of one GPU exceeds another's."""
    return t.step("peak ratio", q.peak_ratio(new, old), "1")


@register(
    "rate-ratio",
    formula="ratio = new rate ÷ old rate (same dimension)",
    result="1",
    inputs={"new": In("exp/s", "rate of the newer part"), "old": In("exp/s", "rate of the older part")},
    plain=lambda new, old: new / old,
)
def rate_ratio(t: Trace, new: Quantity, old: Quantity) -> Quantity:
    """How many times one exponential (special-function) throughput exceeds another."""
    ratio = q.require(new, "exp/s", "new", positive=True) / q.require(old, "exp/s", "old", positive=True)
    return t.step("throughput ratio", ratio, "1")


@register(
    "usable-flops-multiple",
    formula="multiple = (new peak ÷ old peak) × (target MFU ÷ current MFU)",
    result="1",
    inputs={
        "new_peak": In(PEAK, "peak FLOP/s per GPU on the new hardware and precision"),
        "old_peak": In(PEAK, "peak FLOP/s per GPU of today's runs"),
        "current_mfu": In("1", "MFU of today's runs", fraction=True),
        "target_mfu": In("1", "MFU reached on the new hardware", fraction=True),
    },
    plain=lambda new_peak, old_peak, current_mfu, target_mfu: (
        new_peak / old_peak * (fraction(target_mfu, "target_mfu") / fraction(current_mfu, "current_mfu"))
    ),
)
def usable_flops_multiple(
    t: Trace, new_peak: Quantity, old_peak: Quantity, current_mfu: Quantity, target_mfu: Quantity
) -> Quantity:
    """How many times more useful FLOP/s per GPU a new precision and a higher MFU give."""
    peaks = t.step("peak ratio", q.peak_ratio(new_peak, old_peak), "1")
    utilisation = t.step(
        "MFU ratio", q.require_fraction(target_mfu, "target_mfu") / q.require_fraction(current_mfu, "current_mfu"), "1"
    )
    return t.step("usable FLOPs multiple", peaks * utilisation, "1")


@register(
    "cluster-scale",
    formula="scale = GPUs in the new cluster ÷ GPUs in the old cluster",
    result="1",
    inputs={"gpus_new": In("GPU", "GPUs in the new cluster"), "gpus_old": In("GPU", "GPUs in the old cluster")},
    plain=lambda gpus_new, gpus_old: gpus_new / gpus_old,
)
def cluster_scale(t: Trace, gpus_new: Quantity, gpus_old: Quantity) -> Quantity:
    """Cluster growth by GPU count."""
    return t.step("scale by GPU count", q.scale_by_gpu_count(gpus_new, gpus_old), "1")


@register(
    "cluster-scale-by-peak",
    formula="scale = (GPUs_new × peak_new) ÷ (GPUs_old × peak_old)",
    result="1",
    inputs={
        "gpus_new": In("GPU", "GPUs in the new cluster"),
        "peak_new": In(PEAK, "peak per new GPU"),
        "gpus_old": In("GPU", "GPUs in the old cluster"),
        "peak_old": In(PEAK, "peak per old GPU"),
    },
    plain=lambda gpus_new, peak_new, gpus_old, peak_old: (gpus_new * peak_new) / (gpus_old * peak_old),
)
def cluster_scale_by_peak(
    t: Trace, gpus_new: Quantity, peak_new: Quantity, gpus_old: Quantity, peak_old: Quantity
) -> Quantity:
    """Cluster growth by aggregate peak FLOP/s."""
    return t.step("scale by aggregate peak", q.scale_by_aggregate_peak(gpus_new, peak_new, gpus_old, peak_old), "1")


@register(
    "best-measured",
    formula="best = the highest of the measured values",
    result="1",
    inputs={"measurements": In("1", "the measured value", many=True, fraction=True)},
    plain=lambda measurements: max(measurements),
)
def best_measured(t: Trace, measurements: list[Quantity]) -> Quantity:
    """The best of several published measurements of the same quantity."""
    return t.step("best measured", max(q.require(m, "1", "measurement") for m in measurements), "%")


@register(
    "decode-mfu",
    formula="MFU = MBU × (2·batch ÷ bytes per parameter) × bandwidth ÷ peak",
    result="1",
    inputs={
        "mbu": In("1", "memory-bandwidth utilisation", fraction=True),
        "batch_size": In("1", "sequences decoded together"),
        "bytes_per_param": In("B/param", "bytes per weight"),
        "peak": In(PEAK, "peak FLOP/s per GPU"),
        "bandwidth": In("TB/s", "memory bandwidth per GPU"),
    },
    plain=_plain_decode_mfu,
)
def decode_mfu(
    t: Trace, mbu: Quantity, batch_size: Quantity, bytes_per_param: Quantity, peak: Quantity, bandwidth: Quantity
) -> Quantity:
    """FLOP utilisation of weight-bound autoregressive decoding."""
    t.step("arithmetic intensity", q.decode_arithmetic_intensity(batch_size, bytes_per_param), "FLOP/B")
    t.step("ridge point", q.ridge_point(peak, bandwidth), "FLOP/B")
    return t.step("MFU", q.mfu_from_mbu(mbu, batch_size, bytes_per_param, peak, bandwidth), "%")


@register(
    "attention-exp-ratio",
    formula="ratio = (1 ÷ exp per clock per SM) ÷ (4·d ÷ tensor FLOP per clock per SM); > 1 means exponential-bound",
    result="1",
    inputs={
        "head_dim": In("1", "attention head dimension d"),
        "tensor_flops_per_clock_per_sm": In("FLOP/clock", "dense tensor FLOP per clock per SM"),
        "exp_per_clock_per_sm": In("exp/clock", "exponentials per clock per SM"),
    },
    plain=lambda head_dim, tensor_flops_per_clock_per_sm, exp_per_clock_per_sm: (
        (1 / exp_per_clock_per_sm) / (4 * head_dim / tensor_flops_per_clock_per_sm)
    ),
)
def attention_exp_ratio(
    t: Trace, head_dim: Quantity, tensor_flops_per_clock_per_sm: Quantity, exp_per_clock_per_sm: Quantity
) -> Quantity:
    """Time spent on exponentials over time on matrix multiplies, per attention score."""
    t.step("tensor FLOP per score (4·d)", 4 * q.as_unit(head_dim, "1", "head_dim") * Q_(1, "FLOP"), "FLOP")
    ratio = q.exp_to_mma_time_ratio(head_dim, tensor_flops_per_clock_per_sm, exp_per_clock_per_sm)
    return t.step("exp time ÷ matmul time", ratio, "1")


@register(
    "attention-exp-ratio-from-peak",
    formula="tensor FLOP per clock per SM = peak ÷ (SMs × tensor clock); ratio = that ÷ (4·d × exp per clock per SM); > 1 means exponential-bound",
    result="1",
    inputs={
        "head_dim": In("1", "attention head dimension d"),
        "tensor_peak": In(PEAK, "dense tensor peak FLOP/s of the GPU"),
        "sms": In("1", "streaming multiprocessors (SMs)"),
        "tensor_clock": In("GHz", "clock the tensor peak is stated at"),
        "exp_per_clock_per_sm": In("exp/clock", "exponentials per clock per SM"),
    },
    plain=lambda head_dim, tensor_peak, sms, tensor_clock, exp_per_clock_per_sm: (
        (1 / exp_per_clock_per_sm) / (4 * head_dim / (tensor_peak / (sms * tensor_clock)))
    ),
)
def attention_exp_ratio_from_peak(
    t: Trace,
    head_dim: Quantity,
    tensor_peak: Quantity,
    sms: Quantity,
    tensor_clock: Quantity,
    exp_per_clock_per_sm: Quantity,
) -> Quantity:
    """`attention-exp-ratio` with the tensor rate per SM derived from the GPU's stated peak, unrounded."""
    per_sm = t.step(
        "tensor FLOP per clock per SM", q.tensor_flops_per_clock_per_sm(tensor_peak, sms, tensor_clock), "FLOP/clock"
    )
    return attention_exp_ratio(t, head_dim, per_sm, exp_per_clock_per_sm)


@register(
    "trade-off",
    formula="kept = one rate of the new part ÷ the same rate of the old part, where another rate rose (gained = new ÷ old); < 1 means something was given up",
    result="1",
    inputs={
        "gained_new": In(PEAK, "the rate that rose, on the new part"),
        "gained_old": In(PEAK, "the rate that rose, on the old part"),
        "kept_new": In(PEAK, "the other rate, on the new part"),
        "kept_old": In(PEAK, "the other rate, on the old part"),
    },
    plain=lambda gained_new, gained_old, kept_new, kept_old: kept_new / kept_old,
)
def trade_off(t: Trace, gained_new: Quantity, gained_old: Quantity, kept_new: Quantity, kept_old: Quantity) -> Quantity:
    """How much of one rate a new part keeps while another rate rises: a trade-off rather than a pure gain."""
    t.step("gained: new ÷ old", q.peak_ratio(gained_new, gained_old), "1")
    return t.step("kept: new ÷ old", q.peak_ratio(kept_new, kept_old), "1")


@register(
    "best-price-performance-year",
    formula="year = argmax over GPUs of peak FLOP/s ÷ price (peaks, prices and years list the same GPUs in the same order, all peaks at one precision)",
    result="1",
    inputs={
        "peaks": In(PEAK, "the peak FLOP/s", many=True),
        "prices": In("USD", "the price", many=True),
        "years": In("1", "the launch year", many=True, vary=False),
    },
    plain=_plain_best_year,
)
def best_price_performance_year(
    t: Trace, peaks: list[Quantity], prices: list[Quantity], years: list[Quantity]
) -> Quantity:
    """The launch year of the GPU with the most FLOP/s per dollar."""
    if not len(peaks) == len(prices) == len(years):
        raise q.QuantityError("peaks, prices and years must list the same GPUs")
    for year, peak, price in zip(years, peaks, prices, strict=True):
        t.step(f"GFLOP/s per USD ({int(year.magnitude)})", q.flops_per_dollar(peak, price), "GFLOP/s/USD")
    rows = [(round(y.to("1").magnitude), p, c) for y, p, c in zip(years, peaks, prices, strict=True)]
    return t.step("best year", Q_(q.best_price_performance_year(rows), "1"))


@register(
    "compute-multiple-for-loss-reduction",
    formula="multiple = factor^(1/γ), γ = αβ ÷ (α + β), for L(N, D) = E + A/N^α + B/D^β at the compute optimum",
    result="1",
    inputs={
        "e": In("1", "irreducible loss E", vary=False),
        "a": In("1", "A", vary=False),
        "b": In("1", "B", vary=False),
        "alpha": In("1", "α"),
        "beta": In("1", "β"),
        "factor": In("1", "by how much the reducible loss is divided"),
    },
    plain=lambda e, a, b, alpha, beta, factor: q.compute_multiple_for_loss_reduction(
        q.ChinchillaFit(E=e, A=a, B=b, alpha=alpha, beta=beta), factor
    ),
)
def compute_multiple_for_loss_reduction(
    t: Trace, e: Quantity, a: Quantity, b: Quantity, alpha: Quantity, beta: Quantity, factor: Quantity
) -> Quantity:
    """Compute multiple needed to divide the reducible loss by a factor, under a Chinchilla fit."""
    fit = q.ChinchillaFit(E=_n(e), A=_n(a), B=_n(b), alpha=_n(alpha), beta=_n(beta))
    t.step("compute exponent γ", q.compute_exponent(fit))
    return t.step("compute multiple", Q_(q.compute_multiple_for_loss_reduction(fit, _n(factor)), "1"))


def _n(value: Quantity) -> float:
    return float(value.to("1").magnitude)


@register(
    "ridge-point",
    formula="ridge = peak FLOP/s ÷ memory bandwidth",
    result="FLOP/B",
    inputs={"peak": In("FLOP/s", "peak FLOP/s"), "bandwidth": In("TB/s", "memory bandwidth")},
    plain=lambda peak, bandwidth: peak / bandwidth,
)
def ridge_point(t: Trace, peak: Quantity, bandwidth: Quantity) -> Quantity:
    """Arithmetic intensity above which a kernel is compute-bound (roofline)."""
    return t.step("ridge point", q.ridge_point(peak, bandwidth), "FLOP/B")


# Generic kinds: two values of any one dimension (prices, counts, rates, sizes), for any debate.


@register(
    "ratio",
    formula="ratio = a ÷ b (a and b of one dimension)",
    result="1",
    inputs={"a": In(ANY, "the numerator"), "b": In(ANY, "the denominator", like="a")},
    plain=lambda a, b: a / b,
)
def ratio(t: Trace, a: Quantity, b: Quantity) -> Quantity:
    """How many times one value goes into another of the same dimension."""
    return t.step("ratio", q.ratio(a, b), "1")


@register(
    "percentage-change",
    formula="change = (new − old) ÷ old (old and new of one dimension)",
    result="1",
    inputs={"old": In(ANY, "the earlier value"), "new": In(ANY, "the later value", like="old")},
    plain=lambda old, new: (new - old) / old,
)
def percentage_change(t: Trace, old: Quantity, new: Quantity) -> Quantity:
    """The relative change from an earlier value to a later one (−0.5 is a halving)."""
    return t.step("relative change", q.percentage_change(old, new), "%")


def _plain_cagr(start: float, end: float, years: float) -> float:
    """`compound-annual-growth-rate` on plain floats (``years`` in seconds), with `kb.quant`'s domain checks."""
    span = years / root_factor("year")
    if not span > 0:
        raise q.QuantityError(f"years: must be positive, got {span:g}")
    if not (start > 0 and end > 0):
        raise q.QuantityError("start and end must both be positive for a growth rate")
    return float((end / start) ** (1 / span) - 1)


@register(
    "compound-annual-growth-rate",
    formula="growth = (end ÷ start)^(1 ÷ years) − 1 (start and end of one dimension)",
    result="1",
    inputs={
        "start": In(ANY, "the start value"),
        "end": In(ANY, "the end value", like="start"),
        "years": In("year", "the years from start to end"),
    },
    plain=_plain_cagr,
)
def compound_annual_growth_rate(t: Trace, start: Quantity, end: Quantity, years: Quantity) -> Quantity:
    """The constant yearly growth rate that turns a start value into an end value over some years."""
    t.step("end ÷ start", q.ratio(end, start), "1")
    return t.step("yearly growth rate", q.compound_annual_growth_rate(start, end, years), "%")
