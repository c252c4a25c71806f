"""Load test of survey answers over real HTTP: 500 answers from 50 concurrent clients.

    .venv/bin/python bench/survey_load.py [--answers 500] [--clients 50]

Starts `manage.py runserver --noreload` on a free loopback port, against a temporary
SQLite database (WAL, immediate transactions) or DATABASE_URL if set, with the
rate limiter off (TRAINING_RATE_LIMIT = None). Creates an open anonymous survey; each
client fetches the form (CSRF cookie and token), then posts its answers, each marked
with a unique token. Prints failed requests, lost answers (token missing from the
database) and duplicated answers (token stored twice) — all must be 0 — and the
p50/p95 latency of the posts.
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
from portal.settings.dev import *  # noqa

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

CREATE_SURVEY = """
from wagtail.models import Page, Site
from portal.axes import Axis
from portal.factories import HomePageFactory, SectionPageFactory, TrainingNeedsSurveyPageFactory
from portal.models import HomePage

home = HomePage.objects.first() or HomePageFactory(parent=Page.get_first_root_node())
site = Site.objects.filter(is_default_site=True).first()
if site is None:
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True)
else:
    site.root_page = home
    site.save()
section = SectionPageFactory(parent=home, axis=Axis.TRAINING)
page = TrainingNeedsSurveyPageFactory(
    parent=section,
    allow_anonymous=True,
    form_fields=[
        {"label": "Besoins", "field_type": "skill_scale", "required": True,
         "choices": "Cartographie des flux\\nMontage financier\\nÉvaluation des gains"},
        {"label": "Format", "field_type": "radio", "choices": "Présentiel\\nDistanciel"},
        {"label": "Jeton", "field_type": "singleline", "required": True},
    ],
)
print("URL=" + page.url)
"""

COUNT_TOKENS = """
import json
from collections import Counter
from training.models import SurveyAnswer
print("TOKENS=" + json.dumps(Counter(a.form_data.get("jeton") for a in SurveyAnswer.objects.all())))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, stdin=None):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("runserver stopped, see its log")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code < 500:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("runserver did not answer in time")


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="survey-load-") as tmp:
        db = str(Path(tmp) / "bench.sqlite3")
        Path(tmp, "bench_settings.py").write_text(SETTINGS.format(db=db))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)]),
            "ELASTICSEARCH_URL": "",
        }
        engine = "DATABASE_URL" if os.environ.get("DATABASE_URL") else f"SQLite {db}"
        print(f"Base : {engine}")
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v0")
        url = re.search(r"URL=(\S+)", manage(env, "shell", stdin=CREATE_SURVEY)).group(1)
        print(f"Migrations et enquête : {time.perf_counter() - started:.1f} s ({url})")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # runserver logs every request: to a file, never to an unread pipe that fills up.
        server_log = open(Path(tmp) / "runserver.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
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
            server.terminate()
            server.wait(timeout=10)
            server_log.close()
            errors = [
                line
                for line in (Path(tmp) / "runserver.log").read_text().splitlines()
                if "Traceback" in line or "Error" in line
            ]
            for line in errors[:5]:
                print("  serveur :", line)

        stored = json.loads(
            re.search(r"TOKENS=(.*)", manage(env, "shell", stdin=COUNT_TOKENS)).group(1)
        )
        lost = [t for t in tokens if t not in stored]
        duplicated = {t: n for t, n in stored.items() if n > 1}
        ordered = sorted(latencies)
        p50 = statistics.median(ordered) * 1000 if ordered else float("nan")
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000 if ordered else 0
        print(f"Réponses envoyées : {len(tokens)} par {options.clients} clients en {wall:.1f} s")
        print(f"Réponses enregistrées : {sum(stored.values())}")
        print(f"Échecs : {len(failures)}  Perdues : {len(lost)}  Doublons : {len(duplicated)}")
        print(f"Latence des envois : p50 {p50:.0f} ms  p95 {p95:.0f} ms")
        for token, reason in failures[:5]:
            print(f"  échec {token} : {reason}")
        if failures or lost or duplicated:
            sys.exit(1)


if __name__ == "__main__":
    main()
