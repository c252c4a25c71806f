"""`manage.py import_markdown PATH [--dry-run] [--publish]`: Markdown files → pages."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.caching import bump_content_generation
from portal.knowledge_io.importer import (
    REJECTED,
    STATUS_LABELS,
    Importer,
    markdown_files,
    max_bytes_setting,
)


class Command(BaseCommand):
    help = (
        "Importe des fichiers Markdown avec front matter YAML en pages de la base "
        "(brouillons sauf --publish), un fichier par page, retrouvées par leur slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Un fichier .md ou un dossier (récursif).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tout vérifier sans rien enregistrer."
        )
        parser.add_argument("--publish", action="store_true", help="Publier les pages importées.")
        parser.add_argument(
            "--max-size",
            type=int,
            default=max_bytes_setting(),
            help="Taille maximale d'un fichier, en octets (1 Mo par défaut).",
        )

    def handle(self, *args, path, dry_run, publish, max_size, **options):
        if not path.exists():
            raise CommandError(f"{path} n'existe pas.")
        files = markdown_files(path)
        if not files:
            raise CommandError(f"Aucun fichier .md dans {path}.")
        if dry_run:
            self.stdout.write("Simulation (--dry-run) : rien ne sera enregistré.")
        importer = Importer(publish=publish, dry_run=dry_run, max_bytes=max_size)
        counts = Counter()
        for number, file in enumerate(files, start=1):
            result = importer.import_file(file)
            counts[result.status] += 1
            self._line(number, len(files), result, path)
        self._summary(counts)
        if not dry_run:
            bump_content_generation()  # pages and their relations written in a run
        if counts[REJECTED]:
            raise CommandError(f"{counts[REJECTED]} fichier(s) rejeté(s) sur {len(files)}.")

    def _line(self, number, total, result, root):
        name = result.path.relative_to(root) if root.is_dir() else result.path.name
        label = STATUS_LABELS[result.status]
        line = f"[{number}/{total}] {label:<11} {name}"
        if result.url_path:
            line += f" → {result.title}"
        style = self.style.ERROR if result.status == REJECTED else self.style.SUCCESS
        self.stdout.write(style(line))
        for reason in result.reasons:
            self.stdout.write(f"    - {reason}")
        for note in result.notes:
            self.stdout.write(f"    · {note}")

    def _summary(self, counts):
        self.stdout.write("")
        for status, label in STATUS_LABELS.items():
            self.stdout.write(f"{label:<11} {counts[status]:>5}")
        self.stdout.write(f"{'total':<11} {sum(counts.values()):>5}")
