"""absolute_url: the one way to turn a path into a link that leaves the site."""

from portal.links import absolute_url


def test_absolute_url_on_the_public_base(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portail.exemple.fr/"
    assert absolute_url("/veille/") == "https://portail.exemple.fr/veille/"
    settings.WAGTAILADMIN_BASE_URL = "https://portail.exemple.fr"
    assert absolute_url("/recherche/?q=eau") == "https://portail.exemple.fr/recherche/?q=eau"
