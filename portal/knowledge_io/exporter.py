"""Live public knowledge pages → Markdown files and a JSON index, streamed page by page.

Drafts are not exported (the live version of a page is), nor pages under a Wagtail
privacy restriction (their own or an ancestor's), except, on request, pages kept to the
network's members by their own restriction: their file says `restriction: membres`.
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from wagtail.models import PageViewRestriction

from portal.knowledge_io import frontmatter
from portal.knowledge_io.dump import dump_page
from portal.knowledge_io.fields import inline_relations, own_fields, page_models
from portal.knowledge_io.restriction import KEY, MEMBERS, members_only_page_ids

CHUNK_SIZE = 100
INDEX_FILE = "index.json"


def type_folder(model) -> str:
    return f"{model._meta.app_label}-{model._meta.model_name}"


def exported_pages(model, members_only=frozenset()):
    """Live pages that are public, or whose one restriction is their own members' one."""
    foreign_keys = [field.name for field in own_fields(model) if field.is_relation]
    inline = [relation.get_accessor_name() for relation in inline_relations(model)]
    pages = model.objects.live()
    for restriction in PageViewRestriction.objects.select_related("page"):
        inclusive = restriction.page_id not in members_only
        pages = pages.exclude(pages.descendant_of_q(restriction.page, inclusive=inclusive))
    return (
        pages.order_by("path")
        .select_related(*foreign_keys)
        .prefetch_related(
            "territories",
            "themes",
            "audiences",
            "tagged_items__tag",
            "attachments__document",
            *inline,
        )
    )


def _pages(members_only) -> Iterator:
    for _, model in sorted(page_models().items()):
        yield from exported_pages(model, members_only).iterator(chunk_size=CHUNK_SIZE)


def count_pages(members_only=frozenset()) -> int:
    return sum(exported_pages(model, members_only).count() for model in page_models().values())


def export(
    target: Path, progress: Callable | None = None, include_members_only: bool = False
) -> int:
    """Write one file per page under `target/<type>/<slug>.md` and `target/index.json`."""
    members_only = members_only_page_ids() if include_members_only else frozenset()
    total = count_pages(members_only)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    with (target / INDEX_FILE).open("w", encoding="utf-8") as index:
        index.write("[")
        for page in _pages(members_only):
            meta, text = dump_page(page)
            if page.pk in members_only:
                meta[KEY] = MEMBERS
            relative = Path(type_folder(type(page))) / f"{page.slug}.md"
            (target / relative).parent.mkdir(exist_ok=True)
            (target / relative).write_text(frontmatter.dump(meta, text), encoding="utf-8")
            entry = {
                "type": meta["type"],
                "slug": page.slug,
                "title": page.title,
                "url": page.get_full_url(),
                "path": relative.as_posix(),
                "last_published_at": page.last_published_at.isoformat()
                if page.last_published_at
                else None,
            }
            index.write(
                ("\n  " if not written else ",\n  ") + json.dumps(entry, ensure_ascii=False)
            )
            written += 1
            if progress:
                progress(written, total, page, relative)
        index.write("\n]\n" if written else "]\n")
    return written
