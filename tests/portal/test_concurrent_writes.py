"""Concurrent writes over real HTTP never answer 500: sign-ins, survey answers and
newsletter subscriptions at once, on the database the tests run on (a file on SQLite,
as the demo's: WAL, busy timeout, immediate transactions) or PostgreSQL."""

import re
import threading

import pytest
import requests
from django.db import connection

from portal.axes import Axis
from portal.factories import TrainingNeedsSurveyPageFactory, UserFactory
from training.models import SurveyAnswer
from veille.models import Subscriber

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 12
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def post_form(session, url, data, **kwargs):
    page = session.get(url, timeout=60)
    token = CSRF.search(page.text)
    assert token, (url, page.status_code)
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), **data},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )


def test_concurrent_writes_never_answer_500(live_server, site_tree, settings):
    assert "memory" not in str(connection.settings_dict["NAME"])  # threads share a file
    settings.TRUSTED_PROXY_COUNT = 1  # each client its own address, as in a real network
    survey = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        allow_anonymous=True,
        form_fields=[{"label": "Jeton", "field_type": "singleline", "required": True}],
    )
    users = [UserFactory(username=f"concurrent.{n}") for n in range(CLIENTS)]
    statuses, lock = [], threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(n):
        session, visitor = requests.Session(), requests.Session()
        session.headers["X-Forwarded-For"] = visitor.headers["X-Forwarded-For"] = f"198.18.0.{n}"
        start.wait()
        codes = [
            post_form(
                session,
                live_server.url + "/membres/connexion/",
                {"username": users[n].username, "password": "mot-de-passe-de-test"},
            ).status_code,
            post_form(session, live_server.url + survey.url, {"jeton": f"j{n}"}).status_code,
            post_form(
                visitor,
                live_server.url + "/veille/abonnement/",
                {"email": f"abonne{n}@exemple.fr"},
            ).status_code,
        ]
        with lock:
            statuses.append(codes)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert statuses == [[302, 200, 302]] * CLIENTS
    assert SurveyAnswer.objects.filter(page=survey).count() == CLIENTS
    assert Subscriber.objects.count() == CLIENTS
