"""The one admin-report pattern: every report is for the regional animation only, sits in
the Reports menu for them alone, and exports CSV cells that cannot start a formula."""

import csv
import io

import pytest
from django.urls import reverse

from portal.admin_reports import AnimationReportMenuItem
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP
from search import querylog
from tests.support.members import admin_user

pytestmark = pytest.mark.django_db

REPORTS = ("portal_freshness_report", "communication_kits_downloads_report", "search_query_report")


def test_every_report_opens_for_the_animation_and_refuses_members(client):
    animator, member = admin_user(ANIMATION_GROUP), admin_user(MEMBERS_GROUP)
    for name in REPORTS:
        client.force_login(animator)
        assert client.get(reverse(name)).status_code == 200, name
        client.force_login(member)
        response = client.get(reverse(name))
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_menu_item_shown_to_the_animation_only(rf):
    item = AnimationReportMenuItem("Rapport", "/admin/rapport/")
    request = rf.get("/admin/")
    request.user = admin_user(ANIMATION_GROUP)
    assert item.is_shown(request)
    request.user = admin_user(MEMBERS_GROUP)
    assert not item.is_shown(request)


def test_csv_export_neutralises_formulas(client):
    querylog.record('=HYPERLINK("http://mal.exemple")', {}, 0, "database")
    client.force_login(admin_user(ANIMATION_GROUP))
    response = client.get(reverse("search_query_report"), {"export": "csv"})
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["Requête", "Recherches", "Dont sans résultat", "Dernière fois"]
    assert rows[1][:3] == ['\'=hyperlink("http://mal.exemple")', "1", "1"]
