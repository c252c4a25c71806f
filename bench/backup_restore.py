"""Backup and restore on PostgreSQL: dump, restore into an empty database, rebuild the
search index, and compare pages, survey answers and indicator values.

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/portal_backup \\
        [ELASTICSEARCH_URL=http://127.0.0.1:9200] .venv/bin/python bench/backup_restore.py

The database named in DATABASE_URL is (re)created, seeded with the demo network plus
extra survey answers, dumped with `pg_dump -Fc`, restored with `pg_restore` into
`<name>_restore`, and the restored portal's index rebuilt with `search_index rebuild`
(under its own index prefix). Prints the timings, the sizes and every difference; exits
non-zero if anything differs. The user needs the CREATEDB privilege.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

FINGERPRINT = """
import hashlib, json
from wagtail.models import Page
from capitalisation.models import IndicatorValue
from training.models import SurveyAnswer
from search.models import SearchDocument

def digest(rows):
    return hashlib.sha256(json.dumps(rows, default=str, sort_keys=True).encode()).hexdigest()

pages = list(Page.objects.order_by("pk").values_list(
    "pk", "title", "slug", "url_path", "live", "content_type__model", "last_published_at"))
answers = list(SurveyAnswer.objects.order_by("pk").values_list(
    "pk", "page_id", "respondent_key", "form_data", "submit_time"))
values = list(IndicatorValue.objects.order_by("pk").values_list(
    "pk", "territory__slug", "indicator__code", "year", "value", "validated"))
documents = sorted(SearchDocument.objects.values_list("page_id", flat=True))
print("FINGERPRINT=" + json.dumps({
    "pages": [len(pages), digest(pages)],
    "survey answers": [len(answers), digest(answers)],
    "indicator values": [len(values), digest(values)],
    "search documents": [len(documents), digest(documents)],
}))
"""

EXTRA_ANSWERS = """
from training.models import SurveyAnswer, TrainingNeedsSurveyPage
survey = TrainingNeedsSurveyPage.objects.live().first()
for n in range(200):
    SurveyAnswer.objects.create(
        page=survey,
        respondent_key=f"anonyme:sauvegarde-{n}",
        form_data={"jeton": f"sauvegarde-{n}", "commentaire": "Réponse é ü €"},
    )
print("ANSWERS", SurveyAnswer.objects.count())
"""


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def run(command, env=None, stdin=None):
    return subprocess.run(
        command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, check=True
    ).stdout


def manage(env, *args, stdin=None):
    return run([PYTHON, "manage.py", *args], env=env, stdin=stdin)


def fingerprint(env):
    output = manage(env, "shell", stdin=FINGERPRINT)
    return json.loads(output.split("FINGERPRINT=", 1)[1])


def main():
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database (this bench uses pg_dump).")
    parts = urlsplit(source)
    name = parts.path.lstrip("/")
    target = with_database(source, f"{name}_restore")
    admin = with_database(source, "postgres")
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "False",
        "LOG_LEVEL": "ERROR",
        "SEARCH_INDEX_PREFIX": "backup",
    }
    source_env = {**base_env, "DATABASE_URL": source}
    target_env = {**base_env, "DATABASE_URL": target, "SEARCH_INDEX_PREFIX": "restore"}

    for database in (name, f"{name}_restore"):
        run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{database}"'])
        run(["psql", admin, "-qc", f'CREATE DATABASE "{database}"'])

    started = time.perf_counter()
    manage(source_env, "migrate", "--noinput", "-v0")
    manage(source_env, "seed_demo")
    manage(source_env, "shell", stdin=EXTRA_ANSWERS)
    manage(source_env, "search_index", "rebuild")
    print(f"Source database seeded in {time.perf_counter() - started:.1f} s")
    before = fingerprint(source_env)

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "portal.dump"
        started = time.perf_counter()
        run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), source])
        dumped = time.perf_counter() - started
        started = time.perf_counter()
        run(["pg_restore", "--no-owner", "--exit-on-error", "-d", target, str(dump)])
        restored = time.perf_counter() - started
        size = dump.stat().st_size
    print(f"pg_dump {dumped:.1f} s ({size / 1024:.0f} KB), pg_restore {restored:.1f} s")

    # The restored portal starts with an empty search table and index: rebuild both.
    manage(target_env, "shell", stdin="from search.models import SearchDocument\n"
           "SearchDocument.objects.all().delete()")  # fmt: skip
    started = time.perf_counter()
    manage(target_env, "search_index", "rebuild")
    print(f"search_index rebuild on the restored database: {time.perf_counter() - started:.1f} s")
    status = manage(target_env, "search_index", "status")
    after = fingerprint(target_env)

    differences = 0
    for key, (count, digest) in before.items():
        same = after[key] == [count, digest]
        differences += not same
        print(f"  {key:<17} {count:>6} before, {after[key][0]:>6} after: "
              f"{'identical' if same else 'DIFFERENT'}")  # fmt: skip
    print("  " + "\n  ".join(line for line in status.splitlines() if line.strip()))
    digest = hashlib.sha256(json.dumps(before, sort_keys=True).encode()).hexdigest()[:12]
    print(f"Fingerprint {digest}: {differences} difference(s)")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
