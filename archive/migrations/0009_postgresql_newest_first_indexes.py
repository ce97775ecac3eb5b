"""
PostgreSQL only: indexes in the order the lists show records, newest first with undated ones
last (`date_sort DESC NULLS LAST`; an indicator's figures by `period_upper` the same way). PostgreSQL cannot walk a plain index for that order (its
descending scans put nulls first), so without these it sorts every published article for each
page of a list. SQLite's descending order already puts nulls last, and the ordinary indexes
serve it; Django's Index cannot express NULLS LAST in a way SQLite accepts, hence raw SQL.
"""

from django.db import migrations

INDEXES = {
    "article_status_newest_idx": "archive_article (status, date_sort DESC NULLS LAST, id DESC)",
    "event_newest_idx": "archive_event (date_sort DESC NULLS LAST, id DESC)",
    "statistic_latest_first_idx": (
        "archive_statistic (indicator_id, period_upper DESC NULLS LAST, id DESC)"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_indexes_for_key_figures_and_planned_events")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
