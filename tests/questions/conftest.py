"""Questions fixtures: the members' network (tests.support.members), a site tree with
themes, and a factory of questions going through the app's own actions."""

import os
from uuid import uuid4

import pytest
from elasticsearch import Elasticsearch

from portal.factories import ThemeFactory
from questions import actions
from questions.forms import AnswerForm, QuestionForm
from search import breaker
from tests.support.members import build_network

ES_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")


@pytest.fixture
def wagtail_root(transactional_db):
    """Wagtail's root page and collection, which a transactional test's flush removed."""
    from tests.support.wagtail_data import wagtail_base_data

    wagtail_base_data()


@pytest.fixture
def network(db):
    return build_network()


@pytest.fixture
def themes(db):
    return {
        "dechets": ThemeFactory(name="Déchets", slug="dechets"),
        "energie": ThemeFactory(name="Énergie", slug="energie"),
    }


@pytest.fixture
def ask(network, themes):
    """ask(user, title, theme="dechets", **fields) posts a question through the form and
    the app's action (followers notified, search updated)."""

    def post(user, title, theme="dechets", body="Quels retours d'expérience ?", **fields):
        data = {"title": title, "body": body, "themes": [themes[theme].pk], **fields}
        if "territory" not in data and user.territory_id:
            data["territory"] = user.territory_id
        form = QuestionForm(data=data, user=user)
        assert form.is_valid(), form.errors
        return actions.ask(form, user)

    return post


@pytest.fixture
def reply(network):
    def post(question, user, body="Nous l'avons fait en Moselle : groupement de commandes."):
        form = AnswerForm(data={"body": body})
        assert form.is_valid(), form.errors
        return actions.answer(form, question, user)

    return post


@pytest.fixture
def elasticsearch(settings):
    """The real Elasticsearch under a prefix of this run, removed afterwards."""
    prefix = f"questions-test-{uuid4().hex[:8]}"
    client = Elasticsearch(ES_URL, request_timeout=10)
    client.cluster.health(wait_for_status="yellow", timeout="10s")
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_INDEX_PREFIX = prefix
    breaker.reset()
    yield client
    client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
    breaker.reset()
