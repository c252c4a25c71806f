"""Background tasks of the monitoring axis (django-tasks)."""

from django_tasks import task

from veille import alerts, ingestion


@task()
def fetch_veille_sources():
    """Pull the active external sources into the review queue; returns a short summary."""
    results = ingestion.fetch_all()
    return {
        "sources": len(results),
        "created": sum(r.created for r in results),
        "errors": sum(1 for r in results if r.error),
    }


@task()
def send_search_alerts(frequency=None):
    """E-mail the due search alerts; returns counts (see `manage.py send_search_alerts`)."""
    report = alerts.send_search_alerts(frequency=frequency)
    return {"checked": report.checked, "sent": report.sent, "queries": report.queries}
