"""Load test of survey answers over real HTTP: 500 answers from 50 concurrent clients.

    .venv/bin/python bench/survey_load.py [--answers 500] [--clients 50]
        [--server gunicorn|runserver] [--workers 3] [--threads 4]

Starts the server on a free loopback port: gunicorn (the default: `--workers` processes
of `--threads` threads, production settings except HTTPS, on plain loopback HTTP) or
`manage.py runserver --noreload` (development settings). The database is a temporary
SQLite file (WAL, immediate transactions) or DATABASE_URL if set (e.g. PostgreSQL; the
bench creates its own survey there and only counts that survey's answers). The rate
limiter is off (TRAINING_RATE_LIMIT = None). Each client fetches the form (CSRF cookie
and token), then posts its answers, each marked with a unique token. Prints failed
requests, lost answers (token missing from the database) and duplicated answers (token
stored twice) — all must be 0 — the p50/p95/p99 latency of the posts and the throughput.

With PostgreSQL, keep connections open as production should: without
`?conn_max_age=60&conn_health_checks=true` at the end of DATABASE_URL every request pays
a new connection (and its authentication), which halves the throughput measured here.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SETTINGS = """
from portal.settings.{base} import *  # noqa
{overrides}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TRAINING_RATE_LIMIT = None
WHITENOISE_AUTOREFRESH = False  # it rescans the static files on every request
if not env("DATABASE_URL", default=""):
    DATABASES = {{
        "default": {{
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": {db!r},
            "ATOMIC_REQUESTS": False,
            "OPTIONS": {{
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }},
        }}
    }}
LOGGING = {{"version": 1, "disable_existing_loggers": False}}
"""

# Production settings, minus what needs HTTPS in front: the bench speaks plain HTTP.
PRODUCTION_OVERRIDES = """
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
"""

CREATE_SURVEY = """
import uuid
from wagtail.models import Page, Site
from portal.axes import Axis
from portal.factories import HomePageFactory, SectionPageFactory, TrainingNeedsSurveyPageFactory
from portal.models import HomePage, SectionPage

home = HomePage.objects.first() or HomePageFactory(parent=Page.get_first_root_node())
site = Site.objects.filter(is_default_site=True).first()
if site is None:
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True)
else:
    site.root_page = home
    site.save()
section = SectionPage.objects.filter(axis=Axis.TRAINING).first() or SectionPageFactory(
    parent=home, axis=Axis.TRAINING
)
page = TrainingNeedsSurveyPageFactory(
    parent=section,
    slug="enquete-bench-" + uuid.uuid4().hex[:8],  # the database may hold earlier runs
    allow_anonymous=True,
    form_fields=[
        {"label": "Besoins", "field_type": "skill_scale", "required": True,
         "choices": "Cartographie des flux\\nMontage financier\\nÉvaluation des gains"},
        {"label": "Format", "field_type": "radio", "choices": "Présentiel\\nDistanciel"},
        {"label": "Jeton", "field_type": "singleline", "required": True},
    ],
)
print("URL=" + page.url)
print("PAGE=" + str(page.pk))
"""

COUNT_TOKENS = """
import json
from collections import Counter
from training.models import SurveyAnswer
answers = SurveyAnswer.objects.filter(page_id={page})
print("TOKENS=" + json.dumps(Counter(a.form_data.get("jeton") for a in answers)))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, stdin=None):
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} a échoué :\n{done.stderr[-3000:]}")
    return done.stdout


def wait_until_up(base, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped, see its log")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code < 500:
                return
        except requests.RequestException:  # not listening yet, or still loading the app
            time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def client_run(base, url, tokens, latencies, failures, lock):
    session = requests.Session()  # one browser per client: its cookies, its connection
    for token in tokens:
        try:
            page = session.get(base + url, timeout=60)
            match = CSRF.search(page.text)
            if page.status_code != 200 or not match:
                raise RuntimeError(f"GET {page.status_code}")
            data = {
                "csrfmiddlewaretoken": match.group(1),
                "besoins__0": str(1 + hash(token) % 5),
                "besoins__1": "4",
                "besoins__2": "5",
                "format": "Présentiel",
                "jeton": token,
            }
            started = time.perf_counter()
            response = session.post(
                base + url, data=data, headers={"Referer": base + url}, timeout=60
            )
            elapsed = time.perf_counter() - started
            ok = response.status_code == 200 and "bien été enregistrées" in response.text
            with lock:
                latencies.append(elapsed)
                if not ok:
                    failures.append((token, response.status_code))
        except (requests.RequestException, RuntimeError) as error:
            with lock:
                failures.append((token, str(error)))


def stop_server(server):
    """SIGTERM (gunicorn finishes its requests), then SIGKILL after 30 s."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def percentile(ordered, share):
    """In milliseconds, of latencies in seconds sorted ascending (nearest rank)."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="survey-load-") as tmp:
        db = str(Path(tmp) / "bench.sqlite3")
        gunicorn = options.server == "gunicorn"
        Path(tmp, "bench_settings.py").write_text(
            SETTINGS.format(
                db=db,
                base="production" if gunicorn else "dev",
                overrides=PRODUCTION_OVERRIDES if gunicorn else "",
            )
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)]),
            "ELASTICSEARCH_URL": "",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        engine = "DATABASE_URL" if os.environ.get("DATABASE_URL") else f"SQLite {db}"
        print(f"Base : {engine}")
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")  # production's default cache lives in the database
        created = manage(env, "shell", stdin=CREATE_SURVEY)
        url = re.search(r"URL=(\S+)", created).group(1)
        page_id = int(re.search(r"PAGE=(\d+)", created).group(1))
        print(f"Migrations et enquête : {time.perf_counter() - started:.1f} s ({url})")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        if gunicorn:
            command = [
                PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(options.workers), "--threads", str(options.threads),
            ]  # fmt: skip
            print(f"Serveur : gunicorn, {options.workers} processus × {options.threads} fils")
        else:
            command = [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
            print("Serveur : runserver")
        # The server logs to a file, never to an unread pipe that fills up.
        server_log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_until_up(base, server)
            tokens = [f"jeton-{n:04d}" for n in range(options.answers)]
            shares = [tokens[i :: options.clients] for i in range(options.clients)]
            latencies, failures, lock = [], [], threading.Lock()
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=options.clients) as pool:
                for share in shares:
                    pool.submit(client_run, base, url, share, latencies, failures, lock)
            wall = time.perf_counter() - started
        finally:
            stop_server(server)
            server_log.close()
            errors = [
                line
                for line in (Path(tmp) / "server.log").read_text().splitlines()
                if "Traceback" in line or "Error" in line
            ]
            for line in errors[:5]:
                print("  serveur :", line)

        stored = json.loads(
            re.search(
                r"TOKENS=(.*)", manage(env, "shell", stdin=COUNT_TOKENS.format(page=page_id))
            ).group(1)
        )
        lost = [t for t in tokens if t not in stored]
        duplicated = {t: n for t, n in stored.items() if n > 1}
        ordered = sorted(latencies)
        p50 = statistics.median(ordered) * 1000 if ordered else float("nan")
        p95, p99 = (percentile(ordered, 0.95), percentile(ordered, 0.99))
        print(f"Réponses envoyées : {len(tokens)} par {options.clients} clients en {wall:.1f} s")
        print(f"Réponses enregistrées : {sum(stored.values())}")
        print(f"Échecs : {len(failures)}  Perdues : {len(lost)}  Doublons : {len(duplicated)}")
        print(f"Latence des envois : p50 {p50:.0f} ms  p95 {p95:.0f} ms  p99 {p99:.0f} ms")
        print(f"Débit : {len(latencies) / wall:.1f} réponses/s")
        for token, reason in failures[:5]:
            print(f"  échec {token} : {reason}")
        if failures or lost or duplicated:
            sys.exit(1)


if __name__ == "__main__":
    main()
