"""Campaign rules: the open period, one answer per member, anonymous answers, abuse."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.training.conftest import answer_post
from training.models import SurveyAnswer, member_key

pytestmark = pytest.mark.django_db


def test_closed_survey_says_so_and_accepts_nothing(client, survey, member):
    now = timezone.now()
    survey.opens_at = now - datetime.timedelta(days=30)
    survey.closes_at = now - datetime.timedelta(days=1)
    survey.save()
    client.force_login(member)
    html = client.get(survey.url).content.decode()
    assert "Cette enquête est fermée" in html
    assert '<form class="form" method="post"' not in html
    response = client.post(survey.url, answer_post())
    assert response.status_code == 200
    assert "Cette enquête est fermée" in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_not_yet_open_survey_accepts_nothing(client, survey, member):
    survey.opens_at = timezone.now() + datetime.timedelta(days=1)
    survey.save()
    client.force_login(member)
    client.post(survey.url, answer_post())
    assert not SurveyAnswer.objects.exists()


def test_member_answers_once_and_updates(client, survey, member):
    client.force_login(member)
    client.post(survey.url, answer_post(scores=(1, 1, 1)))
    first = SurveyAnswer.objects.get()
    # the form comes back pre-filled with the previous answer
    html = client.get(survey.url).content.decode()
    assert "Vous avez déjà répondu" in html
    assert 'name="vos_besoins__0" value="1" id="id_vos_besoins_0" checked' in html
    assert "Des cas concrets</textarea>" in html
    response = client.post(survey.url, answer_post(scores=(5, 5, 5), vos_attentes="Autre"))
    assert "a bien été mise à jour" in response.content.decode()
    answer = SurveyAnswer.objects.get()
    assert answer.pk == first.pk
    assert answer.respondent_key == member_key(member)
    assert set(answer.form_data["vos_besoins"].values()) == {5}
    assert answer.form_data["vos_attentes"] == "Autre"
    assert answer.updated >= first.updated


def test_anonymous_visitor_cannot_answer_a_members_survey(client, survey):
    html = client.get(survey.url).content.decode()
    assert "Enquête réservée aux membres du réseau" in html
    client.post(survey.url, answer_post())
    assert not SurveyAnswer.objects.exists()


def test_anonymous_answers_when_allowed_each_one_kept(client, survey):
    survey.allow_anonymous = True
    survey.consent_text = "J'accepte."
    survey.save()
    client.post(survey.url, answer_post())
    assert not SurveyAnswer.objects.exists()  # consent is required
    client.post(survey.url, answer_post(consentement="on"))
    client.post(survey.url, answer_post(consentement="on"))
    answers = SurveyAnswer.objects.all()
    assert answers.count() == 2
    assert all(a.user is None and a.respondent_key.startswith("anonyme:") for a in answers)


def test_honeypot_is_rejected_silently(client, survey, member):
    client.force_login(member)
    response = client.post(survey.url, answer_post(site_web_confirmation="http://spam"))
    assert response.status_code == 200
    assert "bien été enregistrées" in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_rate_limit_per_member(client, survey, member, settings):
    settings.TRAINING_RATE_LIMIT = (3, 60)
    client.force_login(member)
    codes = [client.post(survey.url, answer_post()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.post(survey.url, answer_post())
    assert "Trop d'envois" in response.content.decode()
    # the member is counted wherever they post from
    assert client.post(survey.url, answer_post(), REMOTE_ADDR="10.0.0.9").status_code == 429


def test_twenty_members_behind_one_address_all_answer(client, survey, settings):
    """A seminar room: one address, twenty members, the default limit."""
    from portal.factories import UserFactory

    assert not hasattr(settings, "TRAINING_RATE_LIMIT")  # the default (10 posts a minute)
    codes = []
    for n in range(20):
        client.force_login(UserFactory(username=f"seminaire.{n}"))
        response = client.post(survey.url, answer_post(), REMOTE_ADDR="192.0.2.50")
        codes.append(response.status_code)
        client.logout()
    assert codes == [200] * 20
    assert SurveyAnswer.objects.filter(page=survey).count() == 20


def test_anonymous_answers_are_limited_by_address(client, survey, settings):
    settings.TRAINING_RATE_LIMIT = (3, 60)
    survey.allow_anonymous = True
    survey.save()
    codes = [client.post(survey.url, answer_post()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.post(survey.url, answer_post(), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_rate_limit_can_be_switched_off(client, survey, member, settings):
    settings.TRAINING_RATE_LIMIT = None
    client.force_login(member)
    assert {client.post(survey.url, answer_post()).status_code for _ in range(15)} == {200}
    assert SurveyAnswer.objects.count() == 1


def test_store_answer_updates_a_row_created_meanwhile(survey, member):
    key = member_key(member)
    survey.store_answer(key, {"vos_attentes": "premier"}, user=member)
    answer, created = survey.store_answer(key, {"vos_attentes": "second"}, user=member)
    assert not created
    assert SurveyAnswer.objects.get().form_data == {"vos_attentes": "second"}


@pytest.mark.django_db(transaction=True)
def test_store_answer_retries_when_another_request_inserts_first(site_tree, territories):
    """Another connection commits the member's row between our update (0 rows) and our
    insert: the insert fails on the unique key and the retry updates that row."""
    from django.db.models.signals import pre_save

    from portal.axes import Axis
    from portal.factories import TrainingNeedsSurveyPageFactory, UserFactory

    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs writing transactions one at a time: this race cannot happen")
    page = TrainingNeedsSurveyPageFactory(parent=site_tree.section(Axis.TRAINING))
    user = UserFactory()
    key = member_key(user)
    inserts = []

    def insert_elsewhere():
        try:
            SurveyAnswer.objects.create(
                page=page, respondent_key=key, form_data={"n": "autre"}, updated=timezone.now()
            )
        finally:
            connection.close()

    def before_insert(sender, instance, **kwargs):
        inserts.append(instance.form_data)
        if len(inserts) == 1:  # the first insert only: the other request wins the race
            other = threading.Thread(target=insert_elsewhere)
            other.start()
            other.join(timeout=30)

    pre_save.connect(before_insert, sender=SurveyAnswer, dispatch_uid="race")
    try:
        answer, created = page.store_answer(key, {"n": "nous"}, user=user)
    finally:
        pre_save.disconnect(dispatch_uid="race", sender=SurveyAnswer)
    assert inserts == [{"n": "nous"}, {"n": "autre"}]  # ours failed, the other's committed
    assert created is False  # the retry branch updated the row created meanwhile
    assert list(SurveyAnswer.objects.filter(page=page).values_list("form_data", flat=True)) == [
        {"n": "nous"}
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_of_one_member_make_one_row(site_tree, territories):
    from portal.axes import Axis
    from portal.factories import TrainingNeedsSurveyPageFactory, UserFactory

    assert "memory" not in str(connection.settings_dict["NAME"])  # threads share the database
    page = TrainingNeedsSurveyPageFactory(parent=site_tree.section(Axis.TRAINING))
    user = UserFactory()
    errors = []

    def post(n):
        try:
            page.store_answer(member_key(user), {"n": n}, user=user)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert SurveyAnswer.objects.filter(page=page).count() == 1


def test_purge_survey_answers_respects_retention(survey, settings):
    import io

    from django.core.management import call_command

    settings.TRAINING_ANSWER_RETENTION_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=31)
    survey.store_answer("ancienne", {"vos_attentes": "a"}, when=old)
    survey.store_answer("ancienne-2", {"vos_attentes": "b"}, when=old)
    survey.store_answer("recente", {"vos_attentes": "c"})
    out = io.StringIO()
    call_command("purge_survey_answers", "--batch-size", "1", stdout=out)
    assert "2/2 supprimées" in out.getvalue()
    assert list(SurveyAnswer.objects.values_list("respondent_key", flat=True)) == ["recente"]
    out = io.StringIO()
    call_command("purge_survey_answers", stdout=out)  # safe to re-run
    assert "Aucune suppression." in out.getvalue()
    assert SurveyAnswer.objects.count() == 1
