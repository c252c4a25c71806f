"""What the capitalisation axis shows on the core's pages, through the portal hooks:
a territory's key figures and publications (TERRITORY_SECTIONS), the region's headline
figures on the home page (HOME_SECTIONS). Each runs a bounded number of queries."""

from capitalisation.dashboard import build_dashboard, live_public_feedback_pages
from capitalisation.headlines import headline_figures, key_figures
from capitalisation.models import MethodologySheetPage
from capitalisation.models.experience_feedback import SynergyStatus

LISTED_PAGES = 6


def _pages(queryset, limit=LISTED_PAGES):
    """Up to `limit` pages, newest first, and whether there are more."""
    pages = list(queryset.order_by("-publication_date", "-pk")[: limit + 1])
    return pages[:limit], len(pages) > limit


def territory_figures_section(territory, request):
    dashboard = build_dashboard(request.user, [territory], territory=territory)
    year, figures = key_figures(dashboard)
    return {
        "order": 10,
        "template": "capitalisation/territory_figures.html",
        "context": {"year": year, "figures": figures},
    }


def territory_publications_section(territory, request):
    feedback = live_public_feedback_pages().filter(territories=territory)
    running, more_running = _pages(feedback.filter(status=SynergyStatus.RUNNING))
    others, more_others = _pages(feedback.exclude(status=SynergyStatus.RUNNING))
    sheets, more_sheets = _pages(
        MethodologySheetPage.objects.live().public().filter(territories=territory)
    )
    if not (running or others or sheets):
        return None
    return {
        "order": 20,
        "template": "capitalisation/territory_publications.html",
        "context": {
            "running": running,
            "more_running": more_running,
            "others": others,
            "more_others": more_others,
            "sheets": sheets,
            "more_sheets": more_sheets,
        },
    }


def home_figures_section(request):
    dashboard = build_dashboard(request.user, [])
    year, figures = headline_figures(dashboard)
    return {
        "order": 10,
        "template": "capitalisation/home_figures.html",
        "context": {"year": year, "figures": figures},
    }
