"""`manage.py import_flows FILE [--dry-run]`: all or nothing, every error listed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from flows.importing import import_flows, max_upload_bytes
from flows.spreadsheet import count_data_rows

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Importe un tableur de flux (CSV ou XLSX) ; rien n'est importé si une ligne est fausse."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie sans rien écrire.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        if path.stat().st_size > max_upload_bytes():
            raise CommandError(
                f"Fichier trop volumineux ({path.stat().st_size // (1024 * 1024)} Mo, "
                f"{max_upload_bytes() // (1024 * 1024)} Mo au plus)."
            )
        data = path.read_bytes()
        total = count_data_rows(path.name, data)
        report = import_flows(
            path.name, data, dry_run=options["dry_run"], progress=self.progress_bar(total)
        )
        self.stdout.write("")
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(f"{report.error_count} erreur(s) : rien n'a été importé.")
        verb = "seraient" if report.dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows} ligne(s) lues : {report.created} flux {verb} créés, "
                f"{report.updated} mis à jour, {report.unchanged} inchangés ; "
                f"{report.establishments_created} établissement(s) nouveau(x)."
                + (" (essai à blanc : rien n'a été écrit)" if report.dry_run else "")
            )
        )

    def progress_bar(self, total):
        def show(done):
            total_so_far = max(total, done)
            share = min(done / total_so_far, 1) if total_so_far else 1
            filled = int(share * BAR_WIDTH)
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total_so_far} lignes",
                ending="",
            )
            self.stdout.flush()

        return show
