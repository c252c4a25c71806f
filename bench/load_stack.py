"""Capacity at saturation: wrk (no think time) on the CI stack and on the embedded default.

    .venv/bin/python bench/load_stack.py [--stack https://localhost:8443] [--duration 15]
        [--connections 16] [--embedded-workers 4]

Four targets: the home page, an experience-feedback page, a territory page, and the HTML
search with text and three facets (values taken from the site's own facets so the search
has results).

- Stack (`--stack`, the stack of `make stack-test`, kept with STACK_KEEP=1 or measured by
  STACK_BENCH=1): HAProxy (TLS) → two web containers × WEB_CONCURRENCY gunicorn workers,
  PostgreSQL, a three-node Elasticsearch cluster. Workers' memory from `podman top`.
- Embedded default (always): SQLite and the database search engine, gunicorn with
  `--embedded-workers` sync workers on loopback (the stack's total), prepared like
  bench/load.py (migrate, seed_demo with the task worker running). Workers' memory from
  psutil.
Both stop unless the search index holds every published page (bench.load.check_index).

For each target it also prints where a request's time goes, measured in-process (Django's
test client in the web container, or in the embedded settings): SQL queries, time in SQL,
and the rest (URL routing, Wagtail, template rendering). wrk runs on the same machine and
shares its cores: compare the two columns of one run, not runs on different machines.
"""

import argparse
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import in_process  # noqa: E402
from bench.load import INDEX_CHECK, LOGGING, TaskWorker, check_index, prepare  # noqa: E402
from bench.survey_load import (  # noqa: E402
    PRODUCTION_OVERRIDES,
    PYTHON,
    ROOT,
    SETTINGS,
    free_port,
    manage,
    stop_server,
    wait_until_up,
)

WRK_REPORT = ROOT / "bench" / "load_report.lua"
PROJECT = os.environ.get("PROJECT", "eit-portal-ci")
MB = 1024 * 1024

# Runs inside Django (`manage.py shell`): finds the targets, then times each one in-process.
PROFILE = (
    inspect.getsource(in_process)
    + r"""
import statistics
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")

report = {}
for name, url in targets(client, secure=True).items():
    for _ in range(3):
        client.get(url, secure=True)  # warm the caches, as under load
    totals, sql = [], []
    for _ in range(15):
        timer = SqlTimer()
        with connection.execute_wrapper(timer), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            totals.append(time.perf_counter() - started)
        sql.append(timer.seconds)
        assert response.status_code == 200, (url, response.status_code)
    report[name] = {"url": url, "queries": len(queries), "ms": statistics.median(totals) * 1000,
                    "sql_ms": statistics.median(sql) * 1000}
print("PROFILE " + json.dumps(report, ensure_ascii=False))
"""
)


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(WRK_REPORT), url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.split("WRK ", 1)[1])


def profile_line(out: str) -> dict:
    return json.loads(out.split("PROFILE ", 1)[1].splitlines()[0])


# --- the stack ----------------------------------------------------------------------------
def stack_shell(script: str) -> str:
    """The output of `script` run by `manage.py shell` in the first web container."""
    return subprocess.run(
        ["podman", "exec", "-i", f"{PROJECT}_web_1", "python", "manage.py", "shell"],
        input=script, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def stack_profile() -> dict:
    return profile_line(stack_shell(PROFILE))


def stack_index() -> str:
    """The stack's index holds every published page (the worker ran the queued tasks)."""
    return check_index(stack_shell(INDEX_CHECK))


def stack_memory() -> list[float]:
    """RSS (MB) of each gunicorn worker of both web containers."""
    sizes = []
    for service in ("web", "web2"):
        out = subprocess.run(
            ["podman", "top", f"{PROJECT}_{service}_1", "pid", "ppid", "hpid", "args"],
            capture_output=True, text=True, check=True,
        ).stdout.splitlines()[1:]  # fmt: skip
        rows = [line.split(None, 3) for line in out if "gunicorn" in line]
        for _pid, ppid, hpid, _args in rows:
            if ppid == "1":  # the master is the container's first process; workers its children
                sizes.append(psutil.Process(int(hpid)).memory_info().rss / MB)
    return sizes


# --- the embedded default -----------------------------------------------------------------
class Embedded:
    """SQLite + database search under gunicorn on loopback, prepared like bench/load.py."""

    def __init__(self, workers: int):
        self.workers = workers
        self.tmp = Path(tempfile.mkdtemp(prefix="load-stack-"))
        (self.tmp / "bench_settings.py").write_text(
            SETTINGS.format(
                db=str(self.tmp / "bench.sqlite3"),
                base="production",
                overrides=PRODUCTION_OVERRIDES,
            )
            + LOGGING
        )
        inherited = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(self.tmp), str(ROOT)]),
            "ELASTICSEARCH_URL": "",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
        self.server = None
        self.worker = TaskWorker(self.env, self.tmp)

    def __enter__(self):
        prepare(self.env, self.tmp, self.worker)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        command = [
            PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(self.workers),
        ]  # fmt: skip
        with open(self.tmp / "server.log", "w") as log:
            self.server = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_until_up(self.base, self.server)
        return self

    def __exit__(self, *exc):
        if self.server:
            stop_server(self.server)
        if self.worker.process is not None:
            self.worker.__exit__()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def profile(self) -> dict:
        return profile_line(manage(self.env, "shell", stdin=PROFILE))

    def memory(self) -> list[float]:
        return [p.memory_info().rss / MB for p in psutil.Process(self.server.pid).children()]


# --- report -------------------------------------------------------------------------------
def measure(label: str, base: str, profile: dict, memory, options) -> dict:
    print(f"\n{label}: {base}")
    print(f"{'cible':<30}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'erreurs':>9}")
    results = {}
    for name, target in profile.items():
        stats = run_wrk(base + target["url"], options.duration, options.connections)
        results[name] = stats
        print(
            f"{name:<30}{stats['rps']:>8.1f}{stats['p50']:>9.0f}{stats['p95']:>9.0f}"
            f"{stats['p99']:>9.0f}{stats['errors']:>9d}"
        )
    sizes = memory()
    print(
        f"mémoire par worker web (RSS) : {', '.join(f'{s:.0f}' for s in sizes)} Mo "
        f"(moyenne {sum(sizes) / max(len(sizes), 1):.0f} Mo, {len(sizes)} workers)"
    )
    print("où va le temps (en processus, médiane de 15) :")
    print(f"  {'cible':<30}{'requêtes SQL':>13}{'total ms':>10}{'SQL ms':>8}{'reste ms':>10}")
    for name, target in profile.items():
        rest = target["ms"] - target["sql_ms"]
        print(
            f"  {name:<30}{target['queries']:>13d}{target['ms']:>10.1f}"
            f"{target['sql_ms']:>8.1f}{rest:>10.1f}"
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="", help="the stack's HTTPS address, if running")
    parser.add_argument("--duration", type=int, default=15, help="seconds per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--embedded-workers", type=int, default=4)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install wrk")
    print(
        f"wrk: 2 threads, {options.connections} connections, {options.duration} s per target, "
        f"no think time; machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    errors = 0
    if options.stack:
        host = urllib.parse.urlsplit(options.stack).hostname
        if not re.fullmatch(r"localhost|127\.0\.0\.1", host or ""):
            sys.exit("--stack must be a loopback address")
        print(stack_index())
        results = measure("Stack", options.stack, stack_profile(), stack_memory, options)
        errors += sum(r["errors"] for r in results.values())
    started = time.monotonic()
    with Embedded(options.embedded_workers) as embedded:
        print(f"\n(embedded default prepared in {time.monotonic() - started:.0f} s)")
        results = measure(
            f"Embedded default (SQLite, database search, gunicorn {options.embedded_workers} "
            "workers)",
            embedded.base,
            embedded.profile(),
            embedded.memory,
            options,
        )
        errors += sum(r["errors"] for r in results.values())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
