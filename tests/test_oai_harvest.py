"""A real OAI-PMH harvester (sickle) harvests the archive from a live server, part by part."""

import pytest
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist

from archive.models import Article

from .unpublished import make_draft_with_facts

PREFIX = "oai:kzbe-archive.local:article/"


class CountingSickle(Sickle):
    """Sickle, counting the HTTP requests it makes."""

    requests_made = 0

    def harvest(self, **kwargs):
        self.requests_made += 1
        return super().harvest(**kwargs)


@pytest.fixture
def harvester(transactional_db, live_server, corpus, settings):
    settings.OAI_PAGE_SIZE = 2  # the five articles come in three parts
    return CountingSickle(f"{live_server.url}/oai/", max_retries=0, timeout=30)


def test_a_harvester_collects_every_published_article_across_resumption_tokens(harvester):
    make_draft_with_facts()

    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))

    assert harvester.requests_made == 3
    published = Article.objects.published()
    assert sorted(r.header.identifier for r in records) == sorted(
        PREFIX + slug for slug in published.values_list("slug", flat=True)
    )
    assert not any(r.header.deleted for r in records)


def test_each_harvested_record_reads_as_the_articles_dublin_core(harvester, live_server):
    records = {r.header.identifier: r for r in harvester.ListRecords(metadataPrefix="oai_dc")}

    for article in Article.objects.published().prefetch_related("topics", "authors"):
        metadata = records[PREFIX + article.slug].metadata
        assert metadata["title"] == [article.display_title]
        assert metadata["identifier"] == [f"{live_server.url}{article.get_absolute_url()}"]
        assert metadata["language"] == [article.language]
        assert metadata.get("date", []) == ([article.date_edtf] if article.date_edtf else [])
        assert sorted(metadata.get("subject", [])) == sorted(t.name for t in article.topics.all())
        assert metadata.get("creator", []) == [a.name for a in article.authors.all()]
        assert metadata.get("publisher", []) == ([article.source.name] if article.source else [])


def test_a_harvester_lists_identifiers_sets_and_formats(harvester):
    identify = harvester.Identify()
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    sets = list(harvester.ListSets())
    formats = list(harvester.ListMetadataFormats())

    assert identify.repositoryName == "Kazakhstan–Belgium Relations Archive"
    assert identify.protocolVersion == "2.0"
    assert len(headers) == 5
    assert len(sets) == 10
    assert [f.metadataPrefix for f in formats] == ["oai_dc"]


def test_a_harvester_harvests_one_set_and_one_record(harvester):
    security = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="regional-security"))
    record = harvester.GetRecord(identifier=security[0].identifier, metadataPrefix="oai_dc")

    assert len(security) == 1
    assert record.metadata["title"][0].startswith("Prospects of expanding cooperation")


def test_a_harvester_hears_the_protocols_errors(harvester):
    with pytest.raises(IdDoesNotExist):
        harvester.GetRecord(identifier=PREFIX + "nothing-here", metadataPrefix="oai_dc")
    with pytest.raises(BadArgument):
        list(harvester.ListRecords(metadataPrefix="oai_dc", until="not a date"))
