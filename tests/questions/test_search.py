"""Questions with their accepted answers are a searchable kind with a status facet, on
both engines, and members-only questions stay invisible to anonymous visitors (results,
counts and suggestions)."""

import pytest
from django.urls import reverse

from questions import actions
from search import service
from search.engines.base import SearchQuery
from search.engines.elasticsearch import refresh
from search.indexing import compare, database_versions, iter_documents, live_versions

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

KIND = "questions.Question"


def _search(q, user=None, **filters):
    return service.search(SearchQuery(q=q, filters=filters), user)


def _scenario(network, ask, reply):
    members_only = ask(network.facilitator, "Qui a mutualisé la collecte des cartons ?")
    answer = reply(members_only, network.other_facilitator, body="Un compacteur partagé.")
    actions.accept(members_only, answer, network.facilitator)
    public = ask(network.other_facilitator, "Quelle chaufferie pour le bois broyé ?", "energie")
    actions.moderate(public, "publique")
    return members_only, public


def _check(network, members_only, public):
    member = network.other_facilitator
    found = _search("cartons", member)
    assert [r.title for r in found.results] == [members_only.title]
    assert found.results[0].content_type == KIND
    assert found.results[0].url == members_only.get_absolute_url()
    # The accepted answer is searchable with its question.
    assert [r.title for r in _search("compacteur", member).results] == [members_only.title]
    statuses = {f.value: f.count for f in _search("", member).facets["status"]}
    assert statuses == {"avec-reponse": 1, "sans-reponse": 1}
    unanswered = _search("", member, status=["sans-reponse"])
    assert [r.title for r in unanswered.results] == [public.title]

    # Anonymous: no result, no count, no suggestion of the members-only question.
    assert _search("cartons").total == 0
    anonymous_types = {f.value: f.count for f in _search("").facets["content_type"]}
    assert anonymous_types == {KIND: 1}
    assert service.suggest("mutualisé") == []
    assert [s["title"] for s in service.suggest("chaufferie")] == [public.title]
    assert [s["title"] for s in service.suggest("mutualisé", member)] == [members_only.title]


def test_database_engine(network, ask, reply):
    members_only, public = _scenario(network, ask, reply)
    _check(network, members_only, public)
    actions.moderate(members_only, "masquer")
    assert _search("cartons", network.other_facilitator).total == 0


def test_elasticsearch_engine(network, ask, reply, elasticsearch):
    members_only, public = _scenario(network, ask, reply)
    refresh()
    assert _search("", network.other_facilitator).engine == "elasticsearch"
    _check(network, members_only, public)
    actions.moderate(members_only, "masquer")
    refresh()
    assert _search("cartons", network.other_facilitator).total == 0


def test_rebuild_streams_questions_too(network, ask):
    question = ask(network.facilitator, "Quel outil pour cartographier les flux ?")
    ids = [doc["id"] for doc in iter_documents() if doc["content_type"] == KIND]
    assert len(ids) == 1 and ids[0] > 2**30
    assert question.pk == ids[0] - 2**30 - 2**24


def test_similar_endpoint_and_the_no_javascript_path(client, network, ask, themes):
    question = ask(network.facilitator, "Qui a mutualisé la collecte des cartons ?")
    url = reverse("questions:similar")
    assert client.get(url, {"q": "cartons"}).status_code == 403
    client.force_login(network.other_facilitator)
    data = client.get(url, {"q": "collecte cartons"}).json()
    assert data["questions"] == [{"title": question.title, "url": question.get_absolute_url()}]
    assert client.get(url, {"q": "x" * 300}).status_code == 400

    fields = {
        "title": "Une collecte de cartons mutualisée ?",
        "body": "Détails.",
        "themes": [themes["dechets"].pk],
    }
    response = client.post(reverse("questions:ask"), fields)
    assert response.status_code == 200  # shown the similar question first, not published
    page = response.content.decode()
    assert question.title in page and "Publier quand même" in page
    assert 'name="confirmed" value="True"' in page  # the second submit publishes
    response = client.post(reverse("questions:ask"), {**fields, "confirmed": "True"})
    assert response.status_code == 302


def test_no_drift_and_a_deleted_question_leaves_the_index(network, ask):
    question = ask(network.facilitator, "Quel outil pour cartographier les flux ?")
    assert compare(live_versions(), database_versions()).clean
    member = network.other_facilitator
    assert _search("cartographier", member).total == 1
    question.delete()
    assert _search("cartographier", member).total == 0
    assert compare(live_versions(), database_versions()).clean
