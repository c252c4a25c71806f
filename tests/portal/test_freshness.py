"""Freshness and homogeneity: the report's rows, its admin view and export, the admin home
panel, and the review dates shown on public pages."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import override
from openpyxl import load_workbook

from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    MethodologySheetPageFactory,
    TerritoryFactory,
    ThemeFactory,
)
from portal.freshness import MISSING, STALE, freshness_counts, freshness_rows
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP
from tests.support.members import admin_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(number):
    return TODAY + datetime.timedelta(days=number)


def time_tag(date):
    with override("fr"):
        return f'<time datetime="{date.isoformat()}">{format_date(date, "j F Y")}</time>'


@pytest.fixture
def pages(site_tree):
    """Known pages: two stale, two lacking metadata (one also stale), two in order."""
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    indicators = site_tree.section(Axis.INDICATORS)
    nancy = TerritoryFactory(name="Nancy", slug="nancy")
    metz = TerritoryFactory(name="Metz", slug="metz")
    energy = ThemeFactory(name="Énergie", slug="energie")
    return {
        "nancy": nancy,
        "metz": metz,
        "late": MethodologySheetPageFactory(
            parent=knowledge, title="Fiche en retard", territories=[nancy], themes=[energy],
            last_reviewed=days(-400), next_review=days(-70),
        ),
        "very_late": ExperienceFeedbackPageFactory(
            parent=knowledge, title="Retour très en retard", territories=[metz, nancy],
            themes=[energy], next_review=days(-365),
        ),
        "incomplete": IndicatorGuidePageFactory(
            parent=indicators, title="Guide incomplet", summary="   ", territories=[],
            themes=[energy], next_review=TODAY,
        ),
        "late_and_incomplete": MethodologySheetPageFactory(
            parent=knowledge, title="Brouillon sans thème", territories=[metz], themes=[],
            next_review=days(-1), live=False,
        ),
        "fresh": MethodologySheetPageFactory(
            parent=knowledge, title="Fiche à jour", territories=[nancy], themes=[energy],
            last_reviewed=days(-30), next_review=days(335),
        ),
        "unscheduled": IndicatorGuidePageFactory(
            parent=indicators, title="Guide sans échéance", territories=[metz], themes=[energy],
        ),
    }  # fmt: skip


def summary(rows):
    return [(row.title, row.days_late, row.missing) for row in rows]


def test_report_rows_are_exactly_the_stale_and_incomplete_pages(pages):
    rows = freshness_rows(today=TODAY)
    assert summary(rows) == [
        ("Retour très en retard", 365, []),
        ("Fiche en retard", 70, []),
        ("Brouillon sans thème", 1, ["themes"]),
        ("Guide incomplet", None, ["summary", "territories"]),
    ]
    very_late = rows[0]
    assert very_late.content_type_label == "Retour d'expérience"
    assert very_late.territory_names == "Metz, Nancy"
    assert very_late.lateness_text == "365 jours de retard"
    assert rows[2].status == "brouillon"
    assert rows[2].problems == ["Relecture dépassée (1 jour de retard)", "Manque : thématique"]
    assert rows[3].missing_text == "résumé, territoire"


def test_report_filters_by_kind_type_and_territory(pages):
    assert [row.title for row in freshness_rows(kind=STALE, today=TODAY)] == [
        "Retour très en retard",
        "Fiche en retard",
        "Brouillon sans thème",
    ]
    assert [row.title for row in freshness_rows(kind=MISSING, today=TODAY)] == [
        "Brouillon sans thème",
        "Guide incomplet",
    ]
    methodology = type(pages["late"])
    assert [row.title for row in freshness_rows(models=[methodology], today=TODAY)] == [
        "Fiche en retard",
        "Brouillon sans thème",
    ]
    assert [row.title for row in freshness_rows(territory=pages["metz"], today=TODAY)] == [
        "Retour très en retard",
        "Brouillon sans thème",
    ]


def test_counts(pages):
    assert freshness_counts(today=TODAY) == {STALE: 3, MISSING: 2}
    assert freshness_counts(today=days(-1000)) == {STALE: 0, MISSING: 2}


def test_report_queries_do_not_grow_with_pages(site_tree):
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    territory = TerritoryFactory()

    def add(number):
        for _ in range(number):
            MethodologySheetPageFactory(
                parent=knowledge, territories=[territory], next_review=datetime.date(2020, 1, 1)
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            rows = freshness_rows(today=TODAY)
            [row.territory_names for row in rows]
        return len(rows), len(context.captured_queries)

    add(2)
    count_small, queries_small = queries()
    add(10)
    count_large, queries_large = queries()
    assert (count_small, count_large) == (2, 12)
    assert queries_large == queries_small


# --- the admin view, the export and the home panel -------------------------------------


@pytest.fixture
def animator():
    return admin_user(ANIMATION_GROUP)


@pytest.fixture
def member():
    return admin_user(MEMBERS_GROUP)


def test_report_view_lists_rows_with_edit_links(client, animator, pages):
    client.force_login(animator)
    response = client.get(reverse("portal_freshness_report"))
    assert response.status_code == 200
    html = response.content.decode()
    edit_url = reverse("wagtailadmin_pages:edit", args=[pages["very_late"].pk])
    assert f'href="{edit_url}"' in html
    assert "365 jours de retard" in html
    assert "Manque : résumé, territoire" in html
    assert "Fiche à jour" not in html
    assert "Guide sans échéance" not in html
    assert time_tag(days(-400)) in html
    assert 'name="kind"' in html and 'name="territory"' in html
    assert "export=xlsx" in html and "export=csv" in html


def test_report_view_filters(client, animator, pages):
    client.force_login(animator)
    url = reverse("portal_freshness_report_results")
    response = client.get(url, {"kind": MISSING, "territory": pages["metz"].pk})
    html = response.content.decode()
    assert "Brouillon sans thème" in html
    assert "Guide incomplet" not in html
    assert "Retour très en retard" not in html


def test_report_view_filters_by_type(client, animator, pages):
    client.force_login(animator)
    guide = ContentType.objects.get_for_model(pages["incomplete"])
    response = client.get(reverse("portal_freshness_report"), {"content_type": guide.pk})
    html = response.content.decode()
    assert "Guide incomplet" in html
    assert "Fiche en retard" not in html


def test_xlsx_export(client, animator, pages):
    client.force_login(animator)
    response = client.get(reverse("portal_freshness_report"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('fraicheur-des-contenus.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.values)
    assert rows[1][:3] == ("Retour très en retard", "Retour d'expérience", "publiée")
    assert len(rows) == 5


def test_report_view_ignores_invalid_filters(client, animator, pages):
    client.force_login(animator)
    response = client.get(
        reverse("portal_freshness_report"), {"kind": "n'importe", "territory": "abc"}
    )
    assert response.status_code == 200
    assert "Retour très en retard" in response.content.decode()


def test_csv_export(client, animator, pages):
    client.force_login(animator)
    response = client.get(reverse("portal_freshness_report"), {"export": "csv"})
    assert response.status_code == 200
    # what a French spreadsheet opens directly (portal.spreadsheets): BOM, semicolons
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == [
        "Titre", "Type de contenu", "Statut", "Territoires", "Dernière relecture",
        "Prochaine relecture", "Retard", "Métadonnées manquantes",
    ]  # fmt: skip
    assert rows[1] == [
        "Retour très en retard", "Retour d'expérience", "publiée", "Metz, Nancy", "",
        days(-365).strftime("%d/%m/%Y"), "365 jours de retard", "",
    ]  # fmt: skip
    assert len(rows) == 5


def test_report_is_for_the_regional_animation_only(client, member, pages):
    client.force_login(member)
    for url in (reverse("portal_freshness_report"), reverse("portal_freshness_report_results")):
        response = client.get(url, {"export": "csv"})
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    client.logout()
    response = client.get(reverse("portal_freshness_report"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_report_is_in_the_reports_menu_for_animators_only(client, animator, member):
    client.force_login(animator)
    assert (
        reverse("portal_freshness_report")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(member)
    assert (
        reverse("portal_freshness_report")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_admin_home_panel_counts(client, animator, member, pages):
    client.force_login(animator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Fraîcheur des contenus" in html
    report = reverse("portal_freshness_report")
    assert f'<a href="{report}?kind=stale"><strong>3</strong> pages dont la date' in html
    assert f'<a href="{report}?kind=missing"><strong>2</strong> pages sans résumé' in html
    client.force_login(member)
    assert 'id="freshness' not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- the public page -----------------------------------------------------------------


def test_public_page_shows_review_date_and_overdue_notice(client, pages):
    html = client.get(pages["late"].url).content.decode()
    assert f"Relu le {time_tag(days(-400))}" in html
    assert "À revoir" in html
    assert time_tag(days(-70)) in html

    fresh = client.get(pages["fresh"].url).content.decode()
    assert f"Relu le {time_tag(days(-30))}" in fresh
    assert "À revoir" not in fresh
    assert "prochaine relecture prévue le" in fresh

    unscheduled = client.get(pages["unscheduled"].url).content.decode()
    assert "Relu le" not in unscheduled
    assert "À revoir" not in unscheduled
