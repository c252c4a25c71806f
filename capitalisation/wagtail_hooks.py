"""Admin of indicator values: facilitators enter their territory's, the animation all."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from capitalisation import sections
from capitalisation.forms import IndicatorValueForm
from capitalisation.models import IndicatorValue
from capitalisation.seed import seed_indicators
from portal.hooks import HOME_SECTIONS, MEMBER_AREA, SEED_DEMO, SITE_URLS, TERRITORY_SECTIONS
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP, is_facilitator, is_regional_animator

MANAGE_ACTIONS = {"add", "change", "delete", "view"}


class IndicatorValuePermissionPolicy(BasePermissionPolicy):
    """Territory-scoped: facilitators on their own territory, the animation everywhere."""

    def user_has_permission(self, user, action):
        if action in MANAGE_ACTIONS:
            return is_regional_animator(user) or is_facilitator(user)
        if action == "validate":
            return is_regional_animator(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return is_regional_animator(user) or instance.territory_id == user.territory_id

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return IndicatorValue.objects.none()
        return IndicatorValue.objects.editable_by(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & (MANAGE_ACTIONS | {"validate"}):
            return users.none()
        animators = Q(is_superuser=True) | Q(groups__name=ANIMATION_GROUP)
        if set(actions) <= {"validate"}:
            return users.filter(animators).distinct()
        facilitators = Q(groups__name=MEMBERS_GROUP, territory__isnull=False)
        return users.filter(animators | facilitators).distinct()


register_permission_policy(IndicatorValue, IndicatorValuePermissionPolicy(IndicatorValue))


class ScopedQuerysetMixin:
    def get_base_queryset(self):
        return IndicatorValue.objects.editable_by(self.request.user).select_related(
            "territory", "indicator", "entered_by", "validated_by"
        )


class IndicatorValueIndexView(ScopedQuerysetMixin, generic.IndexView):
    pass


class IndicatorValueCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.save(user=self.request.user)
        log(instance, "wagtail.create", user=self.request.user)
        return instance


class IndicatorValueEditView(generic.EditView):
    def get_object(self, queryset=None):
        # 404 for a value of another territory, whatever the policy says.
        queryset = IndicatorValue.objects.editable_by(self.request.user)
        return super().get_object(queryset=queryset)

    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.save(user=self.request.user)
        log(instance, "wagtail.edit", user=self.request.user)
        return instance


class IndicatorValueDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        queryset = IndicatorValue.objects.editable_by(self.request.user)
        return super().get_object(queryset=queryset)

    def delete_action(self):
        log(self.object, "wagtail.delete", user=self.request.user)
        self.object.delete(user=self.request.user)


class IndicatorValueViewSet(ModelViewSet):
    model = IndicatorValue
    icon = "table"
    menu_label = "Valeurs d'indicateurs"
    menu_order = 250
    add_to_admin_menu = True
    name = "valeurs-indicateurs"
    index_view_class = IndicatorValueIndexView
    add_view_class = IndicatorValueCreateView
    edit_view_class = IndicatorValueEditView
    delete_view_class = IndicatorValueDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "indicator",
        "territory",
        "year",
        "value",
        Column("unit", label="Unité"),
        BooleanColumn("validated", label="Validée"),
    ]
    list_filter = ["territory", "indicator", "year", "validated"]
    search_fields = ["source", "comment"]
    ordering = ["territory__name", "indicator__title", "-year"]
    edit_handler = ObjectList(
        [
            FieldPanel("territory"),
            FieldPanel("indicator"),
            FieldPanel("year"),
            FieldPanel("value"),
            MultiFieldPanel([FieldPanel("source"), FieldPanel("comment")], heading="Origine"),
            FieldPanel("validated", heading="Validée par l'animation régionale"),
        ],
        base_form_class=IndicatorValueForm,
    )


@hooks.register("register_admin_viewset")
def register_indicator_values():
    return IndicatorValueViewSet()


@hooks.register(SEED_DEMO)
def seed_demo_indicators(command):
    """Indicators of axis 5: complete the guides, then seed values (idempotent)."""
    seed_indicators(command)


@hooks.register(TERRITORY_SECTIONS)
def territory_key_figures_section(territory, request):
    return sections.territory_figures_section(territory, request)


@hooks.register(TERRITORY_SECTIONS)
def territory_publications_section(territory, request):
    return sections.territory_publications_section(territory, request)


@hooks.register(HOME_SECTIONS)
def home_headline_figures(request):
    return sections.home_figures_section(request)


@hooks.register(SITE_URLS)
def site_urls():
    return [path("", include("capitalisation.urls"))]


@hooks.register(MEMBER_AREA)
def indicators_member_links(request):
    return {
        "order": 40,
        "title": "Indicateurs",
        "links": [
            {
                "title": "Tableau de bord régional",
                "url": reverse("capitalisation:dashboard"),
                "description": "Les indicateurs validés par territoire et par année.",
            }
        ],
    }
