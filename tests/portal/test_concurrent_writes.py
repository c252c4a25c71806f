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

CLIENTS = 20
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form_token(session, url):
    page = session.get(url, timeout=60)
    token = CSRF.search(page.text)
    assert token, (url, page.status_code)
    return token.group(1)


def post(session, url, token, data):
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    ).status_code


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
        member, visitor = requests.Session(), requests.Session()
        member.headers["X-Forwarded-For"] = visitor.headers["X-Forwarded-For"] = f"198.18.0.{n}"
        login = live_server.url + "/membres/connexion/"
        subscribe = live_server.url + "/veille/abonnement/"
        answer = live_server.url + survey.url
        tokens = [form_token(member, login), form_token(visitor, subscribe)]
        tokens.append(form_token(visitor, answer))
        start.wait()  # every client posts at the same moment
        password = "mot-de-passe-de-test"  # noqa: S105 - the factory's
        codes = [
            post(member, login, tokens[0], {"username": users[n].username, "password": password}),
            post(visitor, subscribe, tokens[1], {"email": f"abonne{n}@exemple.fr"}),
            post(visitor, answer, tokens[2], {"jeton": f"j{n}"}),
        ]
        with lock:
            statuses.append(codes)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert statuses == [[302, 302, 200]] * CLIENTS
    assert SurveyAnswer.objects.filter(page=survey).count() == CLIENTS
    assert Subscriber.objects.count() == CLIENTS
