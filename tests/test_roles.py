"""The roles: each group has exactly its documented permissions, and each alone is enough."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from archive import roles
from archive.importing.importer import import_text
from archive.models import Article

from .admin_forms import post_confirmed

migration = __import__("archive.migrations.0011_group_permissions", fromlist=["Migration"])


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.parametrize("group_name", [roles.EDITORS, roles.PUBLISHERS])
def test_each_group_has_exactly_the_documented_permissions(db, group_name):
    assert codenames(group_name) == roles.GROUP_PERMISSIONS[group_name]


def test_every_permission_of_the_archive_is_given_or_withheld_on_purpose(db):
    archive = set(
        Permission.objects.filter(content_type__app_label="archive").values_list(
            "codename", flat=True
        )
    )

    assert archive == roles.PUBLISHER_PERMISSIONS | roles.WITHHELD_PERMISSIONS
    assert not roles.PUBLISHER_PERMISSIONS & roles.WITHHELD_PERMISSIONS


def test_the_migration_keeps_the_same_lists_as_the_roles(db):
    assert set(migration.EDITOR_PERMISSIONS) == roles.EDITOR_PERMISSIONS
    assert set(migration.PUBLISHER_PERMISSIONS) == roles.PUBLISHER_PERMISSIONS


def test_the_migration_can_be_undone_and_done_again(db):
    migration.back_to_publishing_alone(apps, None)
    assert codenames(roles.PUBLISHERS) == {"publish_article"}

    migration.give_complete_permissions(apps, None)
    assert codenames(roles.PUBLISHERS) == roles.PUBLISHER_PERMISSIONS


def test_editors_write_corrections_but_never_delete_one(editor):
    assert editor.has_perm("archive.add_correction")
    assert editor.has_perm("archive.change_correction")
    assert not editor.has_perm("archive.delete_correction")
    assert not editor.has_perm("archive.publish_article")


def test_a_member_of_publishers_alone_can_work(corpus, client):
    publisher = User.objects.create_user("only-publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=roles.PUBLISHERS))
    client.force_login(publisher)
    article = import_text(b" date 2023-05-04 A visit\n\nALMATY. KAZINFORM - It met.", "v.txt")
    article = article.article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)

    index = client.get(reverse("admin:index"))
    post_confirmed(
        client,
        reverse("admin:archive_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"},
    )

    assert "have permission to view or edit anything" not in index.content.decode()
    assert index.context["app_list"]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_roles_are_described_for_the_admin_index():
    described = roles.describe_roles()

    assert [role["name"] for role in described] == [roles.EDITORS, roles.PUBLISHERS, None]
    for role in described:
        assert role["description"] and (role["may"] or role["may_not"])
    assert "publish or withdraw an article" in map(str, described[0]["may_not"])
