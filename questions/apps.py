from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Questions au réseau"
    default_auto_field = "django.db.models.BigAutoField"
