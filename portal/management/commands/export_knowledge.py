"""`manage.py export_knowledge PATH`: live public pages → Markdown files + index.json."""

from pathlib import Path

from django.core.management.base import BaseCommand

from portal.knowledge_io.exporter import INDEX_FILE, export


class Command(BaseCommand):
    help = (
        "Exporte les pages publiées et publiques de la base en Markdown avec front matter "
        "(PATH/<type>/<slug>.md) et un index JSON (PATH/index.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Dossier de destination (créé au besoin).")

    def handle(self, *args, path, **options):
        def progress(number, total, page, relative):
            self.stdout.write(f"[{number}/{total}] {relative} → {page.title}")

        written = export(path, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"{written} page(s) exportée(s) dans {path} ({INDEX_FILE}).")
        )
