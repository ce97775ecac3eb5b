"""“Cite this”: the formatted reference, and the BibTeX and CSL-JSON downloads."""

import datetime
import json

import bibtexparser
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from archive.models import Article
from archive.website import citations

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
    assert "  year = 2021,\n  month = jun,\n  day = {22},\n" in entry
    assert f"  url = {{http://testserver/articles/{ARTICLE_0}/}},\n" in entry
    assert entry.endswith("}\n")


def test_bibtex_keeps_a_devised_title_in_brackets(client, corpus):
    entry = download(client, ARTICLE_3, "bib").content.decode()

    assert "title = {{[Ambassador Margulan Baimukhan meets William De Baets" in entry
    assert "note = {Title devised by the archive; the original has none.}" in entry


def test_bibtex_gives_an_inferred_year_as_a_number_and_the_evidence_in_a_note(client, corpus):
    entry = download(client, ARTICLE_4, "bib").content.decode()

    assert "  year = 2022,\n" in entry
    assert "month =" not in entry
    assert "Date inferred by the archive: The text gives no date." in entry


def test_bibtex_gives_an_open_ended_date_as_its_first_year_and_the_words_in_a_note(client, corpus):
    entry = download(client, ARTICLE_2, "bib").content.decode()

    assert "  year = 2022,\n" in entry
    assert "month =" not in entry
    assert "note = {Date: September 2022 or later. Date inferred by the archive:" in entry


def test_bibtex_says_no_date_when_the_date_is_unknown(client, corpus):
    make_article("undated", date_edtf="", title="Undated report")

    entry = download(client, "undated", "bib").content.decode()

    assert "year =" not in entry
    assert "  note = {Date unknown.},\n" in entry


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


def test_csl_json_gives_an_open_ended_date_as_its_known_side_circa(client, corpus):
    [item] = json.loads(download(client, ARTICLE_2, "json").content)

    assert item["issued"] == {"date-parts": [[2022, 9]], "circa": True}
    assert item["note"].startswith("Date: September 2022 or later. Date inferred by the archive")


@pytest.mark.parametrize(
    ("expression", "issued"),
    [
        ("2021-23", {"date-parts": [[2021]], "season": 3}),
        ("2022~", {"date-parts": [[2022]], "circa": True}),
        ("2021-06-22?", {"date-parts": [[2021, 6, 22]], "circa": True}),
        ("2005/2021-10", {"date-parts": [[2005], [2021, 10]]}),
        ("2006~/2021-06-22", {"date-parts": [[2006], [2021, 6, 22]], "circa": True}),
        ("[..2021-10-17]", {"date-parts": [[2021, 10, 17]], "circa": True}),
        ("2022-09/..", {"date-parts": [[2022, 9]], "circa": True}),
    ],
)
def test_csl_json_gives_each_kind_of_date_as_csl_defines_it(client, corpus, expression, issued):
    make_article("dated", date_edtf=expression)

    [item] = json.loads(download(client, "dated", "json").content)

    assert item["issued"] == issued


def test_a_text_with_no_author_or_publisher_is_cited_by_the_body_it_passes_on(client, corpus):
    body = "Press service of the Ministry of Foreign Affairs of Kazakhstan"

    [item] = json.loads(download(client, ARTICLE_4, "json").content)
    entry = download(client, ARTICLE_4, "bib").content.decode()
    page = client.get(f"/articles/{ARTICLE_4}/")

    assert item["author"] == [{"literal": body}]
    assert f"  author = {{{{{body}}}}},\n" in entry
    assert page.context["citation"].startswith(f"{body}. “[Kazakhstan and Belgium mark")
    assert "it is cited by the body whose information it passes on" in item["note"]


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
    # 1 article with its publisher and dateline place, 2 authorships and their people, 1 the
    # versions it has (none here; archive/versions.py).
    with django_assert_num_queries(4):
        download(client, ARTICLE_0, extension)


# Every kind of date an editor may give, beside the corpus's own (a day, a year inferred, an
# open end inferred): a month, a season, about, uncertain, spans, an open start, a set, none.
DATE_FORMS = [
    "2021-11",
    "2021-23",
    "2022~",
    "2021-06-22?",
    "2005/2021",
    "2006~/2021-06-22",
    "[..2021-10-17]",
    "2022-09/..",
    "[2021, 2022]",
    "",
]


def every_citable_article():
    """The corpus's published articles and one more for each kind of date."""
    for number, expression in enumerate(DATE_FORMS):
        make_article(f"dated-{number}", date_edtf=expression, title=f"Report {number} & co.")
    return list(Article.objects.published())


def test_every_bibtex_entry_parses_with_a_numeric_year(client, corpus):
    for article in every_citable_article():
        library = bibtexparser.parse_string(download(client, article.slug, "bib").content.decode())

        assert not library.failed_blocks, article.date_edtf
        [entry] = library.entries
        fields = entry.fields_dict
        assert fields["title"].value.strip("{}") == article.display_title.replace("&", r"\&")
        if article.date_edtf:
            assert fields["year"].value.isdigit(), article.date_edtf
            assert int(fields["year"].value) == (article.date_lower or article.date_upper).year
        else:
            assert "year" not in fields
            assert fields["note"].value == "Date unknown."


def test_every_csl_item_renders_in_a_common_style_with_its_title_and_year(client, corpus):
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    for article in every_citable_article():
        items = json.loads(download(client, article.slug, "json").content)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        bibliography.register(Citation([CitationItem(article.slug)]))

        [rendered] = [str(reference) for reference in bibliography.bibliography()]

        assert article.display_title in rendered, rendered
        if article.date_edtf:
            assert f"({(article.date_lower or article.date_upper).year}" in rendered, rendered
        else:
            assert "(no date)" in rendered, rendered
