#!/usr/bin/env bash
# Create or update the site's two PostgreSQL roles and their grants; run it once with an
# administrator's connection, then after every `manage.py migrate`.
#
#   deploy/db-roles.sh --database NAME [--owner awards_owner] [--app awards_app] [--schema public]
#
# The owner role owns the database, the schema and every object in it and runs the
# migrations; the app role (what gunicorn, the worker and the timers connect as) owns
# nothing, may read and write the app's tables, but only SELECT and INSERT on the audit
# table: no UPDATE, DELETE or TRUNCATE there, and no ALTER or DROP anywhere.
#
# Environment (secrets never on the command line):
#   DB_ADMIN_URL              a superuser's (or CREATEROLE admin's) connection URL; unset,
#                             libpq's PGHOST/PGUSER/PGPASSWORD... or the local socket
#   AWARDS_DB_OWNER_PASSWORD  when set, the owner role's new password
#   AWARDS_DB_APP_PASSWORD    when set, the app role's new password
#   AWARDS_PYTHON             the Python with psycopg (default: the checkout's .venv)
# deploy/db_roles.py does the work; its docstring says exactly what is granted.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${AWARDS_PYTHON:-$here/../.venv/bin/python}"
exec "$python" "$here/db_roles.py" "$@"
