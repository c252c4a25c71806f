from django.apps import AppConfig


class CommunicationKitsConfig(AppConfig):
    name = "communication_kits"
    verbose_name = "Kits de communication"
