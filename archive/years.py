"""
Which years a record's date may fall in: the one rule behind the `year` filter (website and
API), the date range filters and the year facets, so that a facet's count is exactly the
number of records its link returns.

A date's bounds (the EDTF lower and upper dates) give the years it may fall in: from its lower
bound's year to its upper bound's. An open side ("September 2022 or later", "on or before
17 October 2021") reaches as far as the archive's own span and no further: the earliest and
latest year that any record of its kind (among those the list draws from) is known to touch.
Otherwise "or later" would count in every year up to 9999. A date that may fall in several
years is only *possibly* in each of them; one whose bounds lie within one year is in it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min, Q

from . import cache


@dataclass(frozen=True)
class Span:
    """The years the archive's records reach, `first` to `last`; both None when none is dated."""

    first: int | None
    last: int | None

    def years_of(self, lower_year, upper_year):
        """The years a date with these bounds' years (None for an open side) may fall in."""
        if lower_year is None and upper_year is None:
            return range(0)
        start = lower_year if lower_year is not None else min(self.first or upper_year, upper_year)
        end = upper_year if upper_year is not None else max(self.last or lower_year, lower_year)
        return range(start, end + 1)

    def dates_overlapping(self, lower_field, upper_field, start, end):
        """
        A filter for the records whose date may fall within [start, end] (either side None
        for open), by the same rule as `years_of`: an open side of a record's date reaches
        the first day of `first` or the last day of `last`.
        """
        condition = Q(**{f"{lower_field}__isnull": False}) | Q(**{f"{upper_field}__isnull": False})
        if end is not None:
            open_start_reaches = self.first is not None and datetime.date(self.first, 1, 1) <= end
            reaches_end = Q(**{f"{lower_field}__lte": end})
            if open_start_reaches:
                reaches_end |= Q(**{f"{lower_field}__isnull": True})
            condition &= reaches_end
        if start is not None:
            open_end_reaches = self.last is not None and datetime.date(self.last, 12, 31) >= start
            reaches_start = Q(**{f"{upper_field}__gte": start})
            if open_end_reaches:
                reaches_start |= Q(**{f"{upper_field}__isnull": True})
            condition &= reaches_start
        return condition


def dates_within(lower_field, upper_field, start, end):
    """
    A filter for the records whose date certainly falls within [start, end] (either side
    None for open): its whole [lower, upper] span lies inside, and a null side is outside.
    """
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{lower_field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{upper_field}__lte": end})
    return condition


def is_in_one_year(lower_year, upper_year):
    """
    Whether a date whose bounds fall in these years (None for an open side) certainly falls
    in one year, not merely possibly: the rule behind `date_mode=within` for a year, the
    facets' "possibly" counts and the "possibly" mark on a list filtered by year.
    """
    return lower_year is not None and lower_year == upper_year


def is_within_one_year(lower, upper):
    """Whether a date with these bounds certainly falls in one year (not merely possibly)."""
    return is_in_one_year(getattr(lower, "year", None), getattr(upper, "year", None))


def archive_span(queryset, lower_field="date_lower", upper_field="date_upper"):
    """
    The span of years the records of `queryset` touch through their known bounds (1 query,
    remembered until the archive changes).
    """
    rows = queryset.order_by()

    def compute():
        found = rows.aggregate(
            min_lower=Min(lower_field),
            min_upper=Min(upper_field),
            max_lower=Max(lower_field),
            max_upper=Max(upper_field),
        )
        starts = [found[name].year for name in ("min_lower", "min_upper") if found[name]]
        ends = [found[name].year for name in ("max_lower", "max_upper") if found[name]]
        return (min(starts), max(ends)) if starts else (None, None)

    return Span(*cache.remember_for_query("year-span", compute, rows.values("pk")))


def year_counts(groups, span, *, within=False):
    """
    From (lower year, upper year, number of records) rows, every year some record may fall
    in, newest first, with how many may fall in it and how many of those only possibly;
    `within`: only the records certainly in one year count (`date_mode=within`).
    """
    counts = {}
    for lower_year, upper_year, count in groups:
        possibly = not is_in_one_year(lower_year, upper_year)
        if within and possibly:
            continue
        for year in span.years_of(lower_year, upper_year):
            total, possible = counts.get(year, (0, 0))
            counts[year] = (total + count, possible + (count if possibly else 0))
    return [
        {"year": year, "count": total, "possibly": possible}
        for year, (total, possible) in sorted(counts.items(), reverse=True)
    ]


def mark_possible_year(records, year, lower_field="date_lower", upper_field="date_upper"):
    """Sets `possibly_in_year` on the records whose date only possibly falls in `year`."""
    for record in records:
        lower, upper = getattr(record, lower_field), getattr(record, upper_field)
        record.possibly_in_year = None if is_within_one_year(lower, upper) else year
    return records
