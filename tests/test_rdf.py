"""
The records as RDF: content negotiation at each record's address, the `.ttl` and `.jsonld`
addresses, the dump and its VoID description in the export, and the SHACL shapes.

Nothing here may reach the network: a JSON-LD reader that fetched schema.org's context would
fail (`no_network`), so every JSON-LD is read with the context given locally.
"""

import gzip
import json
import socket
import zipfile
from pathlib import Path

import pytest
import rdflib
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyshacl import validate
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from archive.models import (
    Article,
    Event,
    Indicator,
    Organisation,
    Person,
    Place,
    Topic,
)
from archive.rdf.dump import write_dump
from archive.rdf.graphs import CONTEXT, SCHEMA, read_description

from .site_helpers import ARTICLE_0, ARTICLE_1, PageReader, make_article

BASE = "http://testserver"
PERSON = "margulan-baimukhan"
EVENT = "inter-parliamentary-groups-videoconference-2021"
SHAPES = Path(__file__).resolve().parent.parent / "archive" / "rdf" / "shapes.ttl"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
WIKIDATA_Q = "Q4115189"  # Wikidata's sandbox item: an identifier for the test only

RECORD_ADDRESSES = [
    f"/articles/{ARTICLE_0}/",
    f"/people/{PERSON}/",
    "/organisations/parliament-of-kazakhstan/",
    "/places/brussels/",
    f"/events/{EVENT}/",
    "/statistics/trade-turnover/",
    "/topics/trade-and-investment/",
]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("nothing may be fetched from the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(autouse=True)
def site_url_is_the_test_servers(settings):
    """The dump names records by the site's address: the test client's, so they compare."""
    settings.SITE_URL = BASE


@pytest.fixture
def page_cache(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    yield
    caches["default"].clear()


def turtle(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    return rdflib.Graph().parse(data=response.content.decode(), format="turtle")


def json_ld(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(response.content)
    assert data["@context"] == CONTEXT  # inline: a reader needs nothing from elsewhere
    return rdflib.Graph().parse(data=response.content.decode(), format="json-ld")


def page_json_ld(response):
    """The JSON-LD block of a record's page (its context is schema.org's, named by address)."""
    reader = PageReader()
    reader.feed(response.content.decode())
    (data,) = reader.json_ld
    return data


def test_a_person_answers_turtle_at_the_page_address(client, corpus):
    graph = turtle(client.get(f"/people/{PERSON}/", HTTP_ACCEPT="text/turtle"))

    person = URIRef(f"{BASE}/people/{PERSON}/")
    assert (person, RDF.type, SCHEMA.Person) in graph
    assert (person, SCHEMA.name, Literal("Margulan Baimukhan")) in graph
    names = list(graph.objects(person, SCHEMA.name))
    # One name of record, as the page gives it; the others each tagged with its language.
    assert [name for name in names if not name.language] == [Literal("Margulan Baimukhan")]
    assert all(name.language in {"kk", "ru", "fr", "nl"} for name in names if name.language)


def test_an_article_gives_its_headline_language_and_typed_date(client, corpus):
    graph = turtle(client.get(f"/articles/{ARTICLE_0}/", HTTP_ACCEPT="text/turtle"))

    article = URIRef(f"{BASE}/articles/{ARTICLE_0}/")
    headline = Article.objects.get(slug=ARTICLE_0).display_title
    assert (article, RDF.type, SCHEMA.NewsArticle) in graph
    assert (article, SCHEMA.headline, Literal(headline)) in graph
    assert (article, SCHEMA.inLanguage, Literal("en")) in graph
    assert (article, SCHEMA.datePublished, Literal("2021-06-22", datatype=XSD_DATE)) in graph


def test_a_month_stays_a_month(client, corpus):
    make_article("a-month-report", date_edtf="2021-11")

    graph = turtle(client.get("/articles/a-month-report.ttl"))

    (date,) = graph.objects(URIRef(f"{BASE}/articles/a-month-report/"), SCHEMA.datePublished)
    assert date.datatype == URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")
    assert str(date) == "2021-11"


def test_a_wikidata_id_is_a_same_as_address(client, corpus):
    Person.objects.filter(slug=PERSON).update(wikidata_id=WIKIDATA_Q)

    graph = turtle(client.get(f"/people/{PERSON}.ttl"))

    assert (
        URIRef(f"{BASE}/people/{PERSON}/"),
        SCHEMA.sameAs,
        URIRef(f"https://www.wikidata.org/wiki/{WIKIDATA_Q}"),
    ) in graph


def test_an_event_names_its_participants(client, corpus):
    graph = turtle(client.get(f"/events/{EVENT}/", HTTP_ACCEPT="text/turtle"))

    event = URIRef(f"{BASE}/events/{EVENT}/")
    attendees = set(graph.objects(event, SCHEMA.attendee))
    assert URIRef(f"{BASE}/people/aigul-kuspan/") in attendees
    assert (URIRef(f"{BASE}/people/aigul-kuspan/"), RDF.type, SCHEMA.Person) in graph


def test_json_ld_says_what_the_turtle_says(client, corpus):
    address = f"/people/{PERSON}/"
    as_turtle = turtle(client.get(address, HTTP_ACCEPT="text/turtle"))
    as_json_ld = json_ld(client.get(address, HTTP_ACCEPT="application/ld+json"))

    assert isomorphic(as_turtle, as_json_ld)
    assert isomorphic(as_turtle, json_ld(client.get(f"/people/{PERSON}.jsonld")))


@pytest.mark.parametrize("address", RECORD_ADDRESSES)
def test_the_pages_json_ld_says_what_the_turtle_says(client, corpus, address):
    """The page's own block, read with the context given here, against the Turtle."""
    page = page_json_ld(client.get(address))
    assert page.get("@context") == "https://schema.org"
    as_turtle = turtle(client.get(address, HTTP_ACCEPT="text/turtle"))

    # The RDF adds the record's names in the other languages, tagged; the rest is the page's.
    untagged = rdflib.Graph()
    for triple in as_turtle:
        if not (isinstance(triple[2], Literal) and triple[2].language):
            untagged.add(triple)
    assert isomorphic(read_description(page), untagged)


def test_the_page_json_ld_read_with_schema_orgs_context_given_locally(client, corpus):
    """A consumer holding schema.org's context (its @vocab and its IRI-valued terms) agrees."""
    Person.objects.filter(slug=PERSON).update(wikidata_id=WIKIDATA_Q)
    page = page_json_ld(client.get(f"/people/{PERSON}/"))
    local_context = {
        "@vocab": "http://schema.org/",
        "sameAs": {"@id": "http://schema.org/sameAs", "@type": "@id"},
        "url": {"@id": "http://schema.org/url", "@type": "@id"},
    }

    graph = rdflib.Graph().parse(
        data=json.dumps({**page, "@context": local_context}), format="json-ld"
    )

    person = URIRef(f"{BASE}/people/{PERSON}/")
    assert (person, SCHEMA.name, Literal("Margulan Baimukhan")) in graph
    assert (person, SCHEMA.sameAs, URIRef(f"https://www.wikidata.org/wiki/{WIKIDATA_Q}")) in graph


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/turtle", "text/turtle; charset=utf-8"),
        ("application/ld+json", "application/ld+json"),
        ("text/html", "text/html; charset=utf-8"),
        ("*/*", "text/html; charset=utf-8"),
        (BROWSER_ACCEPT, "text/html; charset=utf-8"),
        ("application/ld+json;q=0.5, text/turtle;q=0.9", "text/turtle; charset=utf-8"),
        ("text/turtle;q=0.2, text/html;q=0.8", "text/html; charset=utf-8"),
        ("text/html;q=0.1, application/ld+json", "application/ld+json"),
        ("text/turtle;q=0, */*;q=0.1", "text/html; charset=utf-8"),
        ("application/xml", "text/html; charset=utf-8"),  # none offered: the page, as before
    ],
)
def test_the_accept_header_chooses_with_its_q_values(client, corpus, accept, expected):
    response = client.get(f"/people/{PERSON}/", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == expected
    assert "Accept" in response["Vary"]


def test_no_accept_header_gets_the_page(client, corpus):
    response = client.get(f"/people/{PERSON}/")

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("address", RECORD_ADDRESSES)
def test_every_kind_of_record_negotiates_and_has_suffixed_addresses(client, corpus, address):
    subject = URIRef(f"{BASE}{address}")
    stem = address.rstrip("/")

    negotiated = turtle(client.get(address, HTTP_ACCEPT="text/turtle"))
    suffixed = turtle(client.get(f"{stem}.ttl", HTTP_ACCEPT="text/html"))
    from_json_ld = json_ld(client.get(f"{stem}.jsonld"))

    assert (subject, RDF.type, None) in negotiated
    assert isomorphic(negotiated, suffixed)
    assert isomorphic(negotiated, from_json_ld)


@pytest.mark.parametrize("address", RECORD_ADDRESSES)
def test_the_page_links_its_rdf(client, corpus, address):
    html = client.get(address).content.decode()
    stem = address.rstrip("/")

    assert f'<link rel="alternate" type="text/turtle" href="{stem}.ttl">' in html
    assert f'<link rel="alternate" type="application/ld+json" href="{stem}.jsonld">' in html


def test_the_suffixed_addresses_do_not_vary_on_accept(client, corpus):
    response = client.get(f"/people/{PERSON}.ttl", HTTP_ACCEPT="text/html")

    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" not in response.get("Vary", "")


def test_other_pages_do_not_vary_on_accept(client, corpus):
    assert "Accept" not in client.get("/people/").get("Vary", "")


@pytest.mark.parametrize(
    "address",
    [
        "/articles/{slug}/",
        "/articles/{slug}.ttl",
        "/articles/{slug}.jsonld",
    ],
)
@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "text/html"])
def test_a_draft_is_a_404_in_every_form(client, corpus, address, accept):
    make_article("a-draft-report", status=Article.Status.DRAFT)

    response = client.get(address.format(slug="a-draft-report"), HTTP_ACCEPT=accept)

    assert response.status_code == 404


def test_a_record_only_drafts_rest_on_is_a_404_in_rdf(client, corpus):
    Article.objects.update(status=Article.Status.DRAFT)

    assert client.get(f"/people/{PERSON}.ttl").status_code == 404
    assert client.get(f"/people/{PERSON}/", HTTP_ACCEPT="text/turtle").status_code == 404


def test_a_preview_is_only_ever_a_page(client, corpus, editor_client):
    make_article("a-draft-report", status=Article.Status.DRAFT)

    response = editor_client.get("/preview/articles/a-draft-report/", HTTP_ACCEPT="text/turtle")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "linked_data_links" not in (response.context or {})


def test_the_page_cache_keeps_each_form_apart(page_cache, client, corpus):
    address = f"/people/{PERSON}/"
    page = client.get(address, HTTP_ACCEPT="text/html")
    as_turtle = client.get(address, HTTP_ACCEPT="text/turtle")
    as_json_ld = client.get(address, HTTP_ACCEPT="application/ld+json")

    # Asked again, each from the cache: still each its own form.
    assert client.get(address, HTTP_ACCEPT="text/html").content == page.content
    again = client.get(address, HTTP_ACCEPT="text/turtle")
    assert again["Content-Type"] == "text/turtle; charset=utf-8"
    assert again.content == as_turtle.content
    assert client.get(address, HTTP_ACCEPT="application/ld+json").content == as_json_ld.content
    assert client.get(address, HTTP_ACCEPT=BROWSER_ACCEPT)["Content-Type"].startswith("text/html")
    assert client.get(address)["Content-Type"].startswith("text/html")


def test_the_page_cache_serves_kept_rdf_without_the_database(
    page_cache, client, corpus, django_assert_num_queries
):
    address = f"/people/{PERSON}/"
    client.get(address, HTTP_ACCEPT="text/turtle")

    with django_assert_num_queries(0):
        response = client.get(address, HTTP_ACCEPT="text/turtle")
    assert response["Content-Type"] == "text/turtle; charset=utf-8"


def test_the_rdf_is_the_same_at_every_language_prefix(client, corpus):
    Person.objects.filter(slug=PERSON).update(name_nl="Margulan Baimoechan")

    english = turtle(client.get(f"/people/{PERSON}/", HTTP_ACCEPT="text/turtle"))
    kazakh = turtle(client.get(f"/kk/people/{PERSON}/", HTTP_ACCEPT="text/turtle"))
    suffixed = turtle(client.get(f"/fr/people/{PERSON}.ttl"))

    assert isomorphic(english, kazakh)
    assert isomorphic(english, suffixed)
    person = URIRef(f"{BASE}/people/{PERSON}/")
    names = set(english.objects(person, SCHEMA.name))
    assert Literal("Margulan Baimukhan") in names
    assert Literal("Margulan Baimoechan", lang="nl") in names


@pytest.mark.parametrize(
    ("address", "queries"),
    [
        # 1 article, 1 topics, 4 authorships and mentions, 1 corrections
        (f"/articles/{ARTICLE_0}.ttl", 12),
        # 1 person, 1 aliases, 1 corrections, 1 roles
        (f"/people/{PERSON}.ttl", 4),
        # 1 organisation, 1 aliases, 1 corrections, 1 children
        ("/organisations/parliament-of-kazakhstan.ttl", 4),
        # 1 place, 1 aliases, 1 corrections
        ("/places/brussels.ttl", 3),
        # 1 event, 1 topics, 1 participants, 1 reports, 1 their articles, 1 corrections
        (f"/events/{EVENT}.ttl", 6),
        # 1 indicator, 1 figures, 1 corrections
        ("/statistics/trade-turnover.ttl", 3),
        # 1 topic
        ("/topics/trade-and-investment.ttl", 1),
    ],
)
def test_a_records_rdf_costs_a_fixed_number_of_queries(
    client, corpus, address, queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(queries):
        assert client.get(address).status_code == 200


# --- The dump and its VoID description --------------------------------------------------------


def package_file(zip_path, name):
    with zipfile.ZipFile(zip_path) as package:
        return package.read(f"kzbe-archive/rdf/{name}")


@pytest.fixture
def dump(settings, built_export):
    text = gzip.decompress(package_file(built_export, "dump.nt.gz")).decode()
    return rdflib.Graph().parse(data=text, format="nt"), text


def test_the_dump_holds_every_public_record_once(dump, settings):
    graph, text = dump

    for model, kind in [
        (Article.objects.published(), SCHEMA.NewsArticle),
        (Person.objects.public(), SCHEMA.Person),
        (Organisation.objects.public(), SCHEMA.Organization),
        (Place.objects.public(), SCHEMA.Place),
        (Event.objects.public(), SCHEMA.Event),
        (Indicator.objects.public(), SCHEMA.StatisticalVariable),
        (Topic.objects.public(), SCHEMA.DefinedTerm),
    ]:
        expected = {settings.SITE_URL + record.get_absolute_url() for record in model}
        assert {str(subject) for subject in graph.subjects(RDF.type, kind)} == expected
    # Each triple written once: as many lines as triples.
    assert len(text.splitlines()) == len(graph)


def test_the_dump_leaves_out_drafts(settings, tmp_path, corpus):
    make_article("a-draft-report", status=Article.Status.DRAFT)
    write_dump(tmp_path / "dump.nt.gz")

    graph = rdflib.Graph().parse(
        data=gzip.decompress((tmp_path / "dump.nt.gz").read_bytes()).decode(), format="nt"
    )
    assert (URIRef(f"{settings.SITE_URL}/articles/a-draft-report/"), None, None) not in graph
    assert (URIRef(f"{settings.SITE_URL}/articles/{ARTICLE_1}/"), None, None) in graph


@pytest.mark.parametrize("address", RECORD_ADDRESSES)
def test_the_dump_says_what_each_records_turtle_says(dump, client, address):
    graph, _text = dump
    record = URIRef(f"{BASE}{address}")

    page = turtle(client.get(address, HTTP_ACCEPT="text/turtle"))

    def about(source):
        return {(p, o) for p, o in source.predicate_objects(record) if not isinstance(o, BNode)}

    assert about(page) == about(graph)
    assert about(page)


def test_the_dumps_queries_do_not_grow_with_the_archive(tmp_path, corpus):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            write_dump(tmp_path / "dump.nt.gz")
        return len(queries)

    before = count_queries()
    for number in range(5):
        make_article(f"more-{number}")
    assert count_queries() == before


def test_the_void_description_counts_the_dump(dump, built_export, settings):
    graph, _text = dump
    void = rdflib.Graph().parse(data=package_file(built_export, "void.ttl"), format="turtle")
    ns = rdflib.Namespace("http://rdfs.org/ns/void#")

    (dataset,) = void.subjects(RDF.type, ns.Dataset)
    assert void.value(dataset, ns.dataDump) == URIRef(f"{settings.SITE_URL}/dump.nt.gz")
    assert int(void.value(dataset, ns.triples)) == len(graph)
    records = set(graph.subjects(RDF.type, None)) - set(graph.subjects(RDF.type, SCHEMA.Role))
    assert int(void.value(dataset, ns.entities)) == len(
        {subject for subject in records if not isinstance(subject, BNode)}
    )
    assert void.value(dataset, ns.vocabulary) == URIRef("http://schema.org/")
    assert str(void.value(dataset, ns.uriSpace)) == f"{settings.SITE_URL}/"
    assert void.value(dataset, rdflib.namespace.DCTERMS.license) is not None


def test_the_dump_and_void_are_served_from_the_built_export(client, built_export):
    dump_response = client.get("/dump.nt.gz")
    assert dump_response.status_code == 200
    assert dump_response["Content-Type"] == "application/n-triples"
    assert gzip.decompress(b"".join(dump_response.streaming_content))

    for address in ("/void.ttl", "/.well-known/void"):
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/turtle; charset=utf-8"
        rdflib.Graph().parse(data=b"".join(response.streaming_content), format="turtle")


def test_the_dump_is_a_503_until_an_export_is_built(client, settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "nothing-built"

    response = client.get("/dump.nt.gz")

    assert response.status_code == 503
    assert response["Retry-After"]


def test_the_sitemap_lists_the_void_and_the_dump(client, corpus):
    response = client.get("/sitemap-datasets.xml")

    assert response.status_code == 200
    text = response.content.decode()
    assert f"<loc>{BASE}/void.ttl</loc>" in text
    assert f"<loc>{BASE}/dump.nt.gz</loc>" in text


# --- SHACL ------------------------------------------------------------------------------------


def test_the_dump_keeps_to_the_shapes(dump):
    graph, _text = dump

    conforms, _report, text = validate(graph, shacl_graph=str(SHAPES), shacl_graph_format="turtle")

    assert conforms, text


@pytest.mark.parametrize(
    "breakage",
    [
        "a person with two names of record",
        "a sameAs that is text",
        "an article with no headline",
        "a date as plain text",
    ],
)
def test_the_shapes_catch_a_broken_graph(dump, breakage):
    graph, _text = dump
    person = next(graph.subjects(RDF.type, SCHEMA.Person))
    article = next(graph.subjects(RDF.type, SCHEMA.NewsArticle))
    if breakage == "a person with two names of record":
        graph.add((person, SCHEMA.name, Literal("Somebody Else")))
    elif breakage == "a sameAs that is text":
        graph.add((person, SCHEMA.sameAs, Literal("https://www.wikidata.org/wiki/Q1")))
    elif breakage == "an article with no headline":
        graph.remove((article, SCHEMA.headline, None))
    else:
        graph.set((article, SCHEMA.datePublished, Literal("22 June 2021")))

    conforms, _report, _text = validate(graph, shacl_graph=str(SHAPES), shacl_graph_format="turtle")

    assert not conforms


def test_the_page_names_the_record_as_its_rdf_does_in_every_language(client, corpus):
    english = page_json_ld(client.get(f"/people/{PERSON}/"))
    kazakh = page_json_ld(client.get(f"/kk/people/{PERSON}/"))

    assert kazakh == english
    assert kazakh["@id"] == f"{BASE}/people/{PERSON}/"


def test_the_turtle_writes_schema_org_terms_with_the_schema_prefix(client, corpus):
    text = client.get(f"/people/{PERSON}.ttl").content.decode()

    assert "@prefix schema: <http://schema.org/> ." in text
    assert "https://schema.org/" not in text
