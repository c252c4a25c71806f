"""Signed links of the newsletter and the search alerts: confirmation (7 days, single use)
and unsubscription (built on portal.signed_links)."""

from portal import signed_links
from portal.signed_links import ExpiredToken, InvalidToken

__all__ = ["ExpiredToken", "InvalidToken"]

CONFIRM_SALT = "veille.subscription.confirm"
UNSUBSCRIBE_SALT = "veille.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def sign_confirmation(key, salt=CONFIRM_SALT):
    return signed_links.sign_confirmation(key, salt)


def read_confirmation(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE):
    """(key as text, issued at as a Unix time) or InvalidToken / ExpiredToken."""
    return signed_links.read_confirmation(token, salt, max_age)


def sign_unsubscription(key, salt=UNSUBSCRIBE_SALT):
    return signed_links.sign_unsubscription(key, salt)


def read_unsubscription(token, salt=UNSUBSCRIBE_SALT):
    return signed_links.read_unsubscription(token, salt)


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
