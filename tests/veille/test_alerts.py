"""Search alerts: the form, double opt-in, one-click removal, and the sending against a
real SMTP server on loopback. Time is passed to the sender as `now`, never mocked."""

import datetime
import re
import time
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.factories import ExperienceFeedbackPageFactory
from portal.roles import MEMBERS_GROUP
from veille import alerts
from veille.alert_query import canonical_query
from veille.models import AlertFrequency, SavedSearch

pytestmark = pytest.mark.django_db

CREATE_URL = "/veille/alertes/creer/"
QUERY = "q=methanisation&theme=energie"
T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def make_page(site_tree, title, published, theme, summary="Un résumé."):
    """A public knowledge page first published at `published`."""
    return ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title=title,
        summary=summary,
        themes=[theme],
        publication_date=published.date(),
        first_published_at=published,
    )


def restrict_to_members(page):
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members])
    page.save_revision().publish()  # what an editor does: the page is re-indexed
    return page


def confirmed_alert(email="ana@exemple.fr", frequency=AlertFrequency.DAILY, since=T0, **extra):
    return SavedSearch.objects.create(
        email=email,
        querystring=QUERY,
        label="Méthanisation",
        frequency=frequency,
        confirmed_at=since,
        sent_until=since,
        **extra,
    )


def post_alert(client, querystring=QUERY, **data):
    fields = {
        "email": "ana@exemple.fr",
        "label": "Méthanisation",
        "frequency": "weekly",
        "consent": "on",
        **data,
    }
    return client.post(f"{CREATE_URL}?{querystring}", fields)


def link_in(body, kind):
    match = re.search(rf"http://testserver(/veille/alertes/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


# --- the form ---------------------------------------------------------------------------------


def test_search_page_offers_an_alert_for_the_current_search(client, site_tree, taxonomy):
    html = client.get("/recherche/", {"q": "methanisation", "theme": "energie"}).content.decode()
    assert 'href="/veille/alertes/creer/?q=methanisation&amp;theme=energie"' in html
    assert "Créer une alerte" in html
    assert "Créer une alerte" not in client.get("/recherche/").content.decode()


def test_form_keeps_only_known_facet_values_and_prefills_the_label(client, site_tree, taxonomy):
    response = client.get(
        CREATE_URL, {"q": "methanisation", "theme": ["energie", "inconnue"], "axis": "nope"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/veille/alertes/creer/?q=methanisation&amp;theme=energie"' in html
    form = html[html.index('<form method="post"') :]  # the header's login link keeps the URL
    assert "inconnue" not in form and "nope" not in form
    assert 'value="« methanisation » · Thématique : Énergie"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_email">' in html


def test_canonical_query_drops_sort_page_and_unknown_values(taxonomy):
    from django.http import QueryDict

    query = canonical_query(
        QueryDict("q=a++b&theme=energie&theme=x&year=2024&year=20xx&sort=relevance&page=4")
    )
    assert query.q == "a b"
    assert query.filters == {"theme": ["energie"], "year": ["2024"]}
    assert query.sort == "date" and query.page == 1


def test_no_query_is_refused_in_french(client, site_tree):
    response = client.get(CREATE_URL, {"theme": "inconnue"})
    assert response.status_code == 400
    assert "ni mots-clés ni filtre" in response.content.decode()
    response = post_alert(client, querystring="")
    assert response.status_code == 400
    assert "ni mots-clés ni filtre" in response.content.decode()
    assert not SavedSearch.objects.exists()
    assert mail.outbox == []


def test_bad_email_and_missing_consent_are_linked_to_their_fields(client, taxonomy):
    response = post_alert(client, email="pas-une-adresse", consent="", frequency="hourly")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Cette adresse électronique n&#x27;est pas valide" in html
    assert 'aria-describedby="alert-email-error"' in html
    assert 'id="alert-email-error"' in html
    assert "Cochez cette case pour recevoir l&#x27;alerte." in html
    assert "Choisissez « Chaque jour » ou « Chaque semaine »." in html
    assert not SavedSearch.objects.exists()


def test_form_requires_csrf(taxonomy):
    response = post_alert(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not SavedSearch.objects.exists()


def test_rate_limited_per_ip(client, taxonomy):
    statuses = [post_alert(client, email=f"p{i}@exemple.fr").status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]
    assert "Trop de tentatives" in post_alert(client).content.decode()


def test_honeypot_filled_sends_nothing(client, taxonomy):
    response = post_alert(client, website="http://spam.example")
    assert response.status_code == 302
    assert not SavedSearch.objects.exists() and mail.outbox == []


# --- double opt-in ----------------------------------------------------------------------------


def test_double_opt_in_end_to_end(client, taxonomy):
    response = post_alert(client, **{"email": "  Ana@Exemple.fr "})
    assert response.status_code == 302
    assert response["Location"] == "/veille/alertes/merci/"
    alert = SavedSearch.objects.get()
    assert alert.querystring == QUERY
    assert alert.email == "Ana@Exemple.fr"
    assert alert.frequency == "weekly" and alert.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["Ana@Exemple.fr"]
    assert "Méthanisation (chaque semaine)" in message.body
    link = link_in(message.body, "confirmer")

    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alerte confirmée" in html
    assert f"/veille/alertes/{alert.public_id}/rss/" in html
    alert.refresh_from_db()
    assert alert.confirmed_at is not None and alert.sent_until == alert.confirmed_at

    replay = client.get(link)
    assert replay.status_code == 410
    assert "Lien déjà utilisé" in replay.content.decode()


def test_same_response_for_new_and_already_confirmed_address(client, taxonomy):
    confirmed_alert(email="deja@exemple.fr")
    existing = post_alert(client, email="DEJA@exemple.fr")
    new = post_alert(client, email="nouveau@exemple.fr")
    assert (existing.status_code, existing["Location"]) == (new.status_code, new["Location"])
    assert [m.to for m in mail.outbox] == [["nouveau@exemple.fr"]]
    assert SavedSearch.objects.count() == 2


def test_pending_alert_asked_again_gets_a_new_link_not_a_duplicate(client, taxonomy):
    post_alert(client)
    post_alert(client, email="ANA@exemple.fr", frequency="daily")
    alert = SavedSearch.objects.get()
    assert alert.frequency == "daily"
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "abc", lambda t: t + "0"])
def test_tampered_confirmation_link(client, taxonomy, mangle):
    post_alert(client)
    token = link_in(mail.outbox[-1].body, "confirmer").split("/")[-2]
    response = client.get(f"/veille/alertes/confirmer/{mangle(token)}/")
    assert response.status_code == 400
    assert "Lien invalide" in response.content.decode()
    assert SavedSearch.objects.get().confirmed_at is None


def test_newsletter_link_does_not_confirm_an_alert(client, taxonomy):
    from veille import tokens

    post_alert(client)
    alert = SavedSearch.objects.get()
    forged = tokens.sign_confirmation(alert.public_id)  # the newsletter's salt
    assert client.get(f"/veille/alertes/confirmer/{forged}/").status_code == 400


def test_expired_confirmation_link(client, taxonomy):
    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)

    post_alert(client)
    alert = SavedSearch.objects.get()
    token = EightDaysAgo(salt=alerts.CONFIRM_SALT).sign(f"{alert.public_id}:{int(time.time())}")
    response = client.get(f"/veille/alertes/confirmer/{token}/")
    assert response.status_code == 410
    assert "Lien expiré" in response.content.decode()
    assert SavedSearch.objects.get().confirmed_at is None


def test_one_click_removal(client):
    alert = confirmed_alert()
    url = alerts.unsubscribe_url(alert).removeprefix("http://testserver")
    page = client.get(url)
    assert page.status_code == 200
    assert "Supprimer l'alerte" in page.content.decode()
    assert SavedSearch.objects.exists()
    # RFC 8058: the mail client posts without any CSRF token.
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Alerte supprimée" in response.content.decode()
    assert not SavedSearch.objects.exists()
    assert client.post(url).status_code == 200  # replayed: same answer, no error
    tampered = client.post(url[:-3] + "x/")
    assert tampered.status_code == 400
    assert "Lien invalide" in tampered.content.decode()


# --- sending ----------------------------------------------------------------------------------


@pytest.fixture
def pages(site_tree, taxonomy):
    energy = taxonomy["theme"]
    return {
        "old": make_page(site_tree, "Méthanisation à Reims", T0 - DAY, energy),
        "new1": make_page(
            site_tree,
            "Méthanisation agricole",
            T0 + 2 * 3600 * SECOND,
            energy,
            "Un <b>digesteur</b>.",
        ),
        "new2": make_page(site_tree, "Méthanisation et chaleur", T0 + 5 * 3600 * SECOND, energy),
        "other": make_page(site_tree, "Réseau de chaleur", T0 + 3 * 3600 * SECOND, energy),
        "private": restrict_to_members(
            make_page(site_tree, "Méthanisation réservée", T0 + 4 * 3600 * SECOND, energy)
        ),
    }


def test_sends_only_new_public_matching_pages_with_both_parts(smtp_server, pages):
    alert = confirmed_alert()
    pending = SavedSearch.objects.create(
        email="pending@exemple.fr", querystring=QUERY, label="En attente"
    )
    report = alerts.send_search_alerts(now=T0 + DAY)
    assert (report.sent, report.checked, report.queries) == (1, 1, 1)
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["ana@exemple.fr"]
    assert message["Subject"].strip() == "[Alerte EIT Grand Est] Méthanisation : 2 nouveautés"
    assert message["List-Unsubscribe"].strip() == f"<{alerts.unsubscribe_url(alert)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Méthanisation agricole" in body and "Méthanisation et chaleur" in body
        assert "Réseau de chaleur" not in body  # does not match the words
        assert "Méthanisation à Reims" not in body  # published before the alert
        assert "réservée" not in body  # members only
        assert f"/veille/alertes/{alert.public_id}/rss/" in body
    assert f"http://testserver{pages['new1'].url}" in text
    assert "Un digesteur." in text  # the summary, as plain text
    assert "<b>digesteur" not in html
    alert.refresh_from_db()
    assert alert.last_sent_at == T0 + DAY
    assert alert.sent_until == T0 + DAY - alerts.INDEXING_GRACE
    pending.refresh_from_db()
    assert pending.last_checked_at is None


def test_rerun_never_sends_a_page_twice(smtp_server, pages, site_tree, taxonomy):
    confirmed_alert()
    alerts.send_search_alerts(now=T0 + DAY)
    assert len(smtp_server.messages) == 1
    assert alerts.send_search_alerts(now=T0 + DAY).checked == 0  # not due again
    report = alerts.send_search_alerts(now=T0 + 2 * DAY)  # due, nothing new
    assert (report.checked, report.sent) == (1, 0)
    assert len(smtp_server.messages) == 1
    make_page(site_tree, "Méthanisation en Alsace", T0 + 2 * DAY + 60 * SECOND, taxonomy["theme"])
    alerts.send_search_alerts(now=T0 + 3 * DAY)
    assert len(smtp_server.messages) == 2
    text = smtp_server.messages[-1][1].get_body(("plain",)).get_content()
    assert "Méthanisation en Alsace" in text
    assert "Méthanisation agricole" not in text


def test_daily_and_weekly_due_logic_and_one_search_per_distinct_query(smtp_server, pages):
    daily = confirmed_alert("daily@exemple.fr", AlertFrequency.DAILY, last_checked_at=T0)
    weekly = confirmed_alert("weekly@exemple.fr", AlertFrequency.WEEKLY, last_checked_at=T0)
    early = alerts.send_search_alerts(now=T0 + DAY - 2 * alerts.DUE_SLACK)
    assert early.checked == 0
    first = alerts.send_search_alerts(now=T0 + DAY - alerts.DUE_SLACK / 2)  # cron jitter
    assert (first.checked, first.sent) == (1, 1)
    assert [r for r, _ in smtp_server.messages] == [["daily@exemple.fr"]]
    assert alerts.send_search_alerts(now=T0 + 6 * DAY).checked == 1  # daily only
    week = alerts.send_search_alerts(now=T0 + 7 * DAY)
    assert (week.checked, week.queries, week.sent) == (2, 1, 1)
    assert [r for r, _ in smtp_server.messages] == [["daily@exemple.fr"], ["weekly@exemple.fr"]]
    daily.refresh_from_db(), weekly.refresh_from_db()
    assert daily.last_checked_at == weekly.last_checked_at == T0 + 7 * DAY


def test_frequency_option_limits_the_run(smtp_server, pages):
    confirmed_alert("daily@exemple.fr", AlertFrequency.DAILY)
    confirmed_alert("weekly@exemple.fr", AlertFrequency.WEEKLY)
    report = alerts.send_search_alerts(frequency="weekly", now=T0 + DAY)
    assert [r for r, _ in smtp_server.messages] == [["weekly@exemple.fr"]]
    assert report.checked == 1


def test_command_dry_run_sends_and_changes_nothing(smtp_server, pages):
    alert = confirmed_alert(since=timezone.now() - 30 * DAY)
    for page in pages.values():  # published within the last month
        page.first_published_at = timezone.now() - 2 * DAY
        page.save(update_fields=["first_published_at"])
    out = StringIO()
    call_command("send_search_alerts", "--dry-run", stdout=out)
    assert "1 message(s) seraient envoyé(s), 1 alerte(s) vérifiée(s)" in out.getvalue()
    assert "3 nouvelle(s) page(s)" in out.getvalue()  # not the members-only one
    assert smtp_server.messages == []
    alert.refresh_from_db()
    assert alert.last_checked_at is None
    call_command("send_search_alerts", "--frequency", "daily", stdout=out)
    assert "1 message(s) envoyé(s)" in out.getvalue()
    assert len(smtp_server.messages) == 1


def test_task_sends_like_the_command(smtp_server, pages):
    from veille.tasks import send_search_alerts

    confirmed_alert(since=timezone.now() - 30 * DAY)
    for page in pages.values():
        page.first_published_at = timezone.now() - 2 * DAY
        page.save(update_fields=["first_published_at"])
    result = send_search_alerts.enqueue()
    assert result.return_value == {"checked": 1, "sent": 1, "queries": 1}
    assert len(smtp_server.messages) == 1


@pytest.fixture
def elasticsearch(settings):
    """The real Elasticsearch (ELASTICSEARCH_URL, as in tests/search), a unique index prefix."""
    import os
    from uuid import uuid4

    from elasticsearch import Elasticsearch

    from search import breaker

    url = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = f"test-alerts-{uuid4().hex[:8]}"
    breaker.reset()
    yield
    Elasticsearch(url, request_timeout=10).indices.delete(
        index=f"{settings.SEARCH_INDEX_PREFIX}-*", ignore_unavailable=True, allow_no_indices=True
    )
    breaker.reset()


def test_sending_through_elasticsearch(elasticsearch, smtp_server, pages):
    from search.engines import elasticsearch as es
    from search.service import active_engine

    es.refresh()
    assert active_engine().name == "elasticsearch"
    confirmed_alert()
    report = alerts.send_search_alerts(now=T0 + DAY)
    assert report.sent == 1
    text = smtp_server.messages[0][1].get_body(("plain",)).get_content()
    assert "Méthanisation agricole" in text and "Méthanisation et chaleur" in text
    assert "réservée" not in text and "Méthanisation à Reims" not in text
    from search import breaker

    assert not breaker.is_open()  # answered by Elasticsearch, not by the fallback


def test_a_page_not_yet_indexed_is_sent_on_a_later_run(smtp_server, site_tree, taxonomy):
    """A page published inside the indexing grace but not searchable yet, and a newer one
    already indexed: the newer one must not move the mark past the first."""
    from search import service, sync

    confirmed_alert()
    now = T0 + DAY
    energy = taxonomy["theme"]
    with sync.paused():  # published, not indexed yet (the task queue is behind)
        late = make_page(site_tree, "Méthanisation en retard", now - 10 * 60 * SECOND, energy)
    make_page(site_tree, "Méthanisation indexée", now - 2 * 60 * SECOND, energy)
    alerts.send_search_alerts(now=now)
    service.index_page_id(late.pk)  # the queue catches up
    alerts.send_search_alerts(now=now + DAY)
    texts = [message.get_body(("plain",)).get_content() for _, message in smtp_server.messages]
    sent = "\n".join(texts)
    assert sent.count("Méthanisation en retard") == 1
    assert sent.count("Méthanisation indexée") == 1
