"""The search document row's layout: the large stored document comes last (SQLite reads a
row's columns in order, so the terms behind a 5 KB document cost a walk through its
overflow pages on every search; search/migrations/0006)."""

from django.db.migrations.loader import MigrationLoader

from search.store import SearchDocument


def test_the_document_is_the_last_field_of_the_model_and_of_the_migration_state():
    assert [f.name for f in SearchDocument._meta.concrete_fields][-1] == "document"
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    assert list(state.models["search", "searchdocument"].fields)[-1] == "document"
