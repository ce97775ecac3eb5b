"""
Charts drawn on the server as SVG: no script, nothing loaded from elsewhere, readable in print.

`bar_chart` turns an indicator's figures into plain numbers (positions, sizes and path data)
that the template `archive/includes/bar_chart.html` draws. The page always shows the same
figures as a table, which is the chart's text equivalent.

The chart shows what the figures say, no more:

- The x axis is time. Each figure stands in the year its period ends (the year it is "as of"),
  claims about the same year side by side; a year with no figure keeps its place on the axis
  as a gap, and a long run of such years is drawn as one marked break. Figures whose period
  is not stated come last, apart.
- A hedged figure is not drawn as an exact bar: its bar is hatched, and a mark at its top says
  which way the truth may lie: an arrow up for "more than" or "at least", a chevron down for
  "almost", "less than" or "at most", a whisker for "approximately". The hedge word stays in
  the bar's label ("almost 9 billion USD") and in the chart's text alternative.
- The figure the editors prefer stays marked, drawn darker and labelled.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models.figures import number_words, scale_word

# Which way the truth may lie from a hedged figure's stated value.
MORE, LESS, ABOUT, EXACT = "more", "less", "about", "exact"
HEDGES = {
    "more_than": MORE,
    "at_least": MORE,
    "almost": LESS,
    "less_than": LESS,
    "at_most": LESS,
    "approximately": ABOUT,
}
LONGEST_GAP_DRAWN = 2  # empty years drawn one by one; a longer run is one break in the axis


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
    hedge: str = EXACT
    hedge_line: str = ""  # SVG path data: the dashed part of the hedge's mark
    hedge_head: str = ""  # SVG path data: its arrowhead, chevron or whisker
    label_y: int = 0  # where the value label sits, above the bar and its mark

    @property
    def hedged(self):
        return self.hedge != EXACT

    @property
    def accessible_text(self):
        words = [self.value_label, self.period_label]
        if self.source_label:
            words.append(self.source_label)
        if self.preferred:
            words.append(_("the preferred figure"))
        return ", ".join(str(word) for word in words if word)


@dataclass
class Column:
    """A place on the time axis: a year (with bars, or none: a gap), a break, or "not stated"."""

    x: int
    width: int
    label: str
    is_break: bool = False  # a run of years without figures, drawn as one break in the axis
    empty_note: str = ""
    bars: list = field(default_factory=list)

    @property
    def centre(self):
        return self.x + self.width // 2


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
    compact: bool = False
    bars: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    ticks: list = field(default_factory=list)

    @property
    def has_hedged_bars(self):
        return any(bar.hedged for bar in self.bars)

    @property
    def summary(self):
        """The figures in words, in the chart's order: part of its text alternative."""
        return "; ".join(bar.accessible_text for bar in self.bars) + "."


def _nice_step(maximum, ticks=4):
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude


def _tick_label(value, scale):
    number = Decimal(str(value)) / (Decimal(10) ** scale)
    return f"{number_words(number)} {scale_word(scale, number)}".strip()


def as_of_year(statistic):
    """The year a figure stands in on the time axis: where its period ends, else begins."""
    bound = statistic.period_upper or statistic.period_lower
    return bound.year if bound else None


def hedge_marks(hedge, centre, top):
    """(dashed line, head) path data for a hedge's mark at a bar's top, and the label's y."""
    if hedge == MORE:  # the truth may lie higher: an open dashed extension and an arrow up
        line = f"M{centre},{top} V{top - 24}"
        head = f"M{centre - 6},{top - 16} L{centre},{top - 26} L{centre + 6},{top - 16}"
        return line, head, top - 34
    if hedge == LESS:  # the truth lies a little lower: a chevron pointing down into the bar
        head = f"M{centre - 8},{top - 16} L{centre},{top - 6} L{centre + 8},{top - 16}"
        return "", head, top - 24
    if hedge == ABOUT:  # about: a whisker either side of the value
        head = (
            f"M{centre},{top - 10} V{top + 10} "
            f"M{centre - 8},{top - 10} H{centre + 8} M{centre - 8},{top + 10} H{centre + 8}"
        )
        return "", head, top - 18
    return "", "", top - 8


def bar_chart(statistics, source_label=lambda statistic: str(statistic.article), compact=False):
    """
    Geometry for a bar chart of `statistics` (one indicator's figures) in their most common
    unit, or None when there is nothing to draw: no figure, or (unless `compact`, the small
    chart of the statistics page) fewer than two to compare.
    """
    figures = list(statistics)
    if not figures:
        return None
    unit = Counter(item.unit for item in figures).most_common(1)[0][0]
    figures = [item for item in figures if item.unit == unit]
    if len(figures) < (1 if compact else 2):
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

    bar_slot, bar_gap = (120, 40) if compact else (170, 40)
    gap_slot, break_slot = (40, 70) if compact else (56, 110)
    plot_left, plot_top = (80, 56) if compact else (100, 64)
    plot_height = 110 if compact else 220
    baseline = plot_top + plot_height

    by_year = {}
    for item in figures:
        by_year.setdefault(as_of_year(item), []).append(item)
    known_years = sorted(year for year in by_year if year is not None)

    def slot_width(item):
        """Room for the bar and its words (a rough width of bold 13px text)."""
        words = [item.value_label]
        if not compact:
            words += [item.period_label, source_label(item)]
        return max(bar_slot, max(len(str(word)) for word in words) * 8 + 12)

    def slots_width(items):
        return sum(slot_width(item) for item in items)

    places = []  # (label, figures, width, note) in time order
    year = known_years[0] if known_years else None
    while known_years and year <= known_years[-1]:
        if year in by_year:
            places.append((str(year), by_year[year], slots_width(by_year[year]), ""))
            year += 1
            continue
        run_end = year
        while run_end + 1 not in by_year:
            run_end += 1
        if run_end - year + 1 > LONGEST_GAP_DRAWN:
            places.append((f"{year}–{run_end}", [], break_slot, _("no figures")))
        else:
            places += [(str(gap), [], gap_slot, _("no figure")) for gap in range(year, run_end + 1)]
        year = run_end + 1
    if None in by_year:
        places.append((_("period not stated"), by_year[None], slots_width(by_year[None]), ""))

    x = plot_left
    columns = []
    for label, _items, width, note in places:
        columns.append(
            Column(x=x, width=width, label=label, is_break="–" in label, empty_note=note)
        )
        x += width
    width = x + 20
    chart = BarChart(
        width=width,
        height=baseline + (36 if compact else 76),
        plot_left=plot_left,
        plot_right=width - 20,
        plot_top=plot_top,
        baseline=baseline,
        unit=unit,
        compact=compact,
        columns=columns,
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
    for column, (_label, items, _width, _note) in zip(columns, places, strict=True):
        slot_x = column.x
        for item in items:
            height = round(plot_height * float(item.absolute_value) / top_value)
            slot = slot_width(item)
            bar_x = slot_x + (slot - (bar_slot - bar_gap)) // 2
            slot_x += slot
            centre = bar_x + (bar_slot - bar_gap) // 2
            top = baseline - height
            hedge = HEDGES.get(item.qualifier, EXACT)
            line, head, label_y = hedge_marks(hedge, centre, top)
            bar = Bar(
                x=bar_x,
                y=top,
                width=bar_slot - bar_gap,
                height=height,
                centre=centre,
                value_label=item.value_label,
                period_label=item.period_label if item.period_edtf else "",
                source_label="" if compact else source_label(item),
                preferred=item.rank == item.Rank.PREFERRED,
                hedge=hedge,
                hedge_line=line,
                hedge_head=head,
                label_y=label_y,
            )
            column.bars.append(bar)
            chart.bars.append(bar)
    return chart
