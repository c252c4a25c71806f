"""`manage.py send_search_alerts [--frequency daily|weekly] [--dry-run]`: e-mail the due
search alerts the new public pages matching them."""

from django.core.management.base import BaseCommand, CommandError

from veille.alerts import send_search_alerts
from veille.models import AlertFrequency
from veille.newsletter import SendInterrupted


class Command(BaseCommand):
    help = (
        "Envoie aux alertes de recherche confirmées et arrivées à échéance les nouveaux "
        "contenus publics qui leur correspondent (reprend là où il s'était arrêté)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=AlertFrequency.values,
            help="seulement les alertes quotidiennes (daily) ou hebdomadaires (weekly)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="affiche ce qui serait envoyé, sans rien envoyer"
        )

    def handle(self, *args, frequency, dry_run, **options):
        def progress(querystring, alerts, pages):
            self.stdout.write(f"  ?{querystring} : {pages} nouvelle(s) page(s), {alerts} alerte(s)")

        try:
            report = send_search_alerts(frequency=frequency, dry_run=dry_run, progress=progress)
        except SendInterrupted as error:
            raise CommandError(f"{error} Relancez la commande pour reprendre.") from error
        verb = "seraient envoyé(s)" if dry_run else "envoyé(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.sent} message(s) {verb}, {report.checked} alerte(s) vérifiée(s), "
                f"{report.queries} recherche(s) distincte(s)."
            )
        )
