"""People, organisations, places and topics: lists with search and filters, and their pages."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article, Organisation, Person, PersonMention

from .site_helpers import (
    ARTICLE_0,
    ARTICLE_1,
    ARTICLE_2,
    ARTICLE_3,
    ARTICLE_4,
    add_published_articles,
    set_status,
)
from .unpublished import make_draft_with_facts


def names(response):
    return [record.name for record in response.context["object_list"]]


# --- People -----------------------------------------------------------------------------------


def test_the_people_list_files_people_by_surname(client, corpus):
    response = client.get("/people/")

    assert response.status_code == 200
    listed = names(response)
    assert len(listed) == 15
    assert listed[:3] == ["Margulan Baimukhan", "William De Baets", "Alexander De Croo"]
    assertContains(response, "mentioned in 5 articles")  # Tokayev


def test_people_can_be_searched_whatever_the_quotes_and_case(client, corpus):
    assert names(client.get("/people/", {"q": "d'hose"})) == ["Stephanie D’Hose"]
    assert names(client.get("/people/", {"q": "KUSPAN"})) == ["Aigul Kuspan"]
    # An alias finds the person too.
    assert names(client.get("/people/", {"q": "Абай"})) == ["Abay Kunanbayev"]


def test_people_can_be_filtered_by_country_and_body(client, corpus):
    belgians = names(client.get("/people/", {"country": "BE"}))
    assert "Stephanie D’Hose" in belgians
    assert "Aigul Kuspan" not in belgians
    assert names(client.get("/people/", {"organisation": "majilis"})) == ["Nurlan Nigmatulin"]


@pytest.mark.parametrize(
    "params", [{"country": "XX"}, {"organisation": "nowhere"}, {"q": "x" * 300}]
)
def test_a_bad_people_filter_is_a_400_with_the_error(client, corpus, params):
    response = client.get("/people/", params)

    assert response.status_code == 400
    assertContains(response, "could not be used", status_code=400)


def test_a_person_shows_dated_roles_with_their_sources(client, corpus):
    response = client.get("/people/margulan-baimukhan/")

    assert response.status_code == 200
    roles = response.context["roles"]
    assert [(role.title, str(role.date_label)) for role in roles] == [
        ("Ambassador of Kazakhstan", "as of 16 July 2021"),
        ("Ambassador of Kazakhstan to Belgium", "as of 17 October 2021"),
    ]
    assertContains(response, "“Ambassador of Kazakhstan, Mr. Margulan Baimukhan”")
    assertContains(response, f'<a href="/articles/{ARTICLE_1}/">')
    assertContains(response, "Also written")
    assertContains(response, "M.Baimukhan")


def test_an_inferred_role_date_is_marked(client, corpus):
    response = client.get("/people/roman-vassilenko/")

    assertContains(response, "September 2022 or later")
    assertContains(response, '<span class="badge badge-inferred">inferred</span>')


def test_a_person_lists_articles_events_and_the_people_seen_with_them(client, corpus):
    response = client.get("/people/margulan-baimukhan/")

    assert {article.slug for article in response.context["articles"]} == {
        ARTICLE_1,
        "ambassador-margulan-baimukhan-meets-william-de-baets-diplomatic-advisor-to-the-king-of-belgium",
    }
    assertContains(response, "Ambassador Margulan Baimukhan meets Senate Speaker Stephanie D’Hose")
    seen_with = [(person.name, person.shared) for person in response.context["seen_with"]]
    assert seen_with[0] == ("Kassym-Jomart Tokayev", 2)
    assert ("Stephanie D’Hose", 1) in seen_with


def test_an_author_page_lists_what_they_wrote(client, corpus):
    response = client.get("/people/tatyana-kudrenok/")

    assert [article.slug for article in response.context["articles"]] == [ARTICLE_0]
    assert response.context["article_counts"] == {"written": 1, "mentioned": 0}
    assertContains(response, '<p class="summary-meta">wrote 1 article</p>')


def test_a_person_page_links_what_they_wrote_apart_from_what_mentions_them(client, corpus):
    add_published_articles(20)  # Aigul Kuspan, mentioned in more than a page shows
    person = Person.objects.get(slug="aigul-kuspan")
    Article.objects.get(slug=ARTICLE_0).authorships.create(person=person)

    response = client.get("/people/aigul-kuspan/")

    assertContains(response, 'href="/articles/?author=aigul-kuspan"')
    assertContains(response, 'href="/articles/?person=aigul-kuspan"')


def test_a_person_only_mentioned_gets_no_written_by_link(client, corpus):
    add_published_articles(20)

    response = client.get("/people/aigul-kuspan/")

    assertNotContains(response, "?author=aigul-kuspan")
    assertContains(response, 'href="/articles/?person=aigul-kuspan"')


def test_the_people_list_counts_what_an_author_wrote_not_mentioned_in_0(client, corpus):
    response = client.get("/people/")

    text = read_person_lines(response)
    assert text["tatyana-kudrenok"] == "wrote 1 article"
    assert text["margulan-baimukhan"] == "mentioned in 2 articles"
    assert "mentioned in 0 articles" not in response.content.decode()


def test_someone_who_wrote_and_is_mentioned_has_both_counts(client, corpus):
    PersonMention.objects.create(
        article=Article.objects.get(slug=ARTICLE_1),
        person=Person.objects.get(slug="tatyana-kudrenok"),
        surface_forms=["Tatyana Kudrenok"],
    )

    assert read_person_lines(client.get("/people/"))["tatyana-kudrenok"] == (
        "wrote 1 article · mentioned in 1"
    )


def read_person_lines(response):
    """{slug: its counts line} as the people list shows them."""
    found = re.findall(
        r'<a href="/people/([^/]+)/">.*?<p class="summary-meta">(.*?)</p>',
        response.content.decode(),
        re.DOTALL,
    )
    return {slug: " ".join(line.split()) for slug, line in found}


def test_a_person_page_hides_what_rests_on_unpublished_articles(client, corpus):
    make_draft_with_facts()

    response = client.get("/people/margulan-baimukhan/")

    assert response.status_code == 200
    assert "Secret envoy" not in [role.title for role in response.context["roles"]]
    assert "secret-talks-in-vienna" not in [a.slug for a in response.context["articles"]]
    assertNotContains(response, "Secret")


def test_a_person_only_unpublished_articles_name_is_not_found(client, corpus):
    set_status(ARTICLE_1, Article.Status.DRAFT)

    assert client.get("/people/stephanie-dhose/").status_code == 404
    assertNotContains(client.get("/people/"), "/people/stephanie-dhose/")


def test_an_unknown_person_is_a_404(client, corpus):
    assert client.get("/people/nobody/").status_code == 404


def test_person_pages_cost_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 person, 1 aliases, 1 roles (with bodies and articles), 1 articles, 1 their topics,
    # 1 how many they wrote and are mentioned in, 1 event participations (with events and
    # places), 1 people seen with them, 1 whom they met at events (with those events),
    # 1 corrections.
    with django_assert_num_queries(10):
        client.get("/people/aigul-kuspan/")
    add_published_articles(10)
    with django_assert_num_queries(10):
        client.get("/people/aigul-kuspan/")


def test_the_people_list_costs_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 count, 1 page of people, 1 the page's mention counts, 1 the articles they wrote, 1 the
    # countries people have (for the country filter's menu).
    with django_assert_num_queries(5):
        client.get("/people/")


# --- Organisations ----------------------------------------------------------------------------


def test_organisations_are_listed_by_kind_with_country_and_parent(client, corpus):
    response = client.get("/organisations/")

    assert response.status_code == 200
    kinds = [group["kind"] for group in response.context["groups"]]
    assert "committee" in kinds
    assert "international organisation" in kinds
    assertContains(response, '<h2 id="kind-1">Agency</h2>')
    assertContains(response, "part of Majilis of the Parliament of the Republic of Kazakhstan")
    assertContains(response, "international")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "committee"}, 3),
        ({"international": "true"}, 10),
        ({"country": "KZ", "kind": "chamber"}, 2),
        ({"parent": "majilis"}, 2),
        ({"q": "OSCE"}, 2),
    ],
)
def test_organisations_can_be_filtered(client, corpus, params, expected):
    response = client.get("/organisations/", params)

    assert response.status_code == 200
    assert len(response.context["object_list"]) == expected


def test_a_bad_organisation_filter_is_a_400(client, corpus):
    response = client.get("/organisations/", {"kind": "castle"})

    assert response.status_code == 400
    assertContains(response, "(<code>kind</code>)", status_code=400)


def test_an_organisation_shows_where_it_sits_and_what_sits_inside_it(client, corpus):
    committee = client.get(
        "/organisations/majilis-committee-on-international-relations-defence-and-security/"
    )
    majilis = client.get("/organisations/majilis/")

    assert [body.slug for body in committee.context["ancestors"]] == [
        "parliament-of-kazakhstan",
        "majilis",
    ]
    assert [body.slug for body in majilis.context["children"]] == [
        "majilis-committee-on-international-relations-defence-and-security",
        "majilis-kazakhstan-belgium-friendship-group",
    ]
    assertContains(majilis, "Bodies within it")


def test_an_organisation_shows_people_holding_roles_there_with_sources(client, corpus):
    response = client.get("/organisations/kingdom-of-belgium/")

    people = {role.person.name for role in response.context["roles"]}
    assert people == {"King Philippe", "Alexander De Croo", "William De Baets"}
    assertContains(response, "<strong>Prime Minister</strong>")
    assertContains(response, "“Prime Minister of Belgium Alexander de Croo in Brussels in 2021”")


def test_a_publisher_page_lists_the_articles_it_published(client, corpus):
    response = client.get("/organisations/kazinform/")

    assert len(response.context["articles"]) == 4


def test_an_organisation_page_lists_events_with_the_part_taken(client, corpus):
    response = client.get("/organisations/awex/")

    assertContains(response, "Business mission of Belgian entrepreneurs to Kazakhstan")
    assertContains(response, "(organiser)")


def test_organisation_pages_cost_a_fixed_number_of_queries(
    client, corpus, django_assert_num_queries
):
    # 1 body with its parents, 1 aliases, 1 sub-bodies, 1 articles, 1 their topics, 1 roles,
    # 1 event participations, 1 whom it met at events (with those events), 1 corrections.
    with django_assert_num_queries(9):
        client.get("/organisations/majilis/")


def test_the_organisation_list_costs_a_fixed_number_of_queries(
    client, corpus, django_assert_num_queries
):
    # 1 count, 1 page of bodies with their parents, 1 the page's article counts, 1 the
    # countries bodies have (for the country filter's menu).
    with django_assert_num_queries(4):
        client.get("/organisations/")
    Organisation.objects.create(name="A new body", slug="a-new-body", kind="agency", country="BE")
    with django_assert_num_queries(4):
        client.get("/organisations/")


# --- Places -----------------------------------------------------------------------------------


def test_places_are_listed_and_filtered(client, corpus):
    assert len(names(client.get("/places/"))) == 7
    assert names(client.get("/places/", {"kind": "country"})) == [
        "Afghanistan",
        "Belgium",
        "Kazakhstan",
    ]
    assert names(client.get("/places/", {"q": "nur-sultan"})) == ["Astana"]


def test_a_place_lists_articles_datelined_there_or_mentioning_it_and_its_events(client, corpus):
    response = client.get("/places/astana/")

    assert {article.slug for article in response.context["articles"]} == {ARTICLE_0, ARTICLE_2}
    assertContains(response, "Nur-Sultan")
    assertContains(response, "Name of the capital from March 2019 to September 2022")
    assertContains(
        response, "Deputy Foreign Minister Roman Vassilenko meets a Belgian parliamentary"
    )


def test_a_place_page_hides_unpublished_articles_and_events_they_alone_report(client, corpus):
    set_status(ARTICLE_2, Article.Status.DRAFT)

    response = client.get("/places/astana/")

    assert [article.slug for article in response.context["articles"]] == [ARTICLE_0]
    assert list(response.context["events"]) == []


def test_place_pages_cost_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 place, 1 aliases, 1 corrections, 1 articles, 1 their topics, 1 events.
    with django_assert_num_queries(6):
        client.get("/places/brussels/")


# --- Topics -----------------------------------------------------------------------------------


def test_topics_are_listed_with_counts_of_public_articles_and_events(client, corpus):
    response = client.get("/topics/")

    topic = next(
        item for item in response.context["object_list"] if item.slug == "regional-security"
    )
    assert (topic.article_count, topic.event_count) == (1, 2)


def test_a_topic_lists_its_published_articles_and_public_events(client, corpus):
    set_status(ARTICLE_4, Article.Status.DRAFT)

    response = client.get("/topics/culture-and-education/")

    assert [article.slug for article in response.context["articles"]] == [
        ARTICLE_2,
        ARTICLE_3,
        ARTICLE_0,
    ]
    assertContains(
        response, "Videoconference session of the Kazakh and Belgian inter-parliamentary groups"
    )


def test_topic_pages_cost_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 topic, 1 articles, 1 their topics, 1 events.
    with django_assert_num_queries(4):
        client.get("/topics/trade-and-investment/")
    add_published_articles(10)
    with django_assert_num_queries(4):
        client.get("/topics/trade-and-investment/")


def test_a_topic_page_shows_twenty_articles_and_links_to_them_all(client, corpus):
    add_published_articles(25)

    response = client.get("/topics/trade-and-investment/")

    assert len(response.context["articles"]) == 20
    assertContains(response, 'href="/articles/?topic=trade-and-investment"')


def test_a_topic_page_with_few_articles_shows_them_all_without_a_link(client, corpus):
    response = client.get("/topics/trade-and-investment/")

    assert 0 < len(response.context["articles"]) < 20
    assertNotContains(response, 'href="/articles/?topic=trade-and-investment"')
