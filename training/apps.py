from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Formation"

    def ready(self):
        from training.admin_views import SafeSubmissionsListView
        from training.models import TrainingNeedsSurveyPage

        # Wagtail's own submissions export (/admin/forms/submissions/<id>/?export=)
        # writes through the portal's safe cell.
        TrainingNeedsSurveyPage.submissions_list_view_class = SafeSubmissionsListView
