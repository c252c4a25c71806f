"""What people look for: the anonymous query log and its admin report."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from portal.factories import UserFactory
from search import querylog
from search.engines import elasticsearch as es
from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/recherches/"
LOG_FIELDS = {"id", "day", "query", "facets", "facets_hash", "results", "engine", "hits"}


@pytest.fixture
def pages(build):
    build.page("Estimer un gisement de bois", body="Les déchets bois.", themes=["Déchets"])
    build.page("Récupérer la chaleur fatale", body="Chaleur.", themes=["Énergie"])
    es.refresh()
    return build


def test_the_log_holds_no_personal_data():
    names = {field.name for field in SearchQueryLog._meta.get_fields()}
    assert names == LOG_FIELDS
    assert not [f for f in SearchQueryLog._meta.get_fields() if f.is_relation]


def test_html_and_api_searches_are_counted_in_one_row(engine, client):
    client.force_login(UserFactory())
    client.get("/recherche/", {"q": "  Gisement   BOIS ", "theme": "dechets"})
    client.get("/api/search/", {"q": "gisement bois", "theme": ["dechets", "dechets"]})
    client.get("/recherche/", {"q": "gisement bois", "theme": "dechets"}, REMOTE_ADDR="10.1.2.3")

    row = SearchQueryLog.objects.get()
    assert row.query == "gisement bois"
    assert row.facets == {"theme": ["dechets"]}
    assert row.hits == 3
    assert row.results == 1
    assert row.engine == engine
    assert row.day == timezone.localdate()
    # Nothing in the row can point to a person, an address or a session.
    stored = " ".join(str(getattr(row, name)) for name in LOG_FIELDS)
    assert "10.1.2.3" not in stored
    assert str(client.session.session_key) not in stored


def test_different_facets_make_different_rows(engine, client):
    client.get("/recherche/", {"q": "bois"})
    client.get("/recherche/", {"q": "bois", "theme": "energie"})
    client.get("/recherche/", {"q": "bois", "theme": "energie"})
    rows = {tuple(sorted(r.facets)): r for r in SearchQueryLog.objects.all()}
    assert rows[()].hits == 1
    assert rows[("theme",)].hits == 2
    assert rows[("theme",)].results == 0


def test_what_is_not_logged(pages, client):
    client.get("/recherche/")  # browsing without query nor filter
    client.get("/api/search/suggest/", {"q": "gisement"})
    client.get("/api/search/", {"q": "bois", "sort": "nope"})  # 400
    client.get("/recherche/", {"q": "bois", "page": 2})  # a further page of a logged search
    assert SearchQueryLog.objects.count() == 0


def test_hits_increment_in_the_database():
    day = datetime.date(2026, 3, 2)
    querylog.record("Bois", {"tag": ["b", "a"]}, 3, "database", day=day)
    querylog.record("bois ", {"tag": ["a", "b"]}, 0, "elasticsearch", day=day)
    querylog.record("x" * 500, {}, 1, "database", day=day)
    row = SearchQueryLog.objects.get(query="bois")
    assert (row.hits, row.results, row.engine) == (2, 0, "elasticsearch")
    assert row.facets == {"tag": ["a", "b"]}
    assert len(SearchQueryLog.objects.exclude(pk=row.pk).get().query) == 200


def test_logging_failure_never_breaks_a_search(pages, client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("table is locked")

    monkeypatch.setattr(querylog, "record", broken)
    assert client.get("/recherche/", {"q": "bois"}).status_code == 200
    response = client.get("/api/search/", {"q": "bois"})
    assert response.status_code == 200
    assert response.json()["total"] == 1
    assert "Could not log a search query" in caplog.text


def test_a_failing_table_does_not_break_a_search(pages, client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("no such table: search_searchquerylog")

    monkeypatch.setattr(SearchQueryLog.objects, "filter", broken)
    assert client.get("/api/search/", {"q": "bois"}).json()["total"] == 1


# --- the report ---------------------------------------------------------------------------


@pytest.fixture
def animator():
    group = Group.objects.create(name="Animation régionale")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="search", codename="view_searchquerylog"),
    )
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def logs():
    today = timezone.localdate()
    for _ in range(3):
        querylog.record("chaleur fatale", {}, 4, "elasticsearch")
    querylog.record("compost partagé", {"territory": ["troyes"]}, 0, "elasticsearch")
    querylog.record("compost partagé", {"territory": ["troyes"]}, 0, "elasticsearch")
    querylog.record("hydrogène vert", {}, 0, "database", day=today - datetime.timedelta(days=60))


def test_report_lists_frequent_and_zero_result_queries(client, animator, logs):
    client.force_login(animator)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    frequent = [row["query"] for row in response.context["frequent"]]
    assert frequent[0] == "chaleur fatale"
    gaps = response.context["gaps"]
    assert [row["query"] for row in gaps] == ["compost partagé"]
    assert gaps[0]["searches"] == 2
    assert gaps[0]["facets"] == ["Territoire : troyes"]
    assert response.context["searches"] == 5
    assert response.context["without_result"] == 2
    html = response.content.decode()
    assert "compost partagé" in html
    assert "hydrogène vert" not in html

    ninety = client.get(REPORT_URL, {"days": 90})
    assert {row["query"] for row in ninety.context["gaps"]} == {
        "compost partagé",
        "hydrogène vert",
    }
    for other in ("n'importe", 7, ""):
        assert client.get(REPORT_URL, {"days": other}).context["days"] == 30


def test_report_is_for_the_animation_only(client, animator, logs, django_user_model):
    anonymous = client.get(REPORT_URL)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]

    member = UserFactory()
    client.force_login(member)
    assert client.get(REPORT_URL).status_code in (302, 403)

    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    assert client.get(REPORT_URL).status_code in (302, 403)

    superuser = django_user_model.objects.create_superuser("root", "root@exemple.fr", "x")
    client.force_login(superuser)
    assert client.get(REPORT_URL).status_code == 200


def test_report_menu_item_only_for_the_animation(rf, animator):
    from search.wagtail_hooks import register_search_report_menu_item

    item = register_search_report_menu_item()
    request = rf.get("/admin/")
    request.user = animator
    assert item.is_shown(request)
    request.user = UserFactory()
    assert not item.is_shown(request)


def test_purge_logs_keeps_a_year():
    today = timezone.localdate()
    querylog.record("ancienne", {}, 1, "database", day=today - datetime.timedelta(days=400))
    querylog.record("récente", {}, 1, "database", day=today - datetime.timedelta(days=10))
    call_command("search_index", "purge_logs", "--days", "365")
    assert list(SearchQueryLog.objects.values_list("query", flat=True)) == ["récente"]


def test_searches_are_counted_off_the_request_path(pages, client, settings):
    """With a flush interval, a search writes nothing: this process counts it in memory
    and a background thread (here: `flush`) writes one row per day, query and facets."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    try:
        client.get("/api/search/", {"q": "bois"})
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/recherche/", {"q": "BOIS"}).status_code == 200
        client.get("/api/search/", {"q": "chaleur"})
        writes = [q["sql"] for q in queries if "search_searchquerylog" in q["sql"]]
        assert writes == []
        assert not SearchQueryLog.objects.exists()
        assert querylog.flush() == 2
    finally:
        querylog.flush()
    assert dict(SearchQueryLog.objects.values_list("query", "hits")) == {"bois": 2, "chaleur": 1}
    assert querylog.flush() == 0
