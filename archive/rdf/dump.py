"""
The whole public archive as RDF: a gzipped N-Triples dump and its VoID description, written
into the export package (`archive/export/writers.py`) and served at `/dump.nt.gz` and
`/void.ttl` (also `/.well-known/void`, where the VoID specification says to look).

The dump is streamed: each record's description is read as a graph of its own, written as
N-Triples lines and dropped, a batch of records at a time (one query per batch and kind of
related row, whatever the size of the archive). Each record gives only its own triples
(`own_triples`), so every triple is written once and the counts in the VoID are exact.
"""

import gzip

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import translation
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from ..models import Article, Event, Indicator, Organisation, Person, Place, Topic
from ..website import structured_data
from ..website.queries import public_roles, public_statistics
from .graphs import SCHEMA, new_graph, own_triples, record_graph

VOID = Namespace("http://rdfs.org/ns/void#")
DUMP_NAME = "dump.nt.gz"
VOID_NAME = "void.ttl"
BATCH = 500


def site_url(path):
    """The address of `path` on the public site (the dump is built with no request to ask)."""
    return settings.SITE_URL + path


def _batches(queryset):
    return queryset.order_by("pk").iterator(chunk_size=BATCH)


def descriptions(url):
    """(record, its description) for every public record, kind by kind, a batch at a time."""
    articles = Article.objects.published().for_detail().prefetch_related("corrections", "topics")
    for article in _batches(articles):
        yield (
            article,
            structured_data.news_article(
                article,
                url,
                article.person_mentions.all(),
                article.organisation_mentions.all(),
                article.place_mentions.all(),
                list(article.corrections.all()),
            ),
        )
    people = Person.objects.public().prefetch_related(
        "aliases",
        Prefetch(
            "roles",
            queryset=public_roles().order_by(
                F("date_sort").asc(nulls_last=True), "organisation__name", "id"
            ),
            to_attr="public_roles",
        ),
    )
    for person in _batches(people):
        yield person, structured_data.person(person, url, person.public_roles)
    organisations = (
        Organisation.objects.public()
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Organisation.objects.public().order_by("name", "id"),
                to_attr="public_children",
            )
        )
    )
    for organisation in _batches(organisations):
        yield (
            organisation,
            structured_data.organisation(organisation, url, organisation.public_children),
        )
    for place in _batches(Place.objects.public().prefetch_related("aliases")):
        yield place, structured_data.place(place, url)
    events = (
        Event.objects.public()
        .select_related("place")
        .prefetch_related(
            "participants__person",
            "participants__organisation",
            Prefetch("reports__article", queryset=Article.objects.select_related("source")),
        )
    )
    for event in _batches(events):
        reports = [report for report in event.reports.all() if report.article.is_public]
        yield event, structured_data.event(event, url, list(event.participants.all()), reports)
    indicators = Indicator.objects.public().prefetch_related(
        Prefetch("statistics", queryset=public_statistics(), to_attr="public_statistics")
    )
    for indicator in _batches(indicators):
        yield indicator, structured_data.indicator(indicator, url, indicator.public_statistics)
    for topic in _batches(Topic.objects.public()):
        yield topic, structured_data.topic(topic, url)


def write_dump(path, url=site_url):
    """Write every public record's triples to `path`, gzipped; return (triples, records)."""
    triples = records = 0
    with (
        translation.override(settings.LANGUAGE_CODE),
        gzip.open(path, "wt", encoding="utf-8") as dump,
    ):
        for record, data in descriptions(url):
            subject = URIRef(url(record.get_absolute_url()))
            graph = new_graph()
            for triple in own_triples(record_graph(data, record, url), subject):
                graph.add(triple)
            dump.write(graph.serialize(format="nt"))
            triples += len(graph)
            records += 1
    return triples, records


def void_description(triples, records, url=site_url):
    """The VoID description of the dump, as a graph."""
    graph = new_graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    dataset = URIRef(url("/void.ttl#archive"))
    license_url = settings.SPECTACULAR_SETTINGS["LICENSE"]["url"]
    for predicate, value in (
        (RDF.type, VOID.Dataset),
        (DCTERMS.title, Literal("Kazakhstan–Belgium Relations Archive", lang="en")),
        (
            DCTERMS.description,
            Literal(
                "The published part of the archive as schema.org RDF: news reports, and the "
                "people, organisations, places, events, topics and statistics drawn from them.",
                lang="en",
            ),
        ),
        (DCTERMS.license, URIRef(license_url)),
        (FOAF.homepage, URIRef(url("/"))),
        # No SPARQL endpoint (void:sparqlEndpoint): the dump and each record's address are all.
        (VOID.dataDump, URIRef(url("/dump.nt.gz"))),
        (VOID.uriSpace, Literal(url("/"))),
        (VOID.vocabulary, URIRef(str(SCHEMA))),
        (VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Triples")),
        (VOID.triples, Literal(triples, datatype=XSD.integer)),
        (VOID.entities, Literal(records, datatype=XSD.integer)),
    ):
        graph.add((dataset, predicate, value))
    return graph
