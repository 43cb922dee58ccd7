"""The production profile for the load test: `make smoke`'s stack with the bench's data.

`BenchStack` brings up what deploy/smoke/stack.py brings up for `make smoke`: a scratch
PostgreSQL database with its owner and app roles (deploy/db-roles.sh), a Redis database
of its own for the cache, sessions and rate limits, moto's S3 server for the files, an
SMTP sink, the site collected and checked with `check --deploy`, gunicorn with
deploy/gunicorn.conf.py and the task worker sending the outbox. It fills the database
with a bench data set (bench/seed.py, as the owner role) instead of the smoke's fixtures,
and starts one app server, which clients reach through a stand-in for the
TLS-terminating proxy (bench/locustfile.py `Proxy`) at SITE_URL.
"""

import os
import sys
import time

from bench.run import POSTGRES, ROOT

# The stack reads its administrator's URL when imported: the bench's server, whatever
# the smoke run is set to use.
os.environ["SMOKE_ADMIN_DATABASE_URL"] = f"{POSTGRES}/postgres"
sys.path.insert(0, str(ROOT / "deploy" / "smoke"))

from processes import run  # noqa: E402 (after the path is set)
from stack import PYTHON, SITE_URL, SetupFailed, Stack  # noqa: E402

__all__ = ["SITE_URL", "BenchStack"]
SEED_TIMEOUT = 1800


class BenchStack(Stack):
    def __init__(self, *, size: str, scale: float, workers: int) -> None:
        super().__init__()
        self.size, self.scale, self.workers = size, scale, workers
        self.address = ""

    def _site(self) -> None:
        self.install(
            f"bench/seed.py --size {self.size} (as the owner role, which migrates first)",
            self._seed,
        )
        self.address = self.start_web("load", workers=self.workers)
        self.start_worker()

    def _seed(self) -> None:
        argv = [PYTHON, "bench/seed.py", "--size", self.size, "--scale", str(self.scale)]
        argv += ["--database", self.owner_url]
        env = self.env(DATABASE_URL=self.owner_url)
        done = run(argv, env=env, cwd=ROOT, timeout=SEED_TIMEOUT)
        if done.returncode != 0:
            raise SetupFailed(f"bench/seed.py exited {done.returncode}:\n{done.stderr[-3000:]}")

    def logs(self) -> str:
        """The app server's and the worker's log lines so far."""
        return "\n".join(
            process.log.read_text(errors="replace") for process in self.processes.values()
        )

    def outbox(self, since: str, *, wait: float = 30) -> dict[str, int]:
        """The e-mails queued since `since` (ISO time) by status, once the worker has
        sent what it will within `wait` seconds."""
        query = (
            "SELECT status, count(*) FROM nominations_outboxmessage "
            "WHERE created_at >= %s GROUP BY status"
        )
        deadline = time.monotonic() + wait
        while True:
            counts = dict(self.sql(query, (since,)))
            if not counts.get("queued") or time.monotonic() > deadline:
                return counts
            time.sleep(1)
