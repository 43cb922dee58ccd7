#!/usr/bin/env bash
# Back up the site: the database, the uploaded files and the audit chain's head.
#
#   deploy/backup.sh DEST_DIR
#
# Writes DEST_DIR/awards-<UTC time>/ (made under a temporary name and renamed when
# complete, so a folder with that name is always a whole backup):
#   audit-head     the audit log's newest event hash (from `manage.py verify_audit -v 2`),
#                  taken before the dump, so the dump contains that event; the restore
#                  drill checks the restored log against it. Copy it somewhere the
#                  database's administrators cannot write (it is what shows a log cut
#                  back afterwards).
#   database.dump  pg_dump --format=custom of DATABASE_URL's database
#   files.tar.gz   every file of the file storage (MEDIA_ROOT, or the bucket with
#                  FILE_STORAGE=s3) under its storage name (`manage.py export_files`)
#   SHA256SUMS     the SHA-256 of each of the above (`sha256sum -c SHA256SUMS`)
# The folder is readable by its owner only: it holds personal data. Encrypt it before it
# leaves the server.
#
# Environment: the app's own (DJANGO_ENV, DATABASE_URL, FILE_STORAGE, MEDIA_ROOT, AWS_*...:
# run it with /etc/awards/awards.env, as awards-backup.service does; the app role may read
# everything it needs). BACKUP_KEEP_DAYS: when set, backups in DEST_DIR older than that
# many days are deleted after a successful one. AWARDS_PYTHON: the Python to run with
# (default: the checkout's .venv).
#
# Exit 0 with the folder's name on the last line; non-zero on any failure. When the audit
# chain does not verify, the dump and files are still written (they are the evidence) but
# the folder is named awards-<time>-AUDIT-FAILED and the exit status is 1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app_dir="$(dirname "$here")"
python="${AWARDS_PYTHON:-$app_dir/.venv/bin/python}"

if [ $# -ne 1 ]; then
  echo "usage: $0 DEST_DIR" >&2
  exit 2
fi
dest="$1"
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
umask 077
mkdir -p "$dest"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="awards-$stamp"
work="$dest/.$name.partial"
rm -rf "$work"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

manage() { (cd "$app_dir" && "$python" manage.py "$@"); }

audit_ok=1
if audit_output="$(manage verify_audit -v 2 2>&1)"; then
  printf '%s\n' "$audit_output" | sed -n 's/^newest event #[0-9]*: \([0-9a-f]\{64\}\)$/\1/p' >"$work/audit-head"
  echo "audit: $(printf '%s\n' "$audit_output" | head -n 1)"
else
  audit_ok=0
  printf '%s\n' "$audit_output" >&2
  printf '%s\n' "$audit_output" >"$work/audit-failure.txt"
  : >"$work/audit-head"
  echo "audit: CHECK FAILED, backing up anyway" >&2
fi

"$python" "$here/pgurl.py" DATABASE_URL -- pg_dump --format=custom --file="$work/database.dump"
echo "database: $(wc -c <"$work/database.dump") bytes"

manage export_files "$work/files.tar.gz"

(cd "$work" && sha256sum -- * >SHA256SUMS)

final="$dest/$name"
if [ "$audit_ok" -eq 0 ]; then final="$final-AUDIT-FAILED"; fi
mv "$work" "$final"
trap - EXIT

if [ -n "${BACKUP_KEEP_DAYS:-}" ] && [ "$audit_ok" -eq 1 ]; then
  find "$dest" -mindepth 1 -maxdepth 1 -type d -name 'awards-*' -mtime "+$BACKUP_KEEP_DAYS" \
    ! -name '*-AUDIT-FAILED' -print -exec rm -rf {} +
fi

if [ "$audit_ok" -eq 0 ]; then
  echo "BACKUP WRITTEN BUT THE AUDIT CHAIN DID NOT VERIFY: $final" >&2
  exit 1
fi
echo "$final"
