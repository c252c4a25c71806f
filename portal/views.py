from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from portal import health


@never_cache
def healthz(request):
    """For a load balancer: 200 while the database answers (even with search degraded)."""
    report = health.report()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)
