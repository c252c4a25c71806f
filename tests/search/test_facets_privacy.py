"""Disjunctive facets and privacy, on both engines."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.factories import UserFactory
from search import service
from search.engines import elasticsearch as es
from search.engines.base import SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(build):
    build.page("Synergie A", territories=["Troyes"], themes=["Énergie"], tags=["vapeur"])
    build.page("Synergie B", territories=["Reims"], themes=["Eau"])
    build.page("Synergie C", territories=["Metz"], themes=["Énergie"])
    build.page("Synergie D", territories=["Troyes", "Metz"], themes=["Déchets"], kind="experience")
    return build


def run(user=None, q="", **filters):
    return service.search(SearchQuery(q=q, filters=filters), user)


def counts(response, facet):
    return {value.value: value.count for value in response.facets[facet]}


def test_engine_name(engine):
    assert run().engine == engine
    assert run().degraded is False


def test_values_of_one_facet_combine_with_or(engine):
    response = run(territory=["troyes", "reims"])
    assert {r.title for r in response.results} == {"Synergie A", "Synergie B", "Synergie D"}
    # The territory facet ignores its own selection...
    assert counts(response, "territory") == {"troyes": 2, "reims": 1, "metz": 2}
    selected = {v.value for v in response.facets["territory"] if v.selected}
    assert selected == {"troyes", "reims"}
    # ...the other facets count within it.
    assert counts(response, "theme") == {"energie": 1, "eau": 1, "dechets": 1}


def test_facets_combine_with_and(engine):
    response = run(territory=["troyes", "reims"], theme=["energie"])
    assert [r.title for r in response.results] == ["Synergie A"]
    assert response.total == 1
    # A selected value stays listed (at zero) so that it can be unselected.
    assert counts(response, "territory") == {"troyes": 1, "metz": 1, "reims": 0}
    assert counts(response, "theme") == {"energie": 1, "eau": 1, "dechets": 1}


def test_content_type_axis_year_facets(engine):
    response = run()
    assert counts(response, "content_type") == {
        "capitalisation.MethodologySheetPage": 3,
        "capitalisation.ExperienceFeedbackPage": 1,
    }
    assert counts(response, "axis") == {"savoirs": 4}
    assert counts(response, "year") == {"2024": 4}
    assert counts(response, "tag") == {"vapeur": 1}
    labels = {v.value: v.label for v in response.facets["content_type"]}
    assert labels["capitalisation.ExperienceFeedbackPage"] == "Retour d'expérience"


def test_unknown_facet_value_matches_nothing(engine):
    response = run(territory=["nulle-part"])
    assert response.total == 0
    assert [v.value for v in response.facets["territory"] if v.selected] == ["nulle-part"]


@pytest.fixture
def private(build, settings):
    members = Group.objects.create(name="Animateurs")
    page = build.page("Compte rendu réservé", territories=["Nancy"], body="Réservé aux membres.")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    member = UserFactory()
    member.groups.add(members)
    return {"page": page, "member": member, "group": members}


@pytest.mark.parametrize("engine_name", ["elasticsearch", "database"])
def test_private_page_hidden_from_visitors(engine_name, private, settings, django_user_model):
    if engine_name == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        es.refresh()
    anonymous = run(q="réservé")
    assert anonymous.total == 0
    assert "nancy" not in counts(run(), "territory")
    assert service.suggest("Compte") == []
    outsider = UserFactory()
    assert run(outsider, q="réservé").total == 0

    member = private["member"]
    assert [r.title for r in run(member, q="réservé").results] == ["Compte rendu réservé"]
    assert counts(run(member), "territory") == {"nancy": 1}
    assert service.suggest("Compte", member)[0]["title"] == "Compte rendu réservé"


@pytest.mark.parametrize("engine_name", ["elasticsearch", "database"])
def test_login_and_password_restrictions(engine_name, build, settings):
    login_page = build.page("Annuaire des membres")
    PageViewRestriction.objects.create(page=login_page, restriction_type="login")
    password_page = build.page("Annuaire secret")
    PageViewRestriction.objects.create(
        page=password_page, restriction_type="password", password="x"
    )
    if engine_name == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        es.refresh()
    user = UserFactory()
    assert run(q="annuaire").total == 0
    assert [r.title for r in run(user, q="annuaire").results] == ["Annuaire des membres"]


@pytest.mark.parametrize("engine_name", ["elasticsearch", "database"])
def test_suggestions(engine_name, pages, settings):
    if engine_name == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        es.refresh()
    suggestions = service.suggest("syner")
    assert {s["title"] for s in suggestions} == {f"Synergie {c}" for c in "ABCD"}
    assert all(s["url"].startswith("/") for s in suggestions)
    assert service.suggest("x") == []


def test_three_selections_count_alike_on_both_engines(pages, settings):
    """Each facet counts under the other facets' selections; a page missing two of them
    counts nowhere. The database engine prunes those pages early: same counts as
    Elasticsearch's filtered aggregations."""
    pages.page("Synergie E", territories=["Reims"], themes=["Eau"], date=datetime.date(2021, 1, 1))
    pages.page("Synergie F", territories=["Metz"], themes=["Énergie"], tags=["vapeur"])
    es.refresh()
    filters = {"territory": ["troyes", "metz"], "theme": ["energie"], "year": ["2024"]}

    def facets(engine):
        response = run(q="synergie", **filters)
        assert response.engine == engine
        return response.total, {facet: counts(response, facet) for facet in response.facets}

    expected = facets("elasticsearch")
    settings.ELASTICSEARCH_URL = ""
    assert facets("database") == expected
    total, by_facet = expected
    assert total == 3  # A, C and F
    # E misses the territory and the year: it counts nowhere, not even for "reims".
    assert by_facet["territory"] == {"troyes": 1, "metz": 2}
    assert by_facet["year"] == {"2024": 3}
    assert by_facet["theme"] == {"energie": 3, "dechets": 1}
    assert by_facet["tag"] == {"vapeur": 2}
