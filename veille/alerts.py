"""Search alerts: double opt-in registration and the periodic e-mail of new matching pages.

Like the newsletter, nothing here ever tells whether an address already has an alert.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.mail import list_message
from veille import tokens
from veille.alert_query import new_matches, query_from_string, search_url, to_querystring
from veille.models import AlertFrequency, SavedSearch
from veille.newsletter import SendInterrupted, absolute_url

CONFIRM_SALT = "veille.alert.confirm"
UNSUBSCRIBE_SALT = "veille.alert.unsubscribe"
PERIODS = {
    AlertFrequency.DAILY: datetime.timedelta(days=1),
    AlertFrequency.WEEKLY: datetime.timedelta(days=7),
}
# A run started a little early (cron jitter) still serves the alerts checked one period ago.
DUE_SLACK = datetime.timedelta(hours=1)
# Pages published this close to a run may not be indexed yet: the next run looks again.
INDEXING_GRACE = datetime.timedelta(minutes=15)


# --- links -----------------------------------------------------------------------------------


def confirm_url(alert):
    token = tokens.sign_confirmation(alert.public_id, salt=CONFIRM_SALT)
    return absolute_url(reverse("veille:alert_confirm", args=[token]))


def unsubscribe_url(alert):
    token = tokens.sign_unsubscription(alert.public_id, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("veille:alert_unsubscribe", args=[token]))


def feed_url(alert):
    return absolute_url(reverse("veille:alert_feed", args=[alert.public_id]))


def read_confirm_token(token):
    """The alert's public id, or tokens.InvalidToken / tokens.ExpiredToken."""
    public_id, _issued = tokens.read_confirmation(token, salt=CONFIRM_SALT)
    return public_id


def read_unsubscribe_token(token):
    return tokens.read_unsubscription(token, salt=UNSUBSCRIBE_SALT)


# --- registration ----------------------------------------------------------------------------


def register(email, query, label, frequency):
    """Create or refresh a pending alert and mail its confirmation link; an alert already
    confirmed for this address and search is left as it is, silently."""
    querystring = to_querystring(query)
    alert = SavedSearch.objects.filter(email__iexact=email, querystring=querystring).first()
    if alert is not None and alert.confirmed_at is not None:
        return
    if alert is None:
        try:
            with transaction.atomic():
                alert = SavedSearch.objects.create(
                    email=email, querystring=querystring, label=label, frequency=frequency
                )
        except IntegrityError:  # the same request twice at once: the first one mails
            return
    else:
        alert.label, alert.frequency = label, frequency
        alert.save(update_fields=["label", "frequency"])
    body = render_to_string(
        "veille/email/alert_confirm.txt",
        {"alert": alert, "confirm_url": confirm_url(alert), "max_days": 7},
    )
    send_mail(
        "Confirmez votre alerte de recherche EIT Grand Est",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [alert.email],
    )


def confirm(alert, now=None):
    now = now or timezone.now()
    alert.confirmed_at = now
    alert.sent_until = now  # only pages published from now on
    alert.save(update_fields=["confirmed_at", "sent_until"])


# --- sending ---------------------------------------------------------------------------------


@dataclass
class AlertRunReport:
    checked: int = 0
    sent: int = 0
    queries: int = 0
    pages: int = 0


def due_alerts(frequencies, now):
    """Confirmed alerts never checked, or checked at least one period ago."""
    due = Q()
    for frequency in frequencies:
        threshold = now - PERIODS[frequency] + DUE_SLACK
        due |= Q(frequency=frequency) & (
            Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=threshold)
        )
    return SavedSearch.objects.filter(due, confirmed_at__isnull=False, confirmed_at__lte=now)


def build_alert_message(alert, matches, connection=None):
    url = unsubscribe_url(alert)
    context = {
        "alert": alert,
        "matches": matches,
        "search_url": search_url(query_from_string(alert.querystring)),
        "feed_url": feed_url(alert),
        "unsubscribe_url": url,
        "frequency": alert.get_frequency_display().lower(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    count = len(matches)
    subject = f"[Alerte EIT Grand Est] {alert.label} : {count} nouveauté{'s' if count > 1 else ''}"
    return list_message(
        subject,
        alert.email,
        render_to_string("veille/email/alert.txt", context),
        render_to_string("veille/email/alert.html", context),
        url,
        connection,
    )


def _mark(alert):
    return alert.sent_until or alert.confirmed_at


def send_search_alerts(frequency=None, now=None, dry_run=False, progress=None):
    """E-mail each due alert the public pages matching its search first published since
    its mark; each distinct search runs once.

    Every alert is updated right after its own message, so an interrupted run
    (SendInterrupted) resumes with the alerts not yet served, and a page is never sent
    twice to the same alert.
    """
    now = now or timezone.now()
    # A page published within the grace period may not be searchable yet: it waits for the
    # next run, and the mark never moves past it.
    until = now - INDEXING_GRACE
    frequencies = [frequency] if frequency else list(AlertFrequency)
    alerts = list(due_alerts(frequencies, now).order_by("querystring", "pk"))
    report = AlertRunReport()
    connection = None
    try:
        for querystring, group in groupby(alerts, key=lambda alert: alert.querystring):
            group = list(group)
            report.queries += 1
            matches = new_matches(
                query_from_string(querystring), min(_mark(a) for a in group), until=until
            )
            report.pages += len(matches)
            for alert in group:
                fresh = [m for m in matches if m.first_published_at > _mark(alert)]
                if fresh and not dry_run:
                    if connection is None:
                        connection = get_connection()
                        connection.open()
                    _deliver(alert, fresh, connection, report.sent)
                    report.sent += 1
                elif fresh:
                    report.sent += 1
                if not dry_run:
                    _advance(alert, fresh, now, until)
                report.checked += 1
            if progress:
                progress(querystring, len(group), len(matches))
    finally:
        if connection is not None:
            connection.close()
    return report


def _deliver(alert, matches, connection, sent_so_far):
    message = build_alert_message(alert, matches, connection)
    try:
        delivered = connection.send_messages([message])
    except Exception as error:  # noqa: BLE001 - SMTP, socket: stop and report
        raise SendInterrupted(sent_so_far, error) from error
    if not delivered:
        raise SendInterrupted(sent_so_far, "le serveur n'a pas accepté le message")


def _advance(alert, sent, now, until):
    alert.sent_until = max(_mark(alert), until)
    alert.last_checked_at = now
    fields = ["sent_until", "last_checked_at"]
    if sent:
        alert.last_sent_at = now
        fields.append("last_sent_at")
    alert.save(update_fields=fields)
