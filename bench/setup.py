"""Django setup shared by the benchmarks: a separate SQLite database and index prefix."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    (ROOT / "var").mkdir(exist_ok=True)  # absent from a fresh clone
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DEBUG", "False")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
