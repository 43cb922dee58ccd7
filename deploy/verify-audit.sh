#!/usr/bin/env bash
# Check the audit log's hash chain, and that the newest event recorded by the previous
# run is still in it (events cut from the end of the log leave no other trace), then
# record the new newest event. Run by awards-verify-audit.timer.
#
#   deploy/verify-audit.sh [--init] HEAD_FILE
#
# HEAD_FILE (e.g. /var/lib/awards/audit/head) holds one line, the newest event's hash, and
# lives outside the database; copy it off the server too (the backups carry their own).
# Without it the script refuses to run, loudly: a missing file must not quietly restart
# the record. --init writes the first one (at the first deployment, or after deciding
# what happened).
#
# Environment: the app's (DATABASE_URL...); AWARDS_PYTHON, the Python to run manage.py
# with (default: the checkout's .venv). Exit 0 when the chain and the head check out;
# 1 with "AUDIT CHECK FAILED" on stderr otherwise, leaving HEAD_FILE as it was.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app_dir="$(dirname "$here")"
python="${AWARDS_PYTHON:-$app_dir/.venv/bin/python}"

init=0
if [ "${1:-}" = "--init" ]; then init=1; shift; fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--init] HEAD_FILE" >&2
  exit 2
fi
head_file="$1"

fail() {
  echo "AUDIT CHECK FAILED: $*" >&2
  exit 1
}

expected=""
if [ -s "$head_file" ]; then
  expected="$(tr -d '[:space:]' <"$head_file")"
elif [ "$init" -eq 0 ]; then
  fail "no recorded head in $head_file; if this is the first run, run '$0 --init $head_file'"
fi

args=(verify_audit -v 2)
if [ -n "$expected" ]; then args+=(--expect-head "$expected"); fi
if ! output="$(cd "$app_dir" && "$python" manage.py "${args[@]}" 2>&1)"; then
  printf '%s\n' "$output" >&2
  fail "verify_audit refused the log (recorded head: ${expected:-none})"
fi
printf '%s\n' "$output"

newest="$(printf '%s\n' "$output" | sed -n 's/^newest event #[0-9]*: \([0-9a-f]\{64\}\)$/\1/p')"
if [ -z "$newest" ]; then
  # An empty log has no head yet; keep whatever was recorded.
  [ -z "$expected" ] || fail "the log has no newest event, but $expected was recorded"
  exit 0
fi
tmp="$head_file.tmp.$$"
printf '%s\n' "$newest" >"$tmp"
mv -f "$tmp" "$head_file"
echo "recorded head $newest in $head_file"
