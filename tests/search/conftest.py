"""Search fixtures: the REAL Elasticsearch (never skipped), a unique index prefix, pages.

The run sets ELASTICSEARCH_URL (make test starts the development node); when
Elasticsearch does not answer, the session fails loudly instead of skipping.
"""

import datetime

import pytest
from django.test import override_settings
from django.utils.text import slugify

from capitalisation.models import ExperienceFeedbackPage, IndicatorGuidePage, MethodologySheetPage
from portal.axes import Axis
from portal.models import Audience, PageAttachment, Territory, Theme
from search import breaker
from search.engines import elasticsearch as es
from tests.conftest import build_site_tree
from tests.support.search_engine import ES_URL, PREFIX, delete_test_indexes


@pytest.fixture(autouse=True)
def clean_index(request, elasticsearch_session, settings):
    """Each search test runs on the real Elasticsearch (the settings change is undone after
    the test, so other apps' tests keep the database engine), starts without index (the
    first write creates it; but for the module's own index of `module_build`) and with a
    closed breaker."""
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_INDEX_PREFIX = PREFIX
    if "module_build" not in request.fixturenames:
        delete_test_indexes(elasticsearch_session)
    breaker.reset()
    yield
    breaker.reset()


def refresh():
    es.refresh()


@pytest.fixture(params=["elasticsearch", "database"])
def engine(request, settings, pages):
    """The test once on each engine, over the test module's own `pages` fixture: on
    Elasticsearch once they are searchable, then on the database engine (no URL)."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        refresh()
    return request.param


class Builder:
    """Creates published knowledge pages through Wagtail's own APIs (signals included)."""

    def __init__(self, site_tree):
        self.tree = site_tree
        self.terms = {}

    def term(self, model, name):
        key = (model, name)
        if key not in self.terms:
            extra = {"lead_structure": "Structure porteuse"} if model is Territory else {}
            self.terms[key], _ = model.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, **extra}
            )
        return self.terms[key]

    def page(
        self,
        title,
        body="Texte de la page.",
        summary="Résumé de la page.",
        territories=(),
        themes=(),
        audiences=(),
        tags=(),
        date=datetime.date(2024, 5, 1),
        kind="methodology",
        attachments=(),
    ):
        if kind == "experience":
            page = ExperienceFeedbackPage(
                title=title, summary=summary, context=body, synergy_type="substitution",
                flows=["energie"], status="en_cours", year=date.year, publication_date=date,
                waste_tonnes_avoided=12,
            )  # fmt: skip
            section = self.tree.section(Axis.KNOWLEDGE)
        elif kind == "indicator":
            page = IndicatorGuidePage(
                title=title, summary=summary, code=slugify(title)[:40], definition=summary,
                unit="t", calculation_method=body, publication_date=date,
            )  # fmt: skip
            section = self.tree.section(Axis.INDICATORS)
        else:
            page = MethodologySheetPage(
                title=title, summary=summary, objective=body, publication_date=date
            )
            section = self.tree.section(Axis.KNOWLEDGE)
        page.territories = [self.term(Territory, name) for name in territories]
        page.themes = [self.term(Theme, name) for name in themes]
        page.audiences = [self.term(Audience, name) for name in audiences]
        for tag in tags:
            page.tags.add(tag)
        page.attachments = [PageAttachment(document=document) for document in attachments]
        section.add_child(instance=page)
        page.save_revision().publish()
        return page


@pytest.fixture
def build(site_tree, engine_url):
    return Builder(site_tree)


@pytest.fixture(scope="module")
def module_build(module_transaction, elasticsearch_session):
    """A Builder whose pages are made once for the whole module, in the module's transaction
    and its own index: for modules whose tests only read them (a page a test adds would
    stay in the index for the tests after it)."""
    with override_settings(ELASTICSEARCH_URL=ES_URL, SEARCH_INDEX_PREFIX=PREFIX):
        delete_test_indexes(elasticsearch_session)
        breaker.reset()
        yield Builder(build_site_tree())
    delete_test_indexes(elasticsearch_session)


_RELEVANCE_REPORTS = []


@pytest.fixture
def relevance_reports():
    """Where the relevance test leaves its reports, printed in the run's summary (CI)."""
    return _RELEVANCE_REPORTS


def pytest_terminal_summary(terminalreporter):
    if _RELEVANCE_REPORTS:
        terminalreporter.section("relevance set (search/relevance/set.yaml), per engine")
        for engine, report in _RELEVANCE_REPORTS:
            terminalreporter.write_line(f"{engine}: {report.summary()}")
            for failure in report.failures:
                terminalreporter.write_line(f"    {failure}")
