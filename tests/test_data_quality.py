"""The data-quality page: what needs an editor, each line linking to the record to fix."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from archive.importing.importer import import_text
from archive.models import (
    Article,
    Indicator,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Role,
    Statistic,
)

URL = reverse("admin:data_quality")


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(record.pk,))


def check_lines(response, title_start):
    (check,) = [c for c in response.context["checks"] if str(c["title"]).startswith(title_start)]
    return check["lines"]


def test_the_seed_corpus_has_nothing_to_fix(corpus, editor_client):
    response = editor_client.get(URL)

    assert response.status_code == 200
    assert response.context["problem_count"] == 0


def test_the_page_is_linked_from_the_admin_index_and_closed_to_the_public(corpus, editor_client):
    assert URL in editor_client.get(reverse("admin:index")).content.decode()
    assert Client().get(URL).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "who, expected", [("editor", 200), ("publisher", 200), ("plain_staff", 403), (None, 302)]
)
def test_the_page_needs_the_permission_to_view_articles_and_figures(
    corpus, client, request, who, expected
):
    draft = import_text(b"BRUSSELS. KAZINFORM - A draft no one has dated.", "secret.txt").article
    if who is not None:
        client.force_login(request.getfixturevalue(who))

    response = client.get(URL)

    assert response.status_code == expected
    assert (change_url(draft) in response.content.decode()) is (expected == 200)


def test_it_lists_articles_without_a_date_and_pending_suggestions(corpus, editor_client):
    article = import_text(b"BRUSSELS. KAZINFORM - Aigul Kuspan met.", "nodate.txt").article

    response = editor_client.get(URL)

    (undated,) = check_lines(response, "Articles without a date")
    assert undated["record"] == article
    assert undated["url"] == change_url(article)
    (pending,) = check_lines(response, "Articles with suggested links")
    assert pending["record"] == article
    assert change_url(article) in response.content.decode()


def test_it_lists_a_quote_that_no_longer_matches_the_text(corpus, editor_client):
    role = Role.objects.first()
    Article.objects.filter(pk=role.article_id).update(body="A rewritten text.")

    lines = check_lines(editor_client.get(URL), "Roles, statistics")

    (line,) = [line for line in lines if line["record"] == role]
    assert line["problem"] == "the quote is not in the article's text"
    assert line["url"] == change_url(role)
    assert {line["record"].article_id for line in lines} == {role.article_id}


def test_it_lists_competing_figures_with_none_preferred(corpus, editor_client):
    existing = Statistic.objects.get(indicator__slug="trade-turnover")
    Statistic.objects.create(
        indicator=existing.indicator,
        value=Decimal("420"),
        scale=6,
        unit="USD",
        qualifier="approximately",
        period_edtf="2021",
        direction=existing.direction,
        country_a=existing.country_a,
        country_b=existing.country_b,
        article=existing.article,
        quote=existing.quote,
    )

    (line,) = check_lines(editor_client.get(URL), "Competing statistics")

    assert line["record"] == Indicator.objects.get(slug="trade-turnover")
    assert line["problem"] == "2 competing figures, none preferred"


def test_it_lists_people_and_organisations_no_article_mentions(corpus, editor_client):
    person = Person.objects.create(name="Nobody Known", sort_name="Known, Nobody", slug="nobody")
    body = Organisation.objects.create(name="Unused Body", kind="other", slug="unused")

    response = editor_client.get(URL)

    assert [line["record"] for line in check_lines(response, "People no article")] == [person]
    assert [line["record"] for line in check_lines(response, "Organisations no article")] == [body]


def test_it_lists_likely_duplicates_with_a_way_to_merge_them(corpus, editor_client):
    baimukhan = Person.objects.get(slug="margulan-baimukhan")
    similar = Person.objects.create(
        name="Margulan Baymukhan", sort_name="Baymukhan, Margulan", slug="mb"
    )
    majilis = Organisation.objects.get(slug="majilis")
    sharing = Organisation.objects.create(name="Lower house", kind="chamber", slug="lower-house")
    OrganisationAlias.objects.create(organisation=sharing, name="Mazhilis")

    response = editor_client.get(URL)

    (people,) = check_lines(response, "Likely duplicate people")
    assert {people["record"], people["others"][0]["record"]} == {baimukhan, similar}
    assert people["problem"].startswith("similar names")
    assert people["merge_url"].endswith(f"?id__in={baimukhan.pk},{similar.pk}")
    (bodies,) = check_lines(response, "Likely duplicate organisations")
    assert {bodies["record"], bodies["others"][0]["record"]} == {majilis, sharing}
    assert bodies["problem"] == "both are called “mazhilis”"
    merge_list = editor_client.get(people["merge_url"])
    assert merge_list.status_code == 200
    assert merge_list.context["cl"].result_count == 2


@pytest.mark.parametrize("extra", [1, 20])
def test_the_page_takes_the_same_number_of_queries_however_many_problems(
    corpus, editor_client, django_assert_max_num_queries, extra
):
    for number in range(extra):
        person = Person.objects.create(
            name=f"Unmentioned {number}", sort_name=f"U{number}", slug=f"u{number}"
        )
        PersonAlias.objects.create(person=person, name=f"Shared alias {number % 2}")
        import_text(
            f"BRUSSELS. KAZINFORM - Text {number} by Aigul Kuspan.".encode(), f"{number}.txt"
        )
    # session, user, then per check: undated, inferred, roles + bodies, statistics + bodies,
    # reports + bodies, statistics, people, organisations, 3 × (records, aliases), pending
    with django_assert_max_num_queries(22):
        response = editor_client.get(URL)
    assert response.status_code == 200
