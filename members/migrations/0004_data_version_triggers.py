"""A version of what the member directory reads, bumped by the database itself.

members_data_version holds one row (version, changed_at). Triggers on the tables of members,
memberships, societies and unions bump it in the transaction of every write, whatever makes
it: the ORM, bulk writes, QuerySet.update(), raw SQL, another process. The directory keeps its
reads under (version, changed_at) (members.selectors.VersionedReads).

Writers of these tables queue on that one row until they commit, which gives their commits an
order the version follows; changed_at tells apart a version number reused after a rollback or
a restore from a backup. PostgreSQL: one bump per statement (TRUNCATE included); SQLite: one
per row. Other databases: no table, and the directory reads everything every time.
"""

from django.db import migrations

TABLES = ("members_member", "members_membership", "associations_society", "associations_union")

POSTGRESQL = [
    """CREATE TABLE members_data_version (
        id smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL,
        changed_at timestamp with time zone NOT NULL
    )""",
    "INSERT INTO members_data_version VALUES (1, 0, clock_timestamp())",
    """CREATE FUNCTION members_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE members_data_version
        SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1;
        RETURN NULL;
    END
    $$""",
    *[
        f"CREATE TRIGGER members_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION members_data_version_bump()"
        for table in TABLES
    ],
]
POSTGRESQL_REVERSE = [
    *[f"DROP TRIGGER IF EXISTS members_data_version ON {table}" for table in TABLES],
    "DROP FUNCTION IF EXISTS members_data_version_bump()",
    "DROP TABLE IF EXISTS members_data_version",
]

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE = [
    """CREATE TABLE members_data_version (
        id integer PRIMARY KEY CHECK (id = 1),
        version integer NOT NULL,
        changed_at text NOT NULL
    )""",
    f"INSERT INTO members_data_version VALUES (1, 0, {_SQLITE_NOW})",
    *[
        f"CREATE TRIGGER members_data_version_{table}_{operation.lower()} "
        f"AFTER {operation} ON {table} BEGIN "
        f"UPDATE members_data_version SET version = version + 1, changed_at = {_SQLITE_NOW} "
        "WHERE id = 1; END"
        for table in TABLES
        for operation in ("INSERT", "UPDATE", "DELETE")
    ],
]
SQLITE_REVERSE = [
    *[
        f"DROP TRIGGER IF EXISTS members_data_version_{table}_{operation.lower()}"
        for table in TABLES
        for operation in ("INSERT", "UPDATE", "DELETE")
    ],
    "DROP TABLE IF EXISTS members_data_version",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0001_initial"),
        ("members", "0003_directory_indexes"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
