"""
Search across the archive's five languages and two scripts, on whichever engine the suite runs:
names in Cyrillic or Latin letters, accents, each text's own language, the reader's first.
"""

import pytest
from django.core import serializers
from django.db import connection
from django.utils import translation

from archive import search
from archive.models import Article, Authorship, Person, PersonMention, Place, PlaceMention
from archive.text import name_key

from .site_helpers import make_article

pytestmark = pytest.mark.django_db


def person(name, sort_name, *aliases):
    record = Person.objects.create(
        name=name, sort_name=sort_name, slug=name_key(name).replace(" ", "-")
    )
    for alias_name, language, script in aliases:
        record.aliases.create(name=alias_name, language=language, script=script)
    return record


def mention(article, record, form):
    PersonMention.objects.create(article=article, person=record, surface_forms=[form])


@pytest.fixture
def nurgaliyev():
    """A person with no Cyrillic alias, named in an English text in Latin letters only."""
    record = person("Bolat Nurgaliyev", "Nurgaliyev, Bolat")
    article = make_article(
        "envoy-visits",
        title="The envoy in Antwerp",
        body="Bolat Nurgaliyev arrived in Antwerp for talks.",
    )
    mention(article, record, "Bolat Nurgaliyev")
    return record


@pytest.fixture
def karin():
    """A person recorded in Cyrillic, named in a Russian text in Cyrillic only."""
    record = person("Ерлан Карин", "Карин, Ерлан")
    article = make_article(
        "karin-v-bryussele",
        title="Госсоветник в Брюсселе",
        body="Ерлан Карин провёл встречи в Брюсселе.",
        language="ru",
    )
    mention(article, record, "Ерлан Карин")
    return record


def found_articles(client, query, prefix=""):
    response = client.get(f"{prefix}/articles/", {"q": query})
    assert response.status_code == 200
    return [article.slug for article in response.context["object_list"]]


def found_people(client, query, prefix=""):
    response = client.get(f"{prefix}/people/", {"q": query})
    assert response.status_code == 200
    return [record.slug for record in response.context["object_list"]]


def found_among(slugs, query):
    """The articles among `slugs` that a search finds, in its order (the corpus left aside)."""
    articles = Article.objects.published().filter(slug__in=slugs)
    return [article.slug for article in search.search_articles(articles, query)]


def api_slugs(client, path, query, **headers):
    response = client.get(f"/api/{path}/", {"q": query}, **headers)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# --- Names in either script -------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["Назарбаев", "Nazarbayev", "Nazarbaev", "NAZARBAÏEV", "Nazarbajev"],
        ["Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Kasym-Zhomart"],
        ["Баймұхан", "Baimukhan", "Baymukhan"],
        ["Цой", "Tsoy", "Tsoi"],
        ["Сергей", "Sergei", "Sergey", "Sergej"],
        ["Ерлан", "Yerlan", "Erlan"],
        ["Liège", "liege", "LIEGE"],
    ],
)
def test_spellings_of_one_name_share_a_key(spellings):
    keys = {name_key(spelling) for spelling in spellings}
    assert len({key.split()[0] for key in keys}) == 1, keys


def test_different_names_keep_different_keys():
    names = ["Nazarbayev", "Tokayev", "Baimukhan", "Kuspan", "Karin", "Brussels", "Astana"]
    assert len({name_key(name) for name in names}) == len(names)


def test_the_people_list_finds_a_person_in_either_script(client, nurgaliyev, karin):
    for query in ["Нургалиев", "Нұрғалиев", "Nurgaliyev", "Nurgaliev", "nurgalïev"]:
        assert found_people(client, query) == [nurgaliyev.slug], query
    for query in ["Карин", "Karin", "erlan karin", "Yerlan Karin"]:
        assert found_people(client, query) == [karin.slug], query


def test_the_api_finds_a_person_in_either_script(client, nurgaliyev, karin):
    assert api_slugs(client, "people", "Нургалиев") == [nurgaliyev.slug]
    assert api_slugs(client, "people", "Nurgaliev") == [nurgaliyev.slug]
    assert api_slugs(client, "people", "Karin") == [karin.slug]


def test_article_search_finds_a_latin_named_persons_articles_by_a_cyrillic_query(
    client, nurgaliyev, karin
):
    assert found_articles(client, "Нургалиев") == ["envoy-visits"]
    assert found_articles(client, "Nurgaliev") == ["envoy-visits"]


def test_article_search_finds_a_cyrillic_named_persons_articles_by_a_latin_query(
    client, nurgaliyev, karin
):
    assert found_articles(client, "Karin") == ["karin-v-bryussele"]
    assert api_slugs(client, "articles", "Yerlan Karin") == ["karin-v-bryussele"]


def test_a_name_and_a_word_must_both_be_answered(client, nurgaliyev):
    # The English text names him and says "talks"; it never says "visa".
    assert found_articles(client, "Нургалиев talks") == ["envoy-visits"]
    assert found_articles(client, "Нургалиев visa") == []


def test_an_author_is_found_by_a_name_in_the_other_script(client):
    author = person("Asel Omarova", "Omarova, Asel")
    article = make_article("by-omarova", body="Trade grew again.")
    Authorship.objects.create(article=article, person=author, byline="Asel Omarova")
    assert found_articles(client, "Омарова") == ["by-omarova"]


def test_a_place_is_found_through_its_aliases_and_accents(client):
    liege = Place.objects.create(name="Liège", slug="liege", country="BE")
    liege.aliases.create(name="Luik", language="nl", script="Latn")
    liege.aliases.create(name="Льеж", language="ru", script="Cyrl")
    article = make_article("trade-fair", body="A trade fair opened in the Walloon city.")
    PlaceMention.objects.create(article=article, place=liege, surface_forms=["Walloon city"])
    for query in ["liege", "LIÈGE", "Luik", "Льеж"]:
        assert [p.slug for p in search.search_places(Place.objects.all(), query)] == ["liege"]
        assert found_articles(client, query) == ["trade-fair"], query


def test_accents_and_case_do_not_matter_in_the_text():
    make_article(
        "bruxelles-liege",
        title="Une mission économique",
        body="La délégation s’est rendue à Bruxelles puis à Liège.",
        language="fr",
    )
    make_article("elsewhere", body="A mission went to Antwerp.")
    for query in ["Liège", "liege", "LIEGE", "Bruxelles", "bruxelles", "economique", "délégation"]:
        assert found_among(["bruxelles-liege", "elsewhere"], query) == ["bruxelles-liege"], query


def test_the_corpus_is_searched_by_its_names_in_the_other_script(client):
    # Nursultan Nazarbayev has Cyrillic aliases; "Nazarbaev" is none of his forms.
    assert found_people(client, "Nazarbaev") == ["nursultan-nazarbayev"]
    assert found_people(client, "Назарбаеву") == []  # a Russian case ending is another word
    assert "nursultan-nazarbayev" in api_slugs(client, "people", "NAZARBAÏEV")


def test_a_common_word_beginning_many_names_links_nothing(client):
    # "Ministry" begins the names of many bodies: articles are found by their text alone.
    from archive.models import Organisation, OrganisationMention

    plain = make_article("plain", body="Nothing about any of them.")
    for number in range(25):
        body = Organisation.objects.create(
            name=f"Ministry Number {number}", slug=f"ministry-{number}", kind="ministry"
        )
        OrganisationMention.objects.create(article=plain, organisation=body, surface_forms=[])
    make_article("says-it", body="The ministry spoke.")
    assert found_among(["plain", "says-it"], "ministry") == ["says-it"]
    assert "plain" not in found_articles(client, "ministry")


# --- Each text in its own language ------------------------------------------------------------


def test_cyrillic_words_are_found_as_written():
    make_article(
        "kazakh",
        title="Қазақстан мен Бельгия",
        body="Елшілік кездесу өткізді.",
        language="kk",
    )
    make_article("russian", title="Новый визит", body="Состоялся визит в Бельгию.", language="ru")
    both = ["kazakh", "russian"]
    assert found_among(both, "Қазақстан") == ["kazakh"]
    assert found_among(both, "кездесу") == ["kazakh"]
    assert found_among(both, "визит") == ["russian"]
    assert found_among(both, "ВИЗИТ") == ["russian"]
    assert found_among(both, "Бельгию") == ["russian"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stems English only")
def test_a_russian_text_is_found_by_another_form_of_its_word():
    make_article(
        "russian", title="Встреча послов", body="Встреча состоялась в Бельгию.", language="ru"
    )
    make_article("dutch", title="Metingen", body="Hij meet de afstand.", language="nl")
    both = ["russian", "dutch"]
    assert found_among(both, "Бельгии") == ["russian"]
    assert found_among(both, "встречи") == ["russian"]
    assert found_among(both, "послы") == ["russian"]
    assert found_among(both, "meting") == ["dutch"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stems English only")
def test_a_text_is_read_in_its_own_language_only():
    # French stems "économique" to "econom", as English stems "economic": the English text is
    # not found by the French word, nor the French text by the English one.
    make_article("english", title="Trade", body="Economic ties grew.", language="en")
    make_article("french", title="Relations", body="Les relations économiques.", language="fr")
    both = ["english", "french"]
    assert found_among(both, "économique") == ["french"]
    assert found_among(both, "relation économique") == ["french"]
    assert found_among(both, "economic") == ["english"]


# --- The reader's language first --------------------------------------------------------------


@pytest.fixture
def two_editions():
    """The same report in English and in French, each saying the same words."""
    english = make_article(
        "report-en", title="Burabay forum", body="The Burabay forum opened.", date_edtf="2023-05-04"
    )
    french = make_article(
        "report-fr",
        title="Burabay forum",
        body="The Burabay forum opened.",
        language="fr",
        date_edtf="2023-05-03",
        edition_of=english,
    )
    return english, french


def test_articles_in_the_readers_language_come_first(client, two_editions):
    assert found_articles(client, "burabay forum") == ["report-en", "report-fr"]
    assert found_articles(client, "burabay forum", prefix="/fr") == ["report-fr", "report-en"]
    assert found_articles(client, "burabay forum", prefix="/kk") == ["report-en", "report-fr"]


def test_the_api_puts_the_accepted_language_first(client, two_editions):
    french_first = api_slugs(client, "articles", "burabay", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert french_first == ["report-fr", "report-en"]
    assert api_slugs(client, "articles", "burabay") == ["report-en", "report-fr"]


def test_people_matched_by_an_alias_in_the_readers_language_come_first(client):
    first = person("Dana Seitova", "Seitova, Dana", ("Дана Сейітова", "kk", "Cyrl"))
    second = person("Dana Abenova", "Abenova, Dana", ("Дана Абенова", "ru", "Cyrl"))
    assert found_people(client, "Dana") == [second.slug, first.slug]  # by surname
    assert found_people(client, "Dana", prefix="/kk") == [first.slug, second.slug]
    assert found_people(client, "Дана", prefix="/ru") == [second.slug, first.slug]
    # An explicit order is the reader's choice.
    response = client.get("/kk/people/", {"q": "Dana", "ordering": "name"})
    assert [r.slug for r in response.context["object_list"]] == [second.slug, first.slug]


def test_bodies_stay_grouped_by_kind_the_readers_names_first_within_each(client):
    from archive.models import Organisation

    names = [
        ("ministry", "Yessil Ministry", ""),
        ("ministry", "Yessil Water Ministry", "Министерство водных ресурсов Есиль"),
        ("agency", "Yessil Agency", ""),
    ]
    for kind, name, russian in names:
        slug = name_key(name).replace(" ", "-")
        body = Organisation.objects.create(name=name, slug=slug, kind=kind)
        if russian:
            body.aliases.create(name=russian, language="ru", script="Cyrl")

    def groups(prefix):
        response = client.get(f"{prefix}/organisations/", {"q": "Yessil"})
        return [[o.name for o in group["organisations"]] for group in response.context["groups"]]

    assert groups("") == [["Yessil Agency"], ["Yessil Ministry", "Yessil Water Ministry"]]
    assert groups("/ru") == [["Yessil Agency"], ["Yessil Water Ministry", "Yessil Ministry"]]


# --- Cost -------------------------------------------------------------------------------------


def test_a_name_search_runs_a_bounded_number_of_queries(
    client, nurgaliyev, karin, django_assert_max_num_queries
):
    for number in range(30):
        mention(make_article(f"more-{number}", body="He spoke again."), nurgaliyev, "He")
    # 1 names, 1 ranking, 1 articles found by a name only, 1 count, 1 page, 1 topics,
    # 1 passages, 2 years (span, facet), 4 facets (sources, topics, people, bodies): the same
    # however many articles match.
    with django_assert_max_num_queries(13):
        assert len(found_articles(client, "Нургалиев")) == 20
    # 1 names, 1 ranking, 1 by a name only, 1 count, 1 page, 1 topics.
    with django_assert_max_num_queries(6):
        assert len(api_slugs(client, "articles", "Нургалиев")) == 20
    # 1 aliases in the reader's language, 1 count, 1 page, 1 aliases of the page.
    with django_assert_max_num_queries(4):
        assert api_slugs(client, "people", "Нургалиев") == [nurgaliyev.slug]


# --- Loaded records ---------------------------------------------------------------------------


def test_a_record_loaded_from_a_fixture_gets_its_name_keys():
    stale = (
        '[{"model": "archive.person", "pk": 900, "fields": {"name": "Daniyar Yessenbayev",'
        ' "sort_name": "Yessenbayev, Daniyar", "slug": "yessenbayev", "search_text": "old",'
        ' "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}},'
        ' {"model": "archive.personalias", "pk": 901, "fields": {"person": 900,'
        ' "name": "Данияр Есенбаев", "language": "ru", "script": "Cyrl"}}]'
    )
    for loaded in serializers.deserialize("json", stale):
        loaded.save()
    assert search.search_people(Person.objects.all(), "Esenbaev").get().pk == 900
    assert "есенбаев" in Person.objects.get(pk=900).search_text


def test_the_reader_language_is_the_active_one():
    with translation.override("ru"):
        assert search.namesearch.reader_language() == "ru"
    with translation.override("fr"):
        assert search.namesearch.reader_language() == "fr"
