"""SQLite's terms table (search/migrations/0007) follows the stored documents: a search
finds a page by its facet and visibility terms through it, never by a term it lost.
PostgreSQL reads the JSON terms through their GIN index and has no such table."""

import pytest
from django.db import connection

from search.engines.database import delete_documents, store_documents
from search.engines.fulltext import TERMS_TABLE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own table"),
]


def document(page_id, visibility, territory):
    return {
        "id": page_id,
        "title": f"Page {page_id}",
        "summary": "",
        "body": "",
        "visibility": [visibility],
        "facet_labels": {"territory": [f"{territory}\u001f{territory.title()}"]},
        "last_published_at": "2026-12-07T10:00:00+00:00",
    }


def stored_terms():
    """The terms of this test's pages (a flush between other tests empties the model
    tables, not this raw one: rows of pages that no longer exist may remain, unread)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, term FROM {TERMS_TABLE} "  # noqa: S608
            "WHERE page_id IN (1, 2) ORDER BY page_id, term"
        )
        return cursor.fetchall()


def test_terms_are_replaced_when_a_document_is_stored_again_and_go_with_it():
    store_documents([document(1, "public", "troyes"), document(2, "login", "metz")])
    assert stored_terms() == [
        (1, "territory=troyes"),
        (1, "visibility=public"),
        (2, "territory=metz"),
        (2, "visibility=login"),
    ]
    store_documents([document(1, "group:7", "reims")])  # made private, moved
    assert stored_terms()[:2] == [(1, "territory=reims"), (1, "visibility=group:7")]
    delete_documents([2])
    assert [page for page, _ in stored_terms()] == [1, 1]
