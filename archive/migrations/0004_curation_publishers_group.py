"""
Publishing becomes a separate role. The "Editors" group keeps every permission on the
archive's records (now also on suggestions and the status log) except `publish_article`; a new
"Publishers" group holds `publish_article` and is given to editors trusted to publish and
withdraw, on top of "Editors".
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
PUBLISHERS = "Publishers"
PUBLISH = "publish_article"


def split_publishing(apps, schema_editor):
    archive_config = apps.get_app_config("archive")
    archive_config.models_module = True
    create_permissions(archive_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    archive_permissions = Permission.objects.filter(content_type__app_label="archive")
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(archive_permissions.exclude(codename=PUBLISH))
    publishers, _created = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set(archive_permissions.filter(codename=PUBLISH))


def join_publishing(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=PUBLISHERS).delete()
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="archive", codename=PUBLISH)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_curation_suggestions_and_status_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(split_publishing, join_publishing)]
