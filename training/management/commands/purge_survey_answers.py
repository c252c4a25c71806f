"""`manage.py purge_survey_answers`: delete answers kept longer than the retention period.

An answer is purged once its last change is older than
settings.TRAINING_ANSWER_RETENTION_DAYS (default three years). Deletes in batches,
prints progress; running it again deletes nothing more.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from training.models import SurveyAnswer

DEFAULT_RETENTION_DAYS = 3 * 365


def retention_days():
    return getattr(settings, "TRAINING_ANSWER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


class Command(BaseCommand):
    help = "Supprime les réponses aux enquêtes plus anciennes que la durée de conservation."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien supprimer.")

    def handle(self, *args, batch_size, dry_run, **options):
        days = retention_days()
        cutoff = timezone.now() - datetime.timedelta(days=days)
        expired = SurveyAnswer.objects.filter(updated__lt=cutoff)
        total = expired.count()
        self.stdout.write(
            f"Conservation : {days} jours ; réponses antérieures au {cutoff:%d/%m/%Y} : {total}."
        )
        if dry_run or not total:
            self.stdout.write("Aucune suppression." if not total else "Simulation : rien supprimé.")
            return
        deleted = 0
        while True:
            ids = list(expired.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            count, _ = SurveyAnswer.objects.filter(pk__in=ids).delete()
            deleted += count
            self.stdout.write(f"  {deleted}/{total} supprimées")
        self.stdout.write(self.style.SUCCESS(f"{deleted} réponse(s) supprimée(s)."))
