"""Members' area views: directory, profile pages and "Mon profil" (members only)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.members.access import members_only
from portal.members.forms import AccountForm, DirectoryFilterForm, ProfileForm
from portal.models import MemberProfile
from portal.navigation import member_area_groups
from portal.pagination import request_page_links
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

DIRECTORY_PAGE_SIZE = 50


def network_members():
    """Active accounts of the network, with what the directory shows, in three queries."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[MEMBERS_GROUP, ANIMATION_GROUP])
        .distinct()
        .select_related("territory", "member_profile")
        .prefetch_related("member_profile__expertise_themes")
        .order_by("last_name", "first_name", "username")
    )


@members_only
def home(request):
    """/membres/: what a member uses, gathered from the core and the apps (MEMBER_AREA)."""
    user = request.user
    own = [
        {
            "title": "Mon profil",
            "url": reverse("members:my_profile"),
            "description": "Vos coordonnées et compétences, visibles des membres.",
        },
        {
            "title": "Annuaire du réseau",
            "url": reverse("members:directory"),
            "description": "Les animateurs et animatrices des démarches du Grand Est.",
        },
    ]
    if user.territory_id:
        own.append(
            {
                "title": f"Mon territoire : {user.territory.name}",
                "url": user.territory.get_absolute_url(),
                "description": "La page publique de votre démarche.",
            }
        )
    if user.has_perm("wagtailadmin.access_admin"):
        own.append(
            {
                "title": "Administration du portail",
                "url": reverse("wagtailadmin_home"),
                "description": "Rédiger et relire les pages, saisir les indicateurs.",
            }
        )
    groups = [{"order": 0, "title": "Mon compte", "links": own}, *member_area_groups(request)]
    return render(request, "portal/members/home.html", {"groups": groups})


@members_only
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    members = form.filter(network_members())
    page_obj = Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/members/directory.html",
        {
            "form": form,
            "page_obj": page_obj,
            "pagination": request_page_links(request, page_obj),
            "members": page_obj.object_list,
        },
    )


@members_only
def member_detail(request, pk):
    member = get_object_or_404(network_members(), pk=pk)
    return render(request, "portal/members/member_detail.html", {"member": member})


@members_only
@require_http_methods(["GET", "POST"])
def my_profile(request):
    user = request.user
    profile = MemberProfile.objects.filter(user=user).first() or MemberProfile(user=user)
    account_form = AccountForm(request.POST or None, instance=user, prefix="account")
    profile_form = ProfileForm(request.POST or None, instance=profile, prefix="profile")
    if request.method == "POST" and account_form.is_valid() and profile_form.is_valid():
        if account_form.has_changed() or profile_form.has_changed() or profile.pk is None:
            with transaction.atomic():
                account_form.save()
                profile_form.save()
        messages.success(request, "Votre profil a été enregistré.")
        return redirect("members:detail", pk=user.pk)
    return render(
        request,
        "portal/members/my_profile.html",
        {"account_form": account_form, "profile_form": profile_form},
    )
