"""Markdown files → knowledge pages: one transaction per file, a verdict per file.

A page is found again by its slug under the section page of its axis, so importing the
same folder twice updates pages instead of duplicating them. A rejected file leaves no
trace; a dry run goes through the same validation and rolls every file back.
"""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Page

from portal.knowledge_io import frontmatter
from portal.knowledge_io.dump import dump_page
from portal.knowledge_io.fields import (
    Rejected,
    describe_validation_error,
    page_models,
    validate_page,
)
from portal.knowledge_io.load import load_page
from portal.knowledge_io.restriction import check_restriction, members_groups, restrict_to_members
from portal.models import SectionPage

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 1024 * 1024
CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
STATUS_LABELS = {
    CREATED: "créé",
    UPDATED: "mis à jour",
    UNCHANGED: "inchangé",
    REJECTED: "rejeté",
}


@dataclass
class FileResult:
    path: Path
    status: str
    title: str = ""
    url_path: str = ""
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def markdown_files(path: Path) -> list[Path]:
    """The `.md` files of a folder (recursively, sorted), or the one file given."""
    if path.is_file():
        return [path]
    return sorted(item for item in path.rglob("*.md") if item.is_file())


def max_bytes_setting() -> int:
    return getattr(settings, "KNOWLEDGE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
    return f"{size / 1024:.0f} ko"


class Importer:
    """Imports files one by one; remembers the slugs of the run to catch duplicates."""

    def __init__(self, *, publish=False, dry_run=False, max_bytes=None):
        self.publish = publish
        self.dry_run = dry_run
        self.max_bytes = max_bytes or max_bytes_setting()
        self.models = page_models()
        self.sections = {}
        self.seen = {}

    def import_file(self, path: Path) -> FileResult:
        try:
            meta, text = self._read(path)
            with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
                result = self._import(path, meta, text)
                if self.dry_run:
                    transaction.set_rollback(True)
            return result
        except Rejected as rejected:
            return FileResult(path, REJECTED, reasons=rejected.reasons)
        except ValidationError as error:
            return FileResult(path, REJECTED, reasons=describe_validation_error(error))
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            logger.exception("Unexpected error while importing %s", path)
            return FileResult(path, REJECTED, reasons=[f"erreur inattendue : {error!r}"])

    def _read(self, path: Path) -> tuple[dict, str]:
        size = path.stat().st_size
        if size > self.max_bytes:
            raise Rejected(
                [
                    f"fichier trop volumineux : {format_size(size)} "
                    f"(limite : {format_size(self.max_bytes)})."
                ]
            )
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise Rejected(
                [f"le fichier n'est pas en UTF-8 (octet invalide en position {error.start})."]
            ) from error
        if "\x00" in text:
            raise Rejected(["le fichier contient des caractères nuls : ce n'est pas du texte."])
        try:
            return frontmatter.parse(text)
        except frontmatter.FrontMatterError as error:
            raise Rejected([str(error)]) from error

    def _model(self, meta):
        name = meta.get("type")
        model = self.models.get(name) if isinstance(name, str) else None
        if model is None:
            accepted = ", ".join(sorted(self.models))
            problem = f"type inconnu : {name}" if name else "type manquant"
            raise Rejected([f"{problem} (types acceptés : {accepted})."])
        return model

    def _section(self, model):
        if model.axis not in self.sections:
            self.sections[model.axis] = SectionPage.objects.filter(axis=model.axis).first()
        section = self.sections[model.axis]
        if section is None or not model.can_create_at(section):
            raise Rejected([f"aucune rubrique ne peut accueillir ce type (axe « {model.axis} »)."])
        return section

    def _slug(self, meta, path):
        slug = meta.get("slug", slugify(path.stem))
        if not isinstance(slug, str) or not slug:
            raise Rejected(["slug : un identifiant (texte) est attendu."])
        return slug

    def _import(self, path, meta, text) -> FileResult:
        model = self._model(meta)
        section = self._section(model)
        slug = self._slug(meta, path)
        restriction = check_restriction(meta)
        key = (section.pk, slug)
        if key in self.seen:
            raise Rejected(
                [f"slug « {slug} » en double : déjà importé depuis {self.seen[key]} dans ce lot."]
            )
        existing = Page.objects.child_of(section).filter(slug=slug).first()
        if existing is not None and existing.specific_class is not model:
            other = existing.specific_class._meta.verbose_name
            raise Rejected(
                [f"slug « {slug} » déjà utilisé dans « {section.title} » par un(e) {other}."]
            )
        groups = members_groups() if restriction else None
        if existing is None:
            page = model(slug=slug, live=False)
            notes = load_page(page, meta, text)
            validate_page(page)
            if self.publish and page.publication_date:
                # Dated as the page says, not as the import ran, so that listings and
                # feeds keep the pages' own chronology.
                page.first_published_at = first_publication(page.publication_date)
            section.add_child(instance=page)
            revision = page.save_revision(log_action=True)
            if groups is not None:
                restrict_to_members(page, groups)
            status = CREATED
        else:
            existing = existing.specific
            page = existing.get_latest_revision_as_object()
            before = dump_page(page)
            notes = load_page(page, meta, text)
            validate_page(page)
            changed = dump_page(page) != before
            restricted = groups is not None and restrict_to_members(existing, groups)
            stale = not existing.live or existing.has_unpublished_changes
            if not changed and not (self.publish and stale):
                self.seen[key] = path.name
                status = UPDATED if restricted else UNCHANGED
                return FileResult(path, status, page.title, existing.url_path, notes=notes)
            revision = existing.latest_revision
            if changed or revision is None:
                revision = page.save_revision(log_action=True)
            status = UPDATED
        if self.publish and not self.dry_run:
            revision.publish(log_action=True)
        self.seen[key] = path.name
        return FileResult(path, status, page.title, page.url_path, notes=notes)


def first_publication(date):
    """The morning of a page's publication date, never later than now."""
    moment = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))
    return min(moment, timezone.now())
