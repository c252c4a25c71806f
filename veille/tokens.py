"""Signed links of the newsletter and the search alerts: confirmation (7 days, single use)
and unsubscription."""

import time

from django.core import signing

CONFIRM_SALT = "veille.subscription.confirm"
UNSUBSCRIBE_SALT = "veille.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    pass


def sign_confirmation(key, salt=CONFIRM_SALT):
    """A confirmation link token for `key`; the issue time travels in the value, so a link
    older than an unsubscription can be refused."""
    return signing.TimestampSigner(salt=salt).sign(f"{key}:{int(time.time())}")


def read_confirmation(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE):
    """(key as text, issued at as a Unix time) or InvalidToken / ExpiredToken."""
    signer = signing.TimestampSigner(salt=salt)
    try:
        value = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    key, separator, issued = value.rpartition(":")
    if not separator or not key or not issued.isdigit():
        raise InvalidToken
    return key, int(issued)


def sign_unsubscription(key, salt=UNSUBSCRIBE_SALT):
    return signing.Signer(salt=salt).sign(str(key))


def read_unsubscription(token, salt=UNSUBSCRIBE_SALT):
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature as error:
        raise InvalidToken from error


def make_confirm_token(subscriber):
    return sign_confirmation(subscriber.pk)


def read_confirm_token(token):
    """(subscriber pk, issued at as a Unix time) or InvalidToken / ExpiredToken."""
    key, issued = read_confirmation(token)
    if not key.isdigit():
        raise InvalidToken
    return int(key), issued


def make_unsubscribe_token(subscriber):
    return sign_unsubscription(subscriber.pk)


def read_unsubscribe_token(token):
    key = read_unsubscription(token)
    if not key.isdigit():
        raise InvalidToken
    return int(key)
