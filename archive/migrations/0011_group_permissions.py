"""
The groups' complete permissions, so that each group alone is enough to work.

Until now "Publishers" held only `publish_article`: a publisher who was not also an editor saw
"You don't have permission to view or edit anything". Now:

- Editors curate everything: add, change, delete and view every record and link (topics,
  places, people, organisations and their aliases, articles, authorships, mentions, roles,
  events, participants, reports, indicators, statistics); view, decide and drop suggestions;
  add, change and view corrections (never delete a public one); view the status log and the
  moved addresses (written by the archive, not by hand). No publishing.
- Publishers: all of the editors' permissions, and `publish_article`.
- Staff in neither group see nothing; superusers keep everything.

The lists are copied here rather than imported from archive/roles.py, so this migration stays
what it was when that module changes; tests/test_roles.py checks the two agree.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
PUBLISHERS = "Publishers"
PUBLISH = "publish_article"

CURATED_MODELS = (
    "topic",
    "place",
    "placealias",
    "person",
    "personalias",
    "organisation",
    "organisationalias",
    "article",
    "authorship",
    "personmention",
    "organisationmention",
    "placemention",
    "role",
    "event",
    "eventparticipant",
    "eventreport",
    "indicator",
    "statistic",
)
EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in CURATED_MODELS
    for action in ("add", "change", "delete", "view")
] + [
    "view_suggestion",
    "change_suggestion",
    "delete_suggestion",
    "view_correction",
    "add_correction",
    "change_correction",
    "view_statuschange",
    "view_movedrecord",
]
PUBLISHER_PERMISSIONS = [*EDITOR_PERMISSIONS, PUBLISH]


def archive_permissions(apps):
    # Permissions are normally created after all migrations have run; create them now so the
    # groups can be given those of the models added since (corrections) on a fresh database.
    archive_config = apps.get_app_config("archive")
    archive_config.models_module = True
    create_permissions(archive_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="archive")


def give_complete_permissions(apps, schema_editor):
    permissions = archive_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, codenames in [(EDITORS, EDITOR_PERMISSIONS), (PUBLISHERS, PUBLISHER_PERMISSIONS)]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions.filter(codename__in=codenames))


def back_to_publishing_alone(apps, schema_editor):
    # As migration 0004 left them: editors every archive permission but publishing,
    # publishers publishing alone.
    permissions = archive_permissions(apps)
    Group = apps.get_model("auth", "Group")
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(permissions.exclude(codename=PUBLISH))
    publishers, _created = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set(permissions.filter(codename=PUBLISH))


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_corrections_and_generic_aliases")]

    operations = [migrations.RunPython(give_complete_permissions, back_to_publishing_alone)]
