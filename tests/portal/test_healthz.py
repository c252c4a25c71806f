import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_tasks_and_search(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["tasks"]["status"] == "ok"
    assert body["checks"]["search"] == {"status": "ok", "engine": "database"}


def test_healthz_counts_queued_tasks_with_the_database_backend(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    tasks = client.get("/healthz").json()["checks"]["tasks"]

    assert tasks == {"status": "ok", "backend": "database", "ready": 0, "failed": 0}
