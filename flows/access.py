"""Request-level checks of the flows pages (the policy itself is `flows.visibility`)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from flows.visibility import sees_flows
from portal.roles import is_network_member, is_regional_animator


def members_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
        if not sees_flows(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def animator_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
        if not is_regional_animator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def manages_flows(user) -> bool:
    """The animation (every territory) or a facilitator with a territory (their own)."""
    return is_regional_animator(user) or (
        is_network_member(user) and getattr(user, "territory_id", None) is not None
    )
