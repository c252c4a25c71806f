"""The visitor's address behind trusted proxies, shared by every rate limit and django-axes."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from portal.client_ip import client_ip

factory = RequestFactory()


def request(remote_addr="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="6.6.6.6")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own prefix is ignored
        (2, "6.6.6.6, 203.0.113.7, 172.16.0.2", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.7", "10.0.0.1"),  # did not cross both proxies: the peer
        (1, "", "10.0.0.1"),
        (1, "pas-une-adresse", "10.0.0.1"),
    ],
)
def test_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == expected


def test_rate_limits_and_axes_use_the_same_helper(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = request(forwarded="6.6.6.6, 203.0.113.7")
    assert get_client_ip_address(proxied) == "203.0.113.7"


@pytest.mark.django_db
def test_veille_subscription_limit_counts_the_forwarded_address(client, settings, site_tree):
    settings.TRUSTED_PROXY_COUNT = 1
    url = "/veille/abonnement/"
    for n in range(5):
        client.post(url, {"email": f"a{n}@exemple.fr"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    blocked = client.post(url, {"email": "b@exemple.fr"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.post(url, {"email": "c@exemple.fr"}, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert blocked.status_code == 429
    assert other.status_code != 429


def test_axes_gets_no_address_rather_than_a_placeholder():
    """PostgreSQL's inet column would refuse the rate limiters' "inconnu"."""
    from django.http import HttpRequest

    from portal.client_ip import UNKNOWN, axes_client_ip, client_ip

    request = HttpRequest()
    assert client_ip(request) == UNKNOWN
    assert axes_client_ip(request) is None
    request.META["REMOTE_ADDR"] = "192.0.2.7"
    assert axes_client_ip(request) == "192.0.2.7"
