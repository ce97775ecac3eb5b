"""
Hostile text in what the archive hands to machines: feeds, the sitemap, OAI-PMH, the API's JSON
and CSV, and the bulk export's CSV files; and in the editors' admin. (The public pages are proved
inert in a real browser: tests/browser/test_xss.py.) Also: the records used there are ones an
editor could really enter, and an original address that would run script is refused.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from archive import export
from archive.export.cells import FORMULA_TRIGGERS
from archive.models import Article, EventReport, Role, Statistic
from archive.templatetags.archive_tags import web_url

from .hostile_records import (
    END_OF_SCRIPT,
    FORMULAS,
    HANDLER,
    IMAGE,
    JAVASCRIPT_URL,
    SCRIPT,
    SVG,
    make_formula_records,
    make_hostile_records,
)
from .site_helpers import sitemap_locations

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.fixture
def hostile(corpus):
    return make_hostile_records()


# --- The records are realistic; a script address is refused ----------------------------------


def test_the_hostile_records_are_valid_archive_data_but_for_the_script_address(hostile):
    """Quotes, bylines, attribution and mentions all check out against the text."""
    for record in (
        hostile.person,
        hostile.organisation,
        hostile.place,
        hostile.topic,
        hostile.event,
        hostile.indicator,
        hostile.role,
        hostile.statistic,
        EventReport.objects.get(event=hostile.event),
        *hostile.article.authorships.all(),
        *hostile.article.person_mentions.all(),
        *hostile.article.organisation_mentions.all(),
    ):
        record.full_clean()
    with pytest.raises(ValidationError) as refused:
        hostile.article.full_clean()
    assert set(refused.value.message_dict) == {"original_url"}


@pytest.mark.parametrize(
    "address",
    [
        JAVASCRIPT_URL,
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://files.example/report.txt",
        "//evil.example/",
    ],
)
def test_an_original_address_other_than_http_or_https_is_refused(corpus, address):
    article = Article.objects.get(slug__startswith="kazakhstani-belgian-mps")
    article.original_url = address

    with pytest.raises(ValidationError) as refused:
        article.full_clean()

    assert refused.value.message_dict["original_url"][-1] == (
        "Give a web address starting with http:// or https://."
    )


def test_a_web_address_is_accepted(corpus):
    article = Article.objects.get(slug__startswith="kazakhstani-belgian-mps")
    article.original_url = "https://www.inform.kz/en/kazakhstani-belgian-mps_a3802322"

    article.full_clean()


@pytest.mark.parametrize(
    "address",
    [JAVASCRIPT_URL, " javascript:alert(1)", "java\tscript:alert(1)", "JAVASCRIPT:alert(1)", ""],
)
def test_a_stored_script_address_never_becomes_a_link(address):
    assert web_url(address) == ""


def test_a_stored_web_address_stays_a_link():
    assert web_url("https://www.inform.kz/en/x") == "https://www.inform.kz/en/x"


# --- Feeds, sitemap, OAI-PMH, the API's JSON ---------------------------------------------------


def test_feeds_carry_the_hostile_title_as_text_and_the_description_escaped(client, hostile):
    article = hostile.article
    rss = ET.fromstring(client.get("/feeds/articles/").content)
    atom = ET.fromstring(client.get("/feeds/articles/atom/").content)

    item = next(item for item in rss.iter("item") if item.findtext("title") == article.title)
    entry = next(
        entry
        for entry in atom.iter(f"{ATOM}entry")
        if entry.findtext(f"{ATOM}title") == article.title
    )
    for description in (item.findtext("description"), entry.findtext(f"{ATOM}summary")):
        # HTML for the feed reader, in which the payload is text.
        assert "&lt;script&gt;alert(&quot;xss:script&quot;)&lt;/script&gt;" in description
        assert "<script" not in description and "<img" not in description
    assert entry.find(f"{ATOM}summary").get("type") == "html"


def test_the_sitemap_stays_well_formed_and_lists_the_records(client, hostile):
    locations = sitemap_locations(client)  # each page parsed as XML

    assert f"http://testserver{hostile.article.get_absolute_url()}" in locations
    assert f"http://testserver{hostile.person.get_absolute_url()}" in locations


def test_oai_pmh_carries_the_hostile_text_as_xml_text(client, hostile):
    response = client.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": f"oai:{django_settings.OAI_REPOSITORY_IDENTIFIER}:article/xss-article",
        },
    )
    root = ET.fromstring(response.content)

    assert root.find(f".//{DC}title").text == hostile.article.title
    assert root.find(f".//{DC}creator").text == hostile.person.name
    assert root.find(f".//{DC}source").text == JAVASCRIPT_URL  # data for a harvester, as stored
    assert SCRIPT in root.find(f".//{DC}description").text


def test_the_api_returns_the_hostile_text_as_json_data(client, hostile):
    response = client.get("/api/articles/xss-article/")

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert data["title"] == hostile.article.title
    assert data["body"] == hostile.article.body
    assert data["original_url"] == JAVASCRIPT_URL


# --- CSV: no cell a spreadsheet would run -----------------------------------------------------


def assert_no_formula_cells(rows, where):
    """Every cell that opens with a formula character is a number, or carries the apostrophe."""
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_TRIGGERS):
                assert NUMBER.fullmatch(cell), f"{where}: {cell!r} would run as a formula"


def csv_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


API_LISTS = [
    "articles",
    "people",
    "organisations",
    "places",
    "events",
    "statistics",
    "topics",
    "indicators",
]


@pytest.mark.parametrize("resource", API_LISTS)
def test_the_api_csv_of_every_list_has_no_formula(client, corpus, resource):
    make_formula_records()

    response = client.get(f"/api/{resource}/", {"format": "csv", "page_size": 100})

    rows = csv_rows(response.content.decode())
    assert len(rows) > 1
    assert_no_formula_cells(rows, resource)
    cells = {cell for row in rows for cell in row}
    assert cells & {f"'{formula}" for formula in FORMULAS}, "no formula record in the list"


def test_the_bulk_export_csv_files_have_no_formula(client, corpus, settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path
    make_formula_records()
    call_command("build_export", stdout=io.StringIO())

    response = client.get("/api/export/")

    package = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    tables = [name for name in package.namelist() if name.endswith(".csv")]
    assert len(tables) == len(export.TABLES)
    neutralised = set()
    for name in tables:
        rows = csv_rows(package.read(name).decode("utf-8"))
        assert_no_formula_cells(rows, name)
        neutralised |= {cell[1:] for row in rows for cell in row if cell.startswith("'")}
    # Each kind of formula was met, and kept (behind its apostrophe) rather than dropped.
    assert set(FORMULAS) <= neutralised
    # The JSON Lines beside the CSV keep the text verbatim.
    people = package.read("kzbe-archive/data/people.jsonl").decode()
    assert '"name": "=HYPERLINK(' in people


def test_formula_records_are_valid_archive_data(corpus):
    article = make_formula_records()

    article.full_clean()
    for record in (*article.roles.all(), *article.statistics.all(), *article.event_reports.all()):
        record.full_clean()
    assert Role.objects.filter(article=article).exists()
    assert Statistic.objects.filter(article=article).exists()


# --- The editors' admin -----------------------------------------------------------------------

RAW_PAYLOADS = [SCRIPT, HANDLER, IMAGE, END_OF_SCRIPT, SVG]


def test_the_admin_shows_hostile_records_escaped(admin_client, hostile):
    from archive.importing.suggest import suggest_for_article

    suggest_for_article(hostile.article)
    pages = [
        reverse("admin:index"),
        reverse("admin:data_quality"),
        reverse("admin:archive_article_changelist") + "?q=envoy",
        reverse("admin:archive_suggestion_changelist"),
        reverse("admin:archive_article_history", args=[hostile.article.pk]),
    ] + [
        reverse(f"admin:archive_{record._meta.model_name}_change", args=[record.pk])
        for record in (
            hostile.article,
            hostile.person,
            hostile.organisation,
            hostile.place,
            hostile.topic,
            hostile.event,
            hostile.indicator,
            hostile.statistic,
            hostile.role,
        )
    ]
    for path in pages:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        for payload in RAW_PAYLOADS:
            assert payload not in page, f"{path} shows {payload!r} as markup"
    # The payloads are there, escaped: the change form shows the title back in its field.
    response = admin_client.get(reverse("admin:archive_article_change", args=[hostile.article.pk]))
    assert escape(hostile.article.title) in response.content.decode()
