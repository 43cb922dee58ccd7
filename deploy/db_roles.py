"""Create or update the two PostgreSQL roles of the site and their grants (deploy/db-roles.sh).

    deploy/db-roles.sh --database NAME [--owner ROLE] [--app ROLE] [--schema SCHEMA]

- The owner role (default `awards_owner`) owns the database, the schema and every table,
  sequence and function in it, and runs `manage.py migrate`. The app never uses it.
- The app role (default `awards_app`) is what the web servers, the worker and the timers
  connect as. It owns nothing and cannot create anything in the schema, so it can neither
  ALTER, DROP nor TRUNCATE a table, nor disable the audit table's trigger. It may SELECT,
  INSERT, UPDATE and DELETE rows of the app's tables and use their sequences, except:
  the audit table (`nominations_auditevent`) is SELECT and INSERT only, and the tables
  only `migrate` writes (django_migrations, django_content_type, auth_permission) are
  SELECT only.

Run it once with an administrator's connection to create the roles and hand the existing
objects to the owner, then after every `migrate`: the new tables get their grants, and
the restrictions are applied again. It is idempotent and runs in one transaction. Default
privileges give a table that a later migration creates the app's usual grants at once,
so old and new app servers keep working between `migrate` and the next run of this script.

Environment (no secret is ever taken from the command line):
- DB_ADMIN_URL: the connection (postgres:// URL or libpq key=value string) of a superuser,
  or of a role with CREATEROLE that may act for the owner; its database name is replaced
  by --database. Unset, libpq's own variables (PGHOST, PGUSER, PGPASSWORD...) and the local
  socket are used, e.g. `sudo -u postgres deploy/db-roles.sh --database awards`. After the
  first run the owner's own connection is enough, as long as no role needs creating, no
  role attribute or password needs changing and nothing belongs to another role.
- AWARDS_DB_OWNER_PASSWORD, AWARDS_DB_APP_PASSWORD: when set, the role's password becomes
  this one. It is sent as a SCRAM-SHA-256 verifier computed here, so the clear password
  never reaches the server (or its statement log). Unset, the password is left as it is
  (a new role then has none: use peer or certificate authentication, or set one later).

Exit status 0 when every grant is in place and a final check of the app role's
privileges passed; 1 otherwise, with the reason on stderr.
"""

import argparse
import os
import sys

import psycopg
from psycopg import sql

AUDIT_TABLE = "nominations_auditevent"
# Written by `migrate` alone; the app only reads them.
READ_ONLY_TABLES = ("django_migrations", "django_content_type", "auth_permission")
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# Relations the owner takes over: tables, partitioned tables, views, materialized views
# and foreign tables (a table's own sequences follow it).
OWNED_RELKINDS = ("r", "p", "v", "m", "f")
ROLE_ATTRIBUTES = {
    "rolsuper": "NOSUPERUSER",
    "rolcreatedb": "NOCREATEDB",
    "rolcreaterole": "NOCREATEROLE",
    "rolreplication": "NOREPLICATION",
    "rolbypassrls": "NOBYPASSRLS",
}


class RolesError(Exception):
    """Something the script refuses to leave as it is, or cannot change."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="the site's database")
    parser.add_argument("--owner", default="awards_owner", help="the owner (migrating) role")
    parser.add_argument("--app", default="awards_app", help="the role the app runs as")
    parser.add_argument("--schema", default="public", help="the schema of the app's tables")
    args = parser.parse_args(argv)
    if args.owner == args.app:
        parser.error("--owner and --app must be two different roles")
    passwords = {
        args.owner: os.environ.get("AWARDS_DB_OWNER_PASSWORD", ""),
        args.app: os.environ.get("AWARDS_DB_APP_PASSWORD", ""),
    }
    try:
        conninfo = os.environ.get("DB_ADMIN_URL", "")
        with psycopg.connect(conninfo, dbname=args.database) as conn, conn.transaction():
            report = apply_roles(
                conn,
                database=args.database,
                owner=args.owner,
                app=args.app,
                schema=args.schema,
                passwords=passwords,
            )
    except (RolesError, psycopg.Error) as error:
        print(f"db-roles: {error}".rstrip(), file=sys.stderr)
        return 1
    for line in report:
        print(line)
    return 0


def apply_roles(
    conn: psycopg.Connection,
    *,
    database: str,
    owner: str,
    app: str,
    schema: str,
    passwords: dict[str, str],
) -> list[str]:
    """Bring roles, ownership and grants to the state the module docstring describes;
    return what was done and checked, one line each."""
    report: list[str] = []
    for role in (owner, app):
        report += _ensure_role(conn, role, passwords.get(role, ""))
    if _is_member(conn, member=app, of=owner):
        raise RolesError(f"the app role {app} is a member of the owner role {owner}")

    ident = {
        "db": sql.Identifier(database),
        "schema": sql.Identifier(schema),
        "owner": sql.Identifier(owner),
        "app": sql.Identifier(app),
    }
    database_owner = _scalar(
        conn, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
    )
    if database_owner != owner:
        _run(conn, "ALTER DATABASE {db} OWNER TO {owner}", ident)
        report.append(f"database {database} now owned by {owner}")
    # Nobody else may create schemas or temporary tables in this database.
    _run(conn, "REVOKE CREATE, TEMPORARY ON DATABASE {db} FROM PUBLIC", ident)
    _run(conn, "REVOKE ALL ON DATABASE {db} FROM {app}", ident)
    _run(conn, "GRANT CONNECT ON DATABASE {db} TO {app}", ident)

    schema_owner = _scalar(
        conn, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = %s", [schema]
    )
    if schema_owner is None:
        raise RolesError(f"schema {schema} does not exist in database {database}")
    if schema_owner != owner:
        _run(conn, "ALTER SCHEMA {schema} OWNER TO {owner}", ident)
        report.append(f"schema {schema} now owned by {owner}")
    _run(conn, "REVOKE ALL ON SCHEMA {schema} FROM PUBLIC", ident)
    _run(conn, "REVOKE ALL ON SCHEMA {schema} FROM {app}", ident)
    _run(conn, "GRANT USAGE ON SCHEMA {schema} TO {app}", ident)

    report += _adopt_objects(conn, schema=schema, owner=owner)

    # Start from nothing on every table and sequence, then grant; one transaction, so no
    # app server sees the moment in between.
    _run(conn, "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC, {app}", ident)
    _run(conn, "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM PUBLIC, {app}", ident)
    _run(conn, f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {{schema}} TO {{app}}", ident)
    _run(conn, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}", ident)
    tables = set(_column(conn, "SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema]))
    for table in READ_ONLY_TABLES:
        if table in tables:
            _run(
                conn,
                "REVOKE INSERT, UPDATE, DELETE ON {table} FROM {app}",
                ident,
                table=(schema, table),
            )
    if AUDIT_TABLE in tables:
        _run(
            conn, "REVOKE UPDATE, DELETE ON {table} FROM {app}", ident, table=(schema, AUDIT_TABLE)
        )
    else:
        report.append(f"note: no {AUDIT_TABLE} table yet; run this again after `manage.py migrate`")

    # Tables and sequences a later migration creates are usable by the app at once.
    _run(
        conn,
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO {{app}}",
        ident,
    )
    _run(
        conn,
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        "GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        ident,
    )
    report.append(f"granted {app} {APP_TABLE_PRIVILEGES} on {len(tables)} tables in {schema}")
    report += _check_app_role(conn, schema=schema, app=app, tables=tables)
    return report


def _ensure_role(conn: psycopg.Connection, role: str, password: str) -> list[str]:
    report = []
    row = conn.execute(
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin "
        "FROM pg_roles WHERE rolname = %s",
        [role],
    ).fetchone()
    name = sql.Identifier(role)
    if row is None:
        attributes = " ".join(["LOGIN", *ROLE_ATTRIBUTES.values()])
        conn.execute(sql.SQL(f"CREATE ROLE {{}} {attributes}").format(name))
        report.append(f"created role {role}")
    else:
        current = dict(zip([*ROLE_ATTRIBUTES, "rolcanlogin"], row, strict=True))
        wrong = [ROLE_ATTRIBUTES[key] for key in ROLE_ATTRIBUTES if current[key]]
        if not current["rolcanlogin"]:
            wrong.append("LOGIN")
        if wrong:
            conn.execute(sql.SQL(f"ALTER ROLE {{}} {' '.join(wrong)}").format(name))
            report.append(f"role {role} set {' '.join(wrong)}")
    if password:
        verifier = conn.pgconn.encrypt_password(
            password.encode(), role.encode(), b"scram-sha-256"
        ).decode("ascii")
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(verifier)))
        report.append(f"role {role} password set")
    return report


def _adopt_objects(conn: psycopg.Connection, *, schema: str, owner: str) -> list[str]:
    """Make the owner role own every table, view, sequence and function of the schema
    (a database first migrated by another role, such as the one the app used to run as)."""
    report = []
    relations = conn.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = ANY(%s) AND pg_get_userbyid(c.relowner) <> %s "
        "ORDER BY c.relname",
        [schema, list(OWNED_RELKINDS), owner],
    ).fetchall()
    for relname, relkind in relations:
        kind = {"v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE"}.get(relkind, "TABLE")
        conn.execute(
            sql.SQL(f"ALTER {kind} {{}} OWNER TO {{}}").format(
                sql.Identifier(schema, relname), sql.Identifier(owner)
            )
        )
    # Sequences left over are those no table column owns (a table's go with the table).
    sequences = _column(
        conn,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> %s",
        [schema, owner],
    )
    for relname in sequences:
        conn.execute(
            sql.SQL("ALTER SEQUENCE {} OWNER TO {}").format(
                sql.Identifier(schema, relname), sql.Identifier(owner)
            )
        )
    functions = _column(
        conn,
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s",
        [schema, owner],
    )
    for signature in functions:
        # regprocedure text is already a quoted, schema-qualified signature.
        conn.execute(
            sql.SQL(f"ALTER ROUTINE {signature} OWNER TO {{}}").format(sql.Identifier(owner))
        )
    if relations or sequences or functions:
        report.append(
            f"{owner} took over {len(relations)} tables/views, {len(sequences)} sequences "
            f"and {len(functions)} functions"
        )
    return report


def _check_app_role(
    conn: psycopg.Connection, *, schema: str, app: str, tables: set[str]
) -> list[str]:
    """Ask PostgreSQL what the app role may do, and refuse to finish if it is too much."""
    problems = []
    if _scalar(conn, "SELECT has_schema_privilege(%s, %s, 'CREATE')", [app, schema]):
        problems.append(f"{app} may CREATE in schema {schema}")
    owned = _column(
        conn,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND pg_get_userbyid(c.relowner) = %s",
        [schema, app],
    )
    if owned:
        problems.append(f"{app} owns {', '.join(sorted(owned))}")
    if AUDIT_TABLE in tables:
        audit = f"{schema}.{AUDIT_TABLE}"
        for privilege in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"):
            if _scalar(conn, "SELECT has_table_privilege(%s, %s, %s)", [app, audit, privilege]):
                problems.append(f"{app} has {privilege} on {AUDIT_TABLE}")
        for privilege in ("SELECT", "INSERT"):
            if not _scalar(conn, "SELECT has_table_privilege(%s, %s, %s)", [app, audit, privilege]):
                problems.append(f"{app} lacks {privilege} on {AUDIT_TABLE}")
    truncatable = [
        table
        for table in sorted(tables)
        if _scalar(
            conn, "SELECT has_table_privilege(%s, %s, 'TRUNCATE')", [app, f'{schema}."{table}"']
        )
    ]
    if truncatable:
        problems.append(f"{app} may TRUNCATE {', '.join(truncatable)}")
    if problems:
        raise RolesError("the app role is not restricted as it must be: " + "; ".join(problems))
    return [f"checked: {app} owns nothing, cannot create, truncate, update or delete audit events"]


def _is_member(conn: psycopg.Connection, *, member: str, of: str) -> bool:
    return bool(_scalar(conn, "SELECT pg_has_role(%s, %s, 'MEMBER')", [member, of]))


def _run(
    conn: psycopg.Connection, template: str, ident: dict, table: tuple[str, str] | None = None
) -> None:
    names = dict(ident)
    if table is not None:
        names["table"] = sql.Identifier(*table)
    conn.execute(sql.SQL(template).format(**names))


def _scalar(conn: psycopg.Connection, query: str, params: list):
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def _column(conn: psycopg.Connection, query: str, params: list) -> list:
    return [row[0] for row in conn.execute(query, params).fetchall()]


if __name__ == "__main__":
    sys.exit(main())
