"""The records in RDF: content negotiation, the suffixed addresses, the dump, VoID and SHACL."""

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from archive.rdf.graphs import SCHEMA

BASE = "http://testserver"
PERSON = "margulan-baimukhan"


def turtle(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    return rdflib.Graph().parse(data=response.content.decode(), format="turtle")


def test_a_person_answers_turtle_at_the_page_address(client, corpus):
    graph = turtle(client.get(f"/people/{PERSON}/", HTTP_ACCEPT="text/turtle"))

    person = URIRef(f"{BASE}/people/{PERSON}/")
    assert (person, RDF.type, SCHEMA.Person) in graph
    assert (person, SCHEMA.name, Literal("Margulan Baimukhan")) in graph
