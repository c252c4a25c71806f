"""Newsletter subscription: double opt-in, signed links, one-click unsubscription."""

import re
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from portal.factories import ThemeFactory
from veille import tokens
from veille.models import Subscriber

pytestmark = pytest.mark.django_db

URL = "/veille/abonnement/"


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def confirm_link():
    match = re.search(
        r"http://testserver(/veille/abonnement/confirmer/[^/\s]+/)", mail.outbox[-1].body
    )
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_form_has_labels_and_csrf(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Votre adresse électronique" in html
    assert 'for="id_email"' in html


def test_csrf_is_enforced():
    response = Client(enforce_csrf_checks=True).post(URL, {"email": "a@exemple.fr"})
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_subscribe_confirm_end_to_end(client, site_tree):
    theme = ThemeFactory(slug="eau", name="Eau")
    response = client.post(URL, {"email": "Camille@Exemple.fr", "themes": [theme.pk]})
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "Vérifiez votre boîte de réception" in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert list(subscriber.themes.all()) == [theme]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Camille@Exemple.fr"]

    link = confirm_link()
    response = client.get(link)
    assert response.status_code == 200
    assert "Abonnement confirmé" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    replay = client.get(link)
    assert replay.status_code == 410
    assert "déjà" in replay.content.decode()


def test_invalid_email_gives_a_french_error(client):
    response = client.post(URL, {"email": "pas-une-adresse"})
    assert response.status_code == 400
    assert "n&#x27;est pas valide" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_existing_addresses_are_not_revealed(client):
    client.post(URL, {"email": "dominique@exemple.fr"})
    first = client.get(client.post(URL, {"email": "autre@exemple.fr"})["Location"])
    # pending: same answer, a new confirmation mail, no second row (case-insensitive)
    again = client.post(URL, {"email": "DOMINIQUE@exemple.fr"})
    assert again.status_code == 302
    assert client.get(again["Location"]).content == first.content
    assert Subscriber.objects.filter(email__iexact="dominique@exemple.fr").count() == 1
    assert len(mail.outbox) == 3
    # confirmed: same answer, and no mail at all
    Subscriber.objects.filter(email="dominique@exemple.fr").update(confirmed_at=timezone.now())
    confirmed = client.post(URL, {"email": "dominique@exemple.fr"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == again["Location"]
    assert len(mail.outbox) == 3


def test_tampered_token(client):
    client.post(URL, {"email": "a@exemple.fr"})
    link = confirm_link()
    tampered = link[:-3] + ("x" if link[-3] != "x" else "y") + link[-2:]
    for url in (tampered, "/veille/abonnement/confirmer/nimportequoi/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "Lien invalide" in response.content.decode()
        assert "Traceback" not in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_expired_token(client, monkeypatch):
    subscriber = Subscriber.objects.create(email="a@exemple.fr")
    eight_days_ago = time.time() - 8 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: eight_days_ago)
        token = tokens.make_confirm_token(subscriber)
    response = client.get(f"/veille/abonnement/confirmer/{token}/")
    assert response.status_code == 410
    assert "Lien expiré" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_a_confirmation_older_than_an_unsubscription_is_refused(client, monkeypatch):
    subscriber = Subscriber.objects.create(email="a@exemple.fr")
    an_hour_ago = time.time() - 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: an_hour_ago)
        token = tokens.make_confirm_token(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmed_at=timezone.now(), unsubscribed_at=timezone.now()
    )
    assert client.get(f"/veille/abonnement/confirmer/{token}/").status_code == 410


def test_honeypot(client):
    response = client.post(URL, {"email": "bot@exemple.fr", "website": "http://spam"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_rate_limited_per_ip(client):
    for n in range(5):
        assert client.post(URL, {"email": f"n{n}@exemple.fr"}).status_code == 302
    response = client.post(URL, {"email": "n6@exemple.fr"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    other_ip = client.post(URL, {"email": "n7@exemple.fr"}, REMOTE_ADDR="10.0.0.2")
    assert other_ip.status_code == 302


def test_one_click_unsubscribe():
    subscriber = Subscriber.objects.create(email="a@exemple.fr", confirmed_at=timezone.now())
    url = f"/veille/desabonnement/{tokens.make_unsubscribe_token(subscriber)}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Me désabonner" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None  # a GET (link preview, scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Désabonnement enregistré" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert client.post(url).status_code == 200  # idempotent


def test_tampered_unsubscribe_token(client):
    subscriber = Subscriber.objects.create(email="a@exemple.fr", confirmed_at=timezone.now())
    token = tokens.make_unsubscribe_token(subscriber)
    response = client.post(f"/veille/desabonnement/{token}x/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_resubscribe_after_unsubscribing(client):
    Subscriber.objects.create(
        email="a@exemple.fr", confirmed_at=timezone.now(), unsubscribed_at=timezone.now()
    )
    client.post(URL, {"email": "a@exemple.fr"})
    assert len(mail.outbox) == 1
    assert client.get(confirm_link()).status_code == 200
    assert Subscriber.objects.get().is_active


def test_signed_in_members_behind_one_address_are_counted_apart(client):
    from portal.factories import UserFactory

    codes = []
    for n in range(8):
        client.force_login(UserFactory(username=f"reseau.{n}"))
        codes.append(client.post(URL, {"email": f"m{n}@exemple.fr"}).status_code)
    assert codes == [302] * 8
