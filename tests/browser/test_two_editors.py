"""
Two editors on one record, each in a browser context of their own (Chromium): the second save
is refused with a page comparing what each changed, and "Apply my changes on top of theirs"
saves both editors' work. Fields of an article, a person and an event, and an article's inline.
"""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from archive.importing.importer import import_text
from archive.models import Article, Event, Person, PersonMention
from archive.roles import EDITORS

from .conftest import PageWatch, screenshot

PRESS_TEXT = (
    b" date 2023-05-04 Belgian mission in Almaty\n\n"
    b"ALMATY. KAZINFORM - Aigul Kuspan met Margulan Baimukhan."
)


@pytest.fixture
def editors(browser, site):
    """Two editors, each logged in in a browser context of their own."""
    contexts, watches = [], []
    for username in ("anna", "boris"):
        user = User.objects.create_user(username, password=f"{username}-pw", is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))

    def log_in(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
        contexts.append(context)
        tab = context.new_page()
        tab.watch = PageWatch()
        watches.append(tab.watch)
        tab.on("console", tab.watch.on_console)
        tab.on("pageerror", tab.watch.on_page_error)
        tab.on("response", tab.watch.on_response)
        tab.on("requestfailed", tab.watch.on_request_failed)
        tab.watch.allow(f"{site}/favicon.ico")
        tab.goto("/admin/login/?next=/admin/")
        tab.fill("#id_username", username)
        tab.fill("#id_password", f"{username}-pw")
        tab.click("input[type=submit]")
        tab.wait_for_url("**/admin/")
        return tab

    yield log_in("anna"), log_in("boris")
    for context in contexts:
        context.close()
    problems = [problem for watch in watches for problem in watch.problems]
    assert problems == [], "\n".join(problems)


def open_both(editors, site, record):
    opts = record._meta
    path = f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/"
    for tab in editors:
        tab.watch.allow(f"{site}{path}")  # the refusal answers 409 Conflict, on purpose
        tab.goto(path)
    return editors


def give_reason_if_asked(tab):
    # A change to a public record asks for the reason readers will see.
    if tab.locator("#id_correction_reason").count():
        tab.fill("#id_correction_reason", "Checked against the source.")


def save(tab):
    give_reason_if_asked(tab)
    tab.locator("input[name=_save]").first.click()
    tab.wait_for_load_state()


def expect_refused_then_apply(tab, name, *shown):
    expect(tab.locator(".errornote").first).to_contain_text("Nothing was saved")
    expect(tab.locator("#conflict-revisions")).to_contain_text("anna")
    for text in shown:
        expect(tab.locator("#conflict-differences")).to_contain_text(text)
    screenshot(tab, f"two-editors-{name}-refused")
    tab.get_by_role("button", name="Apply my changes on top of theirs").click()
    tab.wait_for_load_state()
    expect(tab.locator(".messagelist")).to_contain_text("was changed successfully")


def test_two_editors_on_one_article(editors, site):
    article = import_text(PRESS_TEXT, "mission.txt").article
    anna, boris = open_both(editors, site, article)

    anna.fill("#id_title", "Belgian mission meets in Almaty")
    save(anna)
    boris.fill("#id_editorial_note", "Checked against Kazinform.")
    save(boris)

    expect_refused_then_apply(boris, "article", "Belgian mission meets in Almaty")
    article.refresh_from_db()
    assert article.title == "Belgian mission meets in Almaty"
    assert article.editorial_note == "Checked against Kazinform."


def test_two_editors_on_one_person(editors, site):
    person = Person.objects.get(slug="tim-vandenput")
    anna, boris = open_both(editors, site, person)

    anna.fill("#id_description", "Belgian MP (Open Vld).")
    save(anna)
    boris.fill("#id_wikidata_id", "Q123456")
    save(boris)

    expect_refused_then_apply(boris, "person", "Belgian MP (Open Vld).", "Q123456")
    person.refresh_from_db()
    assert (person.description, person.wikidata_id) == ("Belgian MP (Open Vld).", "Q123456")


def test_two_editors_on_one_event(editors, site):
    event = Event.objects.get(slug="inter-parliamentary-groups-videoconference-2021")
    anna, boris = open_both(editors, site, event)

    anna.fill("#id_title", "Videoconference of the inter-parliamentary groups")
    save(anna)
    boris.fill("#id_date_note", "Reported on 22 June 2021.")
    save(boris)

    expect_refused_then_apply(boris, "event", "Videoconference of the inter-parliamentary groups")
    event.refresh_from_db()
    assert event.title == "Videoconference of the inter-parliamentary groups"
    assert event.date_note == "Reported on 22 June 2021."


def test_two_editors_on_the_mentions_of_one_article(editors, site):
    article = import_text(PRESS_TEXT, "mission.txt").article
    PersonMention.objects.filter(article=article).delete()
    kuspan = PersonMention.objects.create(
        article=article, person=Person.objects.get(slug="aigul-kuspan"), surface_forms=["Kuspan"]
    )
    baimukhan = PersonMention.objects.create(
        article=article,
        person=Person.objects.get(slug="margulan-baimukhan"),
        surface_forms=["Baimukhan"],
    )
    anna, boris = open_both(editors, site, article)
    rows = {
        mention.pk: index
        for index, mention in enumerate(
            PersonMention.objects.filter(article=article).order_by(*PersonMention._meta.ordering)
        )
    }

    anna.fill(f"#id_person_mentions-{rows[kuspan.pk]}-surface_forms", "Aigul Kuspan")
    save(anna)
    boris.fill(f"#id_person_mentions-{rows[baimukhan.pk]}-surface_forms", "Margulan Baimukhan")
    save(boris)

    expect_refused_then_apply(boris, "inline", "Aigul Kuspan", "Margulan Baimukhan")
    kuspan.refresh_from_db()
    baimukhan.refresh_from_db()
    assert kuspan.surface_forms == ["Aigul Kuspan"]
    assert baimukhan.surface_forms == ["Margulan Baimukhan"]
    assert Article.objects.get(pk=article.pk).person_mentions.count() == 2
