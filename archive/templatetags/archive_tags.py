"""
Template tags for the public website: how a date, a figure, a list of records and structured
data are shown, each defined once here and used by every page.
"""

import json
import re

from django import template
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archive import languages, search
from archive.identifiers import identifiers_of
from archive.models import web_url_validator
from archive.models.translations import in_language

register = template.Library()

_HTML_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?$")

# The characters that could end a <script> element or start markup, escaped as JSON allows.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """
    A schema.org JSON-LD block. The JSON is escaped so that no value (a title containing
    `</script>`, say) can end the element early; a data block is not script, so a strict
    Content Security Policy allows it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


@register.filter
def web_url(value):
    """
    The address if it is an http(s) URL, else "": a stored `javascript:` or `data:` address
    (from before validation, or a bulk update that skipped it) never becomes a link.
    """
    try:
        web_url_validator(value)
    except ValidationError:
        return ""
    return value


@register.filter
def search_snippet(snippet):
    """A search result's passage: its text escaped, only the matched words marked (<mark>)."""
    return search.snippet_html(snippet)


@register.filter
def html_datetime(expression):
    """The EDTF expression if HTML's <time datetime> accepts it (a year, a month, a day)."""
    return expression if expression and _HTML_DATE.match(expression) else ""


@register.inclusion_tag("archive/includes/record_date.html")
def record_date(record):
    """A record's date as the archive knows it ("November 2021"), marked when inferred."""
    return {"record": record}


@register.inclusion_tag("archive/includes/article_summary.html")
def article_summary(article):
    """An article in a list (an <h3> under the list's <h2>): title, date, source, topics."""
    return {"article": article}


@register.inclusion_tag("archive/includes/statistic_claim.html")
def statistic_claim(statistic, show_indicator=False):
    """One figure as its source states it: value with its hedge, period, quote and source."""
    return {"statistic": statistic, "show_indicator": show_indicator}


@register.inclusion_tag("archive/includes/event_summary.html")
def event_summary(event, preview_url=""):
    """
    An event in a list: title, date (honest about precision), status and place. With a
    `preview_url`, an event not yet public in a preview: linked to its preview, and marked.
    """
    return {"event": event, "preview_url": preview_url}


@register.inclusion_tag("archive/includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    return {"page_obj": page_obj, "request": context.get("request")}


@register.inclusion_tag("archive/includes/bar_chart.html")
def bar_chart(chart, title_id, description):
    """Draws a charts.BarChart as SVG; `description` is its short text alternative."""
    return {"chart": chart, "title_id": title_id, "description": description}


@register.inclusion_tag("archive/includes/timeline_overview.html")
def timeline_overview(overview, title_id):
    """Draws a timeline.Overview as SVG, captioned; the event list is its text equivalent."""
    return {"overview": overview, "title_id": title_id}


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A main-navigation link, marked as the current section when the page lies inside it."""
    url = reverse(url_name)
    request = context.get("request")
    path = getattr(request, "path", "")
    current = path == url if url == "/" else path.startswith(url)
    if current:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """
    This page in each language, as dicts of code, name (in that language), path, absolute URL
    and whether it is the page shown: for the switcher and the hreflang alternates. Empty where
    there is no request (Django's bare 500 page).
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "path": path,
            "url": request.build_absolute_uri(path),
            "current": code == current,
        }
        for code, name, path in languages.language_versions(request)
    ]


@register.simple_tag
def lang_attribute(code):
    """` lang="ru"` for content in another language than the page's, so that it is read aloud
    and hyphenated as its own language; nothing when it is the page's."""
    if not code or code.split("-")[0] == translation.get_language():
        return ""
    return format_html(' lang="{}"', code)


@register.filter
def in_reader_language(record, field):
    """A record's name, title or description in the page's language, else in English, as plain
    text (for a page's title, a meta description)."""
    return str(in_language(record, field))


@register.simple_tag
def shown(record, field):
    """
    A record's name, title or description in the page's language; where it has none yet, the
    English one, marked as English so that it is read aloud as English and a reader can tell.
    """
    value = in_language(record, field)
    if not value.is_fallback:
        return value.text
    return format_html(
        '<span lang="{}" class="untranslated" title="{}">{}</span>',
        value.language,
        _("Not yet translated: shown in English"),
        value.text,
    )


@register.inclusion_tag("archive/includes/untranslated_note.html")
def untranslated_note(record, *fields):
    """Said once on a record's own page when what it shows of `fields` is the English."""
    values = [in_language(record, field) for field in fields]
    return {"untranslated": any(value.text and value.is_fallback for value in values)}


@register.inclusion_tag("archive/includes/external_identifiers.html")
def external_identifiers(record):
    """The record's identifiers in other archives and authority files, each linked there."""
    return {
        "identifiers": [
            (scheme, {"link": scheme.link(value), "shown": scheme.shown(value)})
            for scheme, value in identifiers_of(record)
        ]
    }


@register.filter
def language_name(tag):
    """
    The language a BCP 47 tag names, in the reader's language ("kk" is "Kazakh" in English,
    "казахский" in Russian); the tag itself for a language Django does not name.
    """
    try:
        return translation.get_language_info(tag.lower())["name_translated"]
    except KeyError:
        return tag


@register.filter
def direction_words(statistic):
    """Which way a figure runs, in words: "from Belgium to Kazakhstan"."""
    first = statistic.country_a.name if statistic.country_a else ""
    second = statistic.country_b.name if statistic.country_b else ""
    if statistic.direction == statistic.Direction.FROM_TO and first and second:
        return _("from %(first)s to %(second)s") % {"first": first, "second": second}
    if statistic.direction == statistic.Direction.BETWEEN and first and second:
        return _("between %(first)s and %(second)s") % {"first": first, "second": second}
    if statistic.direction == statistic.Direction.WITHIN and first:
        return _("in %(first)s") % {"first": first}
    return ""
