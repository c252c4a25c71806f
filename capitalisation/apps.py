from django.apps import AppConfig


class CapitalisationConfig(AppConfig):
    name = "capitalisation"
    verbose_name = "Capitalisation"

    def seed_demo(self, command):
        """Indicators of axis 5: complete the guides, then seed values (idempotent)."""
        from capitalisation.seed import seed_indicators

        seed_indicators(command)
