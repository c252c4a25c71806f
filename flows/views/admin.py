"""Wagtail admin of the register: facilitators manage their own territory's
establishments, flows and synergies; the regional animation everything, and the pooling
opportunities."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from flows.access import manages_flows
from flows.forms import CommuneField
from flows.models import Establishment, Flow, PoolingOpportunity, Synergy
from flows.models.synergies import GAINS
from portal.forms import CleanTextFormMixin
from portal.models import Territory
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP, is_regional_animator

ACTIONS = {"add", "change", "delete", "view"}


class TerritoryScopedPolicy(BasePermissionPolicy):
    """Facilitators on their own territory, the regional animation everywhere.

    The one rule of the register's admin: every view the viewsets below construct goes
    through `PolicyGuardMixin`, which asks this policy for the listing querysets, the
    object lookups and the object itself; choices in the forms come from it too."""

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
        return self.scope(self.model.objects.all(), user, actions)

    def scope(self, queryset, user, actions=ACTIONS):
        """`queryset` (of this policy's model) narrowed to what `user` may act on."""
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        if is_regional_animator(user):
            return queryset
        return queryset.filter(territory_id=user.territory_id)

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

    def scope(self, queryset, user, actions=ACTIONS):
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()


POLICIES = {
    Establishment: TerritoryScopedPolicy(Establishment),
    Flow: TerritoryScopedPolicy(Flow),
    Synergy: TerritoryScopedPolicy(Synergy),
    PoolingOpportunity: AnimatorOnlyPolicy(PoolingOpportunity),
}
for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


def scope_queryset(queryset, user):
    """A queryset of a register model narrowed by its policy; other querysets unchanged."""
    policy = POLICIES.get(queryset.model)
    return queryset if policy is None else policy.scope(queryset, user)


class PolicyGuardMixin:
    """Put in front of every view a flows viewset constructs (`GuardedViewSet`), so
    inspect, history, usage, edit, delete and any view Wagtail adds later apply the
    policy: listings and object lookups are narrowed by it, and an object the user may
    not act on answers 404 before anything of it is rendered."""

    def get_base_queryset(self):
        return scope_queryset(super().get_base_queryset(), self.request.user)

    def get_base_object_queryset(self):
        return scope_queryset(super().get_base_object_queryset(), self.request.user)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = POLICIES.get(type(obj))
        if policy is not None and not policy.user_has_any_permission_for_instance(
            self.request.user, ACTIONS, obj
        ):
            raise Http404
        return obj

    def dispatch(self, request, *args, **kwargs):
        obj = getattr(self, "object", None)
        policy = POLICIES.get(type(obj))
        if policy is not None and not policy.user_has_any_permission_for_instance(
            request.user, ACTIONS, obj
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class GuardedViewSet(ModelViewSet):
    """A ModelViewSet whose every view goes through `PolicyGuardMixin`."""

    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True

    def construct_view(self, view_class, **kwargs):
        if not issubclass(view_class, PolicyGuardMixin):
            view_class = type(f"Guarded{view_class.__name__}", (PolicyGuardMixin, view_class), {})
        return super().construct_view(view_class, **kwargs)


class ScopedForm(CleanTextFormMixin, WagtailAdminModelForm):
    """Every choice of a territory's establishments, flows or synergies limited by that
    model's policy (pooling opportunities are regional: offered to everyone)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        if "territory" in self.fields and not is_regional_animator(for_user):
            self.fields["territory"].queryset = Territory.objects.filter(pk=for_user.territory_id)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            policy = POLICIES.get(getattr(queryset, "model", None))
            if policy is not None and not policy.animator_only:
                field.queryset = policy.scope(queryset, for_user)


class EstablishmentForm(ScopedForm):
    """The commune typed as people write it, resolved by `flows.reference.resolve_commune`."""

    commune = CommuneField(label="Commune", required=False)


class EstablishmentViewSet(GuardedViewSet):
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


class FlowViewSet(GuardedViewSet):
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


class SynergyForm(ScopedForm):
    """A change of stage made in the admin is recorded with who made it, as in the portal."""

    def save(self, commit=True):
        self.instance.changed_by = self.for_user
        return super().save(commit=commit)


class SynergyViewSet(GuardedViewSet):
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
                [FieldPanel("end_reason"), FieldPanel("end_reason_text")],
                heading="Arrêt ou abandon",
            ),
            FieldPanel("regulatory_status"),
            MultiFieldPanel(
                [FieldPanel("co2e_factor_override"), FieldPanel("co2e_factor_justification")],
                heading="Facteur CO2e propre à la synergie",
            ),
            MultiFieldPanel(
                [FieldPanel(f"estimated_{name}") for name, _, _ in GAINS], heading="Gains estimés"
            ),
            MultiFieldPanel(
                [FieldPanel(f"measured_{name}") for name, _, _ in GAINS], heading="Gains mesurés"
            ),
            FieldPanel("pooling_opportunity"),
        ],
        base_form_class=SynergyForm,
    )


class PoolingOpportunityViewSet(GuardedViewSet):
    model = PoolingOpportunity
    icon = "group"
    menu_label = "Opportunités de mutualisation"
    name = "mutualisations"
    inspect_view_enabled = False
    list_display = ["title", "waste_code", "status"]
    list_filter = ["status"]
    form_fields = ["title", "waste_code", "category", "status", "invited_territories", "notes"]


class FlowsViewSetGroup(ViewSetGroup):
    menu_label = "Flux et synergies"
    menu_icon = "resubmit"
    menu_order = 260
    items = (EstablishmentViewSet, FlowViewSet, SynergyViewSet, PoolingOpportunityViewSet)
