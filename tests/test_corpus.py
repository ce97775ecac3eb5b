"""The curated seed corpus: complete, faithful to its originals, and internally consistent."""

import hashlib
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from archive import dates
from archive.corpus import FIXTURES_DIR, corpus_paths
from archive.importing.parser import parse_press_text
from archive.models import (
    Article,
    Event,
    EventReport,
    Organisation,
    Person,
    Place,
    Role,
    Statistic,
)
from archive.text import fold

pytestmark = pytest.mark.django_db

ORIGINALS = sorted((FIXTURES_DIR / "originals").glob("*.txt"))


def archive_records():
    return [
        record
        for model in apps.get_app_config("archive").get_models()
        for record in model.objects.all()
    ]


def test_all_five_originals_are_in_the_archive_verbatim(corpus):
    assert len(ORIGINALS) == 5
    for path in ORIGINALS:
        article = Article.objects.get(original_filename=path.name)
        assert article.raw_text == path.read_text(encoding="utf-8")
        assert article.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert article.imported_at is not None


def test_titles_and_dates_are_the_originals_or_flagged(corpus):
    """Never invent: a title the original lacks is devised; a date it lacks is inferred."""
    for path in ORIGINALS:
        article = Article.objects.get(original_filename=path.name)
        parsed = parse_press_text(article.raw_text)
        if parsed.title:
            assert (article.title, article.title_is_devised) == (parsed.title, False)
        else:
            assert article.title_is_devised, path.name
        if parsed.published_date:
            assert (article.date_edtf, article.date_is_inferred) == (parsed.date_edtf, False)
        else:
            assert article.date_edtf == "" or (article.date_is_inferred and article.date_note)


def test_every_record_passes_model_validation(corpus):
    """Every quote, surface form, byline and attribution is verbatim; every date is EDTF."""
    for record in archive_records():
        record.full_clean()


def test_stored_date_bounds_match_their_expressions(corpus):
    for model in (Article, Event, Role):
        for record in model.objects.all():
            bounds = dates.edtf_bounds(record.date_edtf)
            assert (record.date_lower, record.date_upper, record.date_sort) == (
                bounds.lower,
                bounds.upper,
                bounds.sort_key,
            ), record
    for statistic in Statistic.objects.all():
        bounds = dates.edtf_bounds(statistic.period_edtf)
        assert (statistic.period_lower, statistic.period_upper) == (bounds.lower, bounds.upper)


def test_stored_search_text_is_up_to_date(corpus):
    for model in (Person, Organisation, Place):
        for record in model.objects.all():
            assert record.search_text == record.build_search_text(), record
    for article in Article.objects.all():
        assert article.search_text == fold(f"{article.title}\n{article.body}")


def test_every_fact_cites_a_published_article(corpus):
    for fact in [*Role.objects.all(), *Statistic.objects.all(), *EventReport.objects.all()]:
        assert fact.article.is_public, fact
        assert fact.quote in fact.article.body


def test_every_event_is_reported(corpus):
    assert not Event.objects.filter(reports=None).exists()


def test_every_article_has_its_people_and_organisations_linked(corpus):
    for article in Article.objects.all():
        assert article.person_mentions.exists(), article
        assert article.organisation_mentions.exists(), article
        assert article.place_mentions.exists(), article
        assert article.topics.exists(), article


def test_every_person_in_a_role_is_mentioned_by_its_source(corpus):
    for role in Role.objects.select_related("article", "person"):
        assert role.article.person_mentions.filter(person=role.person).exists(), role


def test_every_person_and_body_is_named_by_some_article(corpus):
    """Or, for a body, is the one a named body sits inside (the Council of Europe for PACE)."""
    assert not Person.objects.filter(mentions=None, authorships=None).exists()
    unmentioned = Organisation.objects.filter(mentions=None, sourced_articles=None, children=None)
    assert not unmentioned.exists(), list(unmentioned)


@pytest.mark.parametrize("model", [Person, Organisation, Place])
def test_no_two_records_share_a_name_or_alias(corpus, model):
    names = Counter()
    for record in model.objects.prefetch_related("aliases"):
        own = {fold(record.name)} | {fold(alias.name) for alias in record.aliases.all()}
        if getattr(record, "acronym", ""):
            own.add(fold(record.acronym))
        names.update(own)
    assert [name for name, count in names.items() if count > 1] == []


def test_the_seed_texts_people_are_all_there(corpus):
    named_in_the_texts = {
        "Aigul Kuspan",
        "Kassym-Jomart Tokayev",
        "Margulan Baimukhan",
        "Stephanie D’Hose",
        "Nursultan Nazarbayev",
        "Nurlan Nigmatulin",
        "Roman Vassilenko",
        "Tim Vandenput",
        "King Philippe",
        "Alexander De Croo",
        "William De Baets",
        "Askar Shakirov",
        "Abay Kunanbayev",
        "Maurice Maeterlinck",
        "Tatyana Kudrenok",
    }
    assert set(Person.objects.values_list("name", flat=True)) == named_in_the_texts


def test_one_event_reported_twice_is_one_record(corpus):
    mission = Event.objects.get(slug="belgian-business-mission-to-kazakhstan-2021")
    assert mission.status == Event.Status.PLANNED
    assert mission.date_label == "November 2021"
    assert {report.article.date_edtf for report in mission.reports.all()} == {
        "2021-07-16",
        "2021-10-17",
    }


def test_astana_and_nur_sultan_are_one_city(corpus):
    astana = Place.objects.get(slug="astana")
    assert set(astana.datelined_articles.values_list("dateline", flat=True)) == {
        "NUR-SULTAN. KAZINFORM –",
        "ASTANA. KAZINFORM –",
    }


def test_loading_into_an_empty_archive_takes_one_call(empty_archive):
    assert archive_records() == []
    out = io.StringIO()
    call_command("load_corpus", stdout=out)
    assert "Loaded the curated corpus" in out.getvalue()
    assert Article.objects.count() == 5
    assert Person.objects.count() == 15


def test_loading_twice_changes_nothing(corpus):
    def snapshot():
        return serializers.serialize("json", archive_records())

    before = snapshot()
    call_command("loaddata", *corpus_paths(), verbosity=0)
    assert snapshot() == before


def test_load_corpus_never_loads_over_an_editors_work(corpus):
    article = Article.objects.first()
    article.editorial_note = "An editor's correction."
    article.save()
    out = io.StringIO()
    call_command("load_corpus", stdout=out)
    assert "nothing loaded" in out.getvalue()
    article.refresh_from_db()
    assert article.editorial_note == "An editor's correction."


def test_dump_corpus_round_trips_the_fixtures(corpus, tmp_path):
    call_command("dump_corpus", output_dir=str(tmp_path), stdout=io.StringIO())
    for path in corpus_paths():
        assert (tmp_path / path.name).read_text() == path.read_text(), path.name
