"""
Search in the archive's five languages and two scripts (archive/search.py, archive/namesearch.py).

- Every person's, body's and place's `search_text` gets the Latin key of each of its names
  (archive.text.names_search_text), so that `Назарбаев` and `Nazarbayev` find the same person.
- PostgreSQL: the generated `search_vector` is built again, each text with its own language's
  text-search configuration rather than English for all (archive/fulltext.py), and its GIN
  index with it. SQLite's FTS5 index already folds case and accents; it has nothing to rebuild.

Reversing it puts back the English-only vector of migration 0005 and the folded names alone.
"""

import unicodedata

from django.db import migrations

from archive import fulltext
from archive.text import names_search_text

# Each named record's own names at this migration (NamedEntity.own_names in archive/models).
OWN_NAMES = {"person": ("name", "sort_name"), "organisation": ("name", "acronym"), "place": ("name",)}

# The vector as migration 0005 built it, every text read as English.
POSTGRESQL_ENGLISH_VECTOR = """
    ALTER TABLE archive_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'B')
    ) STORED"""
POSTGRESQL_INDEX = """
    CREATE INDEX archive_article_search_vector_gin ON archive_article USING GIN (search_vector)"""


def old_search_text(names):
    # archive.text.fold as it was when the folded names alone were kept.
    text = " | ".join(name for name in names if name).translate(_PUNCTUATION)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.split()).casefold()


_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
        "\u00a0": " ",
    }
)


def refresh_names(apps, build):
    for model_name, fields in OWN_NAMES.items():
        model = apps.get_model("archive", model_name)
        for record in model.objects.prefetch_related("aliases").iterator(chunk_size=500):
            names = [getattr(record, field) for field in fields]
            names += [alias.name for alias in sorted(record.aliases.all(), key=_alias_order)]
            search_text = build(names)
            if search_text != record.search_text:
                model.objects.filter(pk=record.pk).update(search_text=search_text)


def _alias_order(alias):
    return (alias.name, alias.id)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.drop_index(schema_editor.connection)
        fulltext.ensure_index(schema_editor.connection)
    refresh_names(apps, names_search_text)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.drop_index(schema_editor.connection)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(POSTGRESQL_ENGLISH_VECTOR)
            cursor.execute(POSTGRESQL_INDEX)
    refresh_names(apps, old_search_text)


class Migration(migrations.Migration):
    dependencies = [("archive", "0014_editions_and_alias_origin")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
