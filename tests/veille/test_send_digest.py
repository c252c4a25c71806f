"""send_digest against a real SMTP server on loopback (aiosmtpd)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.factories import MonitoringDigestPageFactory, ThemeFactory
from veille.models import DigestDelivery, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest(site_tree):
    water = ThemeFactory(name="Eau", slug="eau")
    return MonitoringDigestPageFactory(
        parent=site_tree.section(Axis.MONITORING),
        slug="veille-mars",
        title="Veille de mars",
        themes=[water],
        items=[
            {
                "title": "Réutilisation des eaux usées",
                "category": "reglementation",
                "summary": "Un décret <important>.",
                "link": "https://exemple.fr/reut",
            },
            {"title": "Appel à projets économie d'eau", "category": "appel_a_projets"},
        ],
    )


def subscribe(email, *themes, confirmed=True, unsubscribed=False):
    now = timezone.now()
    subscriber = Subscriber.objects.create(
        email=email,
        confirmed_at=now if confirmed else None,
        unsubscribed_at=now if unsubscribed else None,
    )
    subscriber.themes.set(themes)
    return subscriber


def send(slug="veille-mars"):
    out = StringIO()
    call_command("send_digest", slug, "--batch-size", "2", stdout=out)
    return out.getvalue()


def test_sends_to_confirmed_subscribers_only(smtp_server, digest):
    energy = ThemeFactory(name="Énergie", slug="energie")
    water = digest.themes.get()
    subscribe("a@exemple.fr")
    subscribe("b@exemple.fr", water)
    subscribe("c@exemple.fr", energy)  # chose other themes only
    subscribe("d@exemple.fr", confirmed=False)
    subscribe("e@exemple.fr", unsubscribed=True)
    output = send()
    assert sorted(smtp_server.recipients()) == ["a@exemple.fr", "b@exemple.fr"]
    assert "2/2" in output
    assert "2 envoyé(s)" in output
    assert DigestDelivery.objects.filter(digest=digest).count() == 2


def test_message_has_both_parts_and_one_click_unsubscribe(smtp_server, digest, client):
    subscriber = subscribe("a@exemple.fr")
    send()
    [(_, message)] = smtp_server.messages
    assert message["Subject"] == "[Veille EIT Grand Est] Veille de mars"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Réutilisation des eaux usées" in text
    assert "Un décret <important>." in text
    assert "Réutilisation des eaux usées" in html
    assert "Un décret &lt;important&gt;." in html
    assert '<a href="https://exemple.fr/reut"' in html
    header = str(message["List-Unsubscribe"]).strip()
    assert header.startswith("<http://testserver/veille/desabonnement/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>").removeprefix("http://testserver")
    assert url in text and url in html
    assert client.post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_never_twice_and_one_connection(smtp_server, digest):
    for n in range(5):
        subscribe(f"s{n}@exemple.fr")
    send()
    assert len(smtp_server.messages) == 5
    assert len(set(smtp_server.peers)) == 1  # one SMTP connection for the whole run
    output = send()
    assert len(smtp_server.messages) == 5
    assert "0 envoyé(s), 5 déjà servi(s)" in output


def test_resumes_after_an_interruption(smtp_server, digest):
    emails = [f"s{n}@exemple.fr" for n in range(7)]
    for email in emails:
        subscribe(email)
    smtp_server.fail_after = 3
    with pytest.raises(CommandError, match="interrompu après 3 message"):
        send()
    assert DigestDelivery.objects.count() == 3
    smtp_server.fail_after = None
    output = send()
    assert "4 envoyé(s), 3 déjà servi(s)" in output
    received = smtp_server.recipients()
    assert sorted(received) == sorted(emails)  # each one exactly once


def test_a_digest_for_members_only_is_not_sent(smtp_server, digest):
    subscribe("a@exemple.fr")
    restriction = PageViewRestriction.objects.create(
        page=digest, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Membres (test)"))
    with pytest.raises(CommandError, match="pas publiée pour tout le monde"):
        send()
    assert smtp_server.messages == []


def test_digest_by_id_and_unknown_digest(smtp_server, digest):
    subscribe("a@exemple.fr")
    send(str(digest.pk))
    assert len(smtp_server.messages) == 1
    with pytest.raises(CommandError, match="Aucune lettre"):
        send("inconnue")
