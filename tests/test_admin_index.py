"""
The admin index: the editors' work queue (each a count and a link to the list behind it), the
models in the editors' sections, and who may do what.
"""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article, Person, Suggestion

from .site_helpers import make_article

INDEX = reverse("admin:index")


def queue(response):
    return {str(item["label"]): item for item in response.context["work_queue"]}


def sections(response):
    return {
        str(app["name"]): [m["object_name"] for m in app["models"]]
        for app in response.context["app_list"]
    }


@pytest.fixture
def waiting_work(corpus):
    """One article in review, two drafts (the older imported ten days ago), one suggestion."""
    make_article("in-review", status=Article.Status.IN_REVIEW)
    recent = make_article("recent-draft", status=Article.Status.DRAFT)
    older = make_article("older-draft", status=Article.Status.DRAFT, date_edtf="")
    Article.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=10))
    Suggestion.objects.create(
        article=recent,
        kind="person",
        match="known",
        person=Person.objects.get(slug="aigul-kuspan"),
        surface_forms=["Aigul Kuspan"],
    )
    return {"recent": recent, "older": older}


def test_it_counts_what_waits_and_links_to_the_lists_behind(editor_client, waiting_work):
    items = queue(editor_client.get(INDEX))

    assert items["Articles awaiting review"]["count"] == 1
    assert items["Drafts"]["count"] == 2
    assert items["Suggested links waiting"]["count"] == 1
    assert items["Data-quality findings"]["count"] == 2  # the undated draft, its waiting link
    for label in ("Articles awaiting review", "Drafts", "Suggested links waiting"):
        listed = editor_client.get(items[label]["url"])
        assert listed.context["cl"].result_count == items[label]["count"], label
    assert editor_client.get(items["Data-quality findings"]["url"]).context["problem_count"] == 2


def test_it_lists_the_oldest_drafts_first_with_how_long_they_have_waited(
    editor_client, waiting_work
):
    response = editor_client.get(INDEX)

    oldest = [draft["article"] for draft in queue(response)["Drafts"]["oldest"]]
    assert oldest == [waiting_work["older"], waiting_work["recent"]]
    assertContains(response, "waiting 1\xa0week, 3\xa0days")


def test_staff_without_permissions_see_no_queue_and_are_told_they_are_in_no_group(
    client, plain_staff, waiting_work
):
    client.force_login(plain_staff)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert response.context["work_queue"] == []
    assertNotContains(response, 'id="work-queue"')
    assertContains(response, "You are in no group yet")
    assertContains(response, "Staff in no group <strong>(you)</strong>", html=False)
    # The data-quality page would refuse them: it is not offered either.
    assertNotContains(response, reverse("admin:data_quality"))


def test_staff_without_permissions_are_offered_no_curation_page_they_may_not_open(
    client, plain_staff, editor, corpus
):
    data_quality = reverse("admin:data_quality")
    client.force_login(plain_staff)

    assertNotContains(client.get(INDEX), f'href="{data_quality}"')
    assert client.get(data_quality).status_code == 403

    client.force_login(editor)
    assertContains(client.get(INDEX), f'href="{data_quality}"')


def test_it_groups_the_models_the_way_editors_think(editor_client, corpus):
    grouped = sections(editor_client.get(INDEX))

    assert list(grouped) == ["Records", "Facts drawn from texts", "Curation log"]
    assert grouped["Records"][:3] == ["Article", "Person", "Organisation"]
    assert "Statistic" in grouped["Facts drawn from texts"]
    assert "Suggestion" in grouped["Curation log"]


def test_a_superuser_sees_every_model_once_with_users_and_groups_under_system(client, corpus):
    client.force_login(User.objects.create_superuser("root", password="root-password"))

    grouped = sections(client.get(INDEX))

    assert list(grouped)[-1] == "System"
    assert {"User", "Group"} <= set(grouped["System"])
    every_model = [name for models in grouped.values() for name in models]
    assert len(every_model) == len(set(every_model))
    assert len(every_model) == len(admin.site._registry)


def test_an_apps_own_page_still_lists_its_models(editor_client, corpus):
    response = editor_client.get(reverse("admin:app_list", kwargs={"app_label": "archive"}))

    assert response.status_code == 200
    ((app),) = response.context["app_list"]
    assert app["app_label"] == "archive"
    assert "Article" in [model["object_name"] for model in app["models"]]


def test_it_says_who_may_do_what_and_which_groups_you_are_in(client, publisher, corpus):
    client.force_login(publisher)

    response = client.get(INDEX)

    roles = {role["name"]: role for role in response.context["roles"]}
    assert set(roles) >= {"Editors", "Publishers"}
    assert roles["Publishers"]["is_member"] and not roles["Editors"]["is_member"]
    assert "publish or withdraw an article" in [str(line) for line in roles["Editors"]["may_not"]]
    assertContains(response, "publish and withdraw articles")
    assertContains(response, "Who may do what")
    assertNotContains(response, "You are in no group yet")


def test_an_editor_is_not_told_they_are_a_publisher(editor_client, corpus):
    roles = {role["name"]: role for role in editor_client.get(INDEX).context["roles"]}

    assert roles["Editors"]["is_member"] and not roles["Publishers"]["is_member"]
    assert Group.objects.filter(name="Publishers").exists()


@pytest.mark.parametrize("drafts", [1, 20])
def test_the_index_costs_a_bounded_number_of_queries(
    editor_client, corpus, drafts, django_assert_max_num_queries
):
    for number in range(drafts):
        make_article(f"draft-{number}", status=Article.Status.DRAFT)
    # session, user, the user's groups (roles), the user's permissions (2);
    # in review, drafts, oldest drafts, pending suggestions (4); the data-quality checks (18,
    # as on their own page, remembered outside tests); recent actions (1).
    with django_assert_max_num_queries(29):
        response = editor_client.get(INDEX)
    assert response.status_code == 200
