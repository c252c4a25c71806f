"""Wagtail admin hooks of the site core (several modules of portal register here)."""

from django.urls import path, reverse
from wagtail import hooks

from portal.admin_reports import (
    AnimationReportMenuItem,
    FreshnessReportView,
    add_freshness_panel,
)
from portal.members.admin_views import MemberProfileViewSet

# --- freshness report and admin home panel (portal.admin_reports) ----------------------


@hooks.register("register_admin_urls")
def register_freshness_report_urls():
    return [
        path("rapports/fraicheur/", FreshnessReportView.as_view(), name="portal_freshness_report"),
        path(
            "rapports/fraicheur/resultats/",
            FreshnessReportView.as_view(results_only=True),
            name="portal_freshness_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_freshness_report_menu_item():
    return AnimationReportMenuItem(
        "Fraîcheur des contenus",
        reverse("portal_freshness_report"),
        name="freshness",
        icon_name="time",
        order=800,
    )


hooks.register("construct_homepage_panels", add_freshness_panel)


# --- member profiles (portal.members) ---------------------------------------------------


@hooks.register("register_admin_viewset")
def register_member_profile_viewset():
    return MemberProfileViewSet("member_profiles")
