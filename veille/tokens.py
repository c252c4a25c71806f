"""Signed links of the newsletter: confirmation (7 days, single use) and unsubscription."""

import time

from django.core import signing

CONFIRM_SALT = "veille.subscription.confirm"
UNSUBSCRIBE_SALT = "veille.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    pass


def make_confirm_token(subscriber):
    # The issue time travels in the value, so a link older than an unsubscription is refused.
    value = f"{subscriber.pk}:{int(time.time())}"
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(value)


def read_confirm_token(token):
    """(subscriber pk, issued at as a Unix time) or InvalidToken / ExpiredToken."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        value = signer.unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    try:
        pk, issued = value.split(":")
        return int(pk), int(issued)
    except ValueError as error:
        raise InvalidToken from error


def make_unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def read_unsubscribe_token(token):
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise InvalidToken from error
