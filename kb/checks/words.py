"""Check results in plain words, for pages and the terminal."""

from __future__ import annotations

from kb.checks.evaluate import InputRow, Result


def show_value(value: float | None, unit: str, fraction: bool = False) -> str:
    """``0.396, "1", fraction`` → ``'39.6%'``; ``2.27, "1"`` → ``'2.27'``; ``19.5, "%"`` → ``'19.5%'``.

    >>> show_value(0.396, "1", fraction=True), show_value(2.2727, "1"), show_value(19.49, "%"), show_value(1978.9, "TFLOP/s")
    ('39.6%', '2.273', '19.49%', '1979 TFLOP/s')
    >>> show_value(2022, "1"), show_value(100000, "GPU"), show_value(1.48e13, "token")
    ('2022', '100,000 GPU', '1.48e+13 token')
    """
    if value is None:
        return "—"
    if fraction and unit == "1":
        value, unit = value * 100, "%"
    text = f"{value:,.0f}" if 1e4 <= abs(value) < 1e9 else f"{value:.4g}"
    if unit in ("1", ""):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def show_input(row: InputRow, value: float | None = None) -> str:
    return show_value(row.value if value is None else value, row.unit, row.fraction)


def break_even_sentence(result: Result, name: str) -> str:
    """One sentence saying where the verdict on ``name`` flips.

    e.g. "holds while the MFU reached on the new hardware stays above 39.6% (now 41%)".
    """
    row = result.input(name)
    flip = result.break_even[name]
    what = row.help or name
    if "[" in name and row.label:
        what = f"{what} of the {row.label}"
    shown, now = show_input(row, flip), show_input(row)
    if result.holds:
        side = "above" if flip < row.value else "below"
        return f"holds while {what} stays {side} {shown} (now {now})"
    direction = "rose" if flip > row.value else "fell"
    return f"would hold if {what} {direction} to {shown} (now {now})"


def expectation_text(result: Result) -> str:
    """The claim's number as a comparison, e.g. "≈ 20% (±25%)" or "≥ 9"."""
    e = result.expect
    if e is None:
        return ""
    if e.comparator == "approx":
        return f"≈ {show_value(e.value, e.unit)} (±{e.tolerance * 100:g}%)"  # type: ignore[operator]
    if e.comparator == "between":
        return f"between {show_value(e.low, e.unit)} and {show_value(e.high, e.unit)}"
    sign = "≥" if e.comparator == "at_least" else "≤"
    return f"{sign} {show_value(e.value, e.unit)}"
