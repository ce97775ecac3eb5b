"""
A record's description as an RDF graph, and the graph in Turtle, JSON-LD or N-Triples.

There is one description of each record: the dict `structured_data` builds, embedded in its page
as JSON-LD. The graph is that dict read by rdflib's JSON-LD parser, so the page, the Turtle, the
JSON-LD answer and the dump cannot say different things.

The page's JSON-LD names its context as search engines expect it, `"https://schema.org"`. That
context (schema.org's own file) expands every term to `http://schema.org/…`: schema.org's term
identifiers are the http ones, whichever address the site is read at. The graph uses the same
namespace, through `CONTEXT`, the few lines of schema.org's context the descriptions need,
given inline: nothing is ever fetched to read a description, here or in a consumer that is
given this context.

Two things the graph adds to the dict, both the record's own data:
- each date typed by what it states (`xsd:date` a day, `xsd:gYearMonth` a month, `xsd:gYear` a
  year), where schema.org's context can type a property only one way;
- the record's name and description in each language the archive has them in, as tagged
  literals beside the name of record (untagged, as the page gives it). The graph is built in the
  default language, so it is the same at every language prefix: one record, one set of triples.
"""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

SCHEMA = Namespace("http://schema.org/")
HTTPS_SCHEMA = "https://schema.org/"

# What a description's terms mean: schema.org's vocabulary, with the properties whose values
# are addresses read as IRIs (as schema.org's own context reads `sameAs` and `url`).
CONTEXT = {
    "@vocab": str(SCHEMA),
    "sameAs": {"@type": "@id"},
    "url": {"@type": "@id"},
    "eventStatus": {"@type": "@id"},
}

# The properties holding an ISO 8601 date, and the type each form of it has in XSD.
DATE_PROPERTIES = {SCHEMA.datePublished, SCHEMA.dateModified, SCHEMA.startDate, SCHEMA.endDate}
DATE_TYPES = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)

# The record's translated fields, and the property each one's values are.
TRANSLATED_PROPERTIES = {
    "name": SCHEMA.name,
    "title": SCHEMA.name,
    "description": SCHEMA.description,
}

MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}


def typed_date(literal):
    for pattern, datatype in DATE_TYPES:
        if pattern.match(str(literal)):
            return Literal(str(literal), datatype=datatype)
    return literal


def bind_prefixes(graph):
    # `schema:` for schema.org's http namespace: rdflib's defaults give that prefix to the https
    # one, and its JSON-LD parser binds the context's @vocab to the empty prefix.
    graph.bind("schema", SCHEMA, override=True, replace=True)
    graph.bind("xsd", XSD)
    return graph


def new_graph():
    return bind_prefixes(Graph())


def read_description(data):
    """The triples of a JSON-LD description (a `structured_data` dict), read with `CONTEXT`."""
    graph = new_graph()
    document = {**data, "@context": CONTEXT}
    graph.parse(data=json.dumps(document, cls=DjangoJSONEncoder), format="json-ld")
    for subject, predicate, value in list(graph):
        if predicate in DATE_PROPERTIES and isinstance(value, Literal) and value.datatype is None:
            graph.remove((subject, predicate, value))
            graph.add((subject, predicate, typed_date(value)))
        elif isinstance(value, URIRef) and value.startswith(HTTPS_SCHEMA):
            # An enumeration member written as search engines' examples write it
            # (https://schema.org/EventScheduled) is the same schema.org term.
            graph.remove((subject, predicate, value))
            graph.add((subject, predicate, SCHEMA[value.removeprefix(HTTPS_SCHEMA)]))
    return bind_prefixes(graph)


def record_graph(data, record, url):
    """`record`'s description as a graph, with its names and descriptions in every language."""
    graph = read_description(data)
    subject = URIRef(url(record.get_absolute_url()))
    for field, columns in getattr(record, "translated_fields", {}).items():
        for column in columns:
            value = getattr(record, column)
            if value:
                language = column.rsplit("_", 1)[1]
                graph.add((subject, TRANSLATED_PROPERTIES[field], Literal(value, lang=language)))
    return graph


def own_triples(graph, subject):
    """
    The triples about `subject` itself and the nodes only it has (roles, corrections, figures:
    blank nodes), leaving out what the description says of other records (their name and type,
    which their own descriptions give): a dump of every record then holds each triple once.
    """
    return (triple for triple in graph if triple[0] == subject or isinstance(triple[0], BNode))


def serialize(graph, media_type):
    if MEDIA_TYPES[media_type] == "json-ld":
        return graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True, indent=2)
    return graph.serialize(format=MEDIA_TYPES[media_type])
