from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "flows"
    verbose_name = "Flux et synergies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from flows import signals  # noqa: F401 - connects the flows' index to the register
