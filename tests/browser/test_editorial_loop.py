"""
The editorial loop from end to end, in Chromium, as the three kinds of staff the archive has:
an editor imports a pasted text (Windows line endings), decides its suggested links, draws a
role and a hedged figure from it and sends it to review; a member of staff in no group sees
nothing of it; a publisher (in "Publishers" only) publishes it and corrects its text, giving
the reason readers will see; and the public finds the paragraphs and the correction on the
article's page, in the API and in OAI-PMH.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from archive.models import (
    Article,
    Correction,
    PersonMention,
    Role,
    Statistic,
    StatusChange,
    Suggestion,
)
from archive.roles import EDITORS, PUBLISHERS
from archive.website.oai import oai_identifier

from .conftest import PageWatch, screenshot

# A press text in the corpus's style, as a browser posts a textarea: every line ends in \r\n.
# It names the ambassador as the archive knows him, and once misspelt.
PRESS_TEXT = (
    " date 2023-05-11 Go to the main site\r\n"
    "Kazakh Ambassador meets Belgian logistics companies\r\n"
    "\r\n"
    "11 May 2023, 15:20\r\n"
    "\r\n"
    "BRUSSELS. KAZINFORM – Ambassador of Kazakhstan to Belgium Margulan Baimukhan met "
    "representatives of Belgian logistics companies, Kazinform reports.\r\n"
    "\r\n"
    "Ambassador Marghulan Baymukhan noted that the trade turnover between the two countries "
    "reached almost 1.2 billion US dollars in 2022.\r\n"
    "\r\n"
    "The parties discussed the Trans-Caspian International Transport Route and new investment "
    "projects.\r\n"
)
TITLE = "Kazakh Ambassador meets Belgian logistics companies"
ROLE_QUOTE = "Ambassador of Kazakhstan to Belgium Margulan Baimukhan"
FIGURE_QUOTE = "reached almost 1.2 billion US dollars in 2022"
REVIEW_NOTE = "Ready: role and figure checked against the text."
PUBLISH_NOTE = "Checked and approved for the site."
CORRECTION_REASON = "The last paragraph misread the source: the projects are joint ones."

DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def staff(site):
    editor = User.objects.create_user("ed", password="ed-password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    publisher = User.objects.create_user("pub", password="pub-password", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS))  # and no other group
    User.objects.create_user("nobody", password="nobody-password", is_staff=True)
    return {"editor": editor, "publisher": publisher}


@pytest.fixture
def open_page(browser, site):
    """Pages in browser contexts of their own (a user each), watched like the `page` fixture."""
    contexts, watches = [], []

    def open_page(username=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
        contexts.append(context)
        tab = context.new_page()
        tab.watch = PageWatch()
        watches.append(tab.watch)
        tab.on("console", tab.watch.on_console)
        tab.on("pageerror", tab.watch.on_page_error)
        tab.on("response", tab.watch.on_response)
        tab.on("requestfailed", tab.watch.on_request_failed)
        tab.watch.allow(f"{site}/favicon.ico")  # the admin's pages name no icon of their own
        if username:
            tab.goto("/admin/login/?next=/admin/")
            tab.fill("#id_username", username)
            tab.fill("#id_password", f"{username}-password")
            tab.click("input[type=submit]")
            tab.wait_for_url("**/admin/")
        return tab

    yield open_page
    for context in contexts:
        context.close()
    problems = [problem for watch in watches for problem in watch.problems]
    assert problems == [], "\n".join(problems)


def choose_in_autocomplete(page, select_id, typed, option):
    # One search at a time: opening the box asks for every record, typing asks again, and the
    # test's live server shares one SQLite connection between its threads.
    def autocomplete(response):
        return "/admin/autocomplete/" in response.url

    with page.expect_response(autocomplete):
        page.locator(f"#{select_id} + .select2 .select2-selection").click()
    with page.expect_response(autocomplete):
        page.locator(".select2-search__field").fill(typed)
    exactly = re.compile(rf"^{re.escape(option)}$")
    page.locator(".select2-results__option", has_text=exactly).click()


def save(page):
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()


def article_paragraphs(page):
    return page.locator(".article-body p").all_inner_texts()


def test_the_editorial_loop_as_an_editor_a_publisher_and_staff_without_a_group(
    open_page, site, staff
):
    # --- The editor: import by paste --------------------------------------------------------
    editor = open_page("ed")
    editor.goto("/admin/archive/article/import/")
    editor.fill("#id_text", PRESS_TEXT)
    editor.fill("#id_name", "kazinform-logistics-2023")
    editor.locator(
        "#content-main input[type=submit], #content-main button[type=submit]"
    ).last.click()
    expect(editor.locator("#import-summary")).to_contain_text("Imported 1, duplicates 0")
    screenshot(editor, "loop-01-import-summary")

    article = Article.objects.get(original_filename="kazinform-logistics-2023")
    assert "\r\n" in article.raw_text, "the original is kept as the browser sent it"
    assert article.title == TITLE
    assert article.status == Article.Status.DRAFT
    assert "\r" not in article.body
    assert len(article.body.split("\n\n")) == 3, "the body keeps its three paragraphs"

    # --- The editor: decide the suggestions -------------------------------------------------
    editor.locator("#import-results a", has_text="suggested links").click()
    editor.wait_for_url(
        re.compile(rf"/admin/archive/suggestion/\?.*article__id__exact={article.pk}")
    )
    known = Suggestion.objects.get(
        article=article, kind=Suggestion.Kind.PERSON, match=Suggestion.Match.KNOWN
    )
    new_name = Suggestion.objects.get(
        article=article, kind=Suggestion.Kind.PERSON, match=Suggestion.Match.NEW
    )
    assert known.person.name == "Margulan Baimukhan"
    assert new_name.surface_forms == ["Ambassador Marghulan Baymukhan"]
    expect(editor.locator("mark", has_text="Marghulan Baymukhan").first).to_be_visible()
    screenshot(editor, "loop-02-suggestions")

    editor.check(f"input[name=_selected_action][value='{known.pk}']")
    editor.select_option("select[name=action]", "accept_selected")
    editor.locator("button[name=index]").click()
    expect(editor.locator(".messagelist")).to_contain_text("1 suggestion accepted.")

    editor.locator("tr", has_text="Marghulan Baymukhan").get_by_role(
        "link", name="Link to a record…"
    ).click()
    choose_in_autocomplete(editor, "id_person", "Baimukhan", "Margulan Baimukhan")
    editor.get_by_role("button", name="Link").click()
    expect(editor.locator(".messagelist")).to_contain_text("Margulan Baimukhan")
    expect(editor).to_have_url(re.compile(rf"article__id__exact={article.pk}"))
    baimukhan = known.person
    mention = PersonMention.objects.get(article=article, person=baimukhan)
    assert set(mention.surface_forms) >= {"Margulan Baimukhan", "Ambassador Marghulan Baymukhan"}
    assert baimukhan.aliases.filter(name="Ambassador Marghulan Baymukhan").exists(), (
        "the misspelt form is kept as an alias of the person it was linked to"
    )
    assert not article.suggestions.filter(
        kind=Suggestion.Kind.PERSON, status=Suggestion.Status.PENDING
    ).exists()

    # --- The editor: a role and a hedged figure, then to review --------------------------------
    editor.goto(f"/admin/archive/article/{article.pk}/change/")
    editor.locator("#roles-group .add-row a").click()
    choose_in_autocomplete(editor, "id_roles-0-person", "Baimukhan", "Margulan Baimukhan")
    editor.fill("#id_roles-0-title", "Ambassador of Kazakhstan to Belgium")
    choose_in_autocomplete(
        editor, "id_roles-0-organisation", "Republic of", "Republic of Kazakhstan"
    )
    editor.fill("#id_roles-0-quote", ROLE_QUOTE)
    editor.fill("#id_roles-0-date_edtf", "2023-05-11")

    editor.locator("#statistics-group .add-row a").click()
    choose_in_autocomplete(
        editor,
        "id_statistics-0-indicator",
        "Trade",
        "Trade turnover between Kazakhstan and Belgium",
    )
    editor.select_option("#id_statistics-0-qualifier", "almost")
    editor.fill("#id_statistics-0-value", "1.2")
    editor.select_option("#id_statistics-0-scale", "9")
    editor.fill("#id_statistics-0-unit", "USD")
    editor.fill("#id_statistics-0-period_edtf", "2022")
    editor.select_option("#id_statistics-0-direction", "between")
    editor.select_option("#id_statistics-0-country_a", "KZ")
    editor.select_option("#id_statistics-0-country_b", "BE")
    editor.fill("#id_statistics-0-quote", FIGURE_QUOTE)

    editor.select_option("#id_status", "in_review")
    editor.fill("#id_status_note", REVIEW_NOTE)
    screenshot(editor, "loop-03-article-form")
    save(editor)
    expect(editor.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    role = Role.objects.get(article=article)
    assert (role.person, role.organisation.slug, role.quote) == (
        baimukhan,
        "republic-of-kazakhstan",
        ROLE_QUOTE,
    )
    figure = Statistic.objects.get(article=article)
    assert figure.value_label == "almost 1.2 billion USD"

    # --- The editor: the preview; the public page is not there yet ---------------------------
    editor.goto(f"/admin/archive/article/{article.pk}/change/")
    with editor.expect_navigation():
        editor.locator("a.previewlink").click()
    assert editor.url == f"{site}/preview/articles/{article.slug}/"
    expect(editor.locator(".preview-banner")).to_contain_text("in review")
    expect(editor.locator("meta[name=robots]")).to_have_attribute("content", "noindex")
    assert len(article_paragraphs(editor)) == 3, "the preview shows the text's paragraphs"
    screenshot(editor, "loop-04-preview")

    public_url = f"{site}/articles/{article.slug}/"
    reader = open_page()
    reader.watch.allow(public_url)
    assert reader.goto(public_url).status == 404, "an article in review is not public"

    # --- Staff in no group: nothing to see, and told whom to ask -----------------------------
    nobody = open_page("nobody")
    expect(nobody.locator("#content-main")).to_contain_text(
        "You don’t have permission to view or edit anything"
    )
    expect(nobody.locator("#roles")).to_contain_text("ask an administrator")
    for group in (EDITORS, PUBLISHERS):
        name = nobody.locator("#roles th", has_text=group).bounding_box()
        assert name["width"] > name["height"], f"“{group}” reads on one line, not letter by letter"
    expect(nobody.locator("#work-queue")).to_have_count(0)
    expect(nobody.get_by_role("link", name="Data quality", exact=True)).to_have_count(0)
    screenshot(nobody, "loop-05-staff-in-no-group")
    forbidden = {
        f"{site}/admin/archive/article/{article.pk}/change/": 403,
        f"{site}/admin/data-quality/": 403,
        f"{site}/preview/articles/{article.slug}/": 404,
    }
    for url, status in forbidden.items():
        nobody.watch.allow(url)
        assert nobody.goto(url).status == status, f"{url} for staff in no group"

    # --- The publisher: from the work queue to published --------------------------------------
    publisher = open_page("pub")
    waiting = publisher.locator("#work-queue tr", has_text="Articles awaiting review")
    expect(waiting.locator(".work-count")).to_have_text("1")
    screenshot(publisher, "loop-06-work-queue")
    waiting.get_by_role("link").click()
    publisher.check(f"input[name=_selected_action][value='{article.pk}']")
    publisher.select_option("select[name=action]", "publish")
    publisher.locator("button[name=index]").click()
    expect(publisher.locator("#status-step-articles")).to_contain_text(TITLE)
    publisher.fill("#id_note", PUBLISH_NOTE)
    screenshot(publisher, "loop-07-publish-confirmation")
    publisher.locator("input[name=confirm]").click()
    expect(publisher.locator(".messagelist")).to_contain_text("1 article published.")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # --- The publisher: a correction needs its reason -----------------------------------------
    corrected_body = article.body.replace(
        "new investment projects", "new joint investment projects"
    )
    publisher.goto(f"/admin/archive/article/{article.pk}/change/")
    publisher.fill("#id_body", corrected_body.replace("\n", "\r\n"))
    save(publisher)
    expect(publisher.locator(".errornote")).to_be_visible()
    expect(publisher.locator(".field-correction_reason .errorlist")).to_contain_text(
        "give the reason for the change"
    )
    screenshot(publisher, "loop-08-correction-without-reason")
    article.refresh_from_db()
    assert "joint" not in article.body, "nothing is saved without the reason"
    assert not article.corrections.exists()

    publisher.fill("#id_correction_reason", CORRECTION_REASON)
    save(publisher)
    expect(publisher.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.body == corrected_body
    correction = Correction.objects.get(article=article)
    assert correction.reason == CORRECTION_REASON

    # --- The public: the page, the API, OAI-PMH ------------------------------------------------
    reader.goto(public_url)
    paragraphs = article_paragraphs(reader)
    assert len(paragraphs) == 3, f"three paragraphs on the public page, not {paragraphs!r}"
    assert "new joint investment projects" in paragraphs[2]
    assert "\r" not in reader.locator(".article-body").inner_html()
    expect(reader.locator("#corrections")).to_contain_text("Corrections and changes")
    expect(reader.locator("#corrections")).to_contain_text(CORRECTION_REASON)
    expect(reader.locator(".entity-role")).to_have_text(
        "Ambassador of Kazakhstan to Belgium, Republic of Kazakhstan"
    )
    expect(reader.locator(".side-panel")).to_contain_text("almost 1.2 billion USD")
    screenshot(reader, "loop-09-public-page")

    api = reader.request.get(f"/api/articles/{article.slug}/")
    assert api.status == 200
    record = json.loads(api.text())
    assert record["body"] == corrected_body
    assert "\r" not in record["body"]
    assert [c["reason"] for c in record["corrections"]] == [CORRECTION_REASON]

    oai = reader.request.get(
        "/oai/",
        params={
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": oai_identifier(article),
        },
    )
    assert oai.status == 200
    descriptions = [element.text for element in ET.fromstring(oai.body()).iter(f"{DC}description")]
    assert any(CORRECTION_REASON in (text or "") for text in descriptions), descriptions

    # --- The status log in the admin keeps each step's note ------------------------------------
    publisher.goto(f"/admin/archive/statuschange/?q={TITLE}")
    log = publisher.locator("#result_list")
    expect(log).to_contain_text(REVIEW_NOTE)
    expect(log).to_contain_text(PUBLISH_NOTE)
    screenshot(publisher, "loop-10-status-log")
    steps = StatusChange.objects.filter(article=article).order_by("changed_at", "pk")
    assert [(step.to_status, step.changed_by.username, step.note) for step in steps][-2:] == [
        (Article.Status.IN_REVIEW, "ed", REVIEW_NOTE),
        (Article.Status.PUBLISHED, "pub", PUBLISH_NOTE),
    ]
