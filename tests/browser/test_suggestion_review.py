"""An editor reviews suggestions in the admin, in a real browser."""

import re

from playwright.sync_api import expect

from archive.importing.importer import import_text
from archive.models import Person, PersonMention


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


def test_an_editor_links_a_possibly_new_name_to_an_existing_person(page, site, editor):
    # The admin's pages name no icon, so Chromium asks for /favicon.ico (left to the admin's own
    # templates; not what this test is about).
    page.watch.allow(f"{site}/favicon.ico")
    article = import_text(
        b"BRUSSELS. KAZINFORM - Talks went well, Ambassador Marghulan Baymukhan said.", "b.txt"
    ).article
    log_in(page, "editor", "editor-password")

    page.goto("/admin/archive/suggestion/?match__exact=new")
    expect(page.locator("mark", has_text="Marghulan Baymukhan").first).to_be_visible()
    page.get_by_role("link", name="Link to a record…").click()
    page.locator("#id_person + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Baimukhan")
    page.locator(".select2-results__option", has_text="Margulan Baimukhan").click()
    page.get_by_role("button", name="Link").click()

    expect(page).to_have_url(re.compile(r"/admin/archive/suggestion/\?match__exact=new$"))
    expect(page.locator(".messagelist")).to_contain_text("Margulan Baimukhan")
    baimukhan = Person.objects.get(slug="margulan-baimukhan")
    assert PersonMention.objects.filter(article=article, person=baimukhan).exists()
    assert baimukhan.aliases.filter(name="Ambassador Marghulan Baymukhan").exists()
