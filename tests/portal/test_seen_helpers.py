"""Issue #24: the helpers behind what people see. Dates in every form travel as ISO
dates; "de" elides before a vowel; numbers in text are French, never in SVG."""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.template import Context, Template
from wagtail.admin.forms import WagtailAdminModelForm

from portal.forms import CleanTextFormMixin, IsoDateInput
from portal.french import de

PROJECT_PACKAGES = [
    app.name for app in apps.get_app_configs() if Path(app.path).parent == settings.BASE_DIR
]


def form_modules():
    """Every module of the project's apps that declares forms: `forms`, `*_forms`,
    `filters`, at any depth."""
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            last = info.name.rsplit(".", 1)[-1]
            if last in ("forms", "filters") or last.endswith("_forms"):
                yield info.name


FORM_MODULES = list(form_modules())


def portal_form_classes():
    """The forms of the public site (the Wagtail admin's own forms keep its widgets)."""
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == name
                and not issubclass(value, WagtailAdminModelForm)
            ):
                yield value


def test_every_date_field_of_the_portals_forms_uses_the_iso_date_input():
    checked = 0
    for form_class in portal_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                assert isinstance(field.widget, IsoDateInput), f"{form_class.__name__}.{name}"
                checked += 1
    assert checked >= 2  # the synergy's start and stop dates at least


def test_every_form_of_the_portal_cleans_control_characters():
    """Issue #30 (4): text typed into any form loses its control characters."""
    classes = list(portal_form_classes())
    assert len(classes) > 20 and "questions.forms" in FORM_MODULES
    missing = [c.__qualname__ for c in classes if not issubclass(c, CleanTextFormMixin)]
    assert missing == []


def test_the_iso_date_input_renders_what_a_date_input_reads_whatever_the_language():
    html = IsoDateInput().render("started_on", datetime.date(2025, 3, 7))
    assert 'type="date"' in html and 'value="2025-03-07"' in html


@pytest.mark.django_db
def test_the_survey_form_builder_gives_date_questions_the_iso_date_input():
    from training.forms import CustomFormBuilder

    field = CustomFormBuilder([]).create_date_field(None, {"label": "Date", "required": False})
    assert isinstance(field.widget, IsoDateInput)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Abattoir de Langres", "d'Abattoir de Langres"),
        ("Écopôle de la Seine auboise", "d'Écopôle de la Seine auboise"),
        ("Moselle Est", "de Moselle Est"),
        ("Haute-Marne", "de Haute-Marne"),
        ("Yutz Industrie", "d'Yutz Industrie"),
    ],
)
def test_de_elides_before_a_vowel(name, expected):
    assert de(name) == expected
    assert Template("{% load portal_tags %}{{ name|de }}").render(Context({"name": name})) in {
        expected,
        expected.replace("'", "&#x27;"),
    }


def test_numbers_in_text_are_french_and_in_svg_never():
    text = Template("{% load portal_tags %}{{ v|number }} · {{ w|number:1 }}").render(
        Context({"v": Decimal("165160"), "w": 3.20000000000000017763568394})
    )
    assert text == "165\u202f160 · 3,2"
    svg = Template(
        '{% load l10n %}{% localize off %}<circle cx="{{ x }}" r="{{ r }}">{% endlocalize %}'
    ).render(Context({"x": 168.6, "r": Decimal("22.0")}))
    assert svg == '<circle cx="168.6" r="22.0">'


def test_the_sweep_follows_a_few_links_of_each_route_and_every_page():
    from tests.browser.seen.test_sweep import LINKS_PER_ROUTE, links_to_follow

    flows = {f"/flux/{pk}/" for pk in range(1, 11)}
    sign_in = {f"/membres/connexion/?next=/flux/{pk}/" for pk in range(1, 6)}
    pages = {"/savoirs/", "/savoirs/fiche-a/", "/savoirs/fiche-b/", "/veille/", "/veille/x/"}
    followed = links_to_follow(
        flows | sign_in | pages | {"/recherche/?q=bois", "/membres/deconnexion/"}
    )
    assert len([link for link in followed if link in flows]) == LINKS_PER_ROUTE
    assert len([link for link in followed if link in sign_in]) == LINKS_PER_ROUTE
    assert pages <= set(followed), "each path Wagtail serves is a route of its own"
    assert "/recherche/?q=bois" in followed
    assert "/membres/deconnexion/" not in followed


class FakePage:
    """What the Watcher reads of a Playwright page: its events."""

    def __init__(self):
        self.handlers = {}

    def on(self, event, handler):
        self.handlers[event] = handler

    def emit(self, event, argument):
        self.handlers[event](argument)


class FakeRequest:
    def __init__(self, url, failure="net::ERR_ABORTED", navigation=False):
        self.url, self.failure, self.navigation = url, failure, navigation

    def is_navigation_request(self):
        return self.navigation


def test_the_watcher_forgives_what_leaving_a_page_cancels_and_nothing_else():
    from tests.browser.seen.checks import Watcher

    page = FakePage()
    watcher = Watcher(page)
    favicon, image, blocked = (
        FakeRequest("/static/portal/favicon.svg"),
        FakeRequest("/media/image.png"),
        FakeRequest("/static/x.js", failure="net::ERR_BLOCKED_BY_CLIENT"),
    )
    page.emit("request", image)
    page.emit("requestfailed", image)  # aborted while its page is still shown
    page.emit("request", favicon)
    page.emit("request", blocked)
    watcher.leave()
    page.emit("requestfailed", favicon)  # cancelled by the next page's navigation
    page.emit("requestfailed", blocked)
    assert watcher.take() == [
        "request failed: /media/image.png (net::ERR_ABORTED)",
        "request failed: /static/x.js (net::ERR_BLOCKED_BY_CLIENT)",
    ]
