"""The synthetic corpus generator: realistic, valid, deterministic, and careful with real data."""

import io

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Event, Person, Role, Statistic
from archive.search import search_articles
from tests.conftest import delete_archive_records

pytestmark = pytest.mark.django_db


def generate(articles, seed=7):
    out = io.StringIO()
    call_command("generate_corpus", articles=articles, seed=seed, stdout=out)
    return out.getvalue()


def snapshot():
    return [
        (a.title, a.body, a.date_edtf, a.status, sorted(a.people.values_list("name", flat=True)))
        for a in Article.objects.order_by("original_filename")
    ]


def test_it_refuses_a_database_that_holds_curated_records(corpus):
    with pytest.raises(CommandError, match="not synthetic"):
        generate(10)
    assert Article.objects.count() == 5


def test_it_fills_an_empty_archive_with_valid_linked_records(empty_archive):
    output = generate(60)
    assert "Generated 60 articles" in output
    assert Article.objects.count() == 60
    # Every quote, surface form and date passes the archive's own validation.
    for model in (Article, Role, Statistic, Event, Person):
        for record in model.objects.all()[:40]:
            record.full_clean()
    for article in Article.objects.all():
        assert article.person_mentions.count() == 2
        assert article.roles.exists() and article.statistics.exists()
        assert article.event_reports.exists()
    # Organisations nest, and search finds generated text.
    assert Article.objects.published().exists()
    word = Article.objects.first().title.split()[0]
    assert search_articles(Article.objects.all(), word).exists()


def test_the_same_seed_gives_the_same_archive(empty_archive):
    generate(25, seed=3)
    first = snapshot()
    delete_archive_records()
    generate(25, seed=3)
    assert snapshot() == first
    assert Article.objects.count() == 25


def test_a_second_run_on_a_synthetic_archive_is_refused(empty_archive):
    generate(5)
    with pytest.raises(CommandError, match="already holds a synthetic corpus"):
        generate(5)
