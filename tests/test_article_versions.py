"""
Citable versions (archive/versions.py): a citation names the version it cites, and an old
version's address keeps showing the text that was cited, with a link to the current one.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from archive import history, workflow
from archive.models import Article, Authorship, Person

from .admin_forms import change_form_data
from .site_helpers import ARTICLE_0, make_article

REASON = "A sentence was missing from the import."
ADDED = "A sentence the import had dropped."


def version_url(article, revision):
    return reverse("archive:article_version", args=(article.slug, revision))


def revisions_of(article):
    """The article's revisions, oldest first."""
    return list(
        Version.objects.get_for_object(article)
        .order_by("revision_id")
        .values_list("revision_id", flat=True)
    )


def correct_in_the_admin(client, article):
    """An editor corrects a published text, as the admin asks: with a reason for readers."""
    url = reverse("admin:archive_article_change", args=(article.pk,))
    data = change_form_data(
        client, url, body=f"{article.body}\n\n{ADDED}", correction_reason=REASON
    )
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()


@pytest.fixture
def corrected(client, editor, corpus):
    """ARTICLE_0 corrected once: its state before and after are its two versions."""
    article = Article.objects.get(slug=ARTICLE_0)
    client.force_login(editor)
    correct_in_the_admin(client, article)
    client.logout()
    before, after = revisions_of(article)
    return article, before, after


def test_an_old_version_shows_the_text_that_was_cited_and_leads_to_the_current_one(
    client, corrected
):
    article, before, _after = corrected

    response = client.get(version_url(article, before))

    assert response.status_code == 200
    assertNotContains(response, ADDED)
    assertContains(response, "It has been changed since.")
    assertContains(response, f'<a href="{article.get_absolute_url()}">Read the current version</a>')
    assertContains(response, f'<link rel="latest-version" href="{article.get_absolute_url()}">')
    assertContains(response, '<meta name="robots" content="noindex">')
    # What changed since is said on the old version itself, with the editor's reason.
    assertContains(response, "Corrected since this version")
    assertContains(response, REASON)


def test_the_newest_version_is_the_current_one_and_is_indexed(client, corrected):
    article, _before, after = corrected

    response = client.get(version_url(article, after))

    assertContains(response, ADDED)
    assertContains(response, "It is the current version.")
    assertNotContains(response, "noindex")
    assertNotContains(response, "Corrected since this version")


def test_the_articles_citation_names_its_version_and_its_permanent_address(client, corrected):
    article, _before, after = corrected

    response = client.get(article.get_absolute_url())

    citation = response.context["citation"]
    assert f"revision {after}." in citation
    assert citation.endswith(f"http://testserver{version_url(article, after)}.")
    assertContains(response, f'href="{version_url(article, after)}">permanent address</a>')
    assertContains(response, "version-history")


def test_an_old_versions_citation_names_that_version(client, corrected):
    article, before, _after = corrected

    citation = client.get(version_url(article, before)).context["citation"]

    assert re.search(rf"Version of \d+ \w+ \d{{4}}, revision {before}\.", citation)
    assert citation.endswith(f"http://testserver{version_url(article, before)}.")


def test_the_citation_files_name_the_version(client, corrected):
    article, before, after = corrected

    current = client.get(reverse("archive:article_cite_bibtex", args=(article.slug,)))
    old = client.get(reverse("archive:article_version_cite_bibtex", args=(article.slug, before)))
    old_csl = client.get(reverse("archive:article_version_cite_csl", args=(article.slug, before)))

    assert f"version = {{{after}}}" in current.content.decode()
    assert f"version = {{{before}}}" in old.content.decode()
    assert f"{article.slug}-revision-{before}.bib" in old["Content-Disposition"]
    [item] = old_csl.json()
    assert item["version"] == str(before)
    assert item["URL"] == f"http://testserver{version_url(article, before)}"
    assert f"revision {before}." in item["note"]


def test_the_versions_page_lists_each_public_version_newest_first(client, corrected):
    article, before, after = corrected

    response = client.get(reverse("archive:article_versions", args=(article.slug,)))

    links = re.findall(rf"{re.escape(article.get_absolute_url())}versions/(\d+)/", response.text)
    assert links == [str(after), str(before)]
    assertContains(response, "(current)", count=1)


def test_a_state_saved_as_a_draft_is_never_shown_as_a_version(client, publisher, corpus):
    article = make_article("versioned-draft", status=Article.Status.DRAFT)
    workflow.change_status(article, Article.Status.IN_REVIEW, publisher)
    workflow.change_status(article, Article.Status.PUBLISHED, publisher)
    *unpublished, published = revisions_of(article)

    for revision in unpublished:
        assert client.get(version_url(article, revision)).status_code == 404
    assert client.get(version_url(article, published)).status_code == 200
    assert client.get(article.get_absolute_url()).context["version"].revision == published


def test_a_withdrawn_articles_versions_are_withdrawn_with_it(client, publisher, corrected):
    article, before, after = corrected

    workflow.change_status(article, Article.Status.WITHDRAWN, publisher)

    for revision in (before, after):
        assert client.get(version_url(article, revision)).status_code == 404
    assert client.get(reverse("archive:article_versions", args=(article.slug,))).status_code == 404


def test_another_articles_revision_or_no_revision_is_not_found(client, corrected):
    article, before, _after = corrected
    other = Article.objects.published().exclude(pk=article.pk).first()

    assert client.get(version_url(other, before)).status_code == 404
    assert client.get(version_url(article, 10**9)).status_code == 404
    bibtex = reverse("archive:article_version_cite_bibtex", args=(other.slug, before))
    assert client.get(bibtex).status_code == 404


def test_an_article_changed_outside_its_history_names_no_version(client, corrected):
    article, _before, _after = corrected
    article.dateline = "Somewhere else."
    article.save()

    response = client.get(article.get_absolute_url())

    assert response.context["version"] is None
    assert response.context["citation"].endswith(f"http://testserver{article.get_absolute_url()}.")
    assertContains(response, "All versions")  # the versions it had are still listed


def test_an_article_with_no_history_cites_its_own_address(client, corpus):
    article = Article.objects.get(slug=ARTICLE_0)

    response = client.get(article.get_absolute_url())

    assert response.context["version"] is None
    assert "revision" not in response.context["citation"]
    assertNotContains(response, "version-history")


def test_a_version_credits_the_authors_of_its_time(client, editor, corpus):
    article = Article.objects.filter(authorships__isnull=False).published().first()
    authorship = article.authorships.select_related("person").first()
    first_author = authorship.person
    other = Person.objects.exclude(authorships__article=article).first()
    with history.revision(editor, "Credited to another person", article):
        Authorship.objects.filter(pk=authorship.pk).update(person=other)
    before, _after = revisions_of(article)

    old = client.get(version_url(article, before))

    assertContains(old, f'href="{first_author.get_absolute_url()}"')
    assert first_author.sort_name.partition(",")[0] in old.context["citation"]
    assert other.sort_name.partition(",")[0] not in old.context["citation"]


def test_a_version_page_takes_a_fixed_number_of_queries(
    client, corrected, django_assert_max_num_queries
):
    article, before, _after = corrected

    with django_assert_max_num_queries(12):
        assert client.get(version_url(article, before)).status_code == 200


def test_the_loaded_corpus_starts_with_a_version_of_each_article(client, empty_archive):
    call_command("load_corpus", stdout=io.StringIO())

    for article in Article.objects.published():
        version = client.get(article.get_absolute_url()).context["version"]
        assert version is not None, article.slug
        assert client.get(version.get_absolute_url()).status_code == 200


def test_a_renamed_articles_versions_follow_its_address(client, corrected):
    article, before, _after = corrected
    Article.objects.filter(pk=article.pk).update(slug="a-renamed-report")
    article.refresh_from_db()

    listed = client.get(reverse("archive:article_versions", args=(article.slug,)))

    assert client.get(version_url(article, before)).status_code == 200
    assert re.findall(r"/articles/([-\w]+)/versions/\d+/", listed.content.decode()) == [
        "a-renamed-report",
        "a-renamed-report",
    ]
