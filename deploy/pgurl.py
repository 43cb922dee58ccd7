"""Run a PostgreSQL client (pg_dump, pg_restore, psql, createdb...) with the connection
named by a URL in an environment variable, so that no password is ever on a command line.

    python deploy/pgurl.py VARIABLE [--dbname NAME] -- PROGRAM [ARGS...]

VARIABLE holds a postgres:// URL (such as DATABASE_URL) or a libpq key=value string; its
parts become libpq's environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
PGDATABASE, PGSSLMODE...), --dbname replaces the database, and PROGRAM replaces this
process. `--print-url` instead of `-- PROGRAM` prints the URL with the database replaced
(for DATABASE_URL of a restored copy), which then holds the password: keep it in a variable.
"""

import argparse
import os
import sys
from urllib.parse import quote, urlsplit, urlunsplit

from psycopg import pq
from psycopg.conninfo import conninfo_to_dict


def libpq_environment(conninfo: str, dbname: str = "") -> dict[str, str]:
    """The connection's parameters as libpq's environment variables (libpq itself says
    which variable stands for each keyword); refuses a parameter that has none."""
    variables = {
        option.keyword.decode(): option.envvar.decode()
        for option in pq.Conninfo.get_defaults()
        if option.envvar
    }
    params = conninfo_to_dict(conninfo)
    if dbname:
        params["dbname"] = dbname
    unusable = sorted(key for key in params if key not in variables)
    if unusable:
        raise SystemExit(f"pgurl: no environment variable for {', '.join(unusable)}")
    return {variables[key]: str(value) for key, value in params.items() if value is not None}


def with_database(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("pgurl: --print-url needs a postgres:// URL")
    return urlunsplit(parts._replace(path="/" + quote(dbname)))


def main(argv: list[str]) -> int:
    if "--" in argv:
        split = argv.index("--")
        argv, command = argv[:split], argv[split + 1 :]
    else:
        command = []
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variable")
    parser.add_argument("--dbname", default="")
    parser.add_argument("--print-url", action="store_true")
    args = parser.parse_args(argv)
    conninfo = os.environ.get(args.variable, "")
    if not conninfo:
        parser.error(f"{args.variable} is not set")
    if args.print_url:
        print(with_database(conninfo, args.dbname) if args.dbname else conninfo)
        return 0
    if not command:
        parser.error("name the program to run after --")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(libpq_environment(conninfo, args.dbname))
    os.execvpe(command[0], command, env)  # noqa: S606 - runs the operator's own client


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
