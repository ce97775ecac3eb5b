"""“Cite this”: the formatted reference, and the BibTeX and CSL-JSON downloads."""

import datetime
import json

import pytest

from archive import citations
from archive.models import Article

from .site_helpers import ARTICLE_0, ARTICLE_2, ARTICLE_3, ARTICLE_4, make_article, set_status


def download(client, slug, extension):
    return client.get(f"/articles/{slug}/cite.{extension}")


def test_bibtex_of_a_dated_article_with_an_author(client, corpus):
    response = download(client, ARTICLE_0, "bib")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{ARTICLE_0}.bib"'
    entry = response.content.decode()
    assert entry.startswith(f"@misc{{{ARTICLE_0},\n")
    assert "  author = {Kudrenok, Tatyana},\n" in entry
    assert (
        "  title = {{Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation}},\n"
        in entry
    )
    assert "  howpublished = {Kazinform},\n" in entry
    assert "  year = {2021},\n  month = jun,\n  day = {22},\n" in entry
    assert f"  url = {{http://testserver/articles/{ARTICLE_0}/}},\n" in entry
    assert entry.endswith("}\n")


def test_bibtex_keeps_a_devised_title_in_brackets(client, corpus):
    entry = download(client, ARTICLE_3, "bib").content.decode()

    assert "title = {{[Ambassador Margulan Baimukhan meets William De Baets" in entry
    assert "note = {Title devised by the archive; the original has none.}" in entry


def test_bibtex_brackets_an_inferred_date_and_gives_the_evidence(client, corpus):
    entry = download(client, ARTICLE_4, "bib").content.decode()

    assert "  year = {[2022]},\n" in entry
    assert "month =" not in entry
    assert "Date inferred by the archive: The text gives no date." in entry


def test_bibtex_says_no_date_when_the_date_is_unknown(client, corpus):
    make_article("undated", date_edtf="", title="Undated report")

    entry = download(client, "undated", "bib").content.decode()

    assert "  year = {n.d.},\n" in entry


def test_bibtex_escapes_latex_specials():
    assert citations.bibtex_escape("50% of $9 & #1_a {b} ~ ^ \\") == (
        r"50\% of \$9 \& \#1\_a \{b\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_csl_json_of_a_dated_article(client, corpus):
    response = download(client, ARTICLE_0, "json")

    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = json.loads(response.content)
    accessed = item.pop("accessed")
    assert item == {
        "id": ARTICLE_0,
        "type": "article-newspaper",
        "title": "Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation",
        "URL": f"http://testserver/articles/{ARTICLE_0}/",
        "language": "en",
        "author": [{"family": "Kudrenok", "given": "Tatyana"}],
        "container-title": "Kazinform",
        "publisher": "Kazinform",
        "event-place": "Astana",
        "issued": {"date-parts": [[2021, 6, 22]]},
    }
    today = datetime.date.today()
    assert accessed == {"date-parts": [[today.year, today.month, today.day]]}


def test_csl_json_marks_an_inferred_year_circa(client, corpus):
    [item] = json.loads(download(client, ARTICLE_4, "json").content)

    assert item["issued"] == {"date-parts": [[2022]], "circa": True}
    assert item["title"].startswith("[Kazakhstan and Belgium mark")
    assert "Date inferred by the archive" in item["note"]
    assert "publisher" not in item


def test_csl_json_gives_an_open_ended_inferred_date_as_a_literal(client, corpus):
    [item] = json.loads(download(client, ARTICLE_2, "json").content)

    assert item["issued"] == {"literal": "[September 2022 or later]"}


def test_csl_json_gives_a_month_as_a_month(client, corpus):
    make_article("monthly", date_edtf="2021-11")

    [item] = json.loads(download(client, "monthly", "json").content)

    assert item["issued"] == {"date-parts": [[2021, 11]]}


def test_csl_json_leaves_out_an_unknown_date(client, corpus):
    make_article("undated", date_edtf="")

    [item] = json.loads(download(client, "undated", "json").content)

    assert "issued" not in item


@pytest.mark.parametrize("extension", ["bib", "json"])
def test_an_unpublished_article_cannot_be_cited(client, corpus, extension):
    set_status(ARTICLE_0, Article.Status.DRAFT)

    assert download(client, ARTICLE_0, extension).status_code == 404


@pytest.mark.parametrize("extension", ["bib", "json"])
def test_a_citation_costs_a_fixed_number_of_queries(
    client, corpus, extension, django_assert_num_queries
):
    # 1 article with its publisher and dateline place, 2 authorships and their people.
    with django_assert_num_queries(3):
        download(client, ARTICLE_0, extension)
