#!/usr/bin/env bash
# Restore drill: prove a backup from deploy/backup.sh restores into a site that serves.
#
#   deploy/restore-drill.sh [--keep] BACKUP_DIR
#
# Checks, in order, and stops at the first failure:
#   1. SHA256SUMS matches database.dump, files.tar.gz and audit-head;
#   2. the dump restores (pg_restore --no-owner --no-acl --exit-on-error) into a NEW
#      database, awards_drill_<UTC time>_<pid>, created for the drill;
#   3. the files restore (`manage.py import_files`) into a new scratch folder used as
#      MEDIA_ROOT (FILE_STORAGE=local for the drill, whatever the site uses), and every
#      file the database names is there (`manage.py verify_files`);
#   4. `manage.py migrate --check` (run the drill with the release that took the backup)
#      and `manage.py check`;
#   5. `manage.py verify_audit --expect-head <audit-head>`: the restored chain is intact
#      and still holds the newest event recorded at backup time;
#   6. gunicorn (deploy/gunicorn.conf.py, one worker, 127.0.0.1 on a free port) starts on
#      the restored database, GET /readyz answers 200 and the public home page 200.
# Then it stops gunicorn and drops the database and the scratch folder, unless --keep
# (it prints what it kept). Exit 0 only when every check passed.
#
# Environment: the app's own (DJANGO_ENV, SECRET_KEY, ALLOWED_HOSTS, CACHE_URL...; its
# DATABASE_URL, FILE_STORAGE and MEDIA_ROOT are replaced for the drill), plus
#   DRILL_ADMIN_URL  required: a postgres:// URL of a role that may CREATE DATABASE; the
#                    restored copy belongs to it and the drill's app connects as it
#   DRILL_HOST       the Host header for the requests (default: the first ALLOWED_HOSTS
#                    entry, else 127.0.0.1)
#   AWARDS_PYTHON    the Python to run with (default: the checkout's .venv)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app_dir="$(dirname "$here")"
python="${AWARDS_PYTHON:-$app_dir/.venv/bin/python}"

keep=0
if [ "${1:-}" = "--keep" ]; then keep=1; shift; fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--keep] BACKUP_DIR" >&2
  exit 2
fi
backup="$(cd "$1" && pwd)"
: "${DRILL_ADMIN_URL:?DRILL_ADMIN_URL must be a postgres:// URL of a role that may create databases}"

db="awards_drill_$(date -u +%Y%m%d%H%M%S)_$$"
media=""
server_pid=""
created=0

ok() { echo "ok: $*"; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
pg() { "$python" "$here/pgurl.py" DRILL_ADMIN_URL "$@"; }
manage() { (cd "$app_dir" && "$python" manage.py "$@"); }

cleanup() {
  status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$keep" -eq 1 ]; then
    [ "$created" -eq 0 ] || echo "kept: database $db"
    [ -z "$media" ] || echo "kept: files in $media"
  else
    if [ "$created" -eq 1 ]; then
      pg -- dropdb --force --if-exists "$db" || echo "could not drop database $db" >&2
    fi
    [ -z "$media" ] || rm -rf "$media"
  fi
  if [ "$status" -eq 0 ]; then
    echo "restore drill passed: $backup"
  else
    echo "restore drill FAILED: $backup" >&2
  fi
}
trap cleanup EXIT

# 1. The backup is whole.
for part in database.dump files.tar.gz audit-head SHA256SUMS; do
  [ -f "$backup/$part" ] || fail "$backup has no $part"
done
(cd "$backup" && sha256sum --check --quiet --strict SHA256SUMS) ||
  fail "checksums do not match SHA256SUMS"
ok "checksums of $(wc -l <"$backup/SHA256SUMS") files"
head_hash="$(tr -d '[:space:]' <"$backup/audit-head")"

# 2. The database restores into a new one.
pg -- createdb "$db" || fail "could not create database $db"
created=1
pg --dbname "$db" -- pg_restore --no-owner --no-acl --exit-on-error --dbname "$db" \
  "$backup/database.dump" || fail "pg_restore into $db"
ok "database restored into $db"

DATABASE_URL="$(pg --dbname "$db" --print-url)"
media="$(mktemp -d "${TMPDIR:-/tmp}/awards-drill-files.XXXXXX")"
export DATABASE_URL FILE_STORAGE=local MEDIA_ROOT="$media"

# 3. The files restore and the database finds each of them.
manage import_files "$backup/files.tar.gz" || fail "import_files"
manage verify_files || fail "verify_files: files the database names are missing"
ok "files restored into $media"

# 4. The schema is the release's and the site's checks pass.
manage migrate --check >/dev/null || fail "migrate --check: the backup's schema is not this release's"
manage check >/dev/null || fail "manage.py check"
ok "migrate --check and check"

# 5. The audit chain holds, with the head recorded at backup time.
if [ -n "$head_hash" ]; then
  manage verify_audit --expect-head "$head_hash" || fail "verify_audit --expect-head $head_hash"
  ok "audit chain verified up to the recorded head $head_hash"
else
  manage verify_audit || fail "verify_audit"
  ok "audit chain verified (the backup recorded no head: the log was empty)"
fi

# 6. The site serves from the restored database.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
host="${DRILL_HOST:-}"
if [ -z "$host" ]; then
  host="$(printf '%s' "${ALLOWED_HOSTS:-}" | cut -d, -f1 | tr -d '[:space:]')"
  host="${host#.}"
  if [ -z "$host" ] || [ "$host" = "*" ]; then host="127.0.0.1"; fi
fi
(
  cd "$app_dir"
  GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=1 GUNICORN_PROXY_PROTOCOL=off \
    exec "$python" -m gunicorn -c deploy/gunicorn.conf.py awards_site.wsgi
) &
server_pid=$!
"$python" - "$port" "$host" <<'PY' || fail "the restored site did not serve (see above)"
import os
import sys
import time
import urllib.error
import urllib.request

port, host = sys.argv[1], sys.argv[2]
# What a TLS-terminating proxy in front of the app would add.
headers = {"Host": host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
if os.environ.get("CLIENT_IP_HEADER"):
    headers[os.environ["CLIENT_IP_HEADER"]] = "127.0.0.1"


def get(path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


deadline = time.monotonic() + 60
while True:
    try:
        get("/healthz")
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("gunicorn did not answer within 60 s")
        time.sleep(0.5)
failed = False
for path in ("/readyz", "/"):
    status, body = get(path)
    print(f"GET {path} -> {status}")
    if status != 200:
        print(body[:500].decode(errors="replace"), file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
PY
ok "gunicorn on the restored database: /readyz and / answer 200"
