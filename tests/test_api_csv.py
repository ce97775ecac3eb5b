"""
The API's CSV as a client's tools read it: every row at once for pandas, pages that say they
are pages, a file name, a variant for Excel, columns with stable types and the export's names.
"""

import csv
import io
from decimal import Decimal

import pandas
import pytest
from django.core.management import call_command
from django.urls import resolve

from archive.api.renderers import columns
from archive.models import Statistic, Topic
from tests.conftest import delete_archive_records
from tests.problems import refused_parameters

ARTICLES = "/api/articles/"
LISTS = (
    "articles",
    "people",
    "organisations",
    "places",
    "topics",
    "events",
    "statistics",
    "indicators",
)


def content(response):
    assert response.status_code == 200, response.content
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def header(response):
    return next(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def many_topics(count):
    Topic.objects.bulk_create(
        Topic(name=f"Extra topic {number}", slug=f"extra-topic-{number:04}")
        for number in range(count)
    )


# --- Every row at once ------------------------------------------------------------------------


def test_page_size_all_gives_pandas_every_row_of_the_list(client, corpus):
    many_topics(1200)  # more than two chunks of 500

    response = client.get("/api/topics/", {"format": "csv", "page_size": "all"})

    assert response.streaming  # written a chunk at a time, never held whole
    table = pandas.read_csv(io.BytesIO(content(response)))
    assert len(table) == 1210 == Topic.objects.count()
    assert table["slug"].is_unique
    assert list(table.columns) == header(client.get("/api/topics/", {"format": "csv"}))


def test_page_size_all_reads_the_records_a_chunk_at_a_time(
    client, corpus, django_assert_num_queries
):
    many_topics(1200)

    # 1 query for the topics, read from one cursor 500 rows at a time
    with django_assert_num_queries(1):
        response = client.get("/api/topics/", {"format": "csv", "page_size": "all"})
        assert len(content(response).splitlines()) == 1 + 1210


def test_page_size_all_keeps_the_filters(client, corpus):
    response = client.get(
        ARTICLES, {"format": "csv", "page_size": "all", "person": "margulan-baimukhan"}
    )

    table = pandas.read_csv(io.BytesIO(content(response)))
    assert sorted(table["slug"]) == sorted(
        item["slug"]
        for item in client.get(ARTICLES, {"person": "margulan-baimukhan"}).json()["results"]
    )
    assert len(table) == 2


def test_page_size_all_in_json_is_a_400_saying_to_use_csv_or_pages(client, corpus):
    response = client.get(ARTICLES, {"page_size": "all"})

    assert response.status_code == 400
    assert refused_parameters(response) == {
        "page_size": [
            "“all” gives every row at once as CSV only: add format=csv, or page through the "
            "JSON with page and page_size (up to 100)."
        ]
    }


def test_page_size_all_with_a_page_is_a_400(client, corpus):
    response = client.get(ARTICLES, {"format": "csv", "page_size": "all", "page": 2})

    assert response.status_code == 400
    assert list(refused_parameters(response)) == ["page"]


# --- A page says it is one; a file name -------------------------------------------------------


def test_a_csv_page_says_it_is_one_page_of_how_many_rows(client, corpus):
    response = client.get(ARTICLES, {"format": "csv", "page_size": 2})

    assert len(content(response).decode().splitlines()) == 3  # the header and two rows
    assert response["X-Total-Count"] == "5"
    assert 'rel="next"' in response["Link"]


def test_a_json_page_gives_the_total_as_a_header_too(client, corpus):
    assert client.get(ARTICLES, {"page_size": 2})["X-Total-Count"] == "5"


def test_a_browser_app_on_another_site_may_read_the_total_and_the_file_name(client, corpus):
    response = client.get(ARTICLES, {"format": "csv"}, HTTP_ORIGIN="https://example.net")

    exposed = {name.strip() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"X-Total-Count", "Content-Disposition", "Link"} <= exposed


@pytest.mark.parametrize(
    ("query", "file_name"),
    [
        ({"format": "csv"}, "articles-page-1.csv"),
        ({"format": "csv", "page_size": 2, "page": 2}, "articles-page-2.csv"),
        ({"format": "csv", "page_size": 2, "page": "last"}, "articles-page-3.csv"),
        ({"format": "csv", "page_size": "all"}, "articles.csv"),
        ({"format": "csv-excel", "page_size": "all"}, "articles.csv"),
    ],
)
def test_csv_comes_as_a_named_file(client, corpus, query, file_name):
    response = client.get(ARTICLES, query)

    assert response["Content-Disposition"] == f'attachment; filename="{file_name}"'


def test_json_is_not_a_file_to_save(client, corpus):
    assert "Content-Disposition" not in client.get(ARTICLES)


# --- Excel ------------------------------------------------------------------------------------


def test_csv_excel_is_the_same_csv_with_a_utf8_byte_order_mark(client, corpus):
    plain = content(client.get("/api/people/", {"format": "csv"}))

    response = client.get("/api/people/", {"format": "csv-excel"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content(response) == "\ufeff".encode() + plain
    assert "D’Hose" in content(response).decode("utf-8-sig")


# --- Columns: stable types, the export's names, lists one way ----------------------------------


def test_a_number_stays_a_number_whatever_its_sign(client, corpus):
    before = pandas.read_csv(io.BytesIO(content(client.get("/api/statistics/?format=csv"))))
    Statistic.objects.filter(pk=1).update(value=Decimal("-3.5"))

    after = pandas.read_csv(io.BytesIO(content(client.get("/api/statistics/?format=csv"))))

    # Not "'-3.5", which would make the whole column text on this archive only.
    assert after.set_index("slug").loc[1, "value"] == -3.5
    for column in ("value", "scale", "absolute_value"):
        assert before[column].dtype.kind in "if" and after[column].dtype.kind in "if", column


def test_csv_text_that_starts_like_a_formula_is_still_neutralised(client, corpus):
    Statistic.objects.filter(pk=1).update(rank_reason="-1+1")

    rows = csv.DictReader(io.StringIO(content(client.get("/api/statistics/?format=csv")).decode()))

    assert next(row for row in rows if row["slug"] == "1")["rank_reason"] == "'-1+1"


@pytest.mark.parametrize("name", LISTS)
def test_csv_columns_are_named_as_in_the_export(client, corpus, tmp_path, name):
    call_command("export_archive", tmp_path, stdout=io.StringIO())
    with open(tmp_path / "data" / f"{name}.csv", encoding="utf-8") as file:
        exported = set(next(csv.reader(file)))

    columns = set(header(client.get(f"/api/{name}/", {"format": "csv"})))

    # The API adds its addresses and lists the export keeps in tables of their own
    # (article_topics, person_aliases…); a statistic's number is `slug` in the API.
    api_only = {"url", "web_url", "topics", "aliases", "scale_label", "slug"}
    assert columns - api_only <= exported, columns - api_only - exported


def test_lists_are_joined_the_same_way_in_the_api_and_the_export(client, corpus, tmp_path):
    call_command("export_archive", tmp_path, stdout=io.StringIO())
    with open(tmp_path / "data" / "person_mentions.csv", encoding="utf-8") as file:
        forms = [row["surface_forms"] for row in csv.DictReader(file)]
    page = content(client.get(ARTICLES, {"format": "csv"})).decode()

    articles = csv.DictReader(io.StringIO(page))

    assert any("; " in cell for cell in forms)
    assert not any(cell.startswith("[") for cell in forms)
    assert any("; " in row["topics"] for row in articles)


# --- The schema says all this -----------------------------------------------------------------


def test_the_schema_declares_page_size_all_the_excel_variant_and_the_page_headers(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/articles/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}

    assert parameters["page_size"]["schema"]["oneOf"] == [
        {"type": "integer", "minimum": 1, "maximum": 100},
        {"type": "string", "enum": ["all"]},
    ]
    assert "csv-excel" in parameters["format"]["schema"]["enum"]
    assert {"X-Total-Count", "Content-Disposition"} <= set(operation["responses"]["200"]["headers"])


def csv_types(client, name):
    table = pandas.read_csv(
        io.BytesIO(content(client.get(f"/api/{name}/", {"format": "csv", "page_size": "all"})))
    )
    kinds = {"b": "boolean", "i": "number", "u": "number", "f": "number"}
    return {column: kinds.get(table[column].dtype.kind, "text") for column in table}


def test_number_and_boolean_columns_have_the_same_type_on_every_archive(client, corpus):
    # The columns the API types as numbers or booleans (an EDTF year such as "2021" is text
    # that pandas may read as a number: the guide says to read such columns as text).
    typed = {
        name: {
            column
            for column, _path, is_text in columns(
                resolve(f"/api/{name}/").func.cls.serializer_class()
            )
            if not is_text
        }
        for name in LISTS
    }
    curated = {name: csv_types(client, name) for name in LISTS}
    delete_archive_records()
    call_command("generate_corpus", articles=60, seed=7, stdout=io.StringIO())

    synthetic = {name: csv_types(client, name) for name in LISTS}

    for name in LISTS:
        for column in typed[name]:
            assert curated[name][column] == synthetic[name][column], (name, column)
            assert curated[name][column] != "text", (name, column)
