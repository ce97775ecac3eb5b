"""An article's page: what the archive knows of it, its linked body, the facts drawn from it."""

import re

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from archive import history
from archive.models import Article, OrganisationMention, PersonMention

from .site_helpers import (
    ARTICLE_0,
    ARTICLE_1,
    ARTICLE_2,
    ARTICLE_3,
    ARTICLE_4,
    make_article,
    read_page,
    set_status,
)


def url(slug):
    return f"/articles/{slug}/"


def body_html(response):
    content = response.content.decode()
    return content[
        content.index('<div class="article-body">') : content.index('<section class="cite"')
    ]


def links_in_body(response):
    """(href, text) of every link in the body."""
    return re.findall(r'<a href="([^"]+)" class="mention[^"]*">([^<]+)</a>', body_html(response))


def test_it_shows_an_article_with_its_date_dateline_source_and_author(client, corpus):
    response = client.get(url(ARTICLE_0))

    assert response.status_code == 200
    assertContains(
        response, "<h1>Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation</h1>"
    )
    assertContains(response, '<time datetime="2021-06-22">22 June 2021</time></span>, 17:44')
    assertContains(response, 'NUR-SULTAN. KAZINFORM – (<a href="/places/astana/">Astana</a>)')
    assertContains(response, '<a href="/organisations/kazinform/">Kazinform</a>')
    assertContains(response, '<a href="/people/tatyana-kudrenok/">Tatyana Kudrenok</a>')
    assertContains(response, "byline: “Kudrenok Tatyana”")


def test_a_devised_title_is_in_square_brackets_and_said_to_be_devised(client, corpus):
    response = client.get(url(ARTICLE_3))

    assertContains(
        response,
        "<h1>[Ambassador Margulan Baimukhan meets William De Baets, Diplomatic Advisor to the "
        "King of Belgium]</h1>",
    )
    assertContains(response, "The original has no title")


def test_an_inferred_date_is_marked_with_its_evidence(client, corpus):
    response = client.get(url(ARTICLE_4))

    assertContains(response, '<time datetime="2022">2022</time>')
    assertContains(response, '<span class="badge badge-inferred">inferred</span>')
    assertContains(response, "How the date was inferred:")
    assertContains(response, "It marks the 30th anniversary of diplomatic relations")


def test_an_open_ended_date_is_shown_as_such(client, corpus):
    response = client.get(url(ARTICLE_2))

    assertContains(response, "September 2022 or later")
    # Not a valid HTML date, so no machine-readable <time> that would claim a precise one.
    assertNotContains(response, '<time datetime="2022-09')


def test_an_article_without_publisher_says_so_and_names_whom_it_relays(client, corpus):
    response = client.get(url(ARTICLE_4))

    assertContains(response, "not named in the text")
    assertContains(response, "Press service of the Ministry of Foreign Affairs of Kazakhstan")
    assertContains(response, "(“the press service of the MFA informs”)")


def test_the_body_keeps_its_paragraphs(client, corpus):
    response = client.get(url(ARTICLE_0))

    assert body_html(response).count("<p>") == 7


def test_the_body_links_each_mentioned_record_once_at_its_first_mention(client, corpus):
    links = links_in_body(client.get(url(ARTICLE_0)))

    assert ("/people/aigul-kuspan/", "Aigul Kuspan") in links
    assert [href for href, _text in links].count("/people/aigul-kuspan/") == 1
    assert ("/people/kassym-jomart-tokayev/", "Kassym-Jomart Tokayev") in links
    assert ("/organisations/world-health-organization/", "WHO") in links
    assert ("/places/kazakhstan/", "Kazakhstan") in links


def test_the_body_links_whole_words_only(client, corpus):
    links = links_in_body(client.get(url(ARTICLE_0)))

    # "Kazakhstan" is linked where it stands alone, never inside "Kazakhstani".
    assert all(text != "Kazakhstani" for _href, text in links)
    assert "Kazakhstani" in body_html(client.get(url(ARTICLE_0)))
    # "UN" is not linked inside "UNAMA".
    article_1_links = links_in_body(client.get(url(ARTICLE_1)))
    assert ("/organisations/unama/", "UN Mission to Assistance to Afghanistan") in article_1_links
    assert ("/organisations/united-nations/", "UN") not in article_1_links


def test_the_longest_mention_wins_and_the_shorter_one_links_elsewhere(client, corpus):
    links = links_in_body(client.get(url(ARTICLE_3)))

    assert ("/organisations/osce-parliamentary-assembly/", "OSCE Parliamentary Assembly") in links
    # "OSCE" alone, earlier in the text, is the OSCE itself.
    assert ("/organisations/osce/", "OSCE") in links


def test_words_that_name_two_records_are_not_linked_to_one_of_them(client, corpus):
    response = client.get(url(ARTICLE_2))

    assert "Committees on Foreign Affairs and Constitutional Development" in body_html(response)
    hrefs = [href for href, _text in links_in_body(response)]
    assert "/organisations/belgian-parliament-committee-on-foreign-affairs/" not in hrefs
    # The side panel still lists both committees.
    assertContains(response, "Committee on Foreign Affairs of the Belgian Parliament")
    assertContains(response, "Committee on Constitutional Development of the Belgian Parliament")


def test_markup_in_a_body_or_a_surface_form_is_shown_as_text(client, corpus):
    article = make_article(
        "hostile",
        title='<script>alert("title")</script>',
        body='Ms <b>Kuspan</b> said <script>alert(1)</script> and " onmouseover="alert(2) here.',
    )
    PersonMention.objects.create(
        article=article, person_id=corpus_person_id("aigul-kuspan"), surface_forms=["<b>Kuspan</b>"]
    )

    response = client.get(url("hostile"))
    content = response.content.decode()

    assert "<script>alert" not in content
    assert 'onmouseover="alert' not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&quot; onmouseover=&quot;alert(2)" in content
    assert (
        '<a href="/people/aigul-kuspan/" class="mention mention-person">'
        "&lt;b&gt;Kuspan&lt;/b&gt;</a>" in content
    )
    assert read_page(response).handlers == []


def corpus_person_id(slug):
    from archive.models import Person

    return Person.objects.get(slug=slug).pk


def test_the_side_panel_lists_people_with_their_roles_bodies_places_events_and_figures(
    client, corpus
):
    response = client.get(url(ARTICLE_0))
    content = response.content.decode()
    panel = content[content.index('<aside class="side-panel"') :]

    assert '<a href="/people/aigul-kuspan/">Aigul Kuspan</a>' in panel
    committee = "/organisations/majilis-committee-on-international-relations-defence-and-security/"
    assert f'Chairperson, <a href="{committee}">' in panel
    assert (
        '<a href="/organisations/belgian-federal-parliament/">Belgian Federal Parliament</a>'
        in panel
    )
    assert '<a href="/places/belgium/">Belgium</a>' in panel
    assert "Videoconference session of the Kazakh and Belgian inter-parliamentary groups" in panel
    assert "on or before 22 June 2021" in panel
    assert "almost 9 billion USD" in panel
    assert "“In the past 15 years the volume of capital channeled" in panel


def test_a_planned_event_is_marked_planned_in_the_side_panel(client, corpus):
    response = client.get(url(ARTICLE_3))

    assertContains(response, "Business mission of Belgian entrepreneurs to Kazakhstan")
    assertContains(response, '<span class="badge badge-planned">planned</span>')


def test_it_links_to_the_articles_before_and_after_in_time(client, corpus):
    oldest = client.get(url(ARTICLE_0))
    middle = client.get(url(ARTICLE_3))
    newest = client.get(url(ARTICLE_2))

    assert oldest.context["older"] is None
    assert oldest.context["newer"].slug == ARTICLE_3
    assert middle.context["older"].slug == ARTICLE_0
    assert middle.context["newer"].slug == ARTICLE_1
    assert newest.context["newer"] is None
    assertContains(middle, 'rel="prev">Kazakhstani, Belgian MPs keen')


def test_previous_and_next_skip_unpublished_articles(client, corpus):
    set_status(ARTICLE_3, Article.Status.DRAFT)

    response = client.get(url(ARTICLE_0))

    assert response.context["newer"].slug == ARTICLE_1


def test_it_shows_the_citation_and_the_downloads(client, corpus):
    response = client.get(url(ARTICLE_0))

    assertContains(
        response,
        "Kudrenok, Tatyana. “Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation.” "
        "Kazinform, 22 June 2021. Kazakhstan–Belgium Relations Archive. "
        f"http://testserver{url(ARTICLE_0)}.",
    )
    assertContains(response, f'href="{url(ARTICLE_0)}cite.bib" download')
    assertContains(response, f'href="{url(ARTICLE_0)}cite.json" download')


def test_it_shows_the_provenance_of_the_original(client, corpus):
    response = client.get(url(ARTICLE_0))

    assertContains(response, "000_8671e830fe823728.txt")
    assertContains(response, "5708de0c80dd9dd1e83798ee8a4697f6140d0bf3c78321edaf88f6c213c8094b")


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_an_unpublished_article_is_a_404_in_the_sites_design(client, corpus, status):
    set_status(ARTICLE_1, status)

    response = client.get(url(ARTICLE_1))

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertNotContains(response, "Senate’s Speaker", status_code=404)


def test_an_unknown_slug_is_a_404(client, corpus):
    assert client.get(url("no-such-article")).status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    # 1 article (with source, relayed-from body, dateline place); prefetches, each with the
    # records it names joined in: 1 topics, 1 authorships (people), 1 person mentions (people),
    # 1 organisation mentions (bodies), 1 place mentions (places), 1 event reports (events and
    # their places), 1 statistics (indicators), 1 roles (bodies), 1 corrections; 1 for the
    # articles before and after; 1 for its editions in other languages; 1 for its versions
    # (whichever their number: archive/versions.py); 1 for its related reports and 1 for the
    # records their reasons name (archive/related/).
    call_command("rebuild_related", verbosity=0)
    client.get(url(ARTICLE_0))  # Django reads the content types once per process, then keeps them
    with django_assert_num_queries(15):
        client.get(url(ARTICLE_0))

    article = Article.objects.get(slug=ARTICLE_0)
    for organisation_slug in ("osce", "council-of-europe", "united-nations", "awex"):
        OrganisationMention.objects.create(
            article=article,
            organisation_id=organisation_pk(organisation_slug),
            surface_forms=[],
        )
    for step in range(3):
        history.snapshot([article], f"Saved again ({step})")
    call_command("rebuild_related", verbosity=0)
    with django_assert_num_queries(15):
        client.get(url(ARTICLE_0))


def organisation_pk(slug):
    from archive.models import Organisation

    return Organisation.objects.get(slug=slug).pk
