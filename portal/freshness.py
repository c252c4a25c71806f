"""Freshness and homogeneity of the knowledge base: pages past their review date and pages
missing required metadata (summary, territory, themes), across every knowledge page type.

Pure queries: a bounded number per knowledge page type (the rows, their territories),
whatever the number of pages.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Trim
from django.utils import timezone

from portal.models.knowledge import is_overdue
from portal.search_protocol import content_type_label, knowledge_page_models

STALE = "stale"
MISSING = "missing"
PROBLEM_KINDS = {STALE: "Relecture dépassée", MISSING: "Métadonnées manquantes"}
MISSING_LABELS = {
    "summary": "résumé",
    "territories": "territoire",
    "themes": "thématique",
}
ROW_FIELDS = ("id", "title", "live", "last_reviewed", "next_review")


@dataclass
class FreshnessRow:
    """One page of the report, with what is wrong with it."""

    page: object
    territories: list = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    days_late: int | None = None

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def content_type_label(self) -> str:
        return content_type_label(type(self.page))

    @property
    def last_reviewed(self):
        return self.page.last_reviewed

    @property
    def next_review(self):
        return self.page.next_review

    @property
    def status(self) -> str:
        return "publiée" if self.page.live else "brouillon"

    @property
    def territory_names(self) -> str:
        return ", ".join(territory.name for territory in self.territories)

    @property
    def missing_text(self) -> str:
        return ", ".join(MISSING_LABELS[name] for name in self.missing)

    @property
    def lateness_text(self) -> str:
        if self.days_late is None:
            return ""
        return f"{self.days_late} jour{'s' if self.days_late > 1 else ''} de retard"

    @property
    def problems(self) -> list[str]:
        problems = []
        if self.days_late is not None:
            problems.append(f"Relecture dépassée ({self.lateness_text})")
        if self.missing:
            problems.append(f"Manque : {self.missing_text}")
        return problems

    @property
    def problems_text(self) -> str:
        return " ; ".join(self.problems)


def _annotated(model):
    """The model's pages, annotated with which required metadata they lack."""
    return model.objects.annotate(
        summary_trimmed=Trim("summary"),
        has_themes=Exists(model.objects.filter(pk=OuterRef("pk"), themes__isnull=False)),
        has_territories=Exists(model.objects.filter(pk=OuterRef("pk"), territories__isnull=False)),
    )


def _stale_q(today) -> Q:
    return Q(next_review__lt=today)


def _missing_q() -> Q:
    return Q(summary_trimmed="") | Q(has_themes=False) | Q(has_territories=False)


def _problem_q(kind, today) -> Q:
    if kind == STALE:
        return _stale_q(today)
    if kind == MISSING:
        return _missing_q()
    return _stale_q(today) | _missing_q()


def _row(page, today) -> FreshnessRow:
    missing = [
        name
        for name, lacking in (
            ("summary", page.summary_trimmed == ""),
            ("territories", not page.has_territories),
            ("themes", not page.has_themes),
        )
        if lacking
    ]
    days_late = (today - page.next_review).days if is_overdue(page.next_review, today) else None
    return FreshnessRow(
        page=page, territories=list(page.territories.all()), missing=missing, days_late=days_late
    )


def _sort_key(row: FreshnessRow):
    return (row.next_review is None, row.next_review or datetime.date.max, row.title.lower())


def freshness_rows(kind=None, models=None, territory=None, today=None) -> list[FreshnessRow]:
    """Knowledge pages (published or draft) that are stale and/or lack required metadata.

    `kind`: STALE, MISSING or None (both); `models`: restrict to these page models;
    `territory`: only pages of this territory. Most overdue first, then by title.
    """
    today = today or timezone.localdate()
    rows = []
    for model in models or knowledge_page_models():
        queryset = _annotated(model).filter(_problem_q(kind, today))
        if territory is not None:
            queryset = queryset.filter(territories=territory)
        pages = queryset.only(*ROW_FIELDS).prefetch_related("territories")
        rows.extend(_row(page, today) for page in pages)
    return sorted(rows, key=_sort_key)


def freshness_counts(today=None) -> dict[str, int]:
    """{"stale": pages past their review date, "missing": pages lacking metadata}."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(PROBLEM_KINDS, 0)
    for model in knowledge_page_models():
        totals = _annotated(model).aggregate(
            stale=Count("pk", filter=_stale_q(today)),
            missing=Count("pk", filter=_missing_q()),
        )
        for kind in counts:
            counts[kind] += totals[kind] or 0
    return counts
