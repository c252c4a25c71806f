"""Each question type renders, validates in French and stores a JSON-ready answer."""

import pytest

from tests.support.surveys import SKILLS
from tests.training.conftest import answer_post
from training.models import SurveyAnswer

pytestmark = pytest.mark.django_db


def test_every_question_type_renders_with_labels(client, survey, member):
    client.force_login(member)
    html = client.get(survey.url).content.decode()
    # skill scale: one fieldset per skill, five labelled radios each
    assert html.count('class="skill-scale__item"') == len(SKILLS)
    for skill in SKILLS:
        assert f">{skill}</legend>" in html
    assert 'name="vos_besoins__0" value="5"' in html
    assert "De 1 (pas de besoin) à 5 (besoin prioritaire)." in html
    # profile: the territory snippets, the structure types
    assert "Plateau d&#x27;exemple" in html or "Plateau d'exemple" in html
    assert "Chambre consulaire (CCI, CMA)" in html
    assert 'name="votre_fonction"' in html
    # the member's territory is pre-selected
    assert '<option value="vallee-demo" selected>' in html
    # honeypot: hidden from people and screen readers
    assert 'class="survey-hp" aria-hidden="true"' in html


def test_answer_is_stored_as_json(client, survey, member, territories):
    client.force_login(member)
    response = client.post(survey.url, answer_post())
    assert response.status_code == 200
    assert "bien été enregistrées" in response.content.decode()
    answer = SurveyAnswer.objects.get(page=survey)
    assert answer.form_data["vos_besoins"] == {
        "Cartographie des flux": 4,
        "Montage financier": 5,
        "Réglementation déchets": 2,
    }
    assert answer.form_data["moments"] == ["Matin"]
    assert answer.form_data["format_prefere"] == "Présentiel"
    assert answer.territory == territories[0]
    assert answer.structure_type == "association"
    assert answer.role == "Animatrice EIT"
    assert answer.user == member


def test_missing_skill_keeps_input_and_says_what_is_wrong(client, survey, member):
    client.force_login(member)
    response = client.post(
        survey.url, answer_post(scores=(4, None, 2), vos_attentes="Mon texte <b>à garder</b>")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not SurveyAnswer.objects.exists()
    assert "il manque : Montage financier" in html
    assert "Le formulaire contient 1 erreur" in html
    # what was typed is kept (and escaped)
    assert "Mon texte &lt;b&gt;à garder&lt;/b&gt;" in html
    assert 'name="vos_besoins__0" value="4" id="id_vos_besoins_3" checked' in html


def test_out_of_range_score_is_rejected(client, survey, member):
    client.force_login(member)
    response = client.post(survey.url, answer_post(scores=(4, 9, 2)))
    assert "Choisissez une note de 1 à 5 pour : Montage financier." in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_unknown_choices_are_rejected_in_french(client, survey, member):
    client.force_login(member)
    response = client.post(
        survey.url, answer_post(territory="atlantide", structure="ovni", format_prefere="Non")
    )
    html = response.content.decode()
    assert "Choisissez une des propositions." in html
    assert not SurveyAnswer.objects.exists()


def test_required_profile_fields(client, survey, member):
    client.force_login(member)
    data = answer_post()
    del data["type_de_structure"]
    response = client.post(survey.url, data)
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_optional_scale_accepts_partial_answers(site_tree, client, member, territories):
    from portal.axes import Axis
    from portal.factories import TrainingNeedsSurveyPageFactory

    page = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        form_fields=[{"label": "Vos besoins", "field_type": "skill_scale", "choices": "A\nB"}],
    )
    client.force_login(member)
    client.post(page.url, {"vos_besoins__1": "3"})
    assert SurveyAnswer.objects.get(page=page).form_data == {"vos_besoins": {"B": 3}}


def test_role_with_choices_is_a_list(site_tree, client, member):
    from portal.axes import Axis
    from portal.factories import TrainingNeedsSurveyPageFactory

    page = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        form_fields=[{"label": "Fonction", "field_type": "role", "choices": "Élu\nTechnicien"}],
    )
    client.force_login(member)
    assert "<select" in client.get(page.url).content.decode()
    client.post(page.url, {"fonction": "Élu"})
    assert SurveyAnswer.objects.get(page=page).role == "Élu"


def test_consent_box_is_required_when_set(client, survey, member):
    survey.consent_text = "J'accepte la conservation de mes réponses."
    survey.save()
    client.force_login(member)
    response = client.post(survey.url, answer_post())
    assert "Cochez la case pour accepter et envoyer." in response.content.decode()
    assert not SurveyAnswer.objects.exists()
    client.post(survey.url, answer_post(consentement="on"))
    answer = SurveyAnswer.objects.get()
    assert "consentement" not in answer.form_data
