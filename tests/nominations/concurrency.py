"""Running jobs at the same moment, each on its own database connection."""

import threading

from django.db import connection


def run_at_once(jobs) -> list:
    """Each job in its own thread and connection, released together; their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            job()
            outcomes[index] = "ok"
        except Exception as error:  # the outcome under test, reported to the main thread
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
