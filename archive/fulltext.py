"""
The database objects behind full-text search on articles (see archive.search), per engine, and
the engine-specific pieces of SQL that search them.

SQLite: an external-content FTS5 table over `archive_article` kept in step by triggers. Django
rebuilds a SQLite table when a migration alters it, and the triggers go with the old table;
`ensure_index` (run after every migrate) puts back whatever is missing and rebuilds the index.
Its tokenizer folds case and accents (`unicode61 remove_diacritics 2`: Liège is liege) and
stems English words (`porter`); SQLite has no stemmer for the other languages.

PostgreSQL: a generated tsvector column with a GIN index, which the database keeps in step.
Each text is indexed with its own language's text-search configuration (`english`, `russian`,
`french`, `dutch`; `simple`, which only folds case, for Kazakh and any other language, as
PostgreSQL has none for Kazakh). A query is parsed with every configuration and matched against
each text in its own language's parse: `Бельгии` finds a Russian text saying `Бельгия`, and a
French stem does not match an English text. One GIN index serves it: the parses joined by OR
pick the candidates from the index, and the parse in the text's language decides
(`PostgreSQLMatch`).
"""

from django.db.models import BooleanField, F, Func

# The text-search configuration of a language, by the first subtag of its BCP 47 tag.
POSTGRESQL_CONFIGS = {"en": "english", "ru": "russian", "fr": "french", "nl": "dutch"}
POSTGRESQL_OTHER_CONFIG = "simple"  # Kazakh (kk), and any language without one of its own

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


def postgresql_config(language_sql):
    """SQL giving the text-search configuration for the language tag in `language_sql`."""
    cases = " ".join(
        f"WHEN '{code}' THEN 'pg_catalog.{config}'::regconfig"
        for code, config in POSTGRESQL_CONFIGS.items()
    )
    other = f"'pg_catalog.{POSTGRESQL_OTHER_CONFIG}'::regconfig"
    # Literal regconfig constants keep the expression immutable, as a generated column needs.
    return f"(CASE lower(split_part({language_sql}, '-', 1)) {cases} ELSE {other} END)"


POSTGRESQL_VECTOR = """
    setweight(to_tsvector({config}, coalesce(title, '')), 'A')
    || setweight(to_tsvector({config}, coalesce(search_text, '')), 'B')"""
POSTGRESQL_CREATE = [
    f"""
    ALTER TABLE archive_article ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS ({POSTGRESQL_VECTOR.format(config=postgresql_config("language"))})
    STORED""",
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


# --- Queries ----------------------------------------------------------------------------------


def postgresql_query(phrases, config, operator="&&"):
    """
    A tsquery of the phrases (lists of words), parsed with one configuration: every phrase
    (`&&`), or any (`||`).
    """
    parse = f"phraseto_tsquery('pg_catalog.{config}'::regconfig, %s)"
    return f"({f' {operator} '.join([parse] * len(phrases))})", [" ".join(w) for w in phrases]


def postgresql_any_language_query(phrases):
    """The query parsed with every configuration, joined by OR: what the GIN index is asked."""
    parts = [
        postgresql_query(phrases, config)
        for config in [*POSTGRESQL_CONFIGS.values(), POSTGRESQL_OTHER_CONFIG]
    ]
    return "(" + " || ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


def postgresql_own_language_query(phrases, language_sql, language_params=(), operator="&&"):
    """The query parsed with the configuration of the language in `language_sql`."""
    sql, params = f"CASE lower(split_part({language_sql}, '-', 1))", [*language_params]
    for code, config in POSTGRESQL_CONFIGS.items():
        query, query_params = postgresql_query(phrases, config, operator)
        sql += f" WHEN '{code}' THEN {query}"
        params += query_params
    query, query_params = postgresql_query(phrases, POSTGRESQL_OTHER_CONFIG, operator)
    return f"({sql} ELSE {query} END)", [*params, *query_params]


def postgresql_match(vector_sql, language_sql, phrases, vector_params=(), language_params=()):
    """SQL true for an article whose text holds the phrases, read in its own language."""
    any_sql, any_params = postgresql_any_language_query(phrases)
    own_sql, own_params = postgresql_own_language_query(phrases, language_sql, language_params)
    return (
        f"({vector_sql} @@ {any_sql} AND {vector_sql} @@ {own_sql})",
        [*vector_params, *any_params, *vector_params, *own_params],
    )


class PostgreSQLMatch(Func):
    """`postgresql_match` as an expression, for an article queryset's filter."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, phrases):
        from .search import SearchVectorColumn

        super().__init__(SearchVectorColumn(), F("language"))
        self.phrases = phrases

    def as_sql(self, compiler, connection, **extra_context):
        vector, language = self.get_source_expressions()
        vector_sql, vector_params = compiler.compile(vector)
        language_sql, language_params = compiler.compile(language)
        return postgresql_match(
            vector_sql, language_sql, self.phrases, vector_params, language_params
        )


def postgresql_headline_options(start, stop, words):
    return f"StartSel={start}, StopSel={stop}, MaxWords={words}, MinWords={words // 2}"
