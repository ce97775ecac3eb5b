"""
Citing an article: the formatted reference on its page, and BibTeX and CSL-JSON downloads.

A citation says no more than the archive knows. A devised title keeps its [square brackets],
as cataloguers mark supplied information. A date is given as precisely as it is known: a day
as a day, a month as a month; an inferred date is bracketed in the text; an unknown date is
"n.d.". Each format also says it as its readers require: BibTeX's `year` is always a number
(the earliest the date may be), with the date in words in a `note` when it is not a plain day,
month or year; CSL-JSON's `issued` gives `date-parts` (two for a span, the known side of an
open one), a `season`, and `circa` for a date that is hedged, inferred or open on one side.
A text with neither author nor publisher is cited by the body it passes on (e.g. a ministry's
press service).

A citation may name the version it cites (archive/versions.py): its revision and date, and
its permanent address in place of the article's.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

_POINT = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qualifier>[?~%])?$"
)
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}  # EDTF's spring..winter, as CSL numbers the seasons


@dataclass(frozen=True)
class Point:
    """One EDTF date as CSL takes it: [year, month, day] as far as known, a season, a hedge."""

    parts: list
    season: int | None = None
    qualified: bool = False


def point(expression):
    """A single EDTF date (day, month, season or year, perhaps with ?, ~ or %), or None."""
    match = _POINT.match(expression or "")
    if not match:
        return None
    year, qualified = int(match["year"]), bool(match["qualifier"])
    if match["month"] is None:
        return Point([year], qualified=qualified)
    month = int(match["month"])
    if month in SEASONS and match["day"] is None:
        return Point([year], season=SEASONS[month], qualified=qualified)
    if not 1 <= month <= 12:
        return None
    parts = [year, month] + ([int(match["day"])] if match["day"] else [])
    return Point(parts, qualified=qualified)


def date_parts(expression):
    """[year, month, day] as far as a plain EDTF date gives them, or None for anything else."""
    found = point(expression)
    if found is None or found.season or found.qualified:
        return None
    return found.parts


def is_plain(article):
    """Whether the date is a plain day, month or year, as it is or inferred: no hedge, no span."""
    return date_parts(article.date_edtf) is not None


def known_points(article):
    """
    The dates the expression names, as CSL can give them: one for a single date, two for a
    span, the known side of a date open on one side ("[2022-09..]", "[..2021-10-17]"), and
    the years of its bounds for anything else. A point is `qualified` when the date is hedged
    or open, so that the citation says "circa".
    """
    expression = article.date_edtf.strip()
    if expression.startswith("[") and expression.endswith("]"):
        expression = expression[1:-1]
    sides = expression.split("/") if "/" in expression else expression.split("..")
    points = [point(side) for side in sides if side not in ("", "..")]
    if points and all(points):
        if len(points) < len(sides):  # an open side
            points = [Point(found.parts, found.season, qualified=True) for found in points]
        return points
    bounds = [bound for bound in (article.date_lower, article.date_upper) if bound]
    years = sorted({bound.year for bound in bounds})
    return [Point([year], qualified=True) for year in years]


def first_year(article):
    """The earliest year the article's date may fall in, as a number, or None when undated."""
    if not article.date_edtf:
        return None
    points = known_points(article)
    return points[0].parts[0] if points else None


def cited_date(article):
    """The date as a citation shows it: "22 June 2021", "[2022]", "n.d."."""
    if not article.date_edtf:
        return _("n.d.")
    label = article.date_label
    return f"[{label}]" if article.date_is_inferred else label


def authors(article):
    """The article's authors as (family, given) pairs, from their filing names."""
    result = []
    for authorship in article.authorships.all():
        family, _sep, given = authorship.person.sort_name.partition(", ")
        result.append((family, given))
    return result


def publisher_name(article):
    return article.source.name if article.source else ""


def source_body_name(article):
    """
    For a text that names neither author nor publisher, the body whose information it passes
    on (e.g. a ministry's press service), cited in the author's place as a corporate author,
    as press releases are; "" otherwise.
    """
    if authors(article) or article.source or not article.relayed_from:
        return ""
    return article.relayed_from.name


def version_statement(version):
    """The version a citation names, as "Version of 3 November 2026, revision 42."."""
    return _("Version of %(date)s, revision %(revision)s.") % {
        "date": formats.date_format(timezone.localdate(version.saved_at), "j E Y"),
        "revision": version.revision,
    }


def citation_text(article, url, version=None):
    """
    A reference in plain text: `Kudrenok, Tatyana. “Title.” Kazinform, 22 June 2021. URL.`,
    with the version's statement before the URL when it names one.
    """
    parts = []
    names = [f"{family}, {given}" if given else family for family, given in authors(article)]
    if source_body_name(article):
        names = [source_body_name(article)]
    if names:
        parts.append("; ".join(names) + ".")
    parts.append(f"“{article.display_title}.”")
    where = ", ".join(part for part in (publisher_name(article), cited_date(article)) if part)
    parts.append(where + ".")
    parts.append(_("Kazakhstan–Belgium Relations Archive") + ".")
    if version is not None:
        parts.append(version_statement(version))
    parts.append(url + ".")
    return " ".join(parts)


def csl_issued(article):
    """
    CSL-JSON `issued`: `date-parts` (with a `season` when the date is one), `circa` when the
    date is hedged, inferred or open on one side; None when the date is unknown.
    """
    if not article.date_edtf:
        return None
    points = known_points(article)
    if not points:
        return None
    issued = {"date-parts": [found.parts for found in points]}
    if len(points) == 1 and points[0].season:
        issued["season"] = points[0].season
    if article.date_is_inferred or any(found.qualified for found in points):
        issued["circa"] = True
    return issued


def source_notes(article):
    """What a reference manager's fields cannot say about the title and the author."""
    notes = []
    if article.title_is_devised:
        notes.append(_("Title devised by the archive; the original has none."))
    if source_body_name(article):
        notes.append(
            _(
                "The text names no author or publisher: it is cited by the body whose "
                "information it passes on."
            )
        )
    return notes


def date_notes(article):
    """What a reference manager's date fields cannot say: the date in words, the evidence."""
    notes = []
    if article.date_edtf and not is_plain(article):
        notes.append(_("Date: %(date)s.") % {"date": article.date_label})
    if article.date_is_inferred:
        notes.append(
            _("Date inferred by the archive: %(evidence)s") % {"evidence": article.date_note}
        )
    return notes


def csl_json(article, url, accessed=None, version=None):
    """One CSL-JSON item (as a list, the form reference managers import)."""
    accessed = accessed or datetime.date.today()
    item = {
        "id": article.slug,
        "type": "article-newspaper",
        "title": article.display_title,
        "URL": url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": article.language,
    }
    names = authors(article)
    if names:
        item["author"] = [
            {"family": family, "given": given} if given else {"literal": family}
            for family, given in names
        ]
    elif source_body_name(article):
        item["author"] = [{"literal": source_body_name(article)}]
    if article.source:
        item["container-title"] = article.source.name
        item["publisher"] = article.source.name
    if article.dateline_place:
        item["event-place"] = article.dateline_place.name
    issued = csl_issued(article)
    if issued:
        item["issued"] = issued
    if version is not None:
        item["version"] = str(version.revision)
    notes = source_notes(article)
    notes += date_notes(article)
    if version is not None:
        notes.append(version_statement(version))
    if notes:
        item["note"] = " ".join(notes)
    return [item]


_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text):
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in text)


def bibtex(article, url, accessed=None, version=None):
    """A BibTeX @misc entry (readable by BibTeX and biblatex alike)."""
    accessed = accessed or datetime.date.today()
    fields = []
    names = authors(article)
    if names:
        fields.append(
            (
                "author",
                " and ".join(f"{family}, {given}" if given else family for family, given in names),
            )
        )
    elif source_body_name(article):
        # Braced, so that BibTeX takes the body's name whole rather than as a person's.
        fields.append(("author", "{" + bibtex_escape(source_body_name(article)) + "}"))
    # Double braces keep the title's capitals and its brackets exactly as they are.
    fields.append(("title", "{" + bibtex_escape(article.display_title) + "}"))
    if article.source:
        fields.append(("howpublished", bibtex_escape(article.source.name)))
    # `year` is a number, as BibTeX styles sort and print it; what it cannot say goes in `note`.
    year = first_year(article)
    if year is not None:
        fields.append(("year", str(year)))
    parts = date_parts(article.date_edtf)
    if parts and len(parts) > 1:
        fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))
    if parts and len(parts) > 2:
        fields.append(("day", str(parts[2])))
    if version is not None:
        fields.append(("version", str(version.revision)))  # biblatex's; BibTeX reads the note
    fields.append(("url", url))
    fields.append(("urldate", accessed.isoformat()))
    notes = source_notes(article)
    if year is None:
        notes.append(_("Date unknown."))
    notes += date_notes(article)
    if version is not None:
        notes.append(version_statement(version))
    if notes:
        fields.append(("note", bibtex_escape(" ".join(notes))))
    # The slug is unique and ASCII, so it makes a key no other entry in the archive shares.
    key = re.sub(r"[^A-Za-z0-9-]", "", article.slug) or "article"
    lines = [f"@misc{{{key},"]
    for name, value in fields:
        # `month` is a BibTeX macro (jun) and `year` a number, not braced strings.
        rendered = value if name in ("month", "year") else "{" + value + "}"
        lines.append(f"  {name} = {rendered},")
    lines.append("}")
    return "\n".join(lines) + "\n"
