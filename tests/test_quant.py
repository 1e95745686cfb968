"""Tests of kb.quant against hand-computed values from the essays' own numbers."""

from __future__ import annotations

import math

import pint
import pytest

from kb.quant import (
    Q_,
    ChinchillaFit,
    QuantityError,
    achieved_flops_per_gpu,
    batch_for_mfu,
    best_price_performance_year,
    compute_exponent,
    compute_multiple_for_loss_reduction,
    compute_optimal,
    decode_arithmetic_intensity,
    exp_to_mma_time_ratio,
    flops_per_dollar,
    hfu,
    mfu,
    mfu_from_hfu,
    mfu_from_mbu,
    model_flops,
    parse_quantity,
    peak_ratio,
    reducible_loss_at_compute,
    require,
    ridge_point,
    scale_by_aggregate_peak,
    scale_by_gpu_count,
    tensor_flops_per_clock_per_sm,
)

H800_FP8 = Q_(1978.9, "TFLOP/s")
H800_BF16 = Q_(989.4, "TFLOP/s")
H100_BW = Q_(3.35, "TB/s")
DSV3_GPU_HOURS = Q_(2.664e6, "GPU*hour")
HOFFMANN = ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
BESIROGLU = ChinchillaFit(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)


def value(q) -> float:
    """A dimensionless quantity as a plain fraction (``Q_(30, "%")`` -> 0.3)."""
    return float(q.to("dimensionless").magnitude)


# --- units -------------------------------------------------------------------------------------

EDITOR_UNITS = [
    "FLOP",
    "TFLOP/s",
    "PFLOP/s",
    "FLOP/s",
    "GFLOP",
    "TB/s",
    "GB/s",
    "GB",
    "hour",
    "day",
    "USD",
    "USD/hour",
    "tokens",
    "token",
    "GPU",
    "FLOP/byte",
    "exp/clock",
    "FLOP/clock",
    "%",
    "percent",
    "dimensionless",
    "1",
]


@pytest.mark.parametrize("unit", EDITOR_UNITS)
def test_editor_units_parse(unit: str) -> None:
    assert parse_quantity(1.5, unit).magnitude == 1.5


def test_prefixes_are_decimal_and_convert() -> None:
    assert parse_quantity(989.4, "TFLOP/s").to("FLOP/s").magnitude == pytest.approx(9.894e14)
    assert parse_quantity(3.35, "TB/s").to("B/s").magnitude == pytest.approx(3.35e12)
    assert parse_quantity(80, "GB").to("B").magnitude == pytest.approx(8e10)
    assert parse_quantity(2, "PFLOP/s").to("TFLOP/s").magnitude == pytest.approx(2000)
    assert parse_quantity(17.31, "%").to("dimensionless").magnitude == pytest.approx(0.1731)
    assert parse_quantity(2.664e6, "GPU*hour").to("s").magnitude == pytest.approx(9.5904e9)


def test_numeric_strings_are_read() -> None:
    assert parse_quantity("3.2856e24", "FLOP").magnitude == pytest.approx(3.2856e24)


@pytest.mark.parametrize("unit", ["TFLOPS", "FLOPS", "GPU-hours", "TB/", "", "  "])
def test_unknown_or_malformed_units_raise(unit: str) -> None:
    with pytest.raises(QuantityError, match="unit"):
        parse_quantity(1.0, unit)


@pytest.mark.parametrize("bad", ["abc", None, True, float("nan"), float("inf")])
def test_non_numbers_raise(bad) -> None:
    with pytest.raises(QuantityError, match="number"):
        parse_quantity(bad, "FLOP")


def test_require_message_names_parameter_unit_and_dimension() -> None:
    with pytest.raises(QuantityError) as info:
        require(Q_(989.4, "FLOP"), "FLOP/s", "peak")
    assert str(info.value) == "peak: expected a quantity in FLOP/s, got 989.4 FLOP (dimension [flop])"


def test_require_accepts_dimension_strings() -> None:
    assert require(H800_BF16, "[flop] / [time]", "peak") is H800_BF16


def test_bytes_are_a_dimension() -> None:
    with pytest.raises(QuantityError, match="bandwidth"):
        require(Q_(3.35, "TB"), "B/s", "bandwidth")
    with pytest.raises(QuantityError):
        require(Q_(80, "GB"), "dimensionless", "fraction")


def test_plain_number_where_units_expected_raises() -> None:
    with pytest.raises(QuantityError, match="plain number"):
        require(989.4, "FLOP/s", "peak")


def test_quantity_from_another_registry_raises() -> None:
    with pytest.raises(QuantityError, match="registry"):
        require(pint.UnitRegistry().Quantity(1, "second"), "s", "wall_time")


# --- training ----------------------------------------------------------------------------------


def test_model_flops_six_n_d() -> None:
    assert model_flops(37e9, 14.8e12).to("FLOP").magnitude == pytest.approx(3.2856e24)
    assert model_flops(Q_(37e9, "param"), Q_(14.8e12, "tokens")).magnitude == pytest.approx(3.2856e24)


def test_model_flops_explicit_per_token_and_attention() -> None:
    explicit = model_flops(None, 14.8e12, flops_per_token=Q_(250e9, "FLOP/token"))
    assert explicit.to("FLOP").magnitude == pytest.approx(3.7e24)
    with_attention = model_flops(37e9, 14.8e12, attention_flops_per_token=Q_(28e9, "FLOP/token"))
    assert with_attention.magnitude == pytest.approx((6 * 37e9 + 28e9) * 14.8e12)


def test_model_flops_rejects_bad_inputs() -> None:
    with pytest.raises(QuantityError, match="flops_per_token"):
        model_flops(None, 14.8e12, flops_per_token=Q_(250e9, "FLOP"))
    with pytest.raises(QuantityError, match="params"):
        model_flops(None, 14.8e12)
    with pytest.raises(QuantityError, match="attention_flops_per_token"):
        model_flops(37e9, 1e12, Q_(1, "FLOP/token"), Q_(1, "FLOP/token"))
    with pytest.raises(QuantityError, match="tokens"):
        model_flops(37e9, 0)
    with pytest.raises(QuantityError, match="params"):
        model_flops(-37e9, 14.8e12)


def test_deepseek_v3_achieved_and_mfu() -> None:
    achieved = achieved_flops_per_gpu(model_flops(37e9, 14.8e12), gpu_hours=DSV3_GPU_HOURS)
    assert achieved.to("TFLOP/s").magnitude == pytest.approx(342.6, abs=0.05)
    assert value(mfu(achieved, H800_FP8)) == pytest.approx(0.1731, abs=5e-5)
    assert value(mfu(achieved, H800_BF16)) == pytest.approx(0.3463, abs=5e-5)


def test_deepseek_v3_with_250_gflop_per_token() -> None:
    total = model_flops(None, 14.8e12, flops_per_token=Q_(250e9, "FLOP/token"))
    achieved = achieved_flops_per_gpu(total, gpu_hours=DSV3_GPU_HOURS)
    assert achieved.to("TFLOP/s").magnitude == pytest.approx(385.8, abs=0.05)
    assert value(mfu(achieved, H800_FP8)) == pytest.approx(0.195, abs=5e-4)


def test_gpu_count_times_wall_time_matches_gpu_hours() -> None:
    total = Q_(3.2856e24, "FLOP")
    by_count = achieved_flops_per_gpu(total, gpus=2048, wall_time=Q_(2.664e6 / 2048, "hour"))
    assert by_count.magnitude == pytest.approx(achieved_flops_per_gpu(total, gpu_hours=DSV3_GPU_HOURS).magnitude)
    assert achieved_flops_per_gpu(total, gpu_hours=2.664e6).magnitude == pytest.approx(by_count.magnitude)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"gpus": 2048},
        {"wall_time": Q_(1, "day")},
        {"gpu_hours": DSV3_GPU_HOURS, "gpus": 2048, "wall_time": Q_(1, "day")},
    ],
)
def test_achieved_needs_exactly_one_way(kwargs) -> None:
    with pytest.raises(QuantityError, match="either gpu_hours"):
        achieved_flops_per_gpu(Q_(1e24, "FLOP"), **kwargs)


def test_achieved_rejects_unit_mistakes_and_zero() -> None:
    with pytest.raises(QuantityError, match="total_flops"):
        achieved_flops_per_gpu(Q_(1e24, "FLOP/s"), gpu_hours=DSV3_GPU_HOURS)
    with pytest.raises(QuantityError, match="gpu_hours"):
        achieved_flops_per_gpu(Q_(1e24, "FLOP"), gpu_hours=Q_(0, "GPU*hour"))
    with pytest.raises(QuantityError, match="gpus"):
        achieved_flops_per_gpu(Q_(1e24, "FLOP"), gpus=0, wall_time=Q_(1, "day"))


def test_mfu_rejects_flop_for_flop_per_second() -> None:
    with pytest.raises(QuantityError, match="peak: expected a quantity in FLOP/s"):
        mfu(Q_(342.6, "TFLOP/s"), Q_(989.4, "TFLOP"))
    with pytest.raises(QuantityError, match="peak"):
        mfu(Q_(342.6, "TFLOP/s"), Q_(0, "TFLOP/s"))


def test_bloom_hfu_to_mfu() -> None:
    bloom_hfu = mfu(Q_(150, "TFLOP/s"), Q_(312, "TFLOP/s"))
    assert value(mfu_from_hfu(bloom_hfu, 8 / 6)) == pytest.approx(150 * 6 / 8 / 312)
    assert value(mfu_from_hfu(bloom_hfu, 8 / 6)) == pytest.approx(0.3606, abs=5e-5)


def test_hfu_round_trip_and_percent_input() -> None:
    assert value(hfu(mfu_from_hfu(0.48, 8 / 6), 8 / 6)) == pytest.approx(0.48)
    assert value(hfu(Q_(36.06, "%"), 8 / 6)) == pytest.approx(0.4808, abs=5e-5)


def test_hfu_rejects_impossible_values() -> None:
    with pytest.raises(QuantityError, match="recompute_factor"):
        hfu(0.3, 0.9)
    with pytest.raises(QuantityError, match="mfu"):
        hfu(1.2, 8 / 6)
    with pytest.raises(QuantityError, match="hfu"):
        mfu_from_hfu(0, 8 / 6)


# --- hardware ----------------------------------------------------------------------------------


def test_peak_ratio_b200_fp4_over_h100_fp8() -> None:
    assert value(peak_ratio(Q_(9000, "TFLOP/s"), H800_FP8)) == pytest.approx(4.548, abs=5e-4)


def test_ridge_point_h100_bf16() -> None:
    ridge = ridge_point(H800_BF16, H100_BW)
    assert ridge.to("FLOP/byte").magnitude == pytest.approx(295.3, abs=0.05)


def test_ridge_point_rejects_tb_for_tb_per_second() -> None:
    with pytest.raises(QuantityError, match="bandwidth: expected a quantity in B/s"):
        ridge_point(H800_BF16, Q_(3.35, "TB"))
    with pytest.raises(QuantityError, match="peak"):
        ridge_point(Q_(989.4, "TFLOP"), H100_BW)


def test_flops_per_dollar() -> None:
    assert flops_per_dollar(H800_BF16, Q_(30000, "USD")).to("FLOP/s/USD").magnitude == pytest.approx(989.4e12 / 3e4)
    with pytest.raises(QuantityError, match="price"):
        flops_per_dollar(H800_BF16, Q_(2, "USD/hour"))
    with pytest.raises(QuantityError, match="price"):
        flops_per_dollar(H800_BF16, Q_(0, "USD"))


def test_best_price_performance_year_and_ties() -> None:
    rows = [
        (2022, Q_(100, "TFLOP/s"), Q_(10000, "USD")),
        (2020, Q_(50, "TFLOP/s"), Q_(5000, "USD")),  # same FLOP/s per USD, earlier
        (2021, Q_(80, "TFLOP/s"), Q_(10000, "USD")),
    ]
    assert best_price_performance_year(rows) == 2020
    assert best_price_performance_year(iter(rows[2:])) == 2021
    assert best_price_performance_year([(2019, Q_(1, "PFLOP/s"), Q_(1, "kUSD")), *rows]) == 2019


def test_best_price_performance_year_rejects_bad_rows() -> None:
    with pytest.raises(QuantityError, match="no"):
        best_price_performance_year([])
    with pytest.raises(QuantityError, match="year"):
        best_price_performance_year([("2020", Q_(1, "TFLOP/s"), Q_(1, "USD"))])
    with pytest.raises(QuantityError, match="peak"):
        best_price_performance_year([(2020, Q_(1, "TFLOP"), Q_(1, "USD"))])
    with pytest.raises(QuantityError, match=r"rows\[0\]"):
        best_price_performance_year([(2020, Q_(1, "TFLOP/s"))])


# --- inference ---------------------------------------------------------------------------------


@pytest.mark.parametrize("batch", [1, 8, 64])
def test_decode_intensity_equals_batch_for_bf16(batch: int) -> None:
    for bytes_per_param in (2, Q_(2, "B/param"), Q_(2, "B")):
        intensity = decode_arithmetic_intensity(batch, bytes_per_param)
        assert intensity.to("FLOP/byte").magnitude == pytest.approx(batch)


def test_decode_mfu_and_threshold_batch_h100() -> None:
    assert value(mfu_from_mbu(0.7, 1, 2, H800_BF16, H100_BW)) == pytest.approx(0.7 * 3.35e12 / 989.4e12)
    assert value(mfu_from_mbu(0.7, 1, 2, H800_BF16, H100_BW)) == pytest.approx(0.00237, abs=5e-6)
    assert batch_for_mfu(0.05, 0.7, 2, H800_BF16, H100_BW) == pytest.approx(21.1, abs=0.05)


@pytest.mark.parametrize("target", [0.01, 0.05, Q_(30, "%")])
def test_batch_for_mfu_round_trips(target) -> None:
    batch = batch_for_mfu(target, 0.7, 2, H800_BF16, H100_BW)
    assert value(mfu_from_mbu(0.7, batch, 2, H800_BF16, H100_BW)) == pytest.approx(value(Q_(target)))


def test_decode_rejects_bad_inputs() -> None:
    with pytest.raises(QuantityError, match="ridge point"):
        mfu_from_mbu(1.0, 1000, 2, H800_BF16, H100_BW)
    with pytest.raises(QuantityError, match="mbu"):
        mfu_from_mbu(1.5, 1, 2, H800_BF16, H100_BW)
    with pytest.raises(QuantityError, match="bandwidth"):
        mfu_from_mbu(0.7, 1, 2, H800_BF16, Q_(3.35, "TB"))
    with pytest.raises(QuantityError, match="bandwidth"):
        batch_for_mfu(0.05, 0.7, 2, H800_BF16, Q_(0, "TB/s"))
    with pytest.raises(QuantityError, match="batch_size"):
        decode_arithmetic_intensity(0, 2)
    with pytest.raises(QuantityError, match="bytes_per_param"):
        decode_arithmetic_intensity(1, Q_(2, "FLOP"))
    with pytest.raises(QuantityError, match="target_mfu"):
        batch_for_mfu(-0.05, 0.7, 2, H800_BF16, H100_BW)


# --- attention ---------------------------------------------------------------------------------


def test_tensor_flops_per_clock_per_sm() -> None:
    h100 = tensor_flops_per_clock_per_sm(H800_BF16, 132, Q_(1.83, "GHz"))
    b200 = tensor_flops_per_clock_per_sm(Q_(2250, "TFLOP/s"), 148, Q_(1.86, "GHz"))
    assert h100.to("FLOP/clock").magnitude == pytest.approx(4096, rel=1e-3)
    assert b200.to("FLOP/clock").magnitude == pytest.approx(8173, abs=1)
    assert b200.magnitude == pytest.approx(8192, rel=5e-3)


def test_exp_to_mma_time_ratio_h100_b200_b300() -> None:
    h100 = tensor_flops_per_clock_per_sm(H800_BF16, 132, Q_(1.83, "GHz"))
    b200 = tensor_flops_per_clock_per_sm(Q_(2250, "TFLOP/s"), 148, Q_(1.86, "GHz"))
    assert value(exp_to_mma_time_ratio(128, h100, Q_(16, "exp/clock"))) == pytest.approx(0.5, rel=1e-3)
    assert value(exp_to_mma_time_ratio(128, b200, Q_(16, "exp/clock"))) == pytest.approx(1.0, rel=5e-3)
    assert value(exp_to_mma_time_ratio(128, Q_(8192, "FLOP/clock"), Q_(32, "exp/clock"))) == pytest.approx(0.5)


def test_attention_rejects_unit_mistakes() -> None:
    with pytest.raises(QuantityError, match="clock"):
        tensor_flops_per_clock_per_sm(H800_BF16, 132, Q_(1.83, "FLOP/s"))
    with pytest.raises(QuantityError, match="sms"):
        tensor_flops_per_clock_per_sm(H800_BF16, 0, Q_(1.83, "GHz"))
    with pytest.raises(QuantityError, match="exp_per_clock_per_sm"):
        exp_to_mma_time_ratio(128, Q_(4096, "FLOP/clock"), Q_(16, "FLOP/clock"))
    with pytest.raises(QuantityError, match="tensor_flops_per_clock_per_sm"):
        exp_to_mma_time_ratio(128, H800_BF16, Q_(16, "exp/clock"))
    with pytest.raises(QuantityError, match="head_dim"):
        exp_to_mma_time_ratio(0, Q_(4096, "FLOP/clock"), Q_(16, "exp/clock"))


# --- clusters ----------------------------------------------------------------------------------


def test_scale_by_gpu_count() -> None:
    assert value(scale_by_gpu_count(100_000, 2048)) == pytest.approx(48.83, abs=5e-3)
    assert value(scale_by_gpu_count(Q_(40_000, "GPU"), 2048)) == pytest.approx(19.53, abs=5e-3)


def test_scale_by_aggregate_peak() -> None:
    ratio = scale_by_aggregate_peak(100_000, H800_BF16, 2048, Q_(312, "TFLOP/s"))
    assert value(ratio) == pytest.approx(100_000 * 989.4 / (2048 * 312))
    same_chip = scale_by_aggregate_peak(40_000, H800_BF16, 2048, Q_(989.4e12, "FLOP/s"))
    assert value(same_chip) == pytest.approx(40_000 / 2048)


def test_clusters_reject_bad_inputs() -> None:
    with pytest.raises(QuantityError, match="gpus_old"):
        scale_by_gpu_count(100_000, 0)
    with pytest.raises(QuantityError, match="peak_old"):
        scale_by_aggregate_peak(100_000, H800_BF16, 2048, Q_(312, "TFLOP"))


# --- scaling -----------------------------------------------------------------------------------


def test_compute_exponent_and_multiples() -> None:
    assert compute_exponent(HOFFMANN) == pytest.approx(0.34 * 0.28 / 0.62)
    assert compute_multiple_for_loss_reduction(HOFFMANN, 2) == pytest.approx(91.3, abs=0.05)
    assert compute_multiple_for_loss_reduction(BESIROGLU, 2) == pytest.approx(48.8, abs=0.05)
    assert compute_multiple_for_loss_reduction(HOFFMANN, 1) == pytest.approx(1.0)


def test_compute_optimal_spends_the_budget_at_a_minimum() -> None:
    c = 5.76e23
    n, d = compute_optimal(HOFFMANN, c)
    assert 6 * n * d == pytest.approx(c)
    best = HOFFMANN.loss(n, d)
    for tilt in (0.8, 1.25):
        assert HOFFMANN.loss(n * tilt, d / tilt) > best


def test_reducible_loss_falls_by_factor_at_the_multiple() -> None:
    for fit in (HOFFMANN, BESIROGLU):
        c = 1e24
        multiple = compute_multiple_for_loss_reduction(fit, 2)
        before = reducible_loss_at_compute(fit, c)
        assert before / reducible_loss_at_compute(fit, c * multiple) == pytest.approx(2)
        assert before == pytest.approx(fit.loss(*compute_optimal(fit, c)) - fit.E)


def test_scaling_accepts_quantities() -> None:
    n, d = compute_optimal(HOFFMANN, Q_(5.76e14, "GFLOP"))
    assert (n, d) == pytest.approx(compute_optimal(HOFFMANN, 5.76e23))
    assert HOFFMANN.loss(Q_(70e9, "param"), Q_(1.4e12, "token")) == pytest.approx(HOFFMANN.loss(70e9, 1.4e12))


def test_scaling_rejects_bad_inputs() -> None:
    with pytest.raises(QuantityError, match="C"):
        compute_optimal(HOFFMANN, Q_(1e24, "FLOP/s"))
    with pytest.raises(QuantityError, match="C"):
        compute_optimal(HOFFMANN, 0)
    with pytest.raises(QuantityError, match="factor"):
        compute_multiple_for_loss_reduction(HOFFMANN, -2)
    with pytest.raises(QuantityError, match="alpha"):
        ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0, beta=0.28)
    with pytest.raises(QuantityError, match="E"):
        ChinchillaFit(E=-1, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    with pytest.raises(QuantityError, match="beta"):
        ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=math.nan)
