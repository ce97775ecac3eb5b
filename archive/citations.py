"""
Citing an article: the formatted reference on its page, and BibTeX and CSL-JSON downloads.

A citation says no more than the archive knows. A devised title keeps its [square brackets],
as cataloguers mark supplied information. A date is given as precisely as it is known: a day
as a day, a month as a month; an inferred date is bracketed and, in CSL-JSON, marked `circa`
(or given as a literal when it is only a lower or upper bound); an unknown date is "n.d."
"""

import datetime
import re

from django.utils.translation import gettext as _

_SIMPLE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>\d{2}))?)?$")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def date_parts(expression):
    """[year, month, day] as far as a plain EDTF date gives them, or None for anything else."""
    match = _SIMPLE.match(expression or "")
    if not match:
        return None
    return [int(part) for part in (match["year"], match["month"], match["day"]) if part]


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


def citation_text(article, url):
    """A reference in plain text: `Kudrenok, Tatyana. “Title.” Kazinform, 22 June 2021. URL.`"""
    parts = []
    names = [f"{family}, {given}" if given else family for family, given in authors(article)]
    if names:
        parts.append("; ".join(names) + ".")
    parts.append(f"“{article.display_title}.”")
    where = ", ".join(part for part in (publisher_name(article), cited_date(article)) if part)
    parts.append(where + ".")
    parts.append(_("Kazakhstan–Belgium Relations Archive") + ".")
    parts.append(url + ".")
    return " ".join(parts)


def csl_issued(article):
    """CSL-JSON `issued`: date-parts when plain, `circa` when inferred, a literal otherwise."""
    if not article.date_edtf:
        return None
    parts = date_parts(article.date_edtf.rstrip("~?%"))
    approximate = article.date_is_inferred or article.date_edtf[-1] in "~%"
    if parts is not None:
        issued = {"date-parts": [parts]}
        if approximate:
            issued["circa"] = True
        return issued
    label = article.date_label
    return {"literal": f"[{label}]" if article.date_is_inferred else label}


def csl_json(article, url, accessed=None):
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
    if article.source:
        item["container-title"] = article.source.name
        item["publisher"] = article.source.name
    if article.dateline_place:
        item["event-place"] = article.dateline_place.name
    issued = csl_issued(article)
    if issued:
        item["issued"] = issued
    notes = []
    if article.title_is_devised:
        notes.append(_("Title devised by the archive; the original has none."))
    if article.date_is_inferred:
        notes.append(
            _("Date inferred by the archive: %(evidence)s") % {"evidence": article.date_note}
        )
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


def bibtex(article, url, accessed=None):
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
    # Double braces keep the title's capitals and its brackets exactly as they are.
    fields.append(("title", "{" + bibtex_escape(article.display_title) + "}"))
    if article.source:
        fields.append(("howpublished", bibtex_escape(article.source.name)))
    parts = date_parts(article.date_edtf)
    if parts and not article.date_is_inferred:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))
        if len(parts) > 2:
            fields.append(("day", str(parts[2])))
    else:
        fields.append(("year", bibtex_escape(cited_date(article))))
    fields.append(("url", url))
    fields.append(("urldate", accessed.isoformat()))
    notes = []
    if article.title_is_devised:
        notes.append(_("Title devised by the archive; the original has none."))
    if article.date_is_inferred:
        notes.append(
            _("Date inferred by the archive: %(evidence)s") % {"evidence": article.date_note}
        )
    if notes:
        fields.append(("note", bibtex_escape(" ".join(notes))))
    # The slug is unique and ASCII, so it makes a key no other entry in the archive shares.
    key = re.sub(r"[^A-Za-z0-9-]", "", article.slug) or "article"
    lines = [f"@misc{{{key},"]
    for name, value in fields:
        # `month` is a BibTeX macro (jun), not a braced string.
        rendered = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {rendered},")
    lines.append("}")
    return "\n".join(lines) + "\n"
