"""Full-text search on articles: FTS5 on SQLite, a generated tsvector with GIN on PostgreSQL."""

from django.db import migrations

from archive import fulltext


def create_index(apps, schema_editor):
    fulltext.ensure_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    fulltext.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_curation_publishers_group")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
