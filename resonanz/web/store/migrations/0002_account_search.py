"""The full-text index of accounts (``account_search``), one per database vendor.

SQLite: an FTS5 virtual table (``rowid`` = the account's id) over the handle's words and the
normalised search document, tokenised by ``unicode61 remove_diacritics 2``.
PostgreSQL: a table with a generated ``tsvector`` (handle words by the 'simple' configuration,
weight A; the document by 'german', weight B) and a GIN index.
Documents are written by :func:`resonanz.web.store.search.refresh_search_index`.
"""

from django.db import migrations

_SQLITE = [
    "CREATE VIRTUAL TABLE account_search USING fts5("
    "handle, body, workspace_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
]
_SQLITE_DROP = ["DROP TABLE IF EXISTS account_search"]

_POSTGRES = [
    "CREATE TABLE account_search ("
    " account_id bigint PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
    " workspace_id bigint NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,"
    " handle text NOT NULL,"
    " body text NOT NULL,"
    " tsv tsvector GENERATED ALWAYS AS ("
    "  setweight(to_tsvector('simple', handle), 'A') ||"
    "  setweight(to_tsvector('german', body), 'B')) STORED)",
    "CREATE INDEX account_search_tsv ON account_search USING GIN (tsv)",
    "CREATE INDEX account_search_workspace ON account_search (workspace_id)",
]
_POSTGRES_DROP = ["DROP TABLE IF EXISTS account_search"]


def _run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]  # noqa: RUF012  (Django reads lists)

    operations = [  # noqa: RUF012
        migrations.RunPython(
            _run({"sqlite": _SQLITE, "postgresql": _POSTGRES}),
            _run({"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}),
        )
    ]
