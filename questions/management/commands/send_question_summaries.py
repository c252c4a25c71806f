"""`manage.py send_question_summaries`: the daily summary of the questions' notifications
(new questions in a followed theme, new and accepted answers on a followed question) not
yet sent; safe to re-run: what went out is never sent twice."""

from django.core.management.base import BaseCommand, CommandError

from questions.notifications import SummaryInterrupted, send_daily_summaries


class Command(BaseCommand):
    help = (
        "Envoie à chaque membre le résumé des nouveautés des questions qu'il suit "
        "(reprend là où il s'était arrêté)."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            self.stdout.write(f"  {done}/{total} membre(s) servi(s)")

        try:
            report = send_daily_summaries(progress=progress)
        except SummaryInterrupted as error:
            raise CommandError(f"{error} Relancez la commande pour reprendre.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.sent} résumé(s) envoyé(s) pour {report.notifications} nouveauté(s)."
            )
        )
