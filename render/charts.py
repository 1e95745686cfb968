"""Chart geometry, computed at build time and drawn as SVG by ``_charts.html``.

A `Chart` holds everything in pixels: the plot area, ticks, marks (each a link),
bands and a legend. `Scale` maps data to pixels, linearly or on a log scale.
A chart's SVG scales down to fit its box; a page shows a ``wide`` chart and, on
phones, a ``narrow`` one drawn for that width, so its text stays legible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720.0, 400.0
NARROW = 360.0  # the width of a chart drawn for phones


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Label:
    """A row's name, written at ``x, y`` and anchored (``start`` or ``end``) there."""

    x: float
    y: float
    text: str
    anchor: str = "end"


@dataclass(frozen=True)
class Mark:
    """A data point: ``href`` is a site path (made relative by the template)."""

    x: float
    y: float
    series: str
    shape: str
    href: str
    title: str


@dataclass(frozen=True)
class Band:
    x: float
    y: float
    w: float
    h: float
    title: str


@dataclass(frozen=True)
class Key:
    series: str
    shape: str
    label: str


@dataclass
class Chart:
    """A chart ``width`` × ``height`` pixels; the plot area runs from ``left`` to ``right`` (by default
    16 px inside the width) and from ``top`` to ``bottom`` (by default 48 px above the height)."""

    id: str
    label: str
    x_label: str
    y_label: str
    width: float = WIDTH
    height: float = HEIGHT
    left: float = 64.0
    top: float = 16.0
    right: float = 0.0
    bottom: float = 0.0
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    rows: list[Label] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.right = self.right or self.width - 16.0
        self.bottom = self.bottom or self.height - 48.0

    @property
    def narrow(self) -> bool:
        return self.width < WIDTH


@dataclass(frozen=True)
class Scale:
    """Maps ``[lo, hi]`` onto pixels ``[a, b]``, linearly or (``log``) by powers.

    >>> Scale(0, 10, 100, 200)(5), Scale(1, 100, 0, 100, log=True)(10)
    (150.0, 50.0)
    """

    lo: float
    hi: float
    a: float
    b: float
    log: bool = False

    def __call__(self, value: float) -> float:
        f = math.log10 if self.log else (lambda v: v)
        return round(self.a + (f(value) - f(self.lo)) / (f(self.hi) - f(self.lo)) * (self.b - self.a), 1)


def log_bounds(values: list[float]) -> tuple[float, float]:
    """Whole powers of ten around ``values``.

    >>> log_bounds([0.3, 42])
    (0.1, 100.0)
    """
    return 10.0 ** math.floor(math.log10(min(values))), 10.0 ** math.ceil(math.log10(max(values)))


def log_ticks(scale: Scale) -> list[Tick]:
    """A tick at each power of ten (and at 2× and 5× when there are few decades)."""
    low, high = round(math.log10(scale.lo)), round(math.log10(scale.hi))
    steps = (1, 2, 5) if high - low <= 3 else (1,)
    values = [m * 10.0**p for p in range(low, high + 1) for m in steps if m * 10.0**p <= scale.hi]
    return [Tick(scale(v), f"{v:g}") for v in values]


def linear_ticks(scale: Scale, step: float, suffix: str = "") -> list[Tick]:
    count = round((scale.hi - scale.lo) / step)
    return [Tick(scale(scale.lo + i * step), f"{scale.lo + i * step:g}{suffix}") for i in range(count + 1)]
