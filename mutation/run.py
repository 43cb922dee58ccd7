"""`make mutation`: mutmut over the critical modules of issue 21, each mutant run against
the tests that reach it, and a report with the kill rate per module and every survivor.

1. A fresh `mutants/` folder (git-ignored): mutmut copies the apps into it, with every
   function of `[tool.mutmut] only_mutate` (pyproject.toml) mutated behind a switch.
2. One SQLite database migrated once; each test run works on its own copy
   (mutation/database.py), which saves the 2.5 s a migration would cost every mutant.
3. `mutmut run` on two workers, for the functions MODULES names: mutmut first runs the
   selected tests once to learn which of them reach which function, then runs each
   mutant against those tests, fastest first, stopping at the first failure.
4. Code that runs only on PostgreSQL (POSTGRES_ONLY) cannot be reached on SQLite: each
   of its survivors runs again against the PostgreSQL tests named for it, on the
   database MUTATION_POSTGRES_URL names (the local server's `postgres` by default).
5. The report, docs/mutation-report.md: the date, the commit, the run time and the load
   it ran under; per module the mutants, how many were killed and the kill rate; each
   survivor with its diff, and why it cannot be killed when mutation/equivalent.py
   says so.

Exits 1 when a module is under GOAL, after writing the report. Options: `--report PATH`
writes the report elsewhere; `--only NAME` (repeatable) runs the modules whose name
contains NAME (a quicker look; the committed report comes from a whole run);
`--report-only` writes the report again from the last run's results in mutants/, with
mutation/equivalent.py as it is now (after explaining survivors), running nothing.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mutation.equivalent import EQUIVALENT  # noqa: E402

GOAL = 95.0
WORKERS = 2
REPORT = ROOT / "docs" / "mutation-report.md"
RUN_FILE = ROOT / "mutants" / "run.json"


@dataclass(frozen=True)
class Module:
    """One critical module of issue 21: its name in the report and the mutmut names of
    its functions (`<dotted module>.x_<function>` or `...xǁ<Class>ǁ<method>`, globs)."""

    name: str
    functions: tuple[str, ...]


MODULES = [
    Module(
        "Permission predicates (*/rules.py)",
        ("accounts.rules.*", "nominations.rules.*", "reviews.rules.*", "people.rules.*"),
    ),
    Module(
        "Transition guards (the models' *_blockers)",
        (
            "nominations.models.nomination.xǁNominationǁ*_blockers*",
            "nominations.models.nomination.xǁNominationǁcompleteness_problems*",
            "nominations.models.cycle.xǁCycleǁ*_blockers*",
            "nominations.models.files.xǁEndorsementRequestǁ*_blockers*",
            "reviews.models.review.xǁReviewǁ*_blockers*",
            "reviews.models.conflicts.xǁConflictǁ*_blockers*",
        ),
    ),
    Module(
        "Transition runner (core/transitions.py, core/workflow.py)",
        ("core.transitions.*", "core.workflow.*"),
    ),
    Module("Scoring (reviews/domain/scoring.py)", ("reviews.domain.scoring.*",)),
    Module("Assignment planner (reviews/domain/assignments.py)", ("reviews.domain.assignments.*",)),
    Module(
        "Audit chain (core/services/audit.py, core/models.py)",
        ("core.services.audit.*", "core.models.*"),
    ),
    Module("Uploads (core/uploads.py)", ("core.uploads.*",)),
    Module("CSV safety (core/csv_export.py)", ("core.csv_export.*",)),
    Module(
        "Award paragraph (selection/domain/press_statement.py)",
        ("selection.domain.press_statement.*",),
    ),
    Module(
        "Citations (nominations/domain/citations.py, sentences.py)",
        ("nominations.domain.citations.*", "nominations.domain.sentences.*"),
    ),
    Module(
        "Embargo labels (public state names)",
        (
            "nominations.models.nomination.xǁNominationǁpublic_state_name*",
            "nominations.models.files.xǁEndorsementRequestǁpublic_state*",
        ),
    ),
    Module(
        "Reference numbers (nomination_submit, certificate serials)",
        (
            "nominations.services.nomination.x_nomination_submit*",
            "selection.services.certificates.x_certificate_serial*",
            "selection.services.certificates.x__next_issue_number*",
        ),
    ),
]

# Functions whose code runs only on PostgreSQL, and the PostgreSQL tests that reach it.
POSTGRES_ONLY = {
    "core.services.audit.x__lock_chain*": (
        "tests/core/test_audit.py::test_a_second_writer_waits_for_the_chain_until_the_first_commits",
    ),
}
POSTGRES_URL = os.environ.get(
    "MUTATION_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
KILLED_ON_POSTGRES = "killed on PostgreSQL"

# A mutant that makes its tests hang is caught too.
KILLED = {"killed", "timeout", KILLED_ON_POSTGRES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    modules = [
        module
        for module in MODULES
        if not args.only or any(name.lower() in module.name.lower() for name in args.only)
    ]
    os.chdir(ROOT)
    if args.report_only:
        run = json.loads(RUN_FILE.read_text())
    else:
        run = run_all(modules)
        if run["status"] != 0:
            print(
                f"mutmut failed (exit {run['status']}); see mutants/mutmut-run.log", file=sys.stderr
            )
            return run["status"]

    results = read_results()
    for name, status in run.get("postgres", {}).items():
        results[name] = (status, results[name][1])
    rows = [summarize(module, results) for module in modules]
    elapsed = run["elapsed"]
    report = render_report(rows, source=run["source"], elapsed=elapsed, loads=run["loads"])
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report)
    print_summary(rows, elapsed)
    print(f"Report: {args.report}")
    return 0 if all(row.rate >= GOAL for row in rows) else 1


def run_all(modules: list[Module]) -> dict:
    """A fresh mutmut run; what the report says about it is kept in RUN_FILE."""
    started = time.monotonic()
    load_before = os.getloadavg()
    source = source_commit()  # what mutmut copies now, whatever is committed meanwhile
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="mutation-db-") as folder:
        template = Path(folder) / "template.sqlite3"
        migrate(template)
        status = run_mutmut(modules, template)
    run = {
        "status": status,
        "postgres": rerun_on_postgres(read_results()) if status == 0 else {},
        "source": source,
        "elapsed": time.monotonic() - started,
        "loads": [load_before, os.getloadavg()],
    }
    RUN_FILE.write_text(json.dumps(run))
    return run


def migrate(template: Path) -> None:
    print("Migrating the database the test runs copy ...", flush=True)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{template}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def run_mutmut(modules: list[Module], template: Path) -> int:
    names = [pattern for module in modules for pattern in module.functions]
    environment = {
        **os.environ,
        "MUTATION_DB_TEMPLATE": str(template),
        # CI's Hypothesis examples, not shrunk (tests/conftest.py, docs/testing.md).
        "HYPOTHESIS_PROFILE": "mutation",
    }
    mutmut = Path(sys.executable).parent / "mutmut"
    print(
        f"Running mutmut on {WORKERS} workers (its output: mutants/mutmut-run.log) ...", flush=True
    )
    (ROOT / "mutants").mkdir()
    with open(ROOT / "mutants" / "mutmut-run.log", "w") as log:
        return subprocess.run(  # noqa: S603 (mutmut from our own venv)
            [str(mutmut), "run", "--max-children", str(WORKERS), *names],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        ).returncode


def rerun_on_postgres(results: dict[str, tuple[str, Path]]) -> dict[str, str]:
    """Each survivor of a POSTGRES_ONLY function run against its PostgreSQL tests: its
    new status, KILLED_ON_POSTGRES when they fail."""
    import fnmatch

    statuses = {}
    first = True
    for name, (status, _) in sorted(results.items()):
        tests = next(
            (
                tests
                for pattern, tests in POSTGRES_ONLY.items()
                if fnmatch.fnmatchcase(name, pattern)
            ),
            None,
        )
        if tests is None or status in KILLED:
            continue
        print(f"Running {name} on PostgreSQL ...", flush=True)
        environment = {
            **{key: value for key, value in os.environ.items() if key != "MUTATION_DB_TEMPLATE"},
            "DATABASE_URL": POSTGRES_URL,
            "MUTANT_UNDER_TEST": name,
        }
        done = subprocess.run(  # noqa: S603 (pytest from our own venv)
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                # The first run creates the test database; the others reuse it.
                "--create-db" if first else "--reuse-db",
                *tests,
            ],
            cwd=ROOT / "mutants",
            env=environment,
            capture_output=True,
            text=True,
        )
        first = False
        if done.returncode not in (0, 1):  # not a verdict: no server, a usage error
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            statuses[name] = "not run on PostgreSQL"
        else:
            statuses[name] = (
                KILLED_ON_POSTGRES if done.returncode == 1 else "survived on PostgreSQL"
            )
    return statuses


def read_results() -> dict[str, tuple[str, Path]]:
    """Every mutant mutmut ran: its status and its source file."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    results = {}
    for meta in (ROOT / "mutants").rglob("*.py.meta"):
        path = meta.relative_to(ROOT / "mutants").with_suffix("")
        data = SourceFileMutationData(path=path)
        data.load()
        for name, exit_code in data.exit_code_by_key.items():
            if exit_code is not None:
                results[name] = (status_by_exit_code[exit_code], path)
    return results


@dataclass
class Row:
    module: Module
    statuses: dict[str, str]
    paths: dict[str, Path]

    def count(self, *statuses: str) -> int:
        return sum(1 for status in self.statuses.values() if status in statuses)

    @property
    def total(self) -> int:
        return len(self.statuses)

    @property
    def killed(self) -> int:
        return self.count(*KILLED)

    @property
    def survivors(self) -> list[str]:
        return sorted(name for name, status in self.statuses.items() if status not in KILLED)

    @property
    def equivalent(self) -> list[str]:
        return [name for name in self.survivors if name in EQUIVALENT]

    @property
    def rate(self) -> float:
        """Killed among the mutants that can be killed (all but the explained ones)."""
        killable = self.total - len(self.equivalent)
        return 100.0 * self.killed / killable if killable else 100.0


def summarize(module: Module, results: dict[str, tuple[str, Path]]) -> Row:
    import fnmatch

    statuses, paths = {}, {}
    for name, (status, path) in results.items():
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in module.functions):
            statuses[name], paths[name] = status, path
    return Row(module, statuses, paths)


def git(*args: str) -> str:
    done = subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def source_commit() -> str:
    """The commit the run starts from, and whether tracked files differ from it."""
    commit = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        return f"{commit} (with uncommitted changes)"
    return commit


def render_report(rows: list[Row], *, source: str, elapsed: float, loads) -> str:
    from mutmut import __version__ as mutmut_version
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    commit, _, dirty = source.partition(" ")
    dirty = f" {dirty}" if dirty else ""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    minutes, seconds = divmod(round(elapsed), 60)
    lines = [
        "# Mutation testing report",
        "",
        f"Written by `make mutation` (mutation/run.py) on {now}, at commit `{commit}`{dirty}, "
        f"with mutmut {mutmut_version} on {WORKERS} workers. How to read it: docs/testing.md, "
        '"Mutation testing".',
        "",
        f"Run time: {minutes} min {seconds:02d} s, on a {os.cpu_count()}-core machine whose load "
        f"average (1, 5, 15 min) was {format_load(loads[0])} at the start and "
        f"{format_load(loads[1])} at the end.",
        "",
        f"Kill rate: the killed mutants among those that can be killed (all but the survivors "
        f"mutation/equivalent.py explains); the goal is {GOAL:.0f}% in every module. "
        'Mutants that make the tests hang ("timed out") count as killed; "no tests" ones '
        "as survivors.",
        "",
        "| Module | Mutants | Killed (timed out) | Equivalent | Not killed | Kill rate |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        open_survivors = len(row.survivors) - len(row.equivalent)
        mark = "" if row.rate >= GOAL else " ✗"
        lines.append(
            f"| {row.module.name} | {row.total} | {row.killed} ({row.count('timeout')}) "
            f"| {len(row.equivalent)} "
            f"| {open_survivors} | {row.rate:.1f}%{mark} |"
        )
    total = sum(row.total for row in rows)
    killed = sum(row.killed for row in rows)
    timed_out = sum(row.count("timeout") for row in rows)
    equivalent = sum(len(row.equivalent) for row in rows)
    overall = 100.0 * killed / (total - equivalent) if total > equivalent else 100.0
    lines += [
        f"| **All** | {total} | {killed} ({timed_out}) | {equivalent} "
        f"| {total - killed - equivalent} "
        f"| {overall:.1f}% |",
        "",
    ]
    on_postgres = sorted(
        name
        for row in rows
        for name, status in row.statuses.items()
        if status == KILLED_ON_POSTGRES
    )
    if on_postgres:
        lines += [
            f"Killed on PostgreSQL (code that runs only there; the SQLite run cannot fail on "
            f"it, so its survivors ran again against the PostgreSQL tests POSTGRES_ONLY "
            f"names): {len(on_postgres)}, " + ", ".join(f"`{name}`" for name in on_postgres) + ".",
            "",
        ]
    for row in rows:
        if not row.survivors:
            continue
        lines += [f"## {row.module.name}", ""]
        for name in row.survivors:
            status = row.statuses[name]
            why = EQUIVALENT.get(name)
            verdict = f"equivalent: {why}" if why else f"{status}, not killed yet"
            diff = get_diff_for_mutant(name, path=row.paths[name])
            lines += [f"- `{name}` ({verdict})", "", "  ```diff"]
            lines += [f"  {line}".rstrip() for line in diff.splitlines()[2:]]
            lines += ["  ```", ""]
    return "\n".join(lines).rstrip() + "\n"


def format_load(load) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


def print_summary(rows: list[Row], elapsed: float) -> None:
    width = max(len(row.module.name) for row in rows)
    for row in rows:
        open_survivors = len(row.survivors) - len(row.equivalent)
        print(
            f"{row.module.name:<{width}}  {row.rate:5.1f}%  "
            f"({row.killed} of {row.total} killed, {len(row.equivalent)} equivalent, "
            f"{open_survivors} not killed)"
        )
    minutes, seconds = divmod(round(elapsed), 60)
    print(f"Run time: {minutes} min {seconds:02d} s")


if __name__ == "__main__":
    sys.exit(main())
