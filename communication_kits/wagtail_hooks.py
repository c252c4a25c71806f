"""Admin glue: the download statistics report, in the Reports menu, for staff only."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from communication_kits import demo, sections, views
from portal.hooks import SEED_DEMO, TERRITORY_SECTIONS


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "rapports/telechargements-modeles/",
            views.downloads_report,
            name="communication_kits_downloads_report",
        )
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return views.is_staff(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return StaffMenuItem(
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
