from django.urls import include, path
from wagtail import hooks

from portal.hooks import (
    DASHBOARD_SECTIONS,
    DIGEST_SECTIONS,
    MEMBER_AREA,
    NAVIGATION_LINKS,
    SEARCH_SOURCES,
    SEED_DEMO,
    SITE_URLS,
)
from questions import sections
from questions.demo import seed_questions
from questions.search_source import SOURCE


@hooks.register(SEARCH_SOURCES)
def question_search_source():
    return SOURCE


@hooks.register(NAVIGATION_LINKS)
def questions_navigation_entry(request):
    return sections.navigation_entry(request)


@hooks.register(MEMBER_AREA)
def questions_member_links(request):
    return sections.member_links(request)


@hooks.register(DIGEST_SECTIONS)
def unanswered_questions_in_digest(since):
    return sections.digest_section(since)


@hooks.register(DASHBOARD_SECTIONS)
def question_figures_on_dashboard(request, dashboard):
    return sections.dashboard_section(request, dashboard)


@hooks.register(SEED_DEMO)
def seed_demo_questions(command):
    command.step("Questions au réseau de démonstration")
    seed_questions(command)


@hooks.register(SITE_URLS)
def site_urls():
    return [path("", include("questions.urls"))]
