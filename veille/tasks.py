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
