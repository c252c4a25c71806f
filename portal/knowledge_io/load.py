"""Front matter and Markdown body → page fields: what `import_markdown` reads."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.blocks import RichTextBlock
from wagtail.documents import get_document_model
from wagtail.fields import StreamField

from portal.knowledge_io.fields import (
    COMMON_KEYS,
    DATE_KEYS,
    MARKDOWN_BLOCK,
    SCALARS,
    TAG_MAX_LENGTH,
    TAXONOMY_KEYS,
    Rejected,
    describe_validation_error,
    inline_relations,
    item_fields,
    own_fields,
)
from portal.models.knowledge import PageAttachment
from portal.sanitize import sanitize_html


def load_page(page, meta: dict, text: str) -> list[str]:
    """Set the page's fields from a file; raises Rejected with every problem found.

    Keys absent from the file leave the page's value as it is (its default when new).
    Returns notes for the report (what was accepted but not fully imported).
    """
    model = type(page)
    reasons, notes = [], []
    own = {field.name: field for field in own_fields(model)}
    inline = {relation.get_accessor_name(): relation for relation in inline_relations(model)}
    unknown = sorted(set(meta) - set(COMMON_KEYS) - set(own) - set(inline))
    if unknown:
        reasons.append(f"champs inconnus pour ce type : {', '.join(unknown)}.")
    _apply_common(page, meta, reasons)
    _apply_type_fields(page, meta, own, inline, reasons)
    _apply_body(page, meta.get("body"), text, reasons)
    if not page.themes.all() and not any(reason.startswith("themes") for reason in reasons):
        reasons.append("themes : au moins une thématique est requise.")
    if "attachments" in meta:
        _apply_attachments(page, meta["attachments"], reasons, notes)
    if reasons:
        raise Rejected(reasons)
    return notes


def _apply_common(page, meta, reasons):
    """The keys every knowledge page has: title, summary, taxonomy, tags, dates."""
    for key in ("title", "summary"):
        if key in meta:
            if isinstance(meta[key], str):
                setattr(page, key, meta[key].strip())
            else:
                reasons.append(f"{key} : du texte est attendu.")
    for key, (name, term_model) in TAXONOMY_KEYS.items():
        if key in meta:
            _apply_terms(page, key, name, term_model, meta[key], reasons)
    if "tags" in meta:
        _apply_tags(page, meta["tags"], reasons)
    for key, name in DATE_KEYS.items():
        if key in meta:
            _apply_scalar(page, type(page)._meta.get_field(name), meta[key], reasons, key)


def _apply_type_fields(page, meta, own, inline, reasons):
    """The page type's own fields, its inline items and its contacts."""
    for name, field in own.items():
        if name in meta:
            _apply_own(page, field, meta[name], reasons)
    for name, relation in inline.items():
        if name in meta:
            _apply_items(page, relation, meta[name], reasons)
    if "contacts" in meta:
        field = type(page)._meta.get_field("contacts")
        page.contacts = _clean_stream(field, meta["contacts"], reasons)


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _apply_terms(page, key, name, term_model, value, reasons):
    wanted = _as_list(value)
    if not all(isinstance(item, str) for item in wanted):
        reasons.append(f"{key} : une liste d'identifiants ou de noms est attendue.")
        return
    terms = {}
    for term in term_model.objects.filter(models.Q(slug__in=wanted) | models.Q(name__in=wanted)):
        terms[term.slug] = terms[term.name] = term
    unknown = [item for item in wanted if item not in terms]
    if unknown:
        label = term_model._meta.verbose_name_plural
        reasons.append(f"{key} : {label} introuvables : {', '.join(unknown)}.")
        return
    setattr(page, name, list({terms[item].pk: terms[item] for item in wanted}.values()))


def _apply_tags(page, value, reasons):
    tags = _as_list(value)
    if not all(isinstance(tag, str) and tag.strip() for tag in tags):
        reasons.append("tags : une liste d'étiquettes (texte) est attendue.")
        return
    too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
    if too_long:
        reasons.append(f"tags : étiquette de plus de {TAG_MAX_LENGTH} caractères.")
        return
    page.tags.set([tag.strip() for tag in tags])


def _apply_body(page, raw, text, reasons):
    """Blocks given as stream data in the `body` key, if any, then the Markdown text."""
    blocks = _as_list(raw)
    if text.strip():
        blocks = [*blocks, {"type": MARKDOWN_BLOCK, "value": text.strip("\n")}]
    page.body = _clean_stream(page._meta.get_field("body"), blocks, reasons)


def _apply_attachments(page, value, reasons, notes):
    """Attach the documents of this portal named by their file (or, when no document has
    that file, by their title: a file stored twice gets a suffix); others are only noted."""
    items = _as_list(value)
    if not all(isinstance(item, dict) and isinstance(item.get("file"), str) for item in items):
        reasons.append("attachments : une liste d'éléments {title, document, file} est attendue.")
        return
    documents = _documents_named(items)
    missing = [item["file"] for item in items if _key(item) not in documents]
    if missing:
        notes.append(f"documents absents de ce portail, non joints : {', '.join(missing)}.")
    kept = [item for item in items if _key(item) in documents]
    page.attachments = [
        PageAttachment(
            document=documents[_key(item)], title=str(item.get("title") or ""), sort_order=n
        )
        for n, item in enumerate(kept)
    ]


def _key(item):
    title = item.get("document")
    return item["file"], title if isinstance(title, str) else None


def _documents_named(items) -> dict:
    """{(file, document title): document} for the items that name a document of this portal."""
    files = [item["file"] for item in items]
    titles = [item["document"] for item in items if isinstance(item.get("document"), str)]
    candidates = get_document_model().objects.filter(
        models.Q(file__in=files) | models.Q(title__in=titles)
    )
    by_file, by_title = {}, {}
    for document in candidates.order_by("pk"):
        by_file.setdefault(document.file.name, document)
        by_title.setdefault(document.title, []).append(document)
    found = {}
    for item in items:
        same_title = by_title.get(_key(item)[1], [])
        document = by_file.get(item["file"]) or (same_title[0] if len(same_title) == 1 else None)
        if document is not None:
            found[_key(item)] = document
    return found


def _apply_scalar(page, field, value, reasons, key=None):
    key = key or field.name
    if not isinstance(value, SCALARS):
        reasons.append(f"{key} : une valeur simple est attendue.")
        return
    if isinstance(field, models.DecimalField) and isinstance(value, float):
        value = str(value)  # 12.35, not the float's 12.3499999...
    try:
        python = field.to_python(value)
    except ValidationError as error:
        reasons.extend(f"{key} : {message}" for message in error.messages)
        return
    if isinstance(python, datetime.datetime) and timezone.is_naive(python):
        python = timezone.make_aware(python)
    setattr(page, field.attname, python)


def _apply_own(page, field, value, reasons):
    if isinstance(field, StreamField):
        setattr(page, field.name, _clean_stream(field, value, reasons))
    elif isinstance(field, models.ForeignKey):
        _apply_foreign_key(page, field, value, reasons)
    elif isinstance(field, models.JSONField):
        if not isinstance(value, list) or not all(isinstance(item, SCALARS) for item in value):
            reasons.append(f"{field.name} : une liste de valeurs est attendue.")
        else:
            setattr(page, field.name, value)
    else:
        _apply_scalar(page, field, value, reasons)


def _apply_foreign_key(page, field, value, reasons):
    if value is None:
        setattr(page, field.name, None)
        return
    related_model = field.related_model
    if not isinstance(value, str) or not hasattr(related_model, "slug"):
        reasons.append(f"{field.name} : un identifiant (slug) est attendu.")
        return
    related = related_model.objects.filter(slug=value).first()
    if related is None:
        reasons.append(f"{field.name} : {related_model._meta.verbose_name} inconnu : {value}.")
        return
    setattr(page, field.name, related)


def _apply_items(page, relation, value, reasons):
    name = relation.get_accessor_name()
    fields = {field.name: field for field in item_fields(relation)}
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        reasons.append(f"{name} : une liste d'éléments « clé: valeur » est attendue.")
        return
    items = []
    for position, data in enumerate(value, start=1):
        unknown = sorted(set(data) - set(fields))
        if unknown:
            reasons.append(f"{name} n° {position} : champs inconnus : {', '.join(unknown)}.")
            continue
        item = relation.related_model(sort_order=position - 1)
        item_reasons = []
        for key, raw in data.items():
            _apply_scalar(item, fields[key], raw, item_reasons)
        if not item_reasons:
            try:
                item.full_clean(exclude=[relation.field.name, "sort_order"])
            except ValidationError as error:
                item_reasons.extend(describe_validation_error(error))
        reasons.extend(f"{name} n° {position}, {reason}" for reason in item_reasons)
        items.append(item)
    setattr(page, name, items)


def _clean_stream(field, raw, reasons, key=None):
    """Raw stream data → a validated StreamValue; rich text goes through the sanitiser."""
    key = key or field.name
    block = field.stream_block
    if not isinstance(raw, list) or not all(
        isinstance(item, dict) and "type" in item and "value" in item for item in raw
    ):
        reasons.append(f"{key} : une liste de blocs {{type, value}} est attendue.")
        return block.to_python([])
    unknown = sorted({str(item["type"]) for item in raw} - set(block.child_blocks))
    if unknown:
        reasons.append(f"{key} : types de blocs inconnus : {', '.join(unknown)}.")
        return block.to_python([])
    try:
        raw = [_sanitised(block.child_blocks[item["type"]], item) for item in raw]
        return block.clean(block.to_python(_with_ids(raw)))
    except ValidationError as error:
        reasons.extend(f"{key}{message}" for message in _block_messages(error))
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        reasons.append(f"{key} : contenu de bloc invalide ({error}).")
    return block.to_python([])


def _sanitised(child_block, item):
    """Rich text arrives as HTML: it goes through the one sanitiser before it is stored."""
    if isinstance(child_block, RichTextBlock) and isinstance(item["value"], str):
        return {**item, "value": sanitize_html(item["value"])}
    return item


def _block_messages(error, path=""):
    """Flatten Wagtail's nested block errors into « [1].title : message » lines."""
    nested = getattr(error, "block_errors", None)
    if nested:
        pairs = nested.items() if isinstance(nested, dict) else enumerate(nested)
        messages = []
        for name, child in pairs:
            if child is not None:
                label = f"[{name + 1}]" if isinstance(name, int) else f".{name}"
                messages.extend(_block_messages(child, path + label))
        for child in getattr(error, "non_block_errors", None) or []:
            messages.extend(_block_messages(child, path))
        return messages
    return [f"{path} : {message}" for message in error.messages]


def _with_ids(data):
    """Give every {type, value} block an id again: list blocks need them to read items."""
    if isinstance(data, list):
        return [_with_ids(item) for item in data]
    if isinstance(data, dict):
        data = {key: _with_ids(item) for key, item in data.items()}
        if "type" in data and "value" in data and "id" not in data:
            data["id"] = str(uuid.uuid4())
    return data
