"""Send a digest to the confirmed subscribers: one SMTP connection, resumable."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.links import absolute_url
from portal.sanitize import clean_text
from veille import tokens
from veille.models import DigestDelivery, MonitoringCategory, Subscriber

UNSUBSCRIBE_PLACEHOLDER = "__VEILLE_UNSUBSCRIBE_URL__"
BATCH_SIZE = 200


class SendInterrupted(Exception):
    def __init__(self, sent, error):
        super().__init__(f"Envoi interrompu après {sent} message(s) : {error}")
        self.sent = sent
        self.error = error


@dataclass
class SendReport:
    sent: int
    already: int
    total: int


def digest_theme_ids(digest):
    ids = set(digest.themes.values_list("pk", flat=True))
    for item in digest.shown_items().prefetch_related("themes"):
        ids.update(theme.pk for theme in item.themes.all())
    return ids


def audience(digest):
    """Confirmed, still subscribed; those who chose themes only if the digest touches one."""
    active = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    wanted = active.filter(Q(themes__isnull=True) | Q(themes__in=digest_theme_ids(digest)))
    return active.filter(pk__in=wanted.values("pk"))


def render_bodies(digest):
    """Text and HTML once per digest; each message only swaps the unsubscribe link."""
    groups = {}
    for item in digest.shown_items().prefetch_related("themes"):
        groups.setdefault(item.category, []).append(item)
    labels = dict(MonitoringCategory.choices)
    context = {
        "digest": digest,
        "digest_url": absolute_url(digest.url or "/"),
        "groups": [(labels.get(key, key), items) for key, items in sorted(groups.items())],
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    text = render_to_string("veille/email/digest.txt", context)
    html = render_to_string("veille/email/digest.html", context)
    return text, html


def list_message(subject, recipient, text, html, unsubscribe_url, connection=None):
    """A mailing-list message: text and HTML, one-click unsubscription (RFC 8058) headers."""
    message = EmailMultiAlternatives(
        subject=clean_text(subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(digest, subscriber, text, html, connection=None):
    url = absolute_url(
        reverse("veille:unsubscribe", args=[tokens.make_unsubscribe_token(subscriber)])
    )
    return list_message(
        f"[Veille EIT Grand Est] {digest.title}",
        subscriber.email,
        text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        html.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        url,
        connection,
    )


def send_digest(digest, progress=None, batch_size=BATCH_SIZE):
    """Send to every subscriber of the audience not yet served; record each delivery.

    A failure stops the run (SendInterrupted) after recording what went out; a re-run
    sends only to the rest.
    """
    recipients = audience(digest)
    total = recipients.count()
    pending = recipients.exclude(deliveries__digest=digest).order_by("pk")
    already = total - pending.count()
    text, html = render_bodies(digest)
    sent = 0
    connection = get_connection()
    connection.open()
    try:
        last_pk = 0
        while True:
            batch = list(pending.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            for subscriber in batch:
                message = build_message(digest, subscriber, text, html, connection)
                try:
                    delivered = connection.send_messages([message])
                except Exception as error:  # noqa: BLE001 - SMTP, socket: stop and report
                    raise SendInterrupted(sent, error) from error
                if not delivered:
                    raise SendInterrupted(sent, "le serveur n'a pas accepté le message")
                try:
                    DigestDelivery.objects.create(
                        digest=digest, subscriber=subscriber, sent_at=timezone.now()
                    )
                except IntegrityError:  # a concurrent run served this one meanwhile
                    pass
                sent += 1
            if progress:
                progress(already + sent, total)
    finally:
        connection.close()
    return SendReport(sent=sent, already=already, total=total)
