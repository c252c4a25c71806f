"""The admin report of template downloads: counts per template, territory and format."""

from django.db.models import Count

from communication_kits.documents import DocumentFormat
from communication_kits.models import TemplateDownload
from portal.admin_reports import AnimationReportView


def download_counts(group_by=("page__title", "territory__name", "format")):
    return (
        TemplateDownload.objects.values(*group_by)
        .annotate(count=Count("id"))
        .order_by("-count", *group_by)
    )


def _format_label(value):
    return DocumentFormat(value).label if value in DocumentFormat.values else value


class DownloadsReportView(AnimationReportView):
    page_title = "Téléchargements des modèles de communication"
    header_icon = "download"
    results_template_name = "communication_kits/admin/downloads_report_results.html"
    index_url_name = "communication_kits_downloads_report"
    paginate_by = None
    export_filename = "telechargements-modeles"
    list_export = ["template", "territory", "format", "count"]
    export_headings = {
        "template": "Modèle",
        "territory": "Territoire",
        "format": "Format",
        "count": "Téléchargements",
    }

    def get_filtered_queryset(self):
        return [
            {
                "template": row["page__title"],
                "territory": row["territory__name"] or "Sans territoire",
                "format": _format_label(row["format"]),
                "count": row["count"],
            }
            for row in download_counts()
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = self.object_list
        context.update(
            {
                "rows": rows,
                "total": sum(row["count"] for row in rows),
                "by_template": download_counts(("page__title",)),
                "by_territory": download_counts(("territory__name",)),
                "by_format": download_counts(("format",)),
            }
        )
        return context
