"""
schema.org descriptions of the archive's records, emitted as JSON-LD on their pages: the one
description of each record, which archive/rdf/ reads as RDF for its Turtle, its JSON-LD
answer and the dump.

Dates are given only as precisely as the archive knows them: a day, a month or a year in ISO
8601 form; a season, an approximate or an inferred date is not turned into a false precise one
(it is left out, and the words are given in `description` instead). Every builder takes `url`,
a function turning a path into an absolute URL.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from ..identifiers import same_as

SCHEMA = "https://schema.org"
_ISO_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?$")


def iso_date(record):
    """The record's date in ISO 8601 if stated plainly (a day, a month or a year), else None."""
    expression = record.date_edtf
    if expression and not record.date_is_inferred and _ISO_DATE.match(expression):
        return expression
    return None


def _compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def person_summary(person, url):
    return _compact({"@type": "Person", "@id": url(person.get_absolute_url()), "name": person.name})


def organisation_summary(organisation, url):
    return _compact(
        {
            "@type": "Organization",
            "@id": url(organisation.get_absolute_url()),
            "name": organisation.name,
            "alternateName": organisation.acronym,
        }
    )


def place_summary(place, url):
    return {"@type": "Place", "@id": url(place.get_absolute_url()), "name": place.name}


def article_summary(article, url):
    return _compact(
        {
            "@type": "NewsArticle",
            "@id": url(article.get_absolute_url()),
            "headline": article.display_title,
            "datePublished": iso_date(article),
        }
    )


def correction_comment(correction):
    """A correction as schema.org's CorrectionComment: when, why and what changed."""
    return {
        "@type": "CorrectionComment",
        "datePublished": timezone.localdate(correction.made_at).isoformat(),
        "text": f"{correction.reason} ({correction.changed})",
    }


def news_article(
    article, url, person_mentions, organisation_mentions, place_mentions, corrections=()
):
    data = {
        "@context": SCHEMA,
        **article_summary(article, url),
        "url": url(article.get_absolute_url()),
        "dateline": article.dateline,
        "inLanguage": article.language,
        "publisher": organisation_summary(article.source, url) if article.source else None,
        "sourceOrganization": (
            organisation_summary(article.relayed_from, url) if article.relayed_from else None
        ),
        "author": [
            person_summary(authorship.person, url) for authorship in article.authorships.all()
        ],
        "about": [topic.name for topic in article.topics.all()],
        "mentions": [person_summary(m.person, url) for m in person_mentions]
        + [organisation_summary(m.organisation, url) for m in organisation_mentions]
        + [place_summary(m.place, url) for m in place_mentions],
        "contentLocation": (
            place_summary(article.dateline_place, url) if article.dateline_place else None
        ),
        "temporalCoverage": None if iso_date(article) else article.date_label,
        "correction": [correction_comment(item) for item in corrections],
        "dateModified": (
            timezone.localdate(corrections[0].made_at).isoformat() if corrections else None
        ),
    }
    if article.date_is_inferred:
        data["description"] = _("Date inferred by the archive (%(date)s): %(evidence)s") % {
            "date": article.date_label,
            "evidence": article.date_note,
        }
    return _compact(data)


def role(role_record, url):
    """A dated role, in schema.org's Role pattern: Person → memberOf → Role → Organization."""
    data = {
        "@type": "Role",
        "roleName": role_record.title,
        "memberOf": organisation_summary(role_record.organisation, url),
        "description": str(role_record.date_label),
        "subjectOf": article_summary(role_record.article, url),
    }
    expression = role_record.date_edtf
    if "/" in expression and not role_record.date_is_inferred:
        start, _sep, end = expression.partition("/")
        data["startDate"] = start if _ISO_DATE.match(start) else None
        data["endDate"] = end if _ISO_DATE.match(end) else None
    return _compact(data)


def person(person_record, url, roles):
    return _compact(
        {
            "@context": SCHEMA,
            **person_summary(person_record, url),
            "url": url(person_record.get_absolute_url()),
            "alternateName": [alias.name for alias in person_record.aliases.all()],
            "description": person_record.description,
            "nationality": person_record.country.name if person_record.country else None,
            "sameAs": same_as(person_record),
            "memberOf": [role(item, url) for item in roles],
        }
    )


def organisation(organisation_record, url, children):
    parent = organisation_record.parent
    return _compact(
        {
            "@context": SCHEMA,
            **organisation_summary(organisation_record, url),
            "url": url(organisation_record.get_absolute_url()),
            "description": organisation_record.description,
            "areaServed": organisation_record.country.name if organisation_record.country else None,
            "parentOrganization": organisation_summary(parent, url) if parent else None,
            "subOrganization": [organisation_summary(child, url) for child in children],
            "sameAs": same_as(organisation_record),
        }
    )


def place(place_record, url):
    return _compact(
        {
            "@context": SCHEMA,
            **place_summary(place_record, url),
            "url": url(place_record.get_absolute_url()),
            "description": place_record.description,
            "alternateName": [alias.name for alias in place_record.aliases.all()],
            "sameAs": same_as(place_record),
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": place_record.latitude,
                "longitude": place_record.longitude,
            }
            if place_record.has_coordinates
            else None,
        }
    )


EVENT_STATUS = {
    "took_place": None,  # schema.org has no "took place"; EventScheduled would mislead
    "planned": "https://schema.org/EventScheduled",
    "announced": "https://schema.org/EventScheduled",
}


def event(event_record, url, participants, reports):
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Event",
            "@id": url(event_record.get_absolute_url()),
            "url": url(event_record.get_absolute_url()),
            "name": event_record.title,
            "description": event_record.description,
            "startDate": iso_date(event_record),
            "eventStatus": EVENT_STATUS.get(event_record.status),
            "location": place_summary(event_record.place, url) if event_record.place else None,
            "attendee": [
                person_summary(item.person, url)
                if item.person
                else organisation_summary(item.organisation, url)
                for item in participants
            ],
            "subjectOf": [article_summary(report.article, url) for report in reports],
            "sameAs": same_as(event_record),
        }
    )


def topic(topic_record, url):
    """A subject heading of the archive's vocabulary, as schema.org's DefinedTerm."""
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "DefinedTerm",
            "@id": url(topic_record.get_absolute_url()),
            "url": url(topic_record.get_absolute_url()),
            "name": topic_record.name,
            "description": topic_record.description,
        }
    )


def observation(statistic, url):
    return _compact(
        {
            "@type": "Observation",
            "variableMeasured": {
                "@id": url(statistic.indicator.get_absolute_url()),
                "name": statistic.indicator.name,
            },
            "value": float(statistic.absolute_value),
            "unitText": statistic.unit,
            "observationPeriod": statistic.period_edtf,
            "measurementQualifier": statistic.get_qualifier_display(),
            "description": statistic.value_label,
            "subjectOf": article_summary(statistic.article, url),
        }
    )


def indicator(indicator_record, url, statistics):
    """The measure as a StatisticalVariable, and each claim about it as an Observation."""
    variable = _compact(
        {
            "@type": "StatisticalVariable",
            "@id": url(indicator_record.get_absolute_url()),
            "name": indicator_record.name,
            "description": indicator_record.description,
            "url": url(indicator_record.get_absolute_url()),
        }
    )
    return {
        "@context": SCHEMA,
        "@graph": [variable] + [observation(item, url) for item in statistics],
    }
