"""Links that leave the site (e-mails, feeds): absolute, on the portal's public base URL."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/veille/...") on the base URL the portal is served from."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
