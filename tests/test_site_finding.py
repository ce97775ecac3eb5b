"""
Finding things on the website: search passages with the matched words marked, sort controls on
every list that keep the filters, a country menu with only the countries the list has, and the
count of filters in use that the phone's "Filters" button shows.
"""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from archive import search
from archive.models import Article, Person, PersonMention

from .hostile_records import END_OF_SCRIPT, HANDLER, IMAGE, SCRIPT
from .site_helpers import ARTICLE_0, ARTICLE_1, ARTICLE_2, ARTICLE_3, ARTICLE_4

SNIPPET = re.compile(r'<p class="snippet">(.*?)</p>', re.S)


def listed_slugs(response):
    return [record.slug for record in response.context["object_list"]]


def sort_links(response):
    return {
        option["label"]: (option["url"], option["selected"])
        for option in response.context["sort_options"]
    }


def country_menu(response):
    return [code for code, _ in response.context["form"].fields["country"].widget.choices]


# --- Search passages --------------------------------------------------------------------------


def test_it_shows_the_passage_that_matched_with_the_words_marked(client, corpus):
    response = client.get("/articles/", {"q": "capital channeled"})

    (snippet,) = SNIPPET.findall(response.content.decode())
    assert "<mark>capital</mark> <mark>channeled</mark> from Belgium to Kazakhstan" in snippet


@pytest.mark.parametrize("query", ['" "', "!!!", "—"])
def test_a_search_with_no_words_finds_nothing_and_shows_no_passage(client, corpus, query):
    response = client.get("/articles/", {"q": query})

    assert response.status_code == 200
    assert listed_slugs(response) == []


def test_a_list_without_a_search_shows_no_passages(client, corpus):
    response = client.get("/articles/")

    assert SNIPPET.findall(response.content.decode()) == []


def test_a_hostile_text_in_a_passage_stays_text(client, corpus):
    article = Article.objects.get(slug=ARTICLE_1)
    article.body += f"\n\nA zeppelin {SCRIPT} {IMAGE} {HANDLER} {END_OF_SCRIPT} flew over."
    article.save()

    response = client.get("/articles/", {"q": "zeppelin"})

    (snippet,) = SNIPPET.findall(response.content.decode())
    # The only markup in the passage is the marks around the matched word.
    assert re.findall(r"<[^>]*>", snippet) == ["<mark>", "</mark>"]
    assert "&lt;script&gt;alert(&quot;xss:script&quot;)&lt;/script&gt;" in snippet
    assert "&lt;img src=x onerror=alert(&#x27;xss:img&#x27;)" in snippet


# --- Sorting ----------------------------------------------------------------------------------


def test_search_results_come_best_first_and_can_be_sorted_by_date(client, corpus):
    by_relevance = client.get("/articles/", {"q": "belgium"})
    newest = client.get("/articles/", {"q": "belgium", "ordering": "-date"})
    oldest = client.get("/articles/", {"q": "belgium", "ordering": "date"})

    assert list(sort_links(by_relevance)) == ["Relevance", "Newest first", "Oldest first"]
    assert sort_links(by_relevance)["Relevance"][1] is True
    assert listed_slugs(newest) == [ARTICLE_2, ARTICLE_4, ARTICLE_1, ARTICLE_3, ARTICLE_0]
    assert listed_slugs(oldest) == [ARTICLE_0, ARTICLE_3, ARTICLE_1, ARTICLE_4, ARTICLE_2]
    assert sort_links(oldest)["Oldest first"][1] is True
    assert sorted(listed_slugs(by_relevance)) == sorted(listed_slugs(newest))


def test_a_search_too_broad_to_rank_says_it_comes_newest_first(client, corpus, monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 2)

    broad = client.get("/articles/", {"q": "belgium"})
    narrow = client.get("/articles/", {"q": "capital channeled"})

    assertContains(broad, "Too many texts match to rank them by relevance")
    assert listed_slugs(broad) == [ARTICLE_2, ARTICLE_4, ARTICLE_1, ARTICLE_3, ARTICLE_0]
    assertNotContains(narrow, "Too many texts match")


def test_the_article_list_sorts_newest_or_oldest_first(client, corpus):
    response = client.get("/articles/")

    assert sort_links(response) == {
        "Newest first": ("?", True),
        "Oldest first": ("?ordering=date", False),
    }
    assert listed_slugs(client.get("/articles/?ordering=date"))[0] == ARTICLE_0


def test_the_sort_links_keep_the_filters_and_leave_the_page(client, corpus):
    response = client.get(
        "/articles/", {"q": "belgium", "topic": "trade-and-investment", "page": "1"}
    )

    url, _ = sort_links(response)["Oldest first"]
    assert url == "?q=belgium&topic=trade-and-investment&ordering=date"
    assertContains(response, 'href="?q=belgium&amp;topic=trade-and-investment&amp;ordering=date"')


def test_the_search_form_keeps_the_chosen_order(client, corpus):
    response = client.get("/articles/", {"q": "belgium", "ordering": "date"})

    assertContains(response, '<input type="hidden" name="ordering" value="date">', html=True)


def test_people_sort_by_name_or_by_how_often_they_are_mentioned(client, corpus):
    by_name = client.get("/people/")
    by_mentions = client.get("/people/", {"ordering": "-articles"})

    counts = [person.article_count for person in by_mentions.context["object_list"]]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]
    assert list(sort_links(by_name)) == ["By name", "Most mentioned first"]
    assert sort_links(by_mentions)["Most mentioned first"] == ("?ordering=-articles", True)
    names = [person.sort_name for person in by_name.context["object_list"]]
    assert names == sorted(names)


def test_only_published_articles_count_towards_the_order(client, corpus):
    quiet = Person.objects.create(name="Quiet Person", sort_name="Person, Quiet", slug="quiet")
    for article in Article.objects.all():
        PersonMention.objects.create(article=article, person=quiet, surface_forms=["Quiet"])
    Article.objects.filter(slug__in=[ARTICLE_0, ARTICLE_1, ARTICLE_2]).update(
        status=Article.Status.DRAFT
    )

    listed = client.get("/people/", {"ordering": "-articles"}).context["object_list"]

    # Counted with the drafts, the quiet person's 5 mentions would put them first.
    counts = [person.article_count for person in listed]
    assert counts == sorted(counts, reverse=True)
    assert listed[0].slug != "quiet"
    assert {person.slug: person.article_count for person in listed}["quiet"] == 2


@pytest.mark.parametrize("path", ["/organisations/", "/places/"])
def test_bodies_and_places_sort_by_name_or_by_how_often_they_are_mentioned(client, corpus, path):
    by_name = client.get(path, {"ordering": "name"})
    by_mentions = client.get(path, {"ordering": "-articles"})

    names = [record.name for record in by_name.context["object_list"]]
    counts = [record.article_count for record in by_mentions.context["object_list"]]
    assert names == sorted(names)
    assert counts == sorted(counts, reverse=True)


def test_organisations_sorted_otherwise_than_by_kind_are_one_list_saying_each_kind(client, corpus):
    response = client.get("/organisations/", {"ordering": "name"})

    assert [group["kind"] for group in response.context["groups"]] == [None]
    assertContains(response, "All kinds</h2>")
    assertContains(response, "Parliament · ")


def test_the_timeline_sorts_oldest_or_newest_first(client, corpus):
    oldest = client.get("/events/")
    newest = client.get("/events/", {"ordering": "-date"})

    years = [group["year"] for group in newest.context["years"]]
    assert years == sorted(years, reverse=True)
    assert [group["year"] for group in oldest.context["years"]] == sorted(years)
    assert list(sort_links(oldest)) == ["Oldest first", "Newest first"]


def test_topics_sort_by_name_or_by_how_many_articles_they_have(client, corpus):
    by_name = client.get("/topics/")
    by_articles = client.get("/topics/", {"ordering": "-articles"})

    names = [topic.name for topic in by_name.context["object_list"]]
    counts = [topic.article_count for topic in by_articles.context["object_list"]]
    assert names == sorted(names)
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]
    assert list(sort_links(by_name)) == ["By name", "Most articles first"]


def test_an_unknown_order_is_a_400_that_names_it(client, corpus):
    response = client.get("/topics/", {"ordering": "colour"})

    assert response.status_code == 400
    assertContains(response, "<code>ordering</code>", status_code=400)


def test_the_api_sorts_by_how_often_a_record_is_mentioned_too(client, corpus):
    names = [
        person["slug"]
        for person in client.get("/api/people/", {"ordering": "-articles"}).json()["results"]
    ]
    website = listed_slugs(client.get("/people/", {"ordering": "-articles"}))

    assert names == website


# --- The country filter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "codes"),
    [
        ("/people/", ["", "BE", "KZ"]),
        ("/organisations/", ["", "BE", "KZ"]),
        ("/places/", ["", "AF", "AT", "BE", "KZ"]),
    ],
)
def test_the_country_menu_lists_only_the_countries_the_list_has(client, corpus, path, codes):
    response = client.get(path)

    assert country_menu(response) == codes
    assertNotContains(response, '<option value="FR">')


def test_a_country_the_list_lacks_is_still_a_valid_filter_that_finds_nobody(client, corpus):
    response = client.get("/people/", {"country": "FR"})

    assert response.status_code == 200
    assert listed_slugs(response) == []
    assert "FR" in country_menu(response)  # the reader's choice is shown back


# --- The "Filters" button ---------------------------------------------------------------------


def test_the_filters_button_counts_the_filters_in_use(client, corpus):
    response = client.get(
        "/articles/", {"q": "belgium", "topic": "trade-and-investment", "ordering": "date"}
    )

    assert response.context["active_filter_count"] == 2  # the order is not a filter
    assertContains(response, '<span class="filter-count">2<span class="visually-hidden"> in use')


def test_every_list_has_a_skip_link_to_its_filters(client, corpus):
    for path in ["/articles/", "/people/", "/organisations/", "/places/", "/events/"]:
        response = client.get(path)
        assertContains(response, '<a class="skip-link" href="#filters">Skip to filters</a>')
        assertContains(response, 'id="filters"')


def test_an_article_gives_its_title_before_its_topics(client, corpus):
    html = client.get(f"/articles/{ARTICLE_1}/").content.decode()

    assert html.index("<h1>") < html.index('<ul class="tags"')
