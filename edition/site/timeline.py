"""The articles-per-month chart, drawn at build time as SVG geometry (no script needed to see it)."""
from __future__ import annotations

from dataclasses import dataclass, field

PLOT_WIDTH = 1000
PLOT_HEIGHT = 120
TOP = 8  # room for the top grid line's label
LEFT = 28  # room for the value labels of the grid lines
BOTTOM = 18  # room for the year labels
MAX_BAR = 36  # a year of twelve months should not draw bars as wide as columns


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: str
    count: int


@dataclass
class MonthChart:
    width: float
    height: float
    left: float = LEFT
    baseline: float = TOP + PLOT_HEIGHT
    label_y: float = TOP + PLOT_HEIGHT + BOTTOM - 4
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, label) under the axis
    grid: list[tuple[float, int]] = field(default_factory=list)  # (y, value) of the horizontal lines
    total: int = 0
    peak: tuple[str, int] | None = None
    first: str | None = None
    last: str | None = None


def _grid_values(peak: int) -> list[int]:
    if peak <= 1:
        return [peak]
    return sorted({peak, max(1, round(peak / 2))})


def _spaced(ticks: list[tuple[float, str]], room: float = 34) -> list[tuple[float, str]]:
    """Drop a label that the next one would overwrite (a first month just before a January)."""
    return [tick for tick, following in zip(ticks, ticks[1:] + [(float("inf"), "")]) if following[0] - tick[0] >= room]


def month_chart(counts: list[tuple[str, int]], label_every_month: bool = False) -> MonthChart | None:
    """Bars for [(yyyy-mm, count)] in order; None when there is nothing to draw."""
    if not counts or not any(count for _, count in counts):
        return None
    peak = max(count for _, count in counts)
    step = min(MAX_BAR, PLOT_WIDTH / len(counts))
    chart = MonthChart(width=LEFT + step * len(counts) + 2, height=TOP + PLOT_HEIGHT + BOTTOM,
                       total=sum(count for _, count in counts), first=counts[0][0], last=counts[-1][0])
    chart.peak = max(counts, key=lambda item: (item[1], item[0]))
    gap = max(1.0, step * 0.18)
    for i, (month, count) in enumerate(counts):
        x = LEFT + i * step
        height = PLOT_HEIGHT * count / peak
        chart.bars.append(Bar(round(x + gap / 2, 2), round(TOP + PLOT_HEIGHT - height, 2), round(step - gap, 2),
                              round(height, 2), month, count))
        if label_every_month:
            chart.ticks.append((round(x + step / 2, 2), month[5:]))
        elif month.endswith("-01") or i == 0:
            chart.ticks.append((round(x + 1, 2), month[:4]))
    chart.ticks = _spaced(chart.ticks)
    chart.grid = [(round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / peak, 2), value) for value in _grid_values(peak)]
    return chart
