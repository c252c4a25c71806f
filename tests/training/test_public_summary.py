"""The optional public summary of a survey: groups of at least MIN_GROUP_SIZE answers only,
never free text nor anything tied to a respondent, Wagtail page privacy respected."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.factories import UserFactory
from portal.roles import MEMBERS_GROUP
from tests.support.surveys import SKILLS
from training.summary import MIN_GROUP_SIZE

pytestmark = pytest.mark.django_db


def add_answers(survey, count, territory, structure, start=0, role="Directrice de la SEM"):
    for number in range(start, start + count):
        survey.store_answer(
            f"anonyme:{territory}-{number}",
            {
                "votre_territoire": territory,
                "type_de_structure": structure,
                "votre_fonction": role,
                "vos_besoins": dict(zip(SKILLS, (5, 4, 1), strict=True)),
                "format_prefere": "Présentiel",
                "moments": ["Matin"],
                "vos_attentes": f"Attente confidentielle numéro {number}",
            },
        )


@pytest.fixture
def summary_survey(survey):
    survey.public_summary = True
    survey.save_revision().publish()
    survey.refresh_from_db()
    return survey


def summary_url(survey):
    return survey.url + "synthese/"


def test_disabled_summary_is_not_found_and_not_linked(client, survey):
    add_answers(survey, 6, "vallee-demo", "association")
    assert client.get(summary_url(survey)).status_code == 404
    assert "Synthèse publique" not in client.get(survey.url).content.decode()


def test_enabled_summary_is_linked_from_the_survey(client, summary_survey):
    html = client.get(summary_survey.url).content.decode()
    assert f'href="{summary_url(summary_survey)}"' in html


def test_group_of_four_hidden_group_of_five_shown(client, summary_survey):
    assert MIN_GROUP_SIZE == 5
    add_answers(summary_survey, 5, "vallee-demo", "association")
    add_answers(summary_survey, 4, "plateau-exemple", "entreprise", start=100)
    response = client.get(summary_url(summary_survey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "9 réponses" in html
    assert "Vallée de démonstration</span> (5 réponses)" in html
    assert "Association</span> (5 réponses)" in html
    # The group of four appears nowhere by name, neither as a group nor as a table row.
    assert "Plateau d&#x27;exemple" not in html and "Plateau d'exemple" not in html
    assert "Entreprise" not in html
    assert "4 réponses appartiennent à des groupes de moins de 5 réponses" in html
    assert "Autres (groupes de moins de 5 réponses)" in html
    assert "<svg" in html  # charts of the whole survey
    assert "<caption" in html  # and their data tables


def test_small_groups_merged_into_others_when_they_reach_five(client, summary_survey):
    from portal.factories import TerritoryFactory

    TerritoryFactory(name="Colline témoin", slug="colline")
    add_answers(summary_survey, 5, "vallee-demo", "association")
    add_answers(summary_survey, 3, "plateau-exemple", "association", start=100)
    add_answers(summary_survey, 2, "colline", "association", start=200)
    html = client.get(summary_url(summary_survey)).content.decode()
    assert "Autres</span> (5 réponses)" in html
    assert "Colline témoin" not in html
    assert "Association</span> (10 réponses)" in html


def test_no_free_text_and_no_respondent_identity(client, summary_survey):
    member = UserFactory(username="jeanne.identifiable", email="jeanne@exemple.fr")
    add_answers(summary_survey, 5, "vallee-demo", "association")
    summary_survey.store_answer(
        f"membre:{member.pk}",
        {
            "votre_territoire": "vallee-demo",
            "type_de_structure": "association",
            "votre_fonction": "Chargée de mission",
            "vos_besoins": {SKILLS[0]: 2},
            "vos_attentes": "Texte libre très personnel",
        },
        user=member,
    )
    html = client.get(summary_url(summary_survey)).content.decode()
    for secret in (
        "Attente confidentielle",
        "Texte libre très personnel",
        "Vos attentes",
        "Directrice de la SEM",
        "Chargée de mission",
        "jeanne",
        "anonyme:",
        "membre:",
    ):
        assert secret not in html, secret
    assert "Vos besoins" in html and "Format préféré" in html


def test_too_few_answers_overall(client, summary_survey):
    add_answers(summary_survey, 4, "vallee-demo", "association")
    html = client.get(summary_url(summary_survey)).content.decode()
    assert "Pas encore assez de réponses" in html
    assert "Présentiel" not in html


def test_members_only_survey_summary_stays_private(client, summary_survey):
    add_answers(summary_survey, 5, "vallee-demo", "association")
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    restriction = PageViewRestriction.objects.create(
        page=summary_survey, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members])
    response = client.get(summary_url(summary_survey))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "connexion" in response["Location"]
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(summary_url(summary_survey)).status_code in (302, 403)
    insider = UserFactory()
    insider.groups.add(members)
    client.force_login(insider)
    assert client.get(summary_url(summary_survey)).status_code == 200
