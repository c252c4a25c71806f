import pytest

pytestmark = pytest.mark.django_db


def test_healthz_sees_a_healthy_elasticsearch(client, engine_url):
    search = client.get("/healthz").json()["checks"]["search"]

    assert search["engine"] == "elasticsearch"
    assert search["status"] == "ok"
    assert search["cluster"] in ("green", "yellow")
    assert search["nodes"] >= 1


def test_healthz_says_degraded_but_stays_up_when_elasticsearch_is_down(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["cluster"] == "unreachable"
    assert body["checks"]["search"]["nodes"] == 0
    assert body["checks"]["search"]["fallback"] == "database"
