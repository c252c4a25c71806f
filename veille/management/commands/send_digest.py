"""`manage.py send_digest <slug or id>`: e-mail a published digest to its subscribers."""

from django.core.management.base import BaseCommand, CommandError

from veille.models import MonitoringDigestPage
from veille.newsletter import SendInterrupted, send_digest


class Command(BaseCommand):
    help = (
        "Envoie une lettre de veille publiée aux abonnés confirmés "
        "(reprend là où il s'était arrêté)."
    )

    def add_arguments(self, parser):
        parser.add_argument("digest", help="identifiant (slug) ou numéro de la lettre")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, digest, batch_size, **options):
        pages = MonitoringDigestPage.objects.all()
        page = pages.filter(slug=digest).first()
        if page is None and digest.isdigit():
            page = pages.filter(pk=int(digest)).first()
        if page is None:
            raise CommandError(f"Aucune lettre de veille « {digest} ».")
        if not page.live or not MonitoringDigestPage.objects.filter(pk=page.pk).public().exists():
            raise CommandError(
                "Cette lettre n'est pas publiée pour tout le monde : elle ne peut pas être envoyée."
            )

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} abonné(s) servi(s)")

        self.stdout.write(f"Envoi de « {page.title} »")
        try:
            report = send_digest(page, progress=progress, batch_size=batch_size)
        except SendInterrupted as error:
            raise CommandError(f"{error} Relancez la commande pour reprendre.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.sent} envoyé(s), {report.already} déjà servi(s) auparavant, "
                f"{report.total} abonné(s) concerné(s)."
            )
        )
