"""Wagtail admin of the register: facilitators manage their own territory's
establishments, flows and synergies; the regional animation everything, and the pooling
opportunities."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from flows.access import manages_flows
from flows.forms import CommuneField
from flows.models import Establishment, Flow, PoolingOpportunity, Synergy
from flows.models.synergies import GAINS
from portal.models import Territory
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP, is_regional_animator

ACTIONS = {"add", "change", "delete", "view"}


class TerritoryScopedPolicy(BasePermissionPolicy):
    """Facilitators on their own territory, the regional animation everywhere."""

    animator_only = False

    def user_has_permission(self, user, action):
        if action not in ACTIONS:
            return False
        if self.animator_only:
            return is_regional_animator(user)
        return manages_flows(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return is_regional_animator(user) or instance.territory_id == user.territory_id

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        if is_regional_animator(user):
            return self.model.objects.all()
        return self.model.objects.filter(territory_id=user.territory_id)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & ACTIONS:
            return users.none()
        animators = Q(is_superuser=True) | Q(groups__name=ANIMATION_GROUP)
        if self.animator_only:
            return users.filter(animators).distinct()
        facilitators = Q(groups__name=MEMBERS_GROUP, territory__isnull=False)
        return users.filter(animators | facilitators).distinct()


class AnimatorOnlyPolicy(TerritoryScopedPolicy):
    animator_only = True

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return self.model.objects.all()


for model in (Establishment, Flow, Synergy):
    register_permission_policy(model, TerritoryScopedPolicy(model))
register_permission_policy(PoolingOpportunity, AnimatorOnlyPolicy(PoolingOpportunity))


class ScopedForm(WagtailAdminModelForm):
    """Choices limited to the user's territory outside the regional animation."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or is_regional_animator(for_user):
            return
        territory = for_user.territory_id
        if "territory" in self.fields:
            self.fields["territory"].queryset = Territory.objects.filter(pk=territory)
        if "establishment" in self.fields:
            self.fields["establishment"].queryset = Establishment.objects.filter(
                territory_id=territory
            )
        if "establishments" in self.fields:
            self.fields["establishments"].queryset = Establishment.objects.filter(
                territory_id=territory
            )
        if "flows" in self.fields:
            self.fields["flows"].queryset = Flow.objects.filter(territory_id=territory)


class EstablishmentForm(ScopedForm):
    """The commune typed as people write it, resolved by `flows.reference.resolve_commune`."""

    commune = CommuneField(label="Commune", required=False)


def scoped(queryset, user):
    if is_regional_animator(user):
        return queryset
    return queryset.filter(territory_id=getattr(user, "territory_id", None))


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user)


class ScopedObjectMixin:
    """404 for another territory's object, whatever the policy says."""

    def get_object(self, queryset=None):
        return super().get_object(queryset=scoped(self.model.objects.all(), self.request.user))


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView


class EstablishmentViewSet(ScopedViewSet):
    model = Establishment
    icon = "site"
    menu_label = "Établissements"
    name = "flux-etablissements"
    list_display = ["name", "territory", "commune", "naf_code"]
    list_filter = ["territory"]
    search_fields = ["name", "siret"]
    edit_handler = ObjectList(
        [
            FieldPanel("territory"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("siret"), FieldPanel("naf_code")]),
            MultiFieldPanel(
                [FieldPanel("commune"), FieldPanel("latitude"), FieldPanel("longitude")],
                heading="Localisation",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldPanel("contact_email"),
                    FieldPanel("contact_phone"),
                ],
                heading="Contact (visible du territoire et de l'animation régionale seulement)",
            ),
        ],
        base_form_class=EstablishmentForm,
    )


class FlowViewSet(ScopedViewSet):
    model = Flow
    icon = "resubmit"
    menu_label = "Flux"
    name = "flux"
    list_display = ["designation", "establishment", "direction", "waste_code", "status"]
    list_filter = ["territory", "direction", "category", "status"]
    search_fields = ["designation", "reference"]
    edit_handler = ObjectList(
        [
            FieldPanel("establishment"),
            FieldPanel("reference"),
            FieldRowPanel([FieldPanel("direction"), FieldPanel("category")]),
            FieldPanel("waste_code"),
            FieldPanel("designation"),
            FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit"), FieldPanel("frequency")]),
            FieldPanel("treatment"),
            FieldPanel("annual_cost_eur"),
            FieldPanel("availability"),
            FieldRowPanel([FieldPanel("confirmed_on"), FieldPanel("status")]),
        ],
        base_form_class=ScopedForm,
    )


class SynergyViewSet(ScopedViewSet):
    model = Synergy
    icon = "link"
    menu_label = "Synergies"
    name = "synergies"
    list_display = ["title", "territory", "stage", "synergy_type"]
    list_filter = ["territory", "stage", "synergy_type"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("territory"),
            FieldRowPanel([FieldPanel("synergy_type"), FieldPanel("stage")]),
            FieldPanel("establishments"),
            FieldPanel("flows"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("started_on"), FieldPanel("stopped_on")]),
            MultiFieldPanel(
                [FieldPanel(f"estimated_{name}") for name, _, _ in GAINS], heading="Gains estimés"
            ),
            MultiFieldPanel(
                [FieldPanel(f"measured_{name}") for name, _, _ in GAINS], heading="Gains mesurés"
            ),
            FieldPanel("pooling_opportunity"),
        ],
        base_form_class=ScopedForm,
    )


class PoolingOpportunityViewSet(ModelViewSet):
    model = PoolingOpportunity
    icon = "group"
    menu_label = "Opportunités de mutualisation"
    name = "mutualisations"
    copy_view_enabled = False
    list_display = ["title", "waste_code", "status"]
    list_filter = ["status"]
    form_fields = ["title", "waste_code", "category", "status", "invited_territories", "notes"]


class FlowsViewSetGroup(ViewSetGroup):
    menu_label = "Flux et synergies"
    menu_icon = "resubmit"
    menu_order = 260
    items = (EstablishmentViewSet, FlowViewSet, SynergyViewSet, PoolingOpportunityViewSet)
