"""Results, exports and erasure are for the regional animation only."""

import pytest
from django.contrib.auth.models import Group, Permission

from portal.factories import UserFactory
from training.models import SurveyAnswer, member_key

pytestmark = pytest.mark.django_db

SUBPAGES = ["", "export/csv/", "export/xlsx/", "comparaison/"]


@pytest.mark.parametrize("subpage", SUBPAGES)
def test_anonymous_is_sent_to_login(client, known_answers, subpage):
    response = client.get(known_answers.results_url() + subpage)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("subpage", SUBPAGES)
def test_member_is_denied(client, member, known_answers, subpage):
    client.force_login(member)
    assert client.get(known_answers.results_url() + subpage).status_code == 403


@pytest.mark.parametrize("subpage", SUBPAGES)
def test_animator_and_superuser_see_results(client, animator, known_answers, subpage):
    client.force_login(animator)
    assert client.get(known_answers.results_url() + subpage).status_code == 200
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(known_answers.results_url() + subpage).status_code == 200


def test_survey_page_links_results_for_animators_only(client, member, animator, survey):
    client.force_login(member)
    assert "Résultats de l'enquête" not in client.get(survey.url).content.decode()
    client.force_login(animator)
    assert "Résultats de l&#x27;enquête" in client.get(survey.url).content.decode() or (
        "Résultats de l'enquête" in client.get(survey.url).content.decode()
    )


def test_erase_one_respondent(client, animator, member, known_answers):
    known_answers.store_answer(member_key(member), {"vos_attentes": "à effacer"}, user=member)
    client.force_login(member)
    assert client.post(known_answers.results_url("erase"), {"membre": "x"}).status_code == 403
    client.force_login(animator)
    url = known_answers.results_url("erase")
    assert client.get(url).status_code == 405
    response = client.post(url, {"membre": member.email}, follow=True)
    assert "1 réponse effacée." in response.content.decode()
    assert not SurveyAnswer.objects.filter(user=member).exists()
    assert SurveyAnswer.objects.count() == 4


def test_view_only_animator_cannot_erase(client, known_answers):
    group = Group.objects.create(name="Lecture")
    group.permissions.add(Permission.objects.get(codename="view_surveyanswer"))
    user = UserFactory(username="lecteur")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(known_answers.results_url()).status_code == 200
    assert client.post(known_answers.results_url("erase"), {"membre": "x"}).status_code == 403
