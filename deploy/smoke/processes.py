"""The processes the smoke run starts: each in its own process group, its output in a
log file, stopped with its whole group (gunicorn's workers included), and asked by the
kernel to stop should the runner itself die without cleaning up."""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PR_SET_PDEATHSIG = 1
# Looked up here, not in the child: a forked child of a threaded process must not dlopen.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: SIGTERM when the runner dies, even by SIGKILL (Linux only)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def run(argv: list[str], *, env: dict, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """Run a command to its end and return its output (not printed). It runs in a process
    group of its own: if the run is interrupted or times out meanwhile, the whole group
    gets SIGTERM first, so a script's own clean-up (the restore drill drops its database
    and stops its gunicorn) still happens, then SIGKILL."""
    with subprocess.Popen(  # noqa: S603 (our own commands, no shell)
        argv,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _stop_group(process, grace=30)
            raise
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def _stop_group(process: subprocess.Popen, *, grace: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)
    # Whatever is left in the group, the leader included.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Process:
    def __init__(self, name: str, argv: list[str], *, env: dict, cwd: Path, log: Path) -> None:
        self.name = name
        self.log = log
        self.stopped = False
        self._log_file = log.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 (our own commands, no shell)
            argv,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM to the process group, SIGKILL if it is still there after `timeout`.
        Only once: afterwards the group's number may belong to someone else."""
        if self.stopped:
            return
        self.stopped = True
        _stop_group(self.popen, grace=timeout)
        self._log_file.close()

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def wait_until_serving(process: Process, url: str, headers: dict, timeout: float = 60) -> None:
    """Wait for `url` to answer 200; raise with the log's tail if it never does."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(
                f"{process.name} exited with {process.popen.returncode}:\n{process.tail()}"
            )
        try:
            # The first request imports the whole site in a gunicorn worker: give it time.
            response = requests.get(url, headers=headers, timeout=30, allow_redirects=False)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except requests.ConnectionError:
            time.sleep(0.3)
            continue
        except requests.Timeout:
            last = "timed out"
        time.sleep(0.3)
    raise RuntimeError(f"{process.name} did not answer {url} ({last}):\n{process.tail()}")
