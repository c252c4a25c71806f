"""Load test over real HTTP: locust (headless) against gunicorn on loopback, mixed traffic.

    .venv/bin/python bench/load.py [--users 50] [--spawn-rate 10] [--duration 60s]
        [--workers 3] [--threads 4] [--keep-alive 5] [--index-prefix load]
    DATABASE_URL=postgres://portal:portal-ci@127.0.0.1:5432/portal_load \\
        ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/load.py

Prepares a database: a temporary SQLite file, or DATABASE_URL if set (a PostgreSQL
database that does not exist yet is created with psql, then dropped at the end; an existing
one is used as it is). Then `migrate`, `createcachetable`, and with the task worker running
(`manage.py db_worker`, as in production, until the end): `seed_demo`, an open anonymous
survey (bench.survey_load.CREATE_SURVEY) and, when ELASTICSEARCH_URL is set, `search_index
rebuild` into indices prefixed `load` (--index-prefix); otherwise the database engine. It
stops unless the search index holds every published page once the queue has drained.
Starts gunicorn with production settings minus HTTPS on a free loopback port (same settings
as bench/survey_load.py, rate limit off, static files unhashed so no collectstatic), then
runs bench/locustfile.py (page views, faceted search API, suggestions, HTML search, survey
answers) with locust in headless mode, sampling the RSS of the gunicorn master and workers
every second. Prints per request type: count, failures, p50/p95/p99 and throughput, the
aggregate, the search engine that answered, the workers' memory (start, peak, end) and the
server's error lines. Exits 1 on any failed request or Traceback in the server log.

Each visitor pauses 0.5–2 s between requests, so 50 visitors offer about 40 requests/s:
the throughput is that offer unless the server saturates (then latencies climb). gunicorn's
keep-alive (5 s) outlasts the pauses: with its default of 2 s, a visitor sometimes reuses a
connection the server is closing at that moment, and gets "Connection reset by peer".
"""

import argparse
import contextlib
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.survey_load import (  # noqa: E402
    CREATE_SURVEY,
    PRODUCTION_OVERRIDES,
    PYTHON,
    ROOT,
    SETTINGS,
    free_port,
    manage,
    stop_server,
    wait_until_up,
)

# Server errors must reach the log: Django's own handler prints nothing when DEBUG is off.
LOGGING = """
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"django": {"handlers": [], "level": "WARNING"}},
}
"""

MB = 1024 * 1024


class PostgresDatabase:
    """The database of a postgres:// DATABASE_URL: created if missing, dropped if created."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.created = False

    def psql(self, sql):
        """Run sql, where :'name' and :"name" are the database name quoted by psql."""
        return subprocess.run(
            ["psql", self.admin_url, "-v", "ON_ERROR_STOP=1", "-v", f"name={self.name}", "-tA"],
            input=sql,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def __enter__(self):
        if not self.psql("SELECT 1 FROM pg_database WHERE datname = :'name';"):
            self.psql('CREATE DATABASE :"name";')
            self.created = True
        return self

    def __exit__(self, *exc):
        if self.created:
            self.psql('DROP DATABASE :"name" WITH (FORCE);')


class MemorySampler(threading.Thread):
    """RSS of the gunicorn master and each worker, every second: first, peak and last."""

    def __init__(self, pid, interval=1.0):
        super().__init__(daemon=True)
        self.master = psutil.Process(pid)
        self.interval = interval
        self.samples = {}  # pid -> [first, peak, last] in bytes
        self.peak_total = 0
        self.stopping = threading.Event()

    def sample(self):
        total = 0
        try:
            processes = [self.master, *self.master.children()]
        except psutil.NoSuchProcess:  # the server stopped: its log tells why
            return
        for process in processes:
            try:
                rss = process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            first, peak, _ = self.samples.get(process.pid, (rss, 0, 0))
            self.samples[process.pid] = [first, max(peak, rss), rss]
            total += rss
        self.peak_total = max(self.peak_total, total)

    def run(self):
        while not self.stopping.wait(self.interval):
            self.sample()

    def stop(self):
        self.stopping.set()
        self.join()
        self.sample()


# Runs inside Django (`manage.py shell`): waits for the task queue to drain, then counts
# the live pages and what each engine holds.
INDEX_CHECK = r"""
import time
from django_tasks_db.models import DBTaskResult
from search import service
from search.indexing import count_pages
from search.store import SearchDocument
deadline = time.monotonic() + 900
def pending():
    return DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()
while pending() and time.monotonic() < deadline:
    time.sleep(1)
indexed = -1
if service.elasticsearch_configured():
    from search.engines import elasticsearch as es
    es.refresh()
    indexed = es.indexing_client().count(index=es.alias_name())["count"]
print(f"INDEX {count_pages()} {SearchDocument.objects.count()} {indexed} {pending()}")
"""


def check_index(output: str) -> str:
    """Stops the benchmark unless both engines hold every live page (the output of
    INDEX_CHECK): a load test of an empty index measures nothing."""
    line = next(line for line in output.splitlines() if line.startswith("INDEX "))
    pages, stored, indexed, pending = (int(n) for n in line.split()[1:])
    summary = (
        f"Index : {pages} pages publiées, {stored} dans le moteur base, "
        + (f"{indexed} dans Elasticsearch, " if indexed >= 0 else "")
        + f"{pending} tâches en attente"
    )
    if not pages or stored != pages or indexed not in (-1, pages) or pending:
        sys.exit(f"L'index ne contient pas le corpus. {summary}")
    return summary


class TaskWorker:
    """`manage.py db_worker`, as in production: it runs the index tasks that publishing
    (seed_demo, the survey, edits during the load) queues; stopped at the end."""

    def __init__(self, env, tmp):
        self.env, self.log = env, tmp / "worker.log"
        self.process = None

    def __enter__(self):
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [PYTHON, "manage.py", "db_worker"], cwd=ROOT, env=self.env, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def prepare(env, tmp, worker: TaskWorker):
    """migrate, then with the task worker running: seed_demo, the survey and, with
    Elasticsearch, a rebuild; then checks that the index holds every page."""
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")  # production's default cache lives in the database
    worker.__enter__()
    manage(env, "seed_demo")
    survey_url = manage(env, "shell", stdin=CREATE_SURVEY).split("URL=")[1].split()[0]
    if env["ELASTICSEARCH_URL"]:
        manage(env, "search_index", "rebuild")
    print(check_index(manage(env, "shell", stdin=INDEX_CHECK)))
    print(
        f"Préparation (migrate, seed_demo, enquête, index) : {time.perf_counter() - started:.0f} s"
    )
    return survey_url


def run_locust(options, base, survey_url, tmp):
    env = {**os.environ, "LOAD_SURVEY_URL": survey_url, "LOAD_REPORT": str(tmp / "report.json")}
    command = [
        PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(options.users), "-r", str(options.spawn_rate), "-t", options.duration,
        "--host", base, "--csv", str(tmp / "load"), "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    with open(tmp / "locust.log", "w") as log:
        return subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def print_stats(tmp):
    with open(tmp / "load_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(
        f"{'requête':<22}{'nombre':>8}{'échecs':>8}{'req/s':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    for row in rows:
        name = "TOTAL" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<22}{row['Request Count']:>8}{row['Failure Count']:>8}"
            f"{float(row['Requests/s']):>8.1f}{row['50%']:>9}{row['95%']:>9}{row['99%']:>9}"
            f"{float(row['Max Response Time']):>9.0f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    with open(tmp / "load_failures.csv", newline="") as failures:
        for row in list(csv.DictReader(failures))[:10]:
            print(f"  échec {row['Name']} ×{row['Occurrences']} : {row['Error']}")
    return int(total["Request Count"]), int(total["Failure Count"])


def print_memory(sampler):
    print("Mémoire (RSS, Mo)       départ    pic    fin")
    for pid, (first, peak, last) in sampler.samples.items():
        role = "maître" if pid == sampler.master.pid else "worker"
        print(f"  {role} {pid:<16}{first / MB:>7.0f}{peak / MB:>7.0f}{last / MB:>7.0f}")
    print(f"  pic cumulé : {sampler.peak_total / MB:.0f} Mo")


def server_errors(log_path):
    lines = log_path.read_text(errors="replace").splitlines()
    tracebacks = sum("Traceback" in line for line in lines)
    levels = ("ERROR", "CRITICAL", "WARNING")  # Django's (plain) and gunicorn's ([ERROR]) lines
    problems = [
        line
        for line in lines
        if line.startswith(levels) or any(f"[{level}]" in line for level in levels)
    ]
    print(f"Journal du serveur : {tracebacks} Traceback, {len(problems)} lignes WARNING/ERROR")
    for line in list(dict.fromkeys(problems))[:10]:  # distinct lines, first seen first
        print("  serveur :", line[:200])
    return tracebacks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10, help="users started per second")
    parser.add_argument("--duration", default="60s", help="locust's --run-time, e.g. 60s, 5m")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=5,
        help="gunicorn's keep-alive in seconds, longer than the visitors' pauses (≤ 2 s)",
    )
    parser.add_argument("--index-prefix", default="load", help="Elasticsearch index prefix")
    options = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    elasticsearch_url = os.environ.get("ELASTICSEARCH_URL", "")
    with tempfile.TemporaryDirectory(prefix="load-") as tmp_name:
        tmp = Path(tmp_name)
        db = str(tmp / "bench.sqlite3")
        (tmp / "bench_settings.py").write_text(
            SETTINGS.format(db=db, base="production", overrides=PRODUCTION_OVERRIDES) + LOGGING
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([tmp_name, str(ROOT)]),
            "ELASTICSEARCH_URL": elasticsearch_url,
            "SEARCH_INDEX_PREFIX": options.index_prefix,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        postgres = database_url.startswith(("postgres://", "postgresql://"))
        parts = urlsplit(database_url)
        print(f"Base : {f'{parts.scheme} {parts.path}' if database_url else f'SQLite {db}'}")
        engine = f"Elasticsearch {elasticsearch_url}" if elasticsearch_url else "base de données"
        print(f"Moteur de recherche : {engine}")
        with PostgresDatabase(database_url) if postgres else contextlib.nullcontext():
            worker = TaskWorker(env, tmp)
            try:
                survey_url = prepare(env, tmp, worker)
                failures, tracebacks = benchmark(options, env, tmp, survey_url)
            except subprocess.CalledProcessError as error:
                sys.exit(f"Échec de {' '.join(error.cmd[1:3])} :\n{error.stderr[-3000:]}")
            finally:
                if worker.process is not None:
                    worker.__exit__()
    if failures or tracebacks:
        sys.exit(1)


def benchmark(options, env, tmp, survey_url):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(options.workers), "--threads", str(options.threads),
        "--keep-alive", str(options.keep_alive),
    ]  # fmt: skip
    print(
        f"Serveur : gunicorn, {options.workers} processus × {options.threads} fils, "
        f"keep-alive {options.keep_alive} s, {base}"
    )
    server_log = tmp / "server.log"
    with open(server_log, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base, server)
        sampler = MemorySampler(server.pid)
        sampler.sample()
        sampler.start()
        load_before = os.getloadavg()
        print(
            f"Charge : {options.users} utilisateurs (+{options.spawn_rate}/s) "
            f"pendant {options.duration}, locust sur la même machine"
        )
        started = time.perf_counter()
        locust = run_locust(options, base, survey_url, tmp)
        wall = time.perf_counter() - started
        sampler.stop()
        load_after = os.getloadavg()
    finally:
        stop_server(server)

    print(f"Durée réelle : {wall:.0f} s  locust code {locust.returncode}")
    print(
        "Charge moyenne de la machine (1, 5, 15 min) : "
        f"avant {' '.join(f'{v:.2f}' for v in load_before)}, "
        f"après {' '.join(f'{v:.2f}' for v in load_after)} ({os.cpu_count()} cœurs)"
    )
    if not (tmp / "load_stats.csv").exists():
        print((tmp / "locust.log").read_text()[-3000:])
        return 1, server_errors(server_log)
    requests, failures = print_stats(tmp)
    report_path = tmp / "report.json"
    if report_path.exists():
        report = json.loads(report_path.read_text())
        engines = ", ".join(f"{name} {count}" for name, count in report["engines"].items())
        print(f"Pages du plan du site : {report['pages']}  Moteur des réponses API : {engines}")
    print(f"Requêtes : {requests}  Échecs : {failures}")
    print_memory(sampler)
    if locust.returncode and not failures:  # e.g. the discovery of pages and facets failed
        print((tmp / "locust.log").read_text()[-3000:])
        failures = 1
    return failures, server_errors(server_log)


if __name__ == "__main__":
    main()
