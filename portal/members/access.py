"""Who may enter the members' area: anonymous visitors sign in, other accounts get a 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from portal.roles import is_network_member


def members_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "members:login")
        if not is_network_member(request.user):
            return render(request, "portal/members/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
