"""OAI-PMH 2.0 at /oai/: the six verbs, resumption tokens and the protocol's own errors."""

import xml.etree.ElementTree as ET

import pytest

from archive.models import Article

from .unpublished import make_draft_with_facts

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
PREFIX = "oai:kzbe-archive.local:article/"
KUSPAN = "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"
DHOSE = "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker"


def oai(client, method="get", **arguments):
    response = getattr(client, method)("/oai/", arguments)
    assert response.status_code == 200  # protocol errors travel inside a 200, by the protocol
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


def error_code(root):
    error = root.find("oai:error", NS)
    return None if error is None else error.get("code")


def identifiers(root, verb="ListIdentifiers"):
    return [e.text for e in root.findall(f"oai:{verb}//oai:header/oai:identifier", NS)]


def test_identify_describes_the_repository(client, corpus):
    root = oai(client, verb="Identify")

    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:repositoryName", namespaces=NS) == (
        "Kazakhstan–Belgium Relations Archive"
    )
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "no"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS).endswith("Z")
    assert root.find("oai:request", NS).attrib == {"verb": "Identify"}


def test_list_metadata_formats_offers_oai_dc(client, corpus):
    root = oai(client, verb="ListMetadataFormats")

    assert [e.text for e in root.iterfind(".//oai:metadataPrefix", NS)] == ["oai_dc"]


def test_list_sets_gives_the_topics(client, corpus):
    root = oai(client, verb="ListSets")

    specs = [e.text for e in root.iterfind(".//oai:setSpec", NS)]
    assert len(specs) == 10 and "trade-and-investment" in specs


def test_list_records_gives_every_published_article_as_dublin_core(client, corpus):
    make_draft_with_facts()

    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")

    records = root.findall("oai:ListRecords/oai:record", NS)
    assert len(records) == 5
    assert f"{PREFIX}secret-talks-in-vienna" not in identifiers(root, "ListRecords")
    assert root.find(".//oai:resumptionToken", NS) is None  # the whole list fits at once


def test_a_record_carries_the_articles_dublin_core(client, corpus):
    root = oai(client, verb="GetRecord", identifier=PREFIX + KUSPAN, metadataPrefix="oai_dc")

    dc = root.find(".//oai_dc:dc", NS)

    def values(element):
        return [e.text for e in dc.findall(f"dc:{element}", NS)]

    assert values("title") == ["Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation"]
    assert values("creator") == ["Tatyana Kudrenok"]
    assert values("publisher") == ["Kazinform"]
    assert values("date") == ["2021-06-22"]
    assert values("language") == ["en"]
    assert values("type") == ["Text"]
    assert values("identifier") == [f"http://testserver/articles/{KUSPAN}/"]
    assert "Trade and investment" in values("subject")
    assert values("coverage")[0] == "Astana"  # the dateline's place first
    assert values("description")[0].startswith("Inter-parliamentary groups for cooperation")
    header_sets = [e.text for e in root.findall(".//oai:header/oai:setSpec", NS)]
    assert "trade-and-investment" in header_sets


def test_a_devised_title_stays_bracketed_and_an_inferred_date_keeps_its_edtf(client, corpus):
    slug = "kazakhstan-and-belgium-mark-the-30th-anniversary-of-diplomatic-relations"
    root = oai(client, verb="GetRecord", identifier=PREFIX + slug, metadataPrefix="oai_dc")

    assert root.findtext(".//dc:title", namespaces=NS).startswith("[")
    assert root.findtext(".//dc:date", namespaces=NS) == "2022"
    assert root.find(".//dc:publisher", NS) is None  # the text names none; none is invented


def test_sets_select_articles_by_topic(client, corpus):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="regional-security")

    assert identifiers(root) == [PREFIX + DHOSE]


def test_from_and_until_select_by_datestamp(client, corpus):
    Article.objects.filter(slug=KUSPAN).update(updated_at="2030-01-02T10:00:00Z")

    since = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2030-01-01"})
    exact = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2030-01-02T10:00:00Z", "until": "2030-01-02T10:00:00Z"},
    )
    before = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2029-12-31")

    assert identifiers(since) == [PREFIX + KUSPAN]
    assert identifiers(exact) == [PREFIX + KUSPAN]
    assert len(identifiers(before)) == 4


def test_lists_come_in_parts_with_resumption_tokens(client, corpus, settings):
    settings.OAI_PAGE_SIZE = 2
    seen, token, cursors = [], None, []
    for _part in range(5):
        arguments = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        root = oai(client, verb="ListIdentifiers", **arguments)
        seen += identifiers(root)
        element = root.find(".//oai:resumptionToken", NS)
        cursors.append(element.get("cursor"))
        assert element.get("completeListSize") == "5"
        token = element.text
        if not token:
            break

    assert len(seen) == len(set(seen)) == 5
    assert cursors == ["0", "2", "4"]


def test_requests_may_come_by_post(client, corpus):
    root = oai(client, method="post", verb="ListIdentifiers", metadataPrefix="oai_dc")

    assert len(identifiers(root)) == 5


# --- The protocol's errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),  # no metadataPrefix
        ({"verb": "Identify", "colour": "blue"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": PREFIX + KUSPAN}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "last week"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-02-30"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01",
             "until": "2022-01-01T00:00:00Z"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2022-01-01",
             "until": "2021-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "gossip"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": PREFIX + KUSPAN, "metadataPrefix": "mods"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "identifier": PREFIX + "no-such-article",
             "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": f"oai:elsewhere.org:article/{KUSPAN}",
             "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:nowhere:1"}, "idDoesNotExist"),
        (
            {"verb": "GetRecord", "identifier": "oai:x\x00", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "a\x00"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        (
            {"verb": "ListRecords", "resumptionToken": "forged", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2100-01-01"},
            "noRecordsMatch",
        ),
    ],
)  # fmt: skip
def test_bad_requests_get_the_protocols_error_codes(client, corpus, arguments, code):
    root = oai(client, **arguments)

    assert error_code(root) == code
    assert root.find("oai:error", NS).text  # a message saying what to fix
    request = root.find("oai:request", NS)
    assert request.text == "http://testserver/oai/"
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # arguments are not echoed when they were refused


def test_a_repeated_verb_or_argument_is_refused(client, corpus):
    assert error_code(ET.fromstring(client.get("/oai/?verb=Identify&verb=Identify").content)) == (
        "badVerb"
    )
    repeated = "/oai/?verb=ListSets&resumptionToken=a&resumptionToken=b"
    assert error_code(ET.fromstring(client.get(repeated).content)) == "badArgument"


def test_a_draft_cannot_be_fetched_by_its_identifier(client, corpus):
    draft = make_draft_with_facts()

    root = oai(client, verb="GetRecord", identifier=PREFIX + draft.slug, metadataPrefix="oai_dc")

    assert error_code(root) == "idDoesNotExist"


def test_a_token_for_one_verb_is_refused_for_another(client, corpus, settings):
    settings.OAI_PAGE_SIZE = 2
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find(".//oai:resumptionToken", NS).text

    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == (
        "badResumptionToken"
    )


def test_a_token_cannot_be_tampered_with(client, corpus, settings):
    settings.OAI_PAGE_SIZE = 2
    token = (
        oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        .find(".//oai:resumptionToken", NS)
        .text
    )

    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=tampered)) == (
        "badResumptionToken"
    )


@pytest.mark.parametrize("page_size", [1, 100])
def test_list_records_makes_the_same_few_queries_whatever_the_page_size(
    client, corpus, settings, django_assert_num_queries, page_size
):
    settings.OAI_PAGE_SIZE = page_size
    # 1 count, 1 page (with publisher, relay and dateline place), prefetches of topics,
    # places, authorships with their people, and corrections.
    with django_assert_num_queries(6):
        client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
