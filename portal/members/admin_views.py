"""The member profiles in the Wagtail admin, for the regional animation and administrators."""

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from portal.models import MemberProfile


class MemberProfileViewSet(ModelViewSet):
    model = MemberProfile
    icon = "user"
    menu_label = "Profils des membres"
    menu_order = 250
    add_to_admin_menu = True
    search_fields = ["role", "skills", "user__first_name", "user__last_name", "user__username"]
    search_backend_name = None
    list_filter = ["expertise_themes", "user__territory"]
    list_display = [
        Column("__str__", label="Membre"),
        Column("role", label="Fonction"),
        DateColumn("updated_at", label="Mis à jour le"),
    ]

    def get_queryset(self, request):
        return MemberProfile.objects.select_related("user")
