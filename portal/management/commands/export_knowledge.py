"""`manage.py export_knowledge PATH [--include-members-only]`: live public pages (and, on
request, members-only ones) → Markdown files + index.json."""

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
        parser.add_argument(
            "--include-members-only",
            action="store_true",
            help="Exporter aussi les pages réservées aux membres du réseau "
            "(« restriction: membres » dans leur front matter).",
        )

    def handle(self, *args, path, include_members_only, **options):
        def progress(number, total, page, relative):
            self.stdout.write(f"[{number}/{total}] {relative} → {page.title}")

        written = export(path, progress=progress, include_members_only=include_members_only)
        self.stdout.write(
            self.style.SUCCESS(f"{written} page(s) exportée(s) dans {path} ({INDEX_FILE}).")
        )
