"""Admin glue: the download statistics report, in the Reports menu; the demo kits."""

from django.urls import path, reverse
from wagtail import hooks

from communication_kits import demo, sections
from communication_kits.reports import DownloadsReportView
from portal.admin_reports import AnimationReportMenuItem
from portal.hooks import SEED_DEMO, TERRITORY_SECTIONS


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "rapports/telechargements-modeles/",
            DownloadsReportView.as_view(),
            name="communication_kits_downloads_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return AnimationReportMenuItem(
        "Téléchargements des modèles",
        reverse("communication_kits_downloads_report"),
        icon_name="download",
        order=900,
    )


@hooks.register(SEED_DEMO)
def seed_demo_kits(command):
    demo.seed(command)


@hooks.register(TERRITORY_SECTIONS)
def territory_templates(territory, request):
    return sections.territory_templates_section(territory, request)
