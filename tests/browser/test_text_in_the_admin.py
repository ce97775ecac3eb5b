"""
Text that survives the admin, in a real browser: Chromium's textareas post `\\r\\n` line ends,
which is what used to turn an article's body into one paragraph after any save.
"""

import pytest
from django.contrib.auth.models import Permission, User

from archive.corpus import FIXTURES_DIR
from archive.models import Article

KUSPAN = "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"
PRESS_TEXT = (
    " date 2023-03-02 Go to the main site\n"
    "Belgian Senate delegation visits Astana\n\n"
    "ASTANA. KAZINFORM – Roman Vassilenko met a delegation of the Belgian Senate.\n\n"
    "Ms Kuspan joined the talks on trade and investment.\n"
)


@pytest.fixture
def curator(site):
    """
    A member of staff with an editor's permissions. (Not the "Editors" group: it comes from a
    data migration, and the live server's tests flush the database between them.)
    """
    user = User.objects.create_user("curator", password="curator-password", is_staff=True)
    archive_permissions = Permission.objects.filter(content_type__app_label="archive")
    user.user_permissions.set(archive_permissions.exclude(codename="publish_article"))
    return user


def log_in(page, site, username, password):
    page.watch.allow(f"{site}/favicon.ico")  # the admin's pages name no icon of their own
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_an_article_saved_in_the_browser_keeps_its_paragraphs(page, site, curator):
    article = Article.objects.get(slug=KUSPAN)
    paragraph_count = article.body.count("\n\n") + 1
    log_in(page, site, "curator", "curator-password")

    page.goto(f"/admin/archive/article/{article.pk}/change/")
    page.fill("#id_editorial_note", "Checked against the original.\nDateline verified.")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/archive/article/")

    article.refresh_from_db()
    assert article.editorial_note == "Checked against the original.\nDateline verified."
    assert "\r" not in article.body
    page.goto(article.get_absolute_url())
    assert page.locator(".article-body p").count() == paragraph_count


def test_a_pasted_text_is_imported_clean_and_one_already_in_the_archive_is_a_duplicate(
    page, site, curator
):
    log_in(page, site, "curator", "curator-password")
    already_in = (FIXTURES_DIR / "originals" / "000_8671e830fe823728.txt").read_text()

    results = []
    for name, text in (("pasted-visit", PRESS_TEXT), ("pasted-seed", already_in)):
        page.goto("/admin/archive/article/import/")
        page.fill("#id_text", text)
        page.fill("#id_name", name)
        page.locator("input[type=submit], button[type=submit]").last.click()
        page.wait_for_load_state()
        results.append(page.content())

    assert "Imported 1, duplicates 0" in results[0]
    assert "Imported 0, duplicates 1" in results[1]
    article = Article.objects.get(original_filename="pasted-visit")
    assert "\r\n" in article.raw_text  # the original as the browser sent it
    assert article.body.split("\n\n") == [
        "Roman Vassilenko met a delegation of the Belgian Senate.",
        "Ms Kuspan joined the talks on trade and investment.",
    ]
    assert not Article.objects.filter(original_filename="pasted-seed").exists()
