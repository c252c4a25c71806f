"""Live public knowledge pages → Markdown files and a JSON index, streamed page by page.

Drafts are not exported (the live version of a page is), nor pages under a Wagtail
privacy restriction (their own or an ancestor's).
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from portal.knowledge_io import frontmatter
from portal.knowledge_io.dump import dump_page
from portal.knowledge_io.fields import inline_relations, own_fields, page_models

CHUNK_SIZE = 100
INDEX_FILE = "index.json"


def type_folder(model) -> str:
    return f"{model._meta.app_label}-{model._meta.model_name}"


def public_pages(model):
    foreign_keys = [field.name for field in own_fields(model) if field.is_relation]
    inline = [relation.get_accessor_name() for relation in inline_relations(model)]
    return (
        model.objects.live()
        .public()
        .order_by("path")
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


def _pages() -> Iterator:
    for _, model in sorted(page_models().items()):
        yield from public_pages(model).iterator(chunk_size=CHUNK_SIZE)


def count_pages() -> int:
    return sum(public_pages(model).count() for model in page_models().values())


def export(target: Path, progress: Callable | None = None) -> int:
    """Write one file per page under `target/<type>/<slug>.md` and `target/index.json`."""
    total = count_pages()
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    with (target / INDEX_FILE).open("w", encoding="utf-8") as index:
        index.write("[")
        for page in _pages():
            meta, text = dump_page(page)
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
