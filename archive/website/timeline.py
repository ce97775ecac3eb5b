"""
The overview that opens the events page: one row per year, its twelve months across, drawn on
the server as SVG (no script) from the same filtered events as the list below it, which is the
overview's text equivalent.

It draws what the dates say, no more (archive/dates.py):

- An event is drawn over its bounds: a day is a narrow mark inside its month, a month spans the
  month, a season its months, a year ("2021", "2021?", "c. 2022") the whole row, a span every
  row it touches. An approximate or uncertain date is drawn lighter.
- An open side ("on or before 17 October 2021", "September 2022 or later") has no bound to
  draw: the mark stands at the one bound known, with a dashed arrow pointing the open way.
- Planned and announced events (not known to have taken place) are hollow and dashed, and
  their accessible names say so.
- An event with no date is not drawn; the figure says how many are left out.

Up to `MOST_EVENTS_DRAWN` events (and `MOST_LANES` marks stacked in one year), each event
is its own mark and links to its page. Beyond that, marks would no longer be told apart and
the page would grow with the archive, so the overview counts instead (`summarised`): per
month, the events certainly in it, as a bar linking to them; per year, how many more are dated
only more broadly (a season, the year, a span or one side). Its size is then bounded by the
number of years, whatever the number of events.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .. import dates

MOST_EVENTS_DRAWN = 100  # one link each: beyond this the overview counts per month instead
MOST_LANES = 8  # marks stacked in one year's row before they are counted instead
LONGEST_GAP_DRAWN = 2  # empty years drawn one by one; a longer run is one row, as in charts.py

WIDTH = 640
PLOT_LEFT = 76  # the year labels sit to the left
MONTH_WIDTH = 46
PLOT_RIGHT = PLOT_LEFT + 12 * MONTH_WIDTH
HEADER = 34  # the month names across the top
LANE = 22  # one stacked mark
MARK_HEIGHT = 14
NARROWEST_MARK = 6  # a day is narrower than this: drawn this wide, centred on the day
TAIL = 2 * MONTH_WIDTH  # the arrow of an open side
ROW_PADDING = 8
EMPTY_ROW = 30
BAR_HEIGHT = 40  # the tallest month bar of the summarised overview
BROAD_BAND = 24  # its band for the events dated more broadly than a month

NOT_YET_HELD = ("planned", "announced")  # Event.Status values not known to have taken place


@dataclass
class Mark:
    """One event's mark in one year's row (a span over several years has one per row)."""

    x: float
    width: float
    lane: int = 0
    y: float = 0
    href: str = ""
    name: str = ""  # the accessible name: title, date, status
    status: str = "took_place"
    fuzzy: bool = False  # an approximate or uncertain date
    first: bool = True  # the row where its link is; its other rows are drawn but not linked
    open_before: tuple = ()  # SVG path data (line, head) of the arrow of an open start
    open_after: tuple = ()  # and of an open end
    reach: tuple = (0, 0)  # the x range it and its arrows take, to stack marks apart

    @property
    def not_yet_held(self):
        return self.status in NOT_YET_HELD


@dataclass
class MonthBar:
    """The summarised overview: the events certainly in one month, held and not yet held."""

    x: float
    width: float
    count: int
    planned: int
    href: str = ""
    name: str = ""
    y: float = 0
    height: float = 0
    planned_y: float = 0
    planned_height: float = 0

    @property
    def centre(self):
        return self.x + self.width / 2


@dataclass
class Row:
    year: int | None  # None for a run of years without events
    label: str
    y: float = 0
    height: float = EMPTY_ROW
    href: str = ""
    empty_note: str = ""
    marks: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    broad_count: int = 0  # summarised: those dated more broadly than a month, in this year
    broad_name: str = ""  # in full, for its accessible name
    broad_label: str = ""  # short enough to fit the row on a phone

    @property
    def middle(self):
        return self.y + self.height / 2

    @property
    def broad_y(self):
        """The top of the band counting those dated more broadly: below the month bars."""
        return self.y + ROW_PADDING + 18 + BAR_HEIGHT + 6


@dataclass
class Overview:
    summarised: bool
    rows: list
    months: list  # (x of the month's middle, its short name)
    drawn: int  # events drawn (or counted) in the overview
    undrawn: int  # events without a date, left out
    width: int = WIDTH
    height: float = 0
    plot_left: int = PLOT_LEFT
    plot_width: int = PLOT_RIGHT - PLOT_LEFT

    @property
    def month_lines(self):
        return [PLOT_LEFT + MONTH_WIDTH * month for month in range(13)]

    @property
    def has_not_yet_held(self):
        return any(mark.not_yet_held for row in self.rows for mark in row.marks) or any(
            bar.planned for row in self.rows for bar in row.bars
        )

    @property
    def has_fuzzy(self):
        return any(mark.fuzzy for row in self.rows for mark in row.marks)

    @property
    def has_open_sides(self):
        return any(mark.open_before or mark.open_after for row in self.rows for mark in row.marks)

    @property
    def has_broad(self):
        return any(row.broad_count for row in self.rows)


# --- Positions ---------------------------------------------------------------------------------


def x_of(day):
    """Where a day starts across its year's row: months equally wide, days within them."""
    length = calendar.monthrange(day.year, day.month)[1]
    return PLOT_LEFT + MONTH_WIDTH * (day.month - 1 + (day.day - 1) / length)


def x_after(day):
    """Where a day ends: a date's bounds are whole days, the upper one included."""
    length = calendar.monthrange(day.year, day.month)[1]
    return PLOT_LEFT + MONTH_WIDTH * (day.month - 1 + day.day / length)


def year_label(year):
    return formats.date_format(datetime.date(year, 1, 1), "Y")


def month_names():
    """The months' short names in the active language (Django's own, as its calendars)."""
    return [
        (
            PLOT_LEFT + MONTH_WIDTH * (month - 0.5),
            formats.date_format(datetime.date(2000, month, 1), "M"),
        )
        for month in range(1, 13)
    ]


def is_fuzzy(expression):
    """An approximate (~), uncertain (?) or both (%) date, anywhere in the expression."""
    return any(sign in expression for sign in "?~%")


def status_words(status):
    return {"planned": _("planned"), "announced": _("announced")}.get(status, "")


def years_touched(lower, upper):
    """The years an event's known bounds touch: an open side reaches no further than them."""
    known = [bound.year for bound in (lower, upper) if bound]
    return range(min(known), max(known) + 1) if known else range(0)


def event_marks(row):
    """
    {year: Mark} for one event, a `values()` row with `date_lower`, `date_upper`,
    `date_edtf`, `status`, `title` and `href`; empty when it has no date.
    """
    lower, upper = row["date_lower"], row["date_upper"]
    if not (lower or upper):
        return {}
    words = [row["title"], dates.edtf_label(row["date_edtf"]), status_words(row["status"])]
    name = ", ".join(str(word) for word in words if word)
    fuzzy = is_fuzzy(row["date_edtf"])
    marks = {}
    for year in years_touched(lower, upper):
        start = lower if lower and lower.year == year else datetime.date(year, 1, 1)
        end = upper if upper and upper.year == year else datetime.date(year, 12, 31)
        left, right = x_of(start), x_after(end)
        if lower is None:
            left = x_of(upper)  # an open start: the mark stands at the end that is known
        if upper is None:
            right = x_after(lower)
        if right - left < NARROWEST_MARK:
            middle = (left + right) / 2
            left, right = middle - NARROWEST_MARK / 2, middle + NARROWEST_MARK / 2
        mark = Mark(
            x=round(left, 1),
            width=round(right - left, 1),
            href=row["href"],
            name=name,
            status=row["status"],
            fuzzy=fuzzy,
            first=not marks,
        )
        reach_left, reach_right = left, right
        middle_y = MARK_HEIGHT / 2  # relative to the mark's top; placed with its lane later
        if lower is None:
            tip = max(PLOT_LEFT, left - TAIL)
            mark.open_before = (left, tip, middle_y)
            reach_left = tip
        if upper is None:
            tip = min(PLOT_RIGHT, right + TAIL)
            mark.open_after = (right, tip, middle_y)
            reach_right = tip
        mark.reach = (reach_left, reach_right)
        marks[year] = mark
    return marks


def stack(marks):
    """Give each mark the first lane where it (and its arrows) clears the marks before it."""
    lane_ends = []
    for mark in sorted(marks, key=lambda mark: mark.reach):
        free = [lane for lane, end in enumerate(lane_ends) if end + 2 <= mark.reach[0]]
        mark.lane = free[0] if free else len(lane_ends)
        if not free:
            lane_ends.append(0)
        lane_ends[mark.lane] = mark.reach[1]
    return len(lane_ends)


def arrow(line):
    """
    Path data (line, head) of an open side's arrow: a line from the mark's `start` pointing
    away to `tip`, the open way, its head at the tip (drawn apart: the line is dashed).
    """
    start, tip, y = line
    back = tip - 7 * (1 if tip > start else -1)
    return (
        f"M{start:.1f},{y:.1f} H{tip:.1f}",
        f"M{back:.1f},{y - 5:.1f} L{tip:.1f},{y:.1f} L{back:.1f},{y + 5:.1f}",
    )


# --- The rows: years with events, runs of years without -----------------------------------------


def year_rows(years, filter_link):
    """A row per year from the first to the last of `years`, long empty runs as one row."""
    rows = []
    if not years:
        return rows
    year, last = min(years), max(years)
    while year <= last:
        if year in years:
            rows.append(Row(year=year, label=year_label(year), href=filter_link(year=year)))
            year += 1
            continue
        run_end = year
        while run_end + 1 not in years:
            run_end += 1
        if run_end - year + 1 > LONGEST_GAP_DRAWN:
            rows.append(
                Row(
                    year=None,
                    label=f"{year_label(year)}–{year_label(run_end)}",
                    empty_note=_("%(first)s–%(last)s: no event dated in these years")
                    % {"first": year_label(year), "last": year_label(run_end)},
                )
            )
        else:
            rows += [
                Row(year=gap, label=year_label(gap), empty_note=_("no event dated in this year"))
                for gap in range(year, run_end + 1)
            ]
        year = run_end + 1
    return rows


def place_rows(rows):
    """Set each row's y (after the month names) and the overview's height."""
    y = HEADER
    for row in rows:
        row.y = y
        y += row.height
    return y + 4


# --- The two kinds of overview ------------------------------------------------------------------


def overview(rows, filter_link):
    """
    The overview of events given as `values()` rows (see `event_marks`): one mark per event,
    or counts per month (`summarised`) when there are more than `MOST_EVENTS_DRAWN` events,
    or when one year would stack more than `MOST_LANES` marks.
    `filter_link(**params)` gives the page's address with its filters and these added.
    """
    rows = list(rows)
    undrawn = sum(1 for row in rows if not (row["date_lower"] or row["date_upper"]))
    dated = len(rows) - undrawn
    if len(rows) > MOST_EVENTS_DRAWN:  # as `for_events` decides, before knowing the dates
        return summary(_counted(rows), filter_link)
    by_year = {}
    for row in rows:
        for year, mark in event_marks(row).items():
            by_year.setdefault(year, []).append(mark)
    result = Overview(
        summarised=False,
        rows=year_rows(set(by_year), filter_link),
        months=month_names(),
        drawn=dated,
        undrawn=undrawn,
    )
    for row in result.rows:
        marks = by_year.get(row.year, []) if row.year is not None and not row.empty_note else []
        if not marks:
            continue
        lanes = stack(marks)
        if lanes > MOST_LANES:
            return summary(_counted(rows), filter_link)
        row.marks = sorted(marks, key=lambda mark: (mark.x, mark.lane))  # reading order: by time
        row.height = lanes * LANE + 2 * ROW_PADDING
    result.height = place_rows(result.rows)
    for row in result.rows:
        for mark in row.marks:
            mark.y = row.y + ROW_PADDING + mark.lane * LANE + (LANE - MARK_HEIGHT) / 2
            if mark.open_before:
                mark.open_before = arrow(_shifted(mark.open_before, mark.y))
            if mark.open_after:
                mark.open_after = arrow(_shifted(mark.open_after, mark.y))
    return result


def _shifted(line, top):
    start, tip, y = line
    return (start, tip, top + y)


def _counted(rows):
    counts = Counter(
        (row["date_lower"], row["date_upper"], row["status"] in NOT_YET_HELD) for row in rows
    )
    return [(lower, upper, planned, count) for (lower, upper, planned), count in counts.items()]


def within_one_month(lower, upper):
    return bool(lower and upper) and (lower.year, lower.month) == (upper.year, upper.month)


def summary(groups, filter_link):
    """
    The overview as counts, from (lower, upper, not yet held, number of events) groups: per
    month the events certainly in it, a bar each; per year, those dated more broadly that may
    fall in it (an open side counted in the year of the bound that is known).
    """
    months, broad, undrawn, drawn = Counter(), Counter(), 0, 0
    for lower, upper, planned, count in groups:
        if not (lower or upper):
            undrawn += count
            continue
        drawn += count
        if within_one_month(lower, upper):
            months[(lower.year, lower.month, planned)] += count
            continue
        for year in years_touched(lower, upper):
            broad[year] += count
    years = {year for year, _month, _planned in months} | set(broad)
    result = Overview(
        summarised=True,
        rows=year_rows(years, filter_link),
        months=month_names(),
        drawn=drawn,
        undrawn=undrawn,
    )
    tallest = max(
        (months[(y, m, False)] + months[(y, m, True)] for y, m, _planned in months), default=1
    )
    for row in result.rows:
        if row.year is None or row.empty_note:
            continue
        for month in range(1, 13):
            held, planned = months[(row.year, month, False)], months[(row.year, month, True)]
            if not held + planned:
                continue
            first = datetime.date(row.year, month, 1)
            last = datetime.date(row.year, month, calendar.monthrange(row.year, month)[1])
            row.bars.append(
                MonthBar(
                    x=PLOT_LEFT + MONTH_WIDTH * (month - 1) + 6,
                    width=MONTH_WIDTH - 12,
                    count=held + planned,
                    planned=planned,
                    href=filter_link(
                        date_after=first.isoformat(),
                        date_before=last.isoformat(),
                        date_mode="within",
                    ),
                    name=_month_bar_name(first, held + planned, planned),
                )
            )
        row.broad_count = broad[row.year]
        if row.broad_count:
            count = formats.number_format(row.broad_count)
            row.broad_label = ngettext(
                "%(count)s dated more broadly than a month",
                "%(count)s dated more broadly than a month",
                row.broad_count,
            ) % {"count": count}
            row.broad_name = ngettext(
                "%(count)s event dated more broadly than a month may fall in %(year)s",
                "%(count)s events dated more broadly than a month may fall in %(year)s",
                row.broad_count,
            ) % {
                "count": formats.number_format(row.broad_count),
                "year": row.label,
            }
        row.height = 18 + BAR_HEIGHT + (6 + BROAD_BAND if row.broad_count else 0) + 2 * ROW_PADDING
    result.height = place_rows(result.rows)
    for row in result.rows:
        base = row.y + ROW_PADDING + 18 + BAR_HEIGHT  # room above each bar for its count
        for bar in row.bars:
            bar.height = max(2.0, round(BAR_HEIGHT * bar.count / tallest, 1))
            bar.y = base - bar.height
            bar.planned_height = round(bar.height * bar.planned / bar.count, 1)
            bar.planned_y = bar.y
    return result


def _month_bar_name(first, count, planned):
    month = dates.edtf_label(first.strftime("%Y-%m"))
    name = ngettext("%(month)s: %(count)s event", "%(month)s: %(count)s events", count) % {
        "month": month,
        "count": formats.number_format(count),
    }
    if planned:
        name += ", " + ngettext(
            "%(count)s of them planned or announced",
            "%(count)s of them planned or announced",
            planned,
        ) % {"count": formats.number_format(planned)}
    return name


# --- From the database ---------------------------------------------------------------------------


def title_columns():
    """The title in the page's language and the English one, to fall back on."""
    language = get_language()
    if language and language != settings.LANGUAGE_CODE:
        return ["title", f"title_{language}"]
    return ["title"]


def for_events(queryset, count, filter_link):
    """
    The overview of the events of `queryset` (already filtered as the page is; `count` of them)
    in one query: their dates, titles and addresses while they are few enough to be drawn one
    by one, else their dates counted by the database.
    """
    rows = queryset.order_by()
    if count > MOST_EVENTS_DRAWN:
        groups = (
            rows.values("date_lower", "date_upper", "status")
            .annotate(events=Count("pk"))
            .values_list("date_lower", "date_upper", "status", "events")
        )
        return summary(
            [(lower, upper, status in NOT_YET_HELD, n) for lower, upper, status, n in groups],
            filter_link,
        )
    titles = title_columns()
    events = []
    for row in rows.values("slug", "date_edtf", "date_lower", "date_upper", "status", *titles):
        title = row.get(titles[-1]) or row["title"]
        events.append(
            {
                **row,
                "title": title,
                "href": reverse("archive:event_detail", kwargs={"slug": row["slug"]}),
            }
        )
    return overview(events, filter_link)
