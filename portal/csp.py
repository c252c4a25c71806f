"""Content-Security-Policy: one strict policy for the public site, others by path.

The public policy is django-csp's `CONTENT_SECURITY_POLICY`. Paths listed in
`CSP_POLICIES_BY_PATH` (prefix -> directives) get their own policy instead: the Wagtail
admin, whose scripts and styles are partly inline, and served documents, sandboxed so
that an uploaded file can never run script in the portal's origin.

Responses whose type is in `CSP_EXEMPT_CONTENT_TYPES` (PDF) carry no policy: Chromium
refuses to start its PDF viewer in a sandboxed document and `default-src 'none'` breaks
the viewer's own styles, while a PDF's script runs inside the viewer, not in our origin.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


def policy_for_path(path: str) -> dict | None:
    """The directives of the first matching prefix, or None for the public policy."""
    for prefix, directives in getattr(settings, "CSP_POLICIES_BY_PATH", {}).items():
        if path.startswith(prefix):
            return default_config(directives)
    return None


class PathCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in getattr(settings, "CSP_EXEMPT_CONTENT_TYPES", ()):
            response._csp_exempt = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = policy_for_path(request.path_info)
        return parts
