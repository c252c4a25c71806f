from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Questions au réseau"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from questions.models import Question
        from questions.search_source import reindex

        def on_delete(sender, instance, **kwargs):
            reindex(instance)  # its entry is gone: the search app removes the document

        post_delete.connect(
            on_delete, sender=Question, weak=False, dispatch_uid="questions_search_delete"
        )
