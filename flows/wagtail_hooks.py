from django.core.management.base import CommandError
from django.urls import include, path
from wagtail import hooks

from capitalisation.hooks import SYNERGY_GAINS
from flows import flow_index
from flows.demo import seed_flows
from flows.funnel_chart import dashboard_section
from flows.navigation import main_entry, member_links
from flows.sections import territory_section
from flows.synergies import gain_rows
from flows.views.admin import FlowsViewSetGroup
from flows.views.factors import EmissionFactorViewSet
from portal.hooks import (
    DASHBOARD_SECTIONS,
    MEMBER_AREA,
    NAVIGATION_LINKS,
    SEARCH_REBUILD,
    SEED_DEMO,
    SITE_URLS,
    TERRITORY_SECTIONS,
)


@hooks.register("register_admin_viewset")
def register_flows_admin():
    return FlowsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_emission_factors_admin():
    return EmissionFactorViewSet()


@hooks.register(SYNERGY_GAINS)
def running_synergy_gains(territory):
    return gain_rows(territory)


@hooks.register(DASHBOARD_SECTIONS)
def synergy_funnel_section(request, dashboard):
    return dashboard_section(request, dashboard)


@hooks.register(TERRITORY_SECTIONS)
def flows_territory_section(territory, request):
    return territory_section(territory, request)


@hooks.register(SEED_DEMO)
def seed_demo_flows(command):
    command.step("Flux, synergies et mutualisations de démonstration")
    seed_flows(command)


@hooks.register(SITE_URLS)
def site_urls():
    return [path("", include("flows.urls"))]


@hooks.register(NAVIGATION_LINKS)
def flows_navigation_entry(request):
    return main_entry(request)


@hooks.register(MEMBER_AREA)
def flows_member_links(request):
    return member_links(request)


@hooks.register(SEARCH_REBUILD)
def rebuild_flows_index(stdout):
    """`search_index rebuild` also rebuilds the flows' index (Elasticsearch only: the
    database path reads the register itself)."""
    if not flow_index.configured():
        return
    try:
        done = flow_index.rebuild(stdout)
    except flow_index.service.ENGINE_ERRORS as error:
        raise CommandError(f"Elasticsearch ne répond pas : {error}") from error
    stdout.write(f"Index des flux {flow_index.alias_name()} : {done} flux actifs indexés.")
