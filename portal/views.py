from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from portal import health


@never_cache
def healthz(request):
    """For a load balancer: 200 while the database answers (even with search degraded)."""
    report = health.report()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page declares. The static
    URL is read per request: under the manifest storage it exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("portal/favicon.svg"))
