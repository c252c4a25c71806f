#!/usr/bin/env python3
"""Smoke test of the production settings under gunicorn, on loopback.

Needs DATABASE_URL (PostgreSQL) and ELASTICSEARCH_URL. Runs migrate, collectstatic (into a
temporary STATIC_ROOT), seed_demo and `search_index rebuild` with the production settings,
starts gunicorn with 2 workers on 127.0.0.1, fetches a few pages as a visitor behind an
HTTPS proxy would, checks status codes and security headers, checks that no traceback was
logged, then stops gunicorn. Exit status 0 when everything passed.

    DATABASE_URL=postgres://... ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python scripts/smoke-production.py

It works in a database of its own, `<DATABASE_URL's name>_smoke`, dropped and re-created
on every run (the role needs CREATEDB), with media in a temporary directory;
SMOKE_INDEX_PREFIX (default "smoke") keeps its search index apart from everyone else's.
"""

import json
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)
failures = []


def check(condition, message):
    print(("  ok    " if condition else "  FAIL  ") + message)
    if not condition:
        failures.append(message)
    return condition


def fetch(base, path, headers=HTTPS):
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - http://127.0.0.1
    try:
        with OPENER.open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env, log, *args, background=False):
    command = [sys.executable, "manage.py", *args]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    if not background:
        finish(process, log)
    return process


def cpu_seconds():
    """CPU time of the children reaped so far: a load-independent measure of the work."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def finish(process, log):
    started, cpu = time.monotonic(), cpu_seconds()
    if process.wait():
        log.flush()
        tail = "\n".join(Path(log.name).read_text().splitlines()[-60:])
        sys.exit(f"{' '.join(process.args[1:])} failed:\n{tail}")
    waited, used = time.monotonic() - started, cpu_seconds() - cpu
    print(f"  {' '.join(process.args[1:])}: waited {waited:.1f} s, {used:.1f} s of CPU")


def wait_until_up(base, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            if fetch(base, "/healthz")[0] in (200, 503):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def check_security_headers(headers, what):
    csp = headers.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", csp)
    check("default-src 'self'" in csp, f"{what}: Content-Security-Policy default-src 'self'")
    check(
        script_src and "'unsafe-inline'" not in script_src.group(1),
        f"{what}: no 'unsafe-inline' script",
    )
    check("max-age=" in headers.get("Strict-Transport-Security", ""), f"{what}: HSTS")
    check(headers.get("X-Content-Type-Options") == "nosniff", f"{what}: nosniff")
    check(headers.get("Referrer-Policy") == "same-origin", f"{what}: Referrer-Policy")
    check(headers.get("X-Frame-Options") == "DENY", f"{what}: X-Frame-Options")


def run_checks(base):
    status, headers, body = fetch(base, "/")
    check(status == 200, f"/ answers 200 (got {status})")
    check_security_headers(headers, "/")
    html = body.decode()

    status, headers, _ = fetch(base, "/", headers={})
    location = headers.get("Location", "")
    check(status == 301 and location.startswith("https://"), "plain HTTP is redirected to HTTPS")

    status, headers, _ = fetch(base, "/savoirs/")
    check(status == 200, f"section /savoirs/ answers 200 (got {status})")

    status, _, body = fetch(base, "/api/search/?q=bois")
    results = json.loads(body) if status == 200 else {}
    check(status == 200, f"/api/search/?q=bois answers 200 (got {status})")
    check(results.get("engine") == "elasticsearch", "the search API answers from Elasticsearch")
    check(results.get("total", 0) > 0, "the search API finds demo pages for « bois »")
    if results.get("results"):
        url = results["results"][0]["url"]
        path = re.sub(r"^https?://[^/]+", "", url)
        status, headers, _ = fetch(base, path)
        check(status == 200, f"knowledge page {path} answers 200 (got {status})")
        check_security_headers(headers, path)

    status, _, body = fetch(base, "/recherche/?q=dechets")
    check(status == 200, f"/recherche/?q=dechets answers 200 (got {status})")
    check("search-q" in body.decode(), "the search page shows its form")

    status, headers, body = fetch(base, "/veille/rss/")
    check(status == 200, f"/veille/rss/ answers 200 (got {status})")
    check("xml" in headers.get("Content-Type", ""), "the RSS feed is XML")

    status, _, body = fetch(base, "/healthz", headers={})  # probed over plain HTTP
    report = json.loads(body) if status == 200 else {}
    check(
        status == 200 and report.get("status") == "ok", f"/healthz is ok (got {status}: {report})"
    )

    status, _, _ = fetch(base, "/cette-page-n-existe-pas/")
    check(status == 404, f"an unknown page answers 404 (got {status})")

    css = re.search(r'href="(/static/portal/css/portal\.[0-9a-f]{12}\.css)"', html)
    if check(css is not None, "the home page links the hashed (manifest) stylesheet"):
        gzip = {**HTTPS, "Accept-Encoding": "gzip"}
        status, headers, _ = fetch(base, css.group(1), headers=gzip)
        check(status == 200, f"{css.group(1)} answers 200 (got {status})")
        check(headers.get("Content-Encoding") == "gzip", "whitenoise serves it compressed")
        cache = headers.get("Cache-Control", "")
        check("immutable" in cache and "max-age=315360000" in cache, f"long cache ({cache})")


def fresh_database(url: str) -> str:
    """An empty `<name>_smoke` database beside DATABASE_URL's, re-created on every run so
    that each run starts like a first deployment (the role needs CREATEDB)."""
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_smoke"
    admin = urlunsplit(parts._replace(path="/postgres"))
    for statement in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        done = subprocess.run(["psql", admin, "-qc", statement], capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{statement}: {done.stderr.strip()}")
    return urlunsplit(parts._replace(path=f"/{name}"))


def main():
    missing = [name for name in ("DATABASE_URL", "ELASTICSEARCH_URL") if not os.environ.get(name)]
    if missing:
        sys.exit(f"Set {' and '.join(missing)} first.")
    started = time.monotonic()
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="smoke-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "STATIC_ROOT": f"{tmp}/static",
            "DATABASE_URL": fresh_database(os.environ["DATABASE_URL"]),
            "MEDIA_ROOT": f"{tmp}/media",
            "MEDIA_STORAGE": "filesystem",
            "SEARCH_INDEX_PREFIX": os.environ.get("SMOKE_INDEX_PREFIX", "smoke"),
            "WAGTAILADMIN_BASE_URL": base,
            "EMAIL_URL": "consolemail://",
            "PYTHONUNBUFFERED": "1",
            # A throwaway database: no need to wait for each commit to reach the disk.
            "PGOPTIONS": "-c synchronous_commit=off",
        }
        log_path = Path(tmp) / "smoke.log"
        static_log_path = Path(tmp) / "collectstatic.log"
        with log_path.open("w+") as log, static_log_path.open("w+") as static_log:
            print("== Preparing static files (in parallel), the database and the index")
            static = manage(env, static_log, "collectstatic", "--no-input", background=True)
            manage(env, log, "migrate", "--no-input")
            manage(env, log, "createcachetable")
            manage(env, log, "seed_demo")
            manage(env, log, "search_index", "rebuild")
            finish(static, static_log)

            print(f"== gunicorn on {base} ({time.monotonic() - started:.1f} s so far)")
            server = subprocess.Popen(  # noqa: S603
                [
                    *(sys.executable, "-m", "gunicorn", "portal.wsgi:application"),
                    *("--bind", f"{HOST}:{port}", "--workers", "2", "--timeout", "30"),
                    *("--access-logfile", "-", "--error-logfile", "-"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                if check(wait_until_up(base, server), "gunicorn answers on /healthz"):
                    run_checks(base)
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
            log.flush()
            logs = log_path.read_text() + static_log_path.read_text()
            check("Traceback" not in logs, "no traceback in the logs")
            if failures:
                print("== Logs\n" + logs)
    elapsed = time.monotonic() - started
    load = os.getloadavg()[0]
    print(f"== {'FAILED' if failures else 'passed'} in {elapsed:.1f} s (load average {load:.1f})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
