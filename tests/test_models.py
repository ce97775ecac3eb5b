import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from archive.models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    Indicator,
    Organisation,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceMention,
    Role,
    Statistic,
    article_is_published,
    article_is_unpublished,
)
from archive.search import search_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def senate_article(corpus):
    return Article.objects.get(slug__startswith="prospects-of-expanding-cooperation")


def make_role(article, quote):
    return Role(
        person=Person.objects.get(slug="stephanie-dhose"),
        organisation=Organisation.objects.get(slug="belgian-senate"),
        title="Speaker of the Belgian Senate",
        article=article,
        quote=quote,
        date_edtf="2021-10-17",
    )


def test_it_accepts_a_verbatim_quote(senate_article):
    make_role(senate_article, "Speaker of the Belgian Senate, Stephanie D’Hose").full_clean()


def test_it_rejects_a_misquote(senate_article):
    role = make_role(senate_article, "Speaker of the Belgian Senate, Ms Stephanie D’Hose")
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert error.value.message_dict["quote"] == [
        "This quote does not appear verbatim in the article's text."
    ]


def test_it_says_when_a_quote_differs_only_in_quotation_marks(senate_article):
    role = make_role(senate_article, "Speaker of the Belgian Senate, Stephanie D'Hose")
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "quotation marks" in error.value.message_dict["quote"][0]


def test_it_rejects_an_attribution_that_is_not_in_the_text(senate_article):
    senate_article.attribution = "Kazinform reports from Mars"
    with pytest.raises(ValidationError) as error:
        senate_article.full_clean()
    assert "attribution" in error.value.message_dict


def test_it_rejects_a_surface_form_the_text_does_not_use(senate_article):
    mention = PersonMention.objects.get(article=senate_article, person__slug="stephanie-dhose")
    mention.surface_forms = ["Stephanie D’Hose", "Madame la Présidente"]
    with pytest.raises(ValidationError) as error:
        mention.full_clean()
    assert "Madame la Présidente" in error.value.message_dict["surface_forms"][0]


def test_it_rejects_a_bad_edtf_date_with_a_clear_message(senate_article):
    senate_article.date_edtf = "17/10/2021"
    with pytest.raises(ValidationError) as error:
        senate_article.full_clean()
    (message,) = error.value.message_dict["date_edtf"]
    assert "“17/10/2021” is not a valid EDTF date" in message


def test_saving_derives_the_date_bounds(senate_article):
    senate_article.date_edtf = "2021-23"
    senate_article.save()
    senate_article.refresh_from_db()
    assert senate_article.date_lower == datetime.date(2021, 9, 1)
    assert senate_article.date_upper == datetime.date(2021, 11, 30)
    assert senate_article.date_label == "autumn 2021"


def test_an_inferred_date_needs_its_evidence(senate_article):
    senate_article.date_is_inferred = True
    senate_article.date_note = ""
    with pytest.raises(ValidationError) as error:
        senate_article.full_clean()
    assert "date_note" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        senate_article.save()


def test_the_database_refuses_bounds_out_of_order(senate_article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=senate_article.pk).update(
            date_lower=datetime.date(2022, 1, 1), date_upper=datetime.date(2021, 1, 1)
        )


def test_it_refuses_to_delete_a_person_that_facts_point_to(corpus):
    person = Person.objects.get(slug="margulan-baimukhan")
    with pytest.raises(ProtectedError):
        person.delete()
    assert Role.objects.filter(person=person).count() == 2


def test_it_refuses_to_delete_an_article_that_a_statistic_cites(corpus):
    article = Statistic.objects.get(indicator__slug="trade-turnover").article
    with pytest.raises(ProtectedError):
        article.delete()


def test_it_refuses_to_delete_an_organisation_with_sub_bodies(corpus):
    with pytest.raises(ProtectedError):
        Organisation.objects.get(slug="belgian-federal-parliament").delete()


def test_an_organisation_cannot_sit_inside_itself(corpus):
    parliament = Organisation.objects.get(slug="parliament-of-kazakhstan")
    parliament.parent = Organisation.objects.get(slug="majilis")
    with pytest.raises(ValidationError) as error:
        parliament.full_clean()
    assert "parent" in error.value.message_dict


def test_a_participant_is_a_person_or_an_organisation_not_both(corpus):
    event = Event.objects.get(slug="tokayev-official-visit-to-brussels-2021")
    participant = EventParticipant(
        event=event,
        person=Person.objects.get(slug="roman-vassilenko"),
        organisation=Organisation.objects.get(slug="kazakhstan-mfa"),
    )
    with pytest.raises(ValidationError):
        participant.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        participant.save()


def test_a_preferred_figure_needs_the_editors_reason(senate_article):
    statistic = Statistic(
        indicator=Indicator.objects.get(slug="belgian-senate-seats"),
        article=senate_article,
        quote="The Belgian Senate has 60 senators",
        value=60,
        unit="senators",
        rank=Statistic.Rank.PREFERRED,
    )
    with pytest.raises(ValidationError) as error:
        statistic.full_clean()
    assert "rank_reason" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        statistic.save()


def test_a_figure_keeps_its_hedge_and_scale(corpus):
    figures = Statistic.objects.filter(indicator__slug="direct-investment-cumulative")
    assert sorted(figure.value_label for figure in figures) == [
        "9.96 billion USD",
        "almost 9 billion USD",
        "more than 9 billion USD",
    ]
    preferred = figures.get(rank=Statistic.Rank.PREFERRED)
    assert preferred.absolute_value == 9_960_000_000
    assert preferred.period_label == "2005 – 2021"


def test_slugs_are_unique(corpus):
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(name="Brussels again", slug="brussels")


def test_a_devised_title_is_shown_in_square_brackets(corpus):
    article = Article.objects.get(title_is_devised=True, date_edtf="2021-07-16")
    assert article.display_title.startswith("[Ambassador Margulan Baimukhan meets")
    assert str(article) == article.display_title


def test_a_new_alias_makes_the_person_findable_at_once(corpus):
    # "Шакиров" would find him by transliteration alone; the form with a title would not.
    person = Person.objects.get(slug="askar-shakirov")
    assert not search_people(Person.objects.all(), "Депутат Шакиров").exists()
    alias = PersonAlias.objects.create(
        person=person, name="Депутат Шакиров", language="ru", script="Cyrl"
    )
    assert list(search_people(Person.objects.all(), "Депутат Шакиров")) == [person]
    alias.delete()
    assert not search_people(Person.objects.all(), "Депутат Шакиров").exists()


def test_search_ignores_case_accents_and_typographic_quotes(corpus):
    assert [p.slug for p in search_people(Person.objects.all(), "d'hose")] == ["stephanie-dhose"]
    assert [p.slug for p in search_people(Person.objects.all(), "M.BAIMUKHAN")] == [
        "margulan-baimukhan"
    ]


def test_published_is_the_one_visibility_rule(corpus):
    article = Article.objects.published().first()
    article.status = Article.Status.DRAFT
    article.save()
    assert article not in Article.objects.published()
    assert Article.objects.published().count() == 4


def test_the_facts_of_a_draft_are_not_public_authorships_and_mentions_included(corpus):
    article = PersonMention.objects.public().first().article
    article.status = Article.Status.DRAFT
    article.save()
    for model in (Authorship, PersonMention, OrganisationMention, PlaceMention, Role):
        assert not model.objects.public().filter(article=article).exists()
        assert (
            model.objects.public().count()
            == model.objects.filter(article_is_published("article__")).count()
        )
    assert Article.objects.filter(article_is_unpublished()).get() == article
