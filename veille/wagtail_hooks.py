"""Admin: newsletter subscribers, listed for the animator (they subscribe themselves)."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.hooks import HOME_SECTIONS, MEMBER_AREA, SEED_DEMO, SITE_URLS, TERRITORY_SECTIONS
from veille import sections
from veille.models import Subscriber
from veille.seed import seed_monitoring


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Abonnés à la lettre"
    list_display = ["email", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = ["confirmed_at", "unsubscribed_at", "themes"]
    search_fields = ["email"]
    add_to_admin_menu = False


register_snippet(SubscriberViewSet)


@hooks.register(SEED_DEMO)
def seed_demo_monitoring(command):
    """Items of the demo digests as curated snippets, a review queue, a source."""
    seed_monitoring(command)


@hooks.register(TERRITORY_SECTIONS)
def territory_next_events(territory, request):
    return sections.territory_events_section(territory, request)


@hooks.register(HOME_SECTIONS)
def home_digest_and_events(request):
    return sections.home_monitoring_section(request)


@hooks.register(SITE_URLS)
def site_urls():
    return [path("", include("veille.urls"))]


@hooks.register(MEMBER_AREA)
def monitoring_member_links(request):
    return sections.member_links(request)
