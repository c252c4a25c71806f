"""Concurrent visitors against the seeded demo: page views, sign-ins, survey answers,
template downloads and newsletter subscriptions, with nothing lost.

    .venv/bin/python bench/concurrency.py [--clients 50] [--rounds 3] [--max-seconds 600]
        [--server runserver|gunicorn] [--seeded-db PATH]

The demo as `make demo` runs it: the project's own development settings (DEBUG off),
`manage.py runserver --noreload` on a free loopback port (or gunicorn, 3 processes × 4
threads), on a temporary SQLite file seeded by `seed_demo`, or on DATABASE_URL if set
(e.g. PostgreSQL; migrated and seeded there, the bench's rows are told apart by a unique
run id). `--seeded-db PATH` keeps a seeded SQLite file to copy on later runs (seeding
takes minutes). The bench changes no setting of the portal: it only sets
TRUSTED_PROXY_COUNT=1 so that each anonymous client comes from its own address
(X-Forwarded-For), as the visitors of a real network do, and gives the demo accounts a
known password.

Each of the `--clients` clients runs `--rounds` rounds of: two page views, a sign-in with a
demo account (then the members' directory), an anonymous survey answer carrying a unique
token, a personalised template download and a newsletter subscription. Prints requests,
errors by kind, server tracebacks, and what the database holds against what was answered
2xx/3xx (survey tokens, downloads, subscribers): errors and losses must be 0.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.survey_load import CREATE_SURVEY, free_port, manage, stop_server, wait_until_up  # noqa: E402

PASSWORD = "bench-concurrency-2026"  # noqa: S105 - set on the bench's demo accounts only

PREPARE = """
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page
from communication_kits.models import CommunicationTemplatePage, DocumentFormat
from portal.models import Territory

users = list(get_user_model().objects.filter(is_active=True).order_by("pk")[:10])
for user in users:
    user.set_password({password!r})
    user.save(update_fields=["password"])
pages = [p.url for p in Page.objects.live().public().specific().order_by("pk")[:40] if p.url]
templates = [
    t.url for t in CommunicationTemplatePage.objects.live().public().order_by("pk")
    if t.template_body.strip()
]
territory = Territory.objects.order_by("pk").first()
print("PREPARED=" + json.dumps({{
    "users": [u.username for u in users],
    "pages": pages + ["/recherche/?q=chaleur", "/veille/", "/indicateurs/tableau-de-bord/"],
    "templates": templates,
    "territory": territory.slug if territory else "",
    "format": DocumentFormat.values[0],
}}))
"""

COUNT = """
import json
from collections import Counter
from communication_kits.models import TemplateDownload
from training.models import SurveyAnswer
from veille.models import Subscriber
answers = SurveyAnswer.objects.filter(page_id={page})
print("COUNTED=" + json.dumps({{
    "tokens": Counter(a.form_data.get("jeton") for a in answers),
    "downloads": TemplateDownload.objects.count(),
    "subscribers": Subscriber.objects.filter(email__startswith={prefix!r}).count(),
}}))
"""


class FormFields(HTMLParser):
    """The fields of the form posted to `action`: inputs, textareas, selected options."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("method") == "post" and attrs.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit",):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.values[self.textarea] = ""
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def form_fields(html, action):
    parser = FormFields(action)
    parser.feed(html)
    return parser.values


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.errors = Counter()
        self.examples = []
        self.ok = Counter()
        self.tokens = []

    def record(self, kind, response=None, error=None, expected=(200,)):
        with self.lock:
            self.requests += 1
            if error is None and response is not None and response.status_code in expected:
                self.ok[kind] += 1
                return True
            reason = error or f"HTTP {response.status_code}"
            self.errors[kind] += 1
            if self.errors[kind] <= 2:
                self.examples.append(f"{kind} : {reason}")
            return False


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_of(response):
    match = CSRF.search(response.text)
    return match.group(1) if match else ""


def step(tally, kind, method, url, expected=(200,), **kwargs):
    """One request; counted as an error unless its status is `expected`."""
    try:
        response = method(url, timeout=60, **kwargs)
    except requests.RequestException as error:
        tally.record(kind, error=type(error).__name__)
        return None
    return response if tally.record(kind, response, expected=expected) else None


def post_form(tally, kind, session, url, data, expected=(200,), referer=None):
    return step(
        tally,
        kind,
        session.post,
        url,
        expected=expected,
        data=data,
        headers={"Referer": referer or url},
        allow_redirects=False,
    )


def sign_in(tally, base, address, username):
    member = requests.Session()  # a member signing in: a browser of their own
    member.headers.update({"X-Forwarded-For": address})
    login_url = base + "/membres/connexion/"
    form = step(tally, "connexion (formulaire)", member.get, login_url)
    if form is None:
        return
    posted = {"csrfmiddlewaretoken": csrf_of(form), "username": username, "password": PASSWORD}
    if post_form(tally, "connexion", member, login_url, posted, expected=(302,)) is not None:
        step(tally, "annuaire", member.get, base + "/membres/annuaire/")


def answer_survey(tally, visitor, url, token):
    survey = step(tally, "enquête (formulaire)", visitor.get, url)
    if survey is None:
        return
    answer = {
        "csrfmiddlewaretoken": csrf_of(survey),
        "besoins__0": "3",
        "besoins__1": "4",
        "besoins__2": "5",
        "format": "Présentiel",
        "jeton": token,
    }
    response = post_form(tally, "réponse à l'enquête", visitor, url, answer)
    if response is not None and "bien été enregistrées" in response.text:
        with tally.lock:
            tally.tokens.append(token)


def download_template(tally, visitor, base, template, data):
    personalise = base + template + "personnaliser/"
    page = step(
        tally,
        "modèle (formulaire)",
        visitor.get,
        personalise,
        params={"territoire": data["territory"]},
    )
    if page is not None:
        values = form_fields(page.text, template + "personnaliser/")
        for name, value in values.items():  # what the territory's figures did not fill
            if name.startswith("v_") and not value.strip():
                values[name] = "12"
        download = base + template + f"telecharger/{data['format']}/"
        post_form(tally, "téléchargement", visitor, download, values, referer=personalise)


def subscribe(tally, visitor, base, email):
    url = base + "/veille/abonnement/"
    page = step(tally, "abonnement (formulaire)", visitor.get, url)
    if page is not None:
        posted = {"csrfmiddlewaretoken": csrf_of(page), "email": email}
        post_form(tally, "abonnement", visitor, url, posted, expected=(302,))


def client(n, options, base, data, survey_url, run_id, tally, deadline):
    address = f"198.18.{n // 250}.{n % 250 + 1}"
    visitor = requests.Session()  # an anonymous visitor with its own address
    visitor.headers.update({"X-Forwarded-For": address})
    pages = data["pages"]
    for rnd in range(options.rounds):
        if time.monotonic() > deadline:
            return
        for offset in (0, 1):
            step(tally, "page", visitor.get, base + pages[(n * 2 + rnd + offset) % len(pages)])
        sign_in(tally, base, address, data["users"][(n + rnd) % len(data["users"])])
        answer_survey(tally, visitor, base + survey_url, f"{run_id}-{n:03d}-{rnd}")
        if data["templates"]:
            template = data["templates"][(n + rnd) % len(data["templates"])]
            download_template(tally, visitor, base, template, data)
        subscribe(tally, visitor, base, f"{run_id}-{n:03d}-{rnd}@exemple.fr")


def seed(env, options, db):
    if options.no_seed:
        manage(env, "migrate", "--noinput", "-v0")
        return "déjà peuplée"
    cached = options.seeded_db and Path(options.seeded_db)
    if db and cached and cached.exists():
        shutil.copy(cached, db)
        manage(env, "migrate", "--noinput", "-v0")
        return "copie de " + str(cached)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    if db and cached:
        shutil.copy(db, cached)
    return "seed_demo"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--server", choices=["runserver", "gunicorn"], default="runserver")
    parser.add_argument("--seeded-db", help="SQLite only: a seeded copy kept between runs")
    parser.add_argument(
        "--no-seed", action="store_true", help="DATABASE_URL already seeded: migrate only"
    )
    parser.add_argument(
        "--import-path",
        default=str(ROOT / "tests" / "fixtures" / "knowledge"),
        help="Markdown imported by `import_markdown` during the load ('' : none)",
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="concurrency-") as tmp:
        on_sqlite = not os.environ.get("DATABASE_URL")
        db = str(Path(tmp) / "demo.sqlite3") if on_sqlite else ""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "False",
            "ELASTICSEARCH_URL": "",
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        if on_sqlite:
            env["DATABASE_URL"] = f"sqlite:///{db}"
        print(f"Base : {'SQLite ' + db if on_sqlite else 'DATABASE_URL (PostgreSQL)'}")
        started = time.perf_counter()
        how = seed(env, options, db)
        prepared = manage(env, "shell", stdin=PREPARE.format(password=PASSWORD))
        data = json.loads(re.search(r"PREPARED=(.*)", prepared).group(1))
        created = manage(env, "shell", stdin=CREATE_SURVEY)
        survey_url = re.search(r"URL=(\S+)", created).group(1)
        survey_id = int(re.search(r"PAGE=(\d+)", created).group(1))
        before = json.loads(
            re.search(
                r"COUNTED=(.*)",
                manage(env, "shell", stdin=COUNT.format(page=survey_id, prefix="-")),
            ).group(1)
        )
        print(f"Démo ({how}) et enquête : {time.perf_counter() - started:.0f} s")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        if options.server == "gunicorn":
            command = [
                sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", "3", "--threads", "4",
            ]  # fmt: skip
        else:
            command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        print(f"Serveur : {options.server} ; {options.clients} clients × {options.rounds} tours")
        log_path = Path(tmp) / "server.log"
        run_id = "bench" + uuid.uuid4().hex[:8]
        tally = Tally()
        with open(log_path, "w") as server_log:
            server = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT
            )
            try:
                wait_until_up(base, server)
                deadline = time.monotonic() + options.max_seconds
                started = time.perf_counter()
                importer = None
                if options.import_path:  # an editor importing beside the visitors
                    importer = subprocess.Popen(
                        [sys.executable, "manage.py", "import_markdown", options.import_path],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                with ThreadPoolExecutor(max_workers=options.clients) as pool:
                    for n in range(options.clients):
                        pool.submit(
                            client, n, options, base, data, survey_url, run_id, tally, deadline
                        )
                wall = time.perf_counter() - started
                imported = importer.communicate(timeout=600)[0] if importer else ""
            finally:
                stop_server(server)
        log = log_path.read_text(errors="replace")
        locked = log.count("database is locked")
        tracebacks = log.count("Traceback")
        exception = re.compile(r"^[\w.]+(Error|Exception)\b.*", re.MULTILINE)
        kinds = Counter(match.group(0)[:160] for match in exception.finditer(log))

        after = json.loads(
            re.search(
                r"COUNTED=(.*)",
                manage(env, "shell", stdin=COUNT.format(page=survey_id, prefix=run_id)),
            ).group(1)
        )
        lost_answers = [t for t in tally.tokens if t not in after["tokens"]]
        downloads = after["downloads"] - before["downloads"]
        print(f"Requêtes : {tally.requests} en {wall:.1f} s ({tally.requests / wall:.1f}/s)")
        print(f"Erreurs : {sum(tally.errors.values())}  {dict(tally.errors) or ''}")
        print(f"Côté serveur : {tracebacks} traceback(s), {locked} « database is locked »")
        for line, count in kinds.most_common(3):
            print(f"   {count} × {line}")
        print(
            f"Réponses à l'enquête : {len(tally.tokens)} acceptées, "
            f"{len(after['tokens'])} en base, {len(lost_answers)} perdue(s)"
        )
        print(f"Téléchargements : {tally.ok['téléchargement']} servis, {downloads} comptés")
        print(f"Abonnements : {tally.ok['abonnement']} acceptés, {after['subscribers']} en base")
        print(f"Connexions réussies : {tally.ok['connexion']}")
        if options.import_path:
            summary = imported.strip().splitlines()[-1:] or ["(rien)"]
            print(
                f"import_markdown pendant la charge : {imported.count('locked')} fichier(s) "
                f"refusé(s) pour « database is locked » ; {summary[0]}"
            )
        for example in tally.examples:
            print("  ", example)
        lost = (
            lost_answers
            or downloads != tally.ok["téléchargement"]
            or after["subscribers"] != tally.ok["abonnement"]
        )
        if tally.errors or lost or tracebacks or "locked" in imported:
            sys.exit(1)


if __name__ == "__main__":
    main()
