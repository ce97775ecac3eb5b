"""Fixtures shared by the whole suite: the curated corpus, users of each kind, the built export."""

import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from archive import roles
from archive.corpus import corpus_paths
from archive.models import Article

from .api_schema import check_api_response
from .web_pages import private_addresses_allowed, web_server  # noqa: F401  (fixtures)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the curated corpus once into the test database; tests roll back their changes."""
    with django_db_blocker.unblock():
        call_command("loaddata", *corpus_paths(), verbosity=0)


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """
    A request activates its language for the rest of its thread, as Django's own middleware
    does (the next request activates its own); between tests that would carry one test's
    language into the next one's URLs and messages.
    """
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def api_answers_keep_to_the_schema(monkeypatch):
    """
    Every API answer a test gets from the test client is checked against the API's OpenAPI
    schema (tests/api_schema.py), so that each API test also tests the schema.
    """
    request = Client.request

    def checked_request(self, **kwargs):
        response = request(self, **kwargs)
        check_api_response(response)
        return response

    monkeypatch.setattr(Client, "request", checked_request)


@pytest.fixture
def corpus(db):
    """The seed corpus, reloaded if a transactional test emptied the database before."""
    if not Article.objects.exists():
        call_command("loaddata", *corpus_paths(), verbosity=0)


@pytest.fixture
def built_export(settings, tmp_path, corpus):
    """The bulk export as the schedule builds it (`build_export`), in the test's own folder."""
    settings.EXPORT_CACHE_DIR = tmp_path / "export-cache"
    call_command("build_export", stdout=io.StringIO())
    return settings.EXPORT_CACHE_DIR / "kzbe-archive.zip"


def role_group(name):
    """
    The group of role `name` with its permissions, as migration 0011 leaves it: a test with a
    live server empties every table (permissions come back by themselves, groups do not).
    """
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="archive", codename__in=roles.GROUP_PERMISSIONS[name]
            )
        )
    return group


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="editor-password", is_staff=True)
    user.groups.add(role_group(roles.EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def plain_staff(db):
    return User.objects.create_user("staff", password="staff-password", is_staff=True)


ARCHIVE_TABLES_IN_DELETION_ORDER = [
    "Correction",
    "Statistic",
    "EventReport",
    "EventParticipant",
    "Role",
    "Event",
    "PersonMention",
    "OrganisationMention",
    "PlaceMention",
    "Authorship",
    "ReceivedFile",
    "Article",
    "PersonAlias",
    "OrganisationAlias",
    "PlaceAlias",
    "Person",
    "Organisation",
    "Place",
    "Indicator",
    "Topic",
]


def delete_archive_records():
    from django.apps import apps

    for model in [apps.get_model("archive", "Article"), apps.get_model("archive", "Event")]:
        model.topics.through.objects.all().delete()
    for name in ARCHIVE_TABLES_IN_DELETION_ORDER:
        model = apps.get_model("archive", name)
        if name == "Organisation":
            model.objects.update(parent=None)
        # Bypass the PROTECT checks: everything is going, in dependency order.
        model.objects.all()._raw_delete(model.objects.db)


@pytest.fixture
def empty_archive(db):
    """An archive with no records at all (rolled back after the test)."""
    delete_archive_records()


@pytest.fixture
def publisher(db):
    """A member of the "Publishers" group alone, as publishers are: they need no other group."""
    user = User.objects.create_user("publisher", password="publisher-password", is_staff=True)
    user.groups.add(role_group(roles.PUBLISHERS))
    return user


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client
