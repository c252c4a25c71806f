"""Page weight budget: a content page, with the CSS and JavaScript it loads, stays under
300 KB before images, and nothing is fetched from another host (the portal works on a
closed network; no render-blocking third-party request). Measured on the seen package's
demo, as an anonymous visitor."""

from urllib.parse import urlsplit

from capitalisation.models import ExperienceFeedbackPage, MethodologySheetPage
from veille.models import MonitoringDigestPage

BUDGET = 300 * 1024
DASHBOARD_BUDGET = 150 * 1024  # issue #18: the dashboard, stylesheets included


def weigh(page, url):
    """(bytes of every response but images, [requests to another host]) of loading url."""
    responses = []

    def record(response):
        responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", record)
    host = urlsplit(page.url).netloc
    foreign = [r.url for r in responses if urlsplit(r.url).netloc != host]
    total = sum(len(r.body()) for r in responses if r.request.resource_type != "image")
    return total, foreign


def test_content_pages_stay_under_300_kb_and_never_leave_the_portal(visit, capsys):
    page = visit("anonyme", "1280")
    urls = {
        "accueil": "/",
        "rubrique": "/savoirs/",
        "fiche méthodologique": MethodologySheetPage.objects.live().first().url,
        "retour d'expérience": ExperienceFeedbackPage.objects.live().first().url,
        "lettre de veille": MonitoringDigestPage.objects.live().first().url,
        "recherche": "/recherche/?q=d%C3%A9chets",
        "tableau de bord": "/indicateurs/tableau-de-bord/",
        "démarches": "/territoires/",
        "une démarche": "/territoires/ecopole-seine-auboise/",
    }
    weights = {}
    problems = []
    for label, url in urls.items():
        total, foreign = weigh(page, url)
        weights[label] = total
        if total >= BUDGET:
            problems.append(f"{label} ({url}): {total} bytes >= {BUDGET}")
        problems += [f"{label} ({url}): third-party request {other}" for other in foreign]
    with capsys.disabled():
        print("\nPage weight before images (bytes):")  # noqa: T201 - the measured figures
        for label, total in weights.items():
            print(f"  {label:<22} {total:>8}")  # noqa: T201
    if weights["tableau de bord"] >= DASHBOARD_BUDGET:
        problems.append(f"tableau de bord: {weights['tableau de bord']} bytes >= 150 KB")
    assert not problems, "\n".join(problems)
