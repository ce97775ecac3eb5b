"""
The database objects behind full-text search on articles (see archive.search), per engine.

SQLite: an external-content FTS5 table over `archive_article` kept in step by triggers. Django
rebuilds a SQLite table when a migration alters it, and the triggers go with the old table;
`ensure_index` (run after every migrate) puts back whatever is missing and rebuilds the index.
PostgreSQL: a generated tsvector column with a GIN index, which the database keeps in step.
"""

SQLITE_TABLE = "archive_article_fts"
SQLITE_TRIGGERS = {
    "archive_article_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS archive_article_fts_insert AFTER INSERT ON archive_article
        BEGIN
            INSERT INTO archive_article_fts(rowid, title, body)
            VALUES (new.id, new.title, new.body);
        END""",
    "archive_article_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS archive_article_fts_delete AFTER DELETE ON archive_article
        BEGIN
            INSERT INTO archive_article_fts(archive_article_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        END""",
    "archive_article_fts_update": """
        CREATE TRIGGER IF NOT EXISTS archive_article_fts_update
        AFTER UPDATE OF title, body ON archive_article
        BEGIN
            INSERT INTO archive_article_fts(archive_article_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO archive_article_fts(rowid, title, body)
            VALUES (new.id, new.title, new.body);
        END""",
}
SQLITE_CREATE_TABLE = """
    CREATE VIRTUAL TABLE IF NOT EXISTS archive_article_fts USING fts5(
        title, body,
        content='archive_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )"""

POSTGRESQL_CREATE = [
    """
    ALTER TABLE archive_article ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'B')
    ) STORED""",
    """
    CREATE INDEX IF NOT EXISTS archive_article_search_vector_gin
    ON archive_article USING GIN (search_vector)""",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS archive_article_search_vector_gin",
    "ALTER TABLE archive_article DROP COLUMN IF EXISTS search_vector",
]


def _existing_sqlite_triggers(cursor):
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'archive_article'"
    )
    return {name for (name,) in cursor.fetchall()}


def ensure_index(connection):
    """Create whatever part of the index is missing; rebuild the SQLite index if it was."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRESQL_CREATE:
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            existing = _existing_sqlite_triggers(cursor)
            cursor.execute(SQLITE_CREATE_TABLE)
            for statement in SQLITE_TRIGGERS.values():
                cursor.execute(statement)
            if set(SQLITE_TRIGGERS) - existing:
                cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')")


def drop_index(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRESQL_DROP:
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
