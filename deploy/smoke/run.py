"""`make smoke`: the production profile brought up for real on 127.0.0.1, checked over HTTP.

It starts a scratch PostgreSQL database, a Redis database number of its own, moto's S3
server, an SMTP sink, two gunicorn app servers and the task worker (see stack.py), then
talks to the app servers as the TLS-terminating proxy would (steps.py): sign-up and its
mail, a nomination with a PDF on one server downloaded from the other, client addresses
in the audit log and the login limits, dropped database connections, /readyz with a
dependency down, sign-in without Redis, backup and restore, the app role's privileges,
and the JSON logs. Each check prints `ok  <what>` or `FAIL <what>: <why>`; the run exits
1 if any failed (2 if the stack could not be brought up). Everything it started is
stopped and the scratch database, roles and Redis database are dropped, whatever happens
(Ctrl-C and SIGTERM included). Its logs and mail are kept in a temporary folder when a
check fails (always with SMOKE_KEEP=1).

Environment: SMOKE_ADMIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres,
a superuser), SMOKE_REDIS_DB (default: the first empty of 15..10), SMOKE_KEEP, and
SMOKE_TIME_LIMIT (default 480 seconds: past it the run stops, cleans up and fails).
"""

import atexit
import os
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import SetupFailed, Stack  # noqa: E402 (after the path is set)
from steps import STEPS, Failed, Run, indent  # noqa: E402


class OutOfTime(BaseException):
    """Raised by SIGALRM wherever the run is; not an Exception, so no step catches it."""


def out_of_time(signum, frame):
    raise OutOfTime


def main() -> int:
    time_limit = int(os.environ.get("SMOKE_TIME_LIMIT", "480"))
    stack = Stack()
    atexit.register(stack.cleanup)
    # SIGTERM (and SIGHUP) unwind like Ctrl-C does, through the `finally` below.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(time_limit)
    failures: list[str] = []
    finished = False
    try:
        try:
            stack.prepare()
        except Exception as error:
            failures.append("setting up the production profile")
            reason = str(error) if isinstance(error, SetupFailed) else traceback.format_exc()
            print(f"FAIL setting up the production profile:\n{indent(reason)}")
            return 2
        run = Run(stack)
        for what, step in STEPS:
            began = time.monotonic()
            try:
                detail = step(run)
            except Failed as error:
                failures.append(what)
                outcome = f"FAIL {what}: {error}"
            except Exception as error:  # that step's failure
                failures.append(what)
                outcome = f"FAIL {what}: {type(error).__name__}: {error}\n" + indent(
                    traceback.format_exc(limit=4)
                )
            else:
                outcome = f"ok  {what}" + (f" ({detail})" if detail else "")
            print(f"{outcome} [{time.monotonic() - began:.1f} s]", flush=True)
        finished = True
        return 1 if failures else 0
    except KeyboardInterrupt:
        print("interrupted")
        return 130
    except OutOfTime:
        print(f"FAIL the run took longer than {time_limit} s (SMOKE_TIME_LIMIT)")
        return 1
    finally:
        signal.alarm(0)
        # A second Ctrl-C or SIGTERM must not cut the cleanup short.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        keep = not finished or bool(failures) or bool(os.environ.get("SMOKE_KEEP"))
        stack.cleanup()
        elapsed = time.monotonic() - stack.started
        if keep:
            print(f"logs and mail kept in {stack.workdir}")
        else:
            shutil.rmtree(stack.workdir, ignore_errors=True)
        if finished:
            passed = len(STEPS) - len(failures)
            print(f"smoke: {passed} of {len(STEPS)} checks passed in {elapsed:.0f} s")
        else:
            print(f"smoke: stopped before the checks finished, after {elapsed:.0f} s")
        for what in failures:
            print(f"  failed: {what}")


if __name__ == "__main__":
    sys.exit(main())
