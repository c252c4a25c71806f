"""Searchable items that are not pages (portal.search_protocol.SearchSource, registered
through the SEARCH_SOURCES hook): their documents, in the same shape and index as the
pages' ones, with their own block of ids. Kept apart from the page builder on purpose."""

from portal.axes import AXIS_SHORT_LABELS, Axis
from portal.search_protocol import SearchEntry, SearchSource, search_sources, source_of
from search.documents import HIDDEN, PUBLIC, _facet_pairs, group_principal

__all__ = ["entry_document", "iter_source_documents", "source_document", "source_of"]


def _visibility(entry: SearchEntry) -> list[str]:
    if entry.public:
        return [PUBLIC]
    return [group_principal(pk) for pk in sorted(entry.group_ids)] or [HIDDEN]


def entry_document(source: SearchSource, entry: SearchEntry) -> dict:
    """The search document of one entry, shaped as `build_document`'s."""
    axis = str(entry.axis)
    axis_label = str(AXIS_SHORT_LABELS.get(Axis(axis), axis))
    territories = [{"slug": slug, "name": name} for slug, name in entry.territories]
    themes = [{"slug": slug, "name": name} for slug, name in entry.themes]
    year = str(entry.date.year) if entry.date else None
    status = [entry.status] if entry.status else []
    return {
        "id": source.document_id(entry.pk),
        "title": entry.title,
        "summary": entry.summary,
        "body": entry.body,
        "attachments_text": "",
        "content_hash": "",
        "axis": axis,
        "axis_label": axis_label,
        "content_type": source.key,
        "content_type_label": source.label,
        "territories": territories,
        "themes": themes,
        "tags": list(entry.tags),
        "audience": [],
        "year": year,
        "date": entry.date.isoformat() if entry.date else None,
        "url": entry.url,
        "visibility": _visibility(entry),
        "status": entry.status[0] if entry.status else None,
        "filters": {},
        "last_published_at": entry.modified_at.isoformat(),
        "suggest": {"input": [entry.title]},
        "facet_labels": {
            "axis": _facet_pairs([(axis, axis_label)]),
            "content_type": _facet_pairs([(source.key, source.label)]),
            "territory": _facet_pairs((t["slug"], t["name"]) for t in territories),
            "theme": _facet_pairs((t["slug"], t["name"]) for t in themes),
            "tag": _facet_pairs((tag, tag) for tag in entry.tags),
            "audience": [],
            "year": _facet_pairs([(year, year)] if year else []),
            "status": _facet_pairs(status),
        },
    }


def source_document(document_id: int) -> dict | None:
    """The document of a non-page id, or None when the item is no longer indexable."""
    found = source_of(document_id)
    if found is None:
        return None
    source, pk = found
    for entry in source.entries(pks=[pk]):
        return entry_document(source, entry)
    return None


def iter_source_documents():
    """Every indexable entry of every source, as documents (for a rebuild)."""
    for source in search_sources():
        for entry in source.entries():
            yield entry_document(source, entry)
