"""The editors' admin: every page loads and saves for an editor, and only for an editor."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import RequestFactory
from django.urls import reverse

from archive import roles
from archive.models import Article, Indicator, Person, Role

from .admin_forms import post_confirmed

pytestmark = pytest.mark.django_db

ARCHIVE_ADMINS = [
    model_admin
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "archive"
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """The POST data an editor's browser would send back for an unchanged admin form."""
    data = {}
    if response.context.get("edit_token"):
        data["edit_token"] = response.context["edit_token"]
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
        forms.extend(formset.initial_forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif value is True:
                data[key] = "on"
            else:
                data[key] = field.prepare_value(value) if hasattr(field, "prepare_value") else value
    return data


@pytest.mark.parametrize("model_admin", ARCHIVE_ADMINS, ids=lambda ma: ma.model.__name__)
def test_every_change_list_loads_for_an_editor(editor_client, corpus, model_admin):
    response = editor_client.get(admin_url(model_admin.model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model_admin.model.objects.count()


def editable(model_admin, user, permission):
    request = RequestFactory().get("/")
    request.user = user
    if permission == "add":
        return model_admin.has_add_permission(request)
    return model_admin.has_change_permission(request) and model_admin.model.objects.exists()


@pytest.mark.parametrize("model_admin", ARCHIVE_ADMINS, ids=lambda ma: ma.model.__name__)
def test_every_add_page_loads_for_an_editor(editor_client, editor, corpus, model_admin):
    expected = 200 if editable(model_admin, editor, "add") else 403
    assert editor_client.get(admin_url(model_admin.model, "add")).status_code == expected


@pytest.mark.parametrize("model_admin", ARCHIVE_ADMINS, ids=lambda ma: ma.model.__name__)
def test_every_change_page_loads_and_saves_unchanged(editor_client, editor, corpus, model_admin):
    if not editable(model_admin, editor, "change"):
        pytest.skip("records of this kind are made by the archive, not edited by hand")
    record = model_admin.model.objects.order_by("pk").last()
    url = admin_url(model_admin.model, "change", record.pk)
    response = editor_client.get(url)
    assert response.status_code == 200
    response = editor_client.post(url, form_data(response))
    errors = getattr(response, "context", None) and response.context.get("errors")
    assert response.status_code == 302, errors
    assert response.url == admin_url(model_admin.model, "changelist")


def test_an_editor_adds_a_person_with_an_alias(editor_client, corpus):
    response = editor_client.post(
        admin_url(Person, "add"),
        {
            "name": "Eliane Tillieux",
            "sort_name": "Tillieux, Eliane",
            "slug": "eliane-tillieux",
            "country": "BE",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Mme Tillieux",
            "aliases-0-language": "fr",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(slug="eliane-tillieux")
    assert list(person.aliases.values_list("name", flat=True)) == ["Mme Tillieux"]


def test_the_admin_shows_a_misquote_as_an_error(editor_client, corpus):
    role = Role.objects.get(person__slug="stephanie-dhose", organisation__slug="belgian-senate")
    url = admin_url(Role, "change", role.pk)
    data = form_data(editor_client.get(url))
    data["quote"] = "Speaker of the Belgian Senate, Stephanie D'Hose"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "quotation marks" in response.content.decode()
    role.refresh_from_db()
    assert role.quote == "Speaker of the Belgian Senate, Stephanie D’Hose"


def test_admin_search_finds_a_person_by_an_alias(editor_client, corpus):
    response = editor_client.get(admin_url(Person, "changelist"), {"q": "M.Baimukhan"})
    assert [p.slug for p in response.context["cl"].result_list] == ["margulan-baimukhan"]


@pytest.mark.parametrize(
    ("model_name", "field_name", "model"),
    [("role", "person", Person), ("statistic", "indicator", Indicator)],
)
def test_the_autocompletes_list_records_in_their_order(
    editor_client, corpus, model_name, field_name, model
):
    # Counted in their admin's lists (articles mentioning a person, an indicator's figures),
    # people and indicators used to come in no order in the autocompletes that page through them.
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "archive", "model_name": model_name, "field_name": field_name, "term": ""},
    )

    listed = [result["text"] for result in response.json()["results"]]
    in_order = [str(record) for record in model.objects.all()]
    assert len(listed) > 1
    assert listed == in_order[: len(listed)]


def test_admin_refuses_to_delete_a_person_facts_point_to(editor_client, corpus):
    person = Person.objects.get(slug="kassym-jomart-tokayev")
    response = editor_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_original_text_is_read_only_once_saved(editor_client, corpus):
    article = Article.objects.first()
    original = article.raw_text
    url = admin_url(Article, "change", article.pk)
    response = editor_client.get(url)
    assert "raw_text" not in response.context["adminform"].form.fields
    assert original.splitlines()[0] in response.content.decode()
    data = form_data(response)
    data["raw_text"] = "tampered"
    editor_client.post(url, data)
    article.refresh_from_db()
    assert article.raw_text == original


def test_a_publisher_publishes_and_withdraws_with_actions(publisher_client, corpus):
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    changelist = admin_url(Article, "changelist")
    selected = {"_selected_action": [article.pk], "confirm": "yes"}
    post_confirmed(publisher_client, changelist, {"action": "publish", **selected})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    post_confirmed(publisher_client, changelist, {"action": "unpublish", **selected})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_without_the_publish_permission_publishing_is_not_offered(client, corpus):
    curator = User.objects.create_user("curator", is_staff=True)
    curator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="archive").exclude(
            codename="publish_article"
        )
    )
    client.force_login(curator)
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    response = client.get(admin_url(Article, "change", article.pk))
    offered = dict(response.context["adminform"].form.fields["status"].choices)
    assert Article.Status.PUBLISHED not in offered
    response = client.get(admin_url(Article, "changelist"))
    assert "publish" not in dict(response.context["action_form"].fields["action"].choices)


def test_staff_outside_the_editors_group_see_nothing(client, plain_staff):
    client.force_login(plain_staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []
    assert client.get(admin_url(Article, "changelist")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, corpus):
    response = client.get(admin_url(Article, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_editors_group_can_curate_every_archive_model(editor):
    for model_admin in ARCHIVE_ADMINS:
        assert editor.has_perm(f"archive.view_{model_admin.model._meta.model_name}")
    for model_name in roles.CURATED_MODELS:
        for action in ("view", "add", "change", "delete"):
            assert editor.has_perm(f"archive.{action}_{model_name}"), (action, model_name)
    assert not editor.has_perm("auth.change_user")
