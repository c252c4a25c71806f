"""The CO2e factor table in the Wagtail admin (Settings menu): the regional animation
keeps it, each factor with its source and year. Impact records keep the factor they were
computed with, so editing the table never rewrites past figures."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from flows.models import EmissionFactor
from flows.views.admin import AnimatorOnlyPolicy

register_permission_policy(EmissionFactor, AnimatorOnlyPolicy(EmissionFactor))


class EmissionFactorViewSet(ModelViewSet):
    model = EmissionFactor
    icon = "table"
    menu_label = "Facteurs d'émission (CO2e)"
    name = "facteurs-emission"
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["material", "waste_code_prefix", "operation", "factor", "source", "year"]
    list_filter = ["year"]
    search_fields = ["material", "source"]
    form_fields = ["waste_code_prefix", "material", "operation", "factor", "source", "year"]
