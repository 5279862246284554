"""Accent-insensitive search stays fast on PostgreSQL: a trigram index on the folded text.

`search_text` holds the name, code and e-mail already lower-cased and stripped of diacritics
(members.search.fold), so `search_text LIKE '%nguyen van%'` uses this index. Other databases
search the same column without it.
"""

from django.db import migrations

INDEX = "members_member_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_member USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
