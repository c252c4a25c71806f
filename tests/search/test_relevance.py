"""The relevance set (search/relevance/set.yaml) on both engines, with a threshold."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search import service
from search.engines import elasticsearch as es
from search.engines.base import SearchQuery
from search.relevance import corpus_pages, evaluate
from tests.search.pdf import pdf_bytes

pytestmark = pytest.mark.django_db

# Not lower than the figures before the set grew to 71 queries (0.95 / 0.95 on both).
MIN_HITS_AT_3 = 0.95
MIN_MRR = 0.95


def load_corpus(build) -> dict[str, str]:
    """The corpus as published pages; {title: key}."""
    keys = {}
    for key, page in corpus_pages().items():
        attachments = []
        if page.get("pdf"):
            attachments.append(
                get_document_model().objects.create(
                    title=f"Annexe {key}",
                    file=ContentFile(pdf_bytes(page["pdf"]), name=f"{key}.pdf"),
                )
            )
        build.page(
            page["title"],
            body=page["body"],
            summary=page["summary"],
            attachments=attachments,
            kind=page.get("kind", "methodology"),
        )
        keys[page["title"]] = key
    return keys


def ranked_keys(keys):
    def search(q):
        response = service.search(SearchQuery(q=q, page_size=10), None)
        return [keys.get(result.title) for result in response.results]

    return search


def test_relevance_set_on_both_engines(build, settings, relevance_reports):
    keys = load_corpus(build)
    es.refresh()
    reports = {"elasticsearch": evaluate(ranked_keys(keys))}
    settings.ELASTICSEARCH_URL = ""
    reports["database"] = evaluate(ranked_keys(keys))
    from django.db import connection

    for engine, report in reports.items():
        name = f"{engine} ({connection.vendor})" if engine == "database" else engine
        relevance_reports.append((name, report))  # printed at the end of the run
    for engine, report in reports.items():
        assert report.total >= 60
        assert report.hit_rate >= MIN_HITS_AT_3, (engine, report.summary(), report.failures)
        assert report.mrr >= MIN_MRR, (engine, report.summary(), report.failures)
