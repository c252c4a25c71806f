"""Mailing-list messages: text and HTML, with the one-click unsubscription headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from portal.sanitize import clean_text


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
