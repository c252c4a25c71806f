"""Admin reports: the one pattern every report follows (Wagtail's ReportView, for the
regional animation and superusers only), and the freshness report with its admin home
panel (the queries live in portal.freshness).
"""

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.admin.filters import ContentTypeFilter, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from portal.freshness import MISSING, PROBLEM_KINDS, STALE, freshness_counts, freshness_rows
from portal.models import Territory
from portal.roles import is_regional_animator
from portal.search_protocol import knowledge_page_models
from portal.spreadsheets import FORMATS, Column, Table, download, kind_of


class AnimationReportView(ReportView):
    """A report of the admin: Wagtail's listing and filters, shown to the regional
    animation (and superusers) only; its CSV, XLSX and ODS exports (`?export=`) are
    written by the portal's one writer (portal.spreadsheets: typed cells, safe text)."""

    FORMATS = FORMATS

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = [self.to_row_dict(item) for item in queryset]
        fields = list(self.list_export)
        columns = [
            Column(str(self.get_heading(queryset, field)), kind_of(row[field] for row in rows))
            for field in fields
        ]
        values = ([_plain(row[field]) for field in fields] for row in rows)
        table = Table(str(self.page_title), columns, values)
        return download(spreadsheet_format, [table], self.get_filename())

    def dispatch(self, request, *args, **kwargs):
        if not is_regional_animator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _plain(value):
    """A report's value as a cell: lists joined, objects by their text."""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value)
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return str(value)


class AnimationReportMenuItem(MenuItem):
    """An entry of the Reports menu, shown to those who may open the report."""

    def is_shown(self, request):
        return is_regional_animator(request.user)


def knowledge_content_types(request=None):
    content_types = ContentType.objects.get_for_models(*knowledge_page_models()).values()
    return ContentType.objects.filter(pk__in=[ct.pk for ct in content_types]).order_by("model")


class FreshnessFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Problème",
        choices=list(PROBLEM_KINDS.items()),
        empty_label="Tous",
        widget=forms.RadioSelect,
        method="keep",
    )
    content_type = ContentTypeFilter(
        label="Type de contenu", queryset=knowledge_content_types, method="keep"
    )
    territory = django_filters.ModelChoiceFilter(
        label="Territoire",
        queryset=Territory.objects.order_by("name"),
        method="keep",
    )

    class Meta:
        model = Page
        fields = []

    def keep(self, queryset, name, value):
        """The rows are built by portal.freshness, which reads the cleaned values."""
        return queryset


class FreshnessReportView(AnimationReportView):
    page_title = "Fraîcheur des contenus"
    header_icon = "time"
    results_template_name = "portal/admin/freshness_report_results.html"
    index_url_name = "portal_freshness_report"
    index_results_url_name = "portal_freshness_report_results"
    filterset_class = FreshnessFilterSet
    export_filename = "fraicheur-des-contenus"
    list_export = [
        "title",
        "content_type_label",
        "status",
        "territory_names",
        "last_reviewed",
        "next_review",
        "lateness_text",
        "missing_text",
    ]
    export_headings = {
        "title": "Titre",
        "content_type_label": "Type de contenu",
        "status": "Statut",
        "territory_names": "Territoires",
        "last_reviewed": "Dernière relecture",
        "next_review": "Prochaine relecture",
        "lateness_text": "Retard",
        "missing_text": "Métadonnées manquantes",
    }

    def filter_values(self) -> dict:
        filters = self.filters
        if filters is None:
            return {}
        filters.is_valid()
        data = getattr(filters.form, "cleaned_data", {})
        content_type = data.get("content_type")
        return {
            "kind": data.get("kind") or None,
            "models": [content_type.model_class()] if content_type else None,
            "territory": data.get("territory"),
        }

    def get_filtered_queryset(self):
        return freshness_rows(**self.filter_values())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["problem_kinds"] = PROBLEM_KINDS
        return context


class FreshnessPanel(Component):
    """Admin home: how many pages are overdue for review or lack metadata."""

    name = "freshness"
    template_name = "portal/admin/freshness_panel.html"
    order = 110

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        report_url = reverse("portal_freshness_report")
        counts = freshness_counts()
        context["items"] = [
            {
                "kind": kind,
                "label": label,
                "count": counts[kind],
                "url": f"{report_url}?kind={kind}",
            }
            for kind, label in (
                (STALE, "dont la date de relecture est dépassée"),
                (MISSING, "sans résumé, territoire ou thématique"),
            )
        ]
        context["report_url"] = report_url
        return context


def add_freshness_panel(request, panels) -> None:
    if is_regional_animator(request.user):
        panels.append(FreshnessPanel())
