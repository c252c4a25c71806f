"""Background tasks of the monitoring axis (django-tasks)."""

from django_tasks import task


@task()
def fetch_veille_sources():
    """Pull the active external sources into the review queue; returns a short summary."""
    from veille.ingestion import fetch_all

    results = fetch_all()
    return {
        "sources": len(results),
        "created": sum(r.created for r in results),
        "errors": sum(1 for r in results if r.error),
    }


@task()
def send_search_alerts(frequency=None):
    """E-mail the due search alerts; returns counts (see `manage.py send_search_alerts`)."""
    from veille.alerts import send_search_alerts as send

    report = send(frequency=frequency)
    return {"checked": report.checked, "sent": report.sent, "queries": report.queries}
