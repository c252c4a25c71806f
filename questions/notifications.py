"""Telling followers: a new question in a theme they follow, a new or accepted answer on a
question they follow. Immediate followers get one e-mail per event once the transaction
commits; daily followers (and any immediate message that could not go out) get one summary
a day from `manage.py send_question_summaries`. `Notification.sent_at` makes every run
safe to repeat."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.links import absolute_url
from portal.mail import list_message
from portal.roles import is_network_member
from portal.signed_links import InvalidToken, read_unsubscription, sign_unsubscription
from questions.models import Follow, Frequency, Notification, NotificationKind

logger = logging.getLogger(__name__)

FOLLOW_SALT = "questions.follow.unsubscribe"
ALL_SALT = "questions.notifications.unsubscribe"
SUBJECT_PREFIX = "[Questions au réseau]"

__all__ = ["InvalidToken"]


# --- one-click unsubscription -------------------------------------------------------------


def follow_unsubscribe_url(follow) -> str:
    token = sign_unsubscription(follow.pk, salt=FOLLOW_SALT)
    return absolute_url(reverse("questions:unsubscribe", args=["suivi", token]))


def all_unsubscribe_url(user) -> str:
    token = sign_unsubscription(user.pk, salt=ALL_SALT)
    return absolute_url(reverse("questions:unsubscribe", args=["tout", token]))


def follows_of_token(scope, token):
    """The follows a link stops (InvalidToken if forged)."""
    salt = FOLLOW_SALT if scope == "suivi" else ALL_SALT
    key = read_unsubscription(token, salt=salt)
    if not key.isdigit():
        raise InvalidToken
    if scope == "suivi":
        return Follow.objects.filter(pk=int(key))
    return Follow.objects.filter(user_id=int(key))


# --- recording ----------------------------------------------------------------------------


def _record(follows, question, kind, answer=None, exclude_user_id=None) -> list[int]:
    """A notification per follower (once each, whatever they follow it through)."""
    created, seen = [], set()
    for follow in follows.select_related("user"):
        user = follow.user
        if user.pk in seen or user.pk == exclude_user_id or not user.email:
            continue
        if not is_network_member(user) or question.hidden:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, follow=follow, question=question, answer=answer, kind=kind
                )
        except IntegrityError:
            continue
        if follow.frequency == Frequency.IMMEDIATE:
            created.append(notification.pk)
    if created:
        transaction.on_commit(lambda: send_immediate(created))
    return created


def question_asked(question):
    theme_ids = list(question.themes.values_list("pk", flat=True))
    follows = Follow.objects.filter(theme_id__in=theme_ids).order_by("frequency", "pk")
    return _record(follows, question, NotificationKind.QUESTION, exclude_user_id=question.author_id)


def answer_posted(answer):
    follows = Follow.objects.filter(question=answer.question).order_by("frequency", "pk")
    return _record(
        follows,
        answer.question,
        NotificationKind.ANSWER,
        answer=answer,
        exclude_user_id=answer.author_id,
    )


def answer_accepted(question, by_user):
    follows = Follow.objects.filter(question=question).order_by("frequency", "pk")
    return _record(
        follows,
        question,
        NotificationKind.ACCEPTED,
        answer=question.accepted_answer,
        exclude_user_id=by_user.pk,
    )


# --- sending ------------------------------------------------------------------------------


def _item(notification) -> dict:
    question = notification.question
    return {
        "kind": notification.get_kind_display(),
        "question": question,
        "answer": notification.answer,
        "url": absolute_url(question.get_absolute_url()),
    }


def send_immediate(notification_ids) -> int:
    """One e-mail per notification; a failure leaves it for the daily run."""
    notifications = Notification.objects.filter(pk__in=notification_ids, sent_at__isnull=True)
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except Exception:  # noqa: BLE001 - the daily run sends what could not go out now
        logger.exception("Could not reach the mail server for question notifications")
        return 0
    try:
        for notification in notifications.select_related(
            "recipient", "follow", "follow__theme", "follow__question", "question", "answer"
        ):
            item = _item(notification)
            url = follow_unsubscribe_url(notification.follow)
            context = {
                "item": item,
                "follow": notification.follow,
                "unsubscribe_url": url,
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            message = list_message(
                f"{SUBJECT_PREFIX} {item['kind'].capitalize()} : {notification.question.title}",
                notification.recipient.email,
                render_to_string("questions/email/notification.txt", context),
                render_to_string("questions/email/notification.html", context),
                url,
                connection,
            )
            try:
                if not connection.send_messages([message]):
                    continue
            except Exception:  # noqa: BLE001 - SMTP, socket: the daily run retries
                logger.exception("Could not send question notification %s", notification.pk)
                break
            Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
            sent += 1
    finally:
        connection.close()
    return sent


@dataclass
class SummaryReport:
    sent: int
    recipients: int
    notifications: int


class SummaryInterrupted(Exception):
    def __init__(self, sent, error):
        super().__init__(f"Envoi interrompu après {sent} résumé(s) : {error}")
        self.sent = sent


def send_daily_summaries(progress=None) -> SummaryReport:
    """One summary per member with unsent notifications; each member's notifications are
    marked sent with their e-mail, so a re-run sends only to the rest."""
    pending = Notification.objects.filter(sent_at__isnull=True)
    recipient_ids = list(pending.order_by("recipient_id").values_list("recipient_id", flat=True))
    recipient_ids = list(dict.fromkeys(recipient_ids))
    total = len(recipient_ids)
    sent = count = 0
    connection = get_connection()
    connection.open()
    try:
        for index, recipient_id in enumerate(recipient_ids, start=1):
            notifications = list(
                pending.filter(recipient_id=recipient_id)
                .select_related("recipient", "question", "answer")
                .order_by("created_at", "pk")
            )
            if not notifications:
                continue
            recipient = notifications[0].recipient
            url = all_unsubscribe_url(recipient)
            context = {
                "items": [_item(n) for n in notifications],
                "unsubscribe_url": url,
                "follows_url": absolute_url(reverse("questions:follows")),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            message = list_message(
                f"{SUBJECT_PREFIX} Votre résumé du jour ({len(notifications)} nouveauté"
                f"{'s' if len(notifications) > 1 else ''})",
                recipient.email,
                render_to_string("questions/email/summary.txt", context),
                render_to_string("questions/email/summary.html", context),
                url,
                connection,
            )
            try:
                delivered = connection.send_messages([message])
            except Exception as error:  # noqa: BLE001 - SMTP, socket: stop and report
                raise SummaryInterrupted(sent, error) from error
            if not delivered:
                raise SummaryInterrupted(sent, "le serveur n'a pas accepté le message")
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                sent_at=timezone.now()
            )
            sent += 1
            count += len(notifications)
            if progress:
                progress(index, total)
    finally:
        connection.close()
    return SummaryReport(sent=sent, recipients=total, notifications=count)
