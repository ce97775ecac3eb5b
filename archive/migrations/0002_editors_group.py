"""The "Editors" group: everything curators need on the archive's records, and nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now so the
    # group can be given them on a fresh database.
    archive_config = apps.get_app_config("archive")
    archive_config.models_module = True
    create_permissions(archive_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(Permission.objects.filter(content_type__app_label="archive"))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
