"""What /healthz reports: the database, the task queue, and each app's own checks.

An app contributes through the `portal.hooks.HEALTH_CHECK` Wagtail hook; portal/ never
imports the app.
"""

import logging

from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult
from wagtail import hooks

from portal.hooks import HEALTH_CHECK

logger = logging.getLogger(__name__)

DB_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


def database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure is a failed check, reported as such
        logger.exception("Health check: database unavailable")
        return {"status": "error"}
    return {"status": "ok", "vendor": connection.vendor}


def task_queue() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != DB_TASKS_BACKEND:
        return {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}
    try:
        ready = DBTaskResult.objects.ready().count()
        failed = DBTaskResult.objects.failed().count()
    except Exception:  # noqa: BLE001
        logger.exception("Health check: task queue unavailable")
        return {"status": "error", "backend": "database"}
    return {"status": "ok", "backend": "database", "ready": ready, "failed": failed}


def report() -> dict:
    checks = {"database": database(), "tasks": task_queue()}
    for check in hooks.get_hooks(HEALTH_CHECK):
        try:
            name, result = check()
        except Exception:  # noqa: BLE001
            logger.exception("Health check %s failed", check.__qualname__)
            name, result = check.__module__.split(".")[0], {"status": "error"}
        checks[name] = result
    statuses = {check["status"] for check in checks.values()}
    if checks["database"]["status"] == "error":
        overall = "error"
    elif statuses - {"ok"}:
        overall = "degraded"
    else:
        overall = "ok"
    return {"status": overall, "checks": checks}
