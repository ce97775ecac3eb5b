"""
Charts drawn on the server as SVG: no script, nothing loaded from elsewhere, readable in print.

`bar_chart` turns an indicator's figures into plain numbers (positions and sizes) that the
template `archive/includes/bar_chart.html` draws. Each claim is its own bar, in order of the
period it covers, so claims from different sources about the same period stand side by side;
the hedge stays in the bar's label ("almost 9 billion USD"). The page always shows the same
figures as a table, which is the chart's text equivalent.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SCALE_WORDS = {0: "", 3: _("thousand"), 6: _("million"), 9: _("billion")}


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    centre: int
    value_label: str
    period_label: str
    source_label: str
    preferred: bool


@dataclass
class Tick:
    y: int
    label: str


@dataclass
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    baseline: int
    unit: str
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)


def _nice_step(maximum, ticks=4):
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude


def _tick_label(value, scale):
    number = Decimal(str(value)) / (Decimal(10) ** scale)
    text = f"{number.normalize():f}"
    word = SCALE_WORDS.get(scale, "")
    return f"{text} {word}".strip()


def bar_chart(statistics, source_label=lambda statistic: str(statistic.article)):
    """
    Geometry for a bar chart of `statistics` (one indicator's figures), or None when there is
    nothing to compare (fewer than two figures in one unit).
    """
    figures = list(statistics)
    if not figures:
        return None
    unit = Counter(item.unit for item in figures).most_common(1)[0][0]
    figures = [item for item in figures if item.unit == unit]
    if len(figures) < 2:
        return None
    figures.sort(
        key=lambda item: (
            item.period_upper is None,
            item.period_upper,
            item.period_lower is None,
            item.period_lower,
            item.pk,
        )
    )
    scale = Counter(item.scale for item in figures).most_common(1)[0][0]
    maximum = max(float(item.absolute_value) for item in figures) or 1.0
    step = _nice_step(maximum)
    top_value = step * math.ceil(maximum / step)

    slot, gap = 170, 40
    plot_left, plot_top, plot_height = 100, 50, 220
    width = plot_left + slot * len(figures) + 20
    baseline = plot_top + plot_height
    chart = BarChart(
        width=width,
        height=baseline + 70,
        plot_left=plot_left,
        plot_right=width - 20,
        plot_top=plot_top,
        baseline=baseline,
        unit=unit,
    )
    tick_value = 0.0
    while tick_value <= top_value + step / 2:
        chart.ticks.append(
            Tick(
                y=round(baseline - plot_height * tick_value / top_value),
                label=_tick_label(tick_value, scale),
            )
        )
        tick_value += step
    for index, item in enumerate(figures):
        height = round(plot_height * float(item.absolute_value) / top_value)
        x = plot_left + index * slot + gap // 2
        chart.bars.append(
            Bar(
                x=x,
                y=baseline - height,
                width=slot - gap,
                height=height,
                centre=x + (slot - gap) // 2,
                value_label=item.value_label,
                period_label=item.period_label,
                source_label=source_label(item),
                preferred=item.rank == item.Rank.PREFERRED,
            )
        )
    return chart
