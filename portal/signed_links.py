"""Signed links sent by e-mail: confirmation (issue time inside, expiring) and one-click
unsubscription (no expiry). Used by the veille newsletter and alerts and by the questions'
notifications; each use passes its own salt."""

import time

from django.core import signing


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    pass


def sign_confirmation(key, salt):
    """A confirmation link token for `key`; the issue time travels in the value, so a link
    older than an unsubscription can be refused."""
    return signing.TimestampSigner(salt=salt).sign(f"{key}:{int(time.time())}")


def read_confirmation(token, salt, max_age):
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


def sign_unsubscription(key, salt):
    return signing.Signer(salt=salt).sign(str(key))


def read_unsubscription(token, salt):
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature as error:
        raise InvalidToken from error
