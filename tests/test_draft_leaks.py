"""
Nothing a draft brings reaches the public: not its person, body, place, topic, event, roles or
figure, and not as a count either. The public sees the same archive, byte for byte, at every
address before and after such a draft is saved.
"""

import io
import re
from xml.etree import ElementTree

from django.core.management import call_command

from .unpublished import make_draft_with_new_records

NEW_SLUGS = {
    "person": "aster-quillon",
    "organisation": "quillon-foundation",
    "place": "quillon-bay",
    "topic": "quillon-studies",
    "indicator": "quillon-exports",
    "event": "quillon-summit-2024",
}

PAGES = [
    "/",
    "/articles/",
    "/articles/?q=quillon",
    "/articles/?q=aster",
    "/articles/?person=aster-quillon",
    "/articles/?organisation=quillon-foundation",
    "/articles/?source=quillon-foundation",
    "/articles/?topic=quillon-studies",
    "/articles/?place=quillon-bay",
    "/people/",
    "/people/?q=quillon",
    "/people/?organisation=osce",
    "/people/?organisation=quillon-foundation",
    "/people/aster-quillon/",
    "/organisations/",
    "/organisations/?q=quillon",
    "/organisations/osce/",
    "/organisations/quillon-foundation/",
    "/places/",
    "/places/?q=quillon",
    "/places/quillon-bay/",
    "/events/",
    "/events/?q=quillon",
    "/events/?person=aster-quillon",
    "/events/?organisation=quillon-foundation",
    "/events/?place=quillon-bay",
    "/events/?topic=quillon-studies",
    "/events/quillon-summit-2024/",
    "/statistics/",
    "/statistics/quillon-exports/",
    "/topics/",
    "/topics/quillon-studies/",
    "/feeds/articles/",
    "/feeds/articles/atom/",
    "/robots.txt",
]
API = [
    "/api/articles/?person=aster-quillon",
    "/api/articles/?organisation=quillon-foundation",
    "/api/articles/?topic=quillon-studies",
    "/api/articles/?place=quillon-bay",
    "/api/people/?organisation=osce",
    "/api/people/?organisation=quillon-foundation",
    "/api/events/?person=aster-quillon",
    "/api/events/?place=quillon-bay",
    "/api/statistics/?indicator=quillon-exports",
    "/api/organisations/?parent=quillon-foundation",
    *(
        address
        for kind in ("people", "organisations", "places", "topics", "indicators", "events")
        for address in (f"/api/{kind}/", f"/api/{kind}/?format=csv", f"/api/{kind}/?q=quillon")
    ),
    "/api/statistics/",
    "/api/statistics/?format=csv",
    "/api/organisations/osce/",
    *(
        f"/api/{kind}/{NEW_SLUGS[key]}/"
        for kind, key in (
            ("people", "person"),
            ("organisations", "organisation"),
            ("places", "place"),
            ("topics", "topic"),
            ("indicators", "indicator"),
            ("events", "event"),
        )
    ),
]
OAI = [
    "/oai/?verb=ListSets",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc&set=quillon-studies",
]
SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_addresses(client):
    """/sitemap.xml and, if it is an index, every section it lists."""
    addresses, queue = [], ["/sitemap.xml"]
    while queue:
        address = queue.pop()
        addresses.append(address)
        response = client.get(address)
        if response.status_code == 200 and b"<sitemapindex" in response.content:
            for location in ElementTree.fromstring(response.content).iter(
                f"{SITEMAP_NAMESPACE}loc"
            ):
                queue.append(re.sub(r"^https?://[^/]+", "", location.text))
    return addresses


def public_view(client):
    """Every public address probed, as {address: (status, text)}."""
    seen = {}
    for address in PAGES + API + OAI + sitemap_addresses(client):
        response = client.get(address)
        text = response.content.decode()
        # The one part of an OAI-PMH answer that changes by itself: when it was made.
        text = re.sub(r"<responseDate>[^<]*</responseDate>", "", text)
        seen[address] = (response.status_code, text)
    return seen


def exported(folder):
    call_command("export_archive", folder, stdout=io.StringIO())
    return {path.name: path.read_text("utf-8") for path in sorted((folder / "data").iterdir())}


def test_a_draft_and_the_records_it_brings_reach_no_public_page_api_feed_sitemap_oai_or_export(
    client, corpus, tmp_path
):
    before, export_before = public_view(client), exported(tmp_path / "before")

    make_draft_with_new_records()

    after, export_after = public_view(client), exported(tmp_path / "after")
    changed = [address for address in before if after.get(address) != before[address]]
    assert changed == []
    assert set(after) == set(before)  # no new sitemap section either
    assert [name for name in export_before if export_after[name] != export_before[name]] == []
    # Nothing names them where the address does not ask for them.
    for address, (_status, text) in after.items():
        if "quillon" not in address and "aster" not in address:
            assert "quillon" not in text.lower(), address
    for name, text in export_after.items():
        assert "quillon" not in text.lower(), name
