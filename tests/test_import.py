"""Importing press texts: the seed forms, malformed files, duplicates, drafts, one transaction."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from archive.corpus import FIXTURES_DIR
from archive.importing import importer
from archive.importing.importer import Outcome, import_text
from archive.models import (
    Article,
    EventReport,
    Role,
    Statistic,
    StatusChange,
    Suggestion,
)

ORIGINALS = FIXTURES_DIR / "originals"
SEED_NAMES = sorted(path.name for path in ORIGINALS.glob("*.txt"))
SEED_000 = (ORIGINALS / "000_8671e830fe823728.txt").read_text("utf-8")


def fixture_articles():
    with open(FIXTURES_DIR / "03_articles.json", encoding="utf-8") as handle:
        records = json.load(handle)
    articles = {
        r["fields"]["original_filename"]: r for r in records if r["model"] == "archive.article"
    }
    bylines = {}
    for record in records:
        if record["model"] == "archive.authorship":
            slug = record["fields"]["article"][0]
            bylines.setdefault(slug, []).append(
                (record["fields"]["byline"], record["fields"]["person"][0])
            )
    return articles, bylines


@pytest.fixture
def emptied_archive(corpus):
    """The corpus without its articles (and the facts resting on them): people, places stay."""
    Statistic.objects.all().delete()
    Role.objects.all().delete()
    EventReport.objects.all().delete()
    Article.objects.all().delete()


def a_press_text(title="Belgian trade mission visits Almaty", body=None):
    body = body or (
        "ALMATY. KAZINFORM – A Belgian trade mission met Aigul Kuspan in Almaty, "
        "Kazinform correspondent reports.\n\nThe talks covered trade and investment."
    )
    return f" date 2023-05-04 {title}\n\n{body}\n"


def test_reimporting_the_seed_files_gives_the_fixtures_articles(emptied_archive):
    report = importer.import_paths([ORIGINALS])

    assert [r.outcome for r in report.results] == [Outcome.IMPORTED] * 5
    expected, bylines = fixture_articles()
    for name in SEED_NAMES:
        fields = expected[name]["fields"]
        article = Article.objects.get(original_filename=name)
        assert article.body == fields["body"]
        assert article.raw_text == fields["raw_text"]
        assert article.raw_sha256 == fields["raw_sha256"]
        if not fields["title_is_devised"]:
            assert article.title == fields["title"]
        else:
            assert article.title == ""  # flagged for an editor, never devised
        if not fields["date_is_inferred"]:
            assert article.date_edtf == fields["date_edtf"]
        else:
            assert article.date_edtf == ""  # never inferred
        assert str(article.published_time or "") == (fields["published_time"] or "")
        assert article.dateline == fields["dateline"]
        expected_place = fields["dateline_place"][0] if fields["dateline_place"] else None
        assert (article.dateline_place.slug if article.dateline_place else None) == expected_place
        expected_source = fields["source"][0] if fields["source"] else None
        assert (article.source.slug if article.source else None) == expected_source
        assert article.source_tags == fields["source_tags"]
        assert list(article.authorships.values_list("byline", "person__slug")) == bylines.get(
            fields["slug"], []
        )


def test_nur_sultan_in_a_dateline_is_astana_and_kazinform_the_source(emptied_archive):
    result = import_text(SEED_000.encode(), "000.txt")

    assert result.article.dateline_place.slug == "astana"
    assert result.article.source.slug == "kazinform"


def test_imported_articles_are_drafts_with_a_logged_status(emptied_archive, client):
    result = import_text(a_press_text().encode(), "mission.txt")

    article = result.article
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    step = StatusChange.objects.get(article=article)
    assert (step.from_status, step.to_status) == ("", "draft")


def test_it_stores_suggested_links_with_the_imported_article(corpus):
    result = import_text(a_press_text().encode(), "mission.txt")

    suggested = {(s.kind, str(s.target)) for s in result.article.suggestions.filter(match="known")}
    assert ("person", "Aigul Kuspan") in suggested
    assert ("place", "Almaty") in suggested
    assert ("topic", "Trade and investment") in suggested
    assert result.suggestion_count == result.article.suggestions.count()


def test_importing_the_same_text_twice_does_nothing_the_second_time(corpus):
    first = import_text(a_press_text().encode(), "first.txt")
    count = Article.objects.count()

    second = import_text(a_press_text().encode(), "copy-of-first.txt")

    assert first.outcome == Outcome.IMPORTED
    assert second.outcome == Outcome.DUPLICATE
    assert second.article == first.article
    assert Article.objects.count() == count


def test_the_seed_texts_already_in_the_archive_are_duplicates(corpus):
    report = importer.import_paths([ORIGINALS])

    assert [r.outcome for r in report.results] == [Outcome.DUPLICATE] * 5


def test_a_text_without_header_or_dateline_is_imported_and_flagged(corpus):
    text = "Kazakh and Belgian diplomats meet in Brussels\n\nThe diplomats met in Brussels.\n"

    result = import_text(text.encode(), "no-header.txt")

    assert result.outcome == Outcome.IMPORTED
    assert result.article.title == "Kazakh and Belgian diplomats meet in Brussels"
    assert result.article.date_edtf == ""
    assert set(result.flags) >= {"no date", "no dateline"}
    assert result.flagged


def test_windows_line_endings_give_the_same_article_and_keep_the_raw_text(emptied_archive):
    crlf = SEED_000.replace("\n", "\r\n").encode()

    article = import_text(crlf, "crlf.txt").article

    assert article.title == "Kazakhstani, Belgian MPs keen to strengthen bilateral cooperation"
    assert "\r" not in article.body
    assert article.raw_text.encode() == crlf
    assert article.raw_sha256 == hashlib.sha256(crlf).hexdigest()


def test_a_byte_order_mark_is_allowed_and_kept_in_the_original(emptied_archive):
    data = "\ufeff".encode() + SEED_000.encode()

    article = import_text(data, "bom.txt").article

    assert article.date_edtf == "2021-06-22"
    assert article.title.startswith("Kazakhstani")
    assert article.raw_text.encode() == data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n \r\n", "empty"),
        ("Caf\u00e9 in Brussels\n\nThe caf\u00e9 opened.".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
    ids=["empty", "blank", "latin-1", "binary"],
)
def test_unreadable_files_are_reported_and_nothing_is_written(corpus, data, reason):
    count = Article.objects.count()

    result = import_text(data, "bad.txt")

    assert result.outcome == Outcome.FAILED
    assert reason in result.message
    assert Article.objects.count() == count


def test_a_five_megabyte_text_imports(corpus):
    opening = "Kazakhstan and Belgium discussed trade and investment in Brussels."
    paragraph = "the delegations went on talking about many things at great length. " * 40
    body = "\n\n".join([opening] + [paragraph] * 1900)
    data = a_press_text(body=body).encode()
    assert len(data) > 5_000_000

    result = import_text(data, "big.txt")

    assert result.outcome == Outcome.IMPORTED
    assert len(result.article.raw_text) == len(data.decode())
    assert result.article.suggestions.filter(match="known").count() >= 3


def test_an_endless_upload_is_refused_once_past_the_limit_without_reading_on(corpus, settings):
    settings.IMPORT_MAX_FILE_BYTES = 100_000
    chunks_read = 0

    def endless_chunks():
        nonlocal chunks_read
        while True:
            chunks_read += 1
            yield b"Kazakhstan and Belgium. " * 2_000  # 48,000 bytes

    result = importer.import_chunks(endless_chunks(), "endless.txt")

    assert result.outcome == Outcome.FAILED
    assert result.message == "too large: the limit is 100,000 bytes (0.0953674 MiB) for one text"
    assert chunks_read == 3


def test_the_command_refuses_a_file_over_the_limit_and_imports_the_rest(
    corpus, tmp_path, settings, capsys
):
    settings.IMPORT_MAX_FILE_BYTES = 1024 * 1024
    (tmp_path / "good.txt").write_text(a_press_text(), encoding="utf-8")
    paragraph = "The delegations went on talking about many things at great length. " * 40
    big = a_press_text(body="\n\n".join([paragraph] * 500))
    (tmp_path / "huge.txt").write_text(big, encoding="utf-8")
    assert len(big) > 1024 * 1024

    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path))

    err = capsys.readouterr().err
    assert "failed: huge.txt — too large: the limit is 1,048,576 bytes (1 MiB)" in err
    assert Article.objects.filter(original_filename="good.txt").exists()
    assert not Article.objects.filter(original_filename="huge.txt").exists()


def test_the_command_imports_the_good_files_reports_the_bad_and_exits_non_zero(
    corpus, tmp_path, capsys
):
    (tmp_path / "good.txt").write_text(a_press_text(), encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("not a press text")

    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(tmp_path))

    out, err = capsys.readouterr()
    assert error.value.returncode == 1
    assert "failed: latin.txt" in err and "failed: empty.txt" in err
    assert "imported 1, duplicates 0, flagged 0, failed 2" in out
    assert Article.objects.filter(original_filename="good.txt", status="draft").exists()
    assert not Article.objects.filter(original_filename="notes.md").exists()


def test_the_dry_run_shows_what_would_be_imported_and_writes_nothing(corpus, tmp_path, capsys):
    (tmp_path / "good.txt").write_text(a_press_text(), encoding="utf-8")
    count = Article.objects.count()

    call_command("import_articles", str(tmp_path / "good.txt"), "--dry-run")

    out = capsys.readouterr().out
    assert "would import: good.txt — Belgian trade mission visits Almaty [2023-05-04]" in out
    assert "would import 1, duplicates 0, flagged 0, failed 0" in out
    assert Article.objects.count() == count


def test_a_failure_halfway_through_a_file_leaves_nothing_of_it(corpus, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(importer, "suggest_for_article", broken)
    (tmp_path / "a.txt").write_text(a_press_text(), encoding="utf-8")
    count = Article.objects.count()

    report = importer.import_paths([tmp_path])

    assert report.results[0].outcome == Outcome.FAILED
    assert "disk full" in report.results[0].message
    assert Article.objects.count() == count
    assert not StatusChange.objects.filter(note__contains="a.txt").exists()


def test_an_unknown_byline_is_flagged_and_offered_as_a_possible_new_author(corpus):
    text = a_press_text(body="ASTANA. KAZINFORM - Talks were held.\n\nAuthor:\n\nNurgul Sadykova")

    result = import_text(text.encode(), "byline.txt")

    assert "byline “Nurgul Sadykova” matches no single person" in result.flags
    suggestion = Suggestion.objects.get(article=result.article, as_author=True)
    assert (suggestion.match, suggestion.surface_form) == ("new", "Nurgul Sadykova")
    assert not result.article.authorships.exists()


def test_a_known_byline_becomes_the_author(corpus):
    text = a_press_text(body="ASTANA. KAZINFORM - Talks were held.\n\nAuthor:\n\nKudrenok Tatyana")

    article = import_text(text.encode(), "byline.txt").article

    assert list(article.authorships.values_list("byline", "person__slug")) == [
        ("Kudrenok Tatyana", "tatyana-kudrenok")
    ]


def test_untitled_imports_get_unique_slugs(corpus):
    first = import_text(b"BRUSSELS. KAZINFORM - One text.", "untitled.txt").article
    second = import_text(b"BRUSSELS. KAZINFORM - Another text.", "untitled.txt").article

    assert first.title == second.title == ""
    assert first.slug != second.slug


def test_the_first_text_of_an_archive_that_knows_no_names_imports(empty_archive):
    outcome = import_text(b"ASTANA, 3 May 2021. The two ministers met.\n", "first.txt")

    assert outcome.article is not None
    assert outcome.article.status == Article.Status.DRAFT
    assert not outcome.article.suggestions.exists()
