"""`manage.py fetch_veille_sources`: new entries of the external feeds go to review."""

from django.core.management.base import BaseCommand

from veille.ingestion import FETCH_TIMEOUT, fetch_all


class Command(BaseCommand):
    help = "Collecte les flux des sources externes actives ; les nouveautés sont à relire."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=FETCH_TIMEOUT)

    def handle(self, *args, timeout, **options):
        def progress(index, total, result):
            prefix = f"[{index}/{total}] {result.source.name}"
            if result.error:
                self.stdout.write(self.style.ERROR(f"{prefix} : ERREUR – {result.error}"))
            else:
                self.stdout.write(
                    f"{prefix} : {result.created} nouveau(x), {result.skipped} déjà connu(s)"
                )

        results = fetch_all(progress=progress, timeout=timeout)
        created = sum(r.created for r in results)
        errors = sum(1 for r in results if r.error)
        message = f"{len(results)} source(s), {created} élément(s) à relire, {errors} en erreur."
        self.stdout.write(self.style.WARNING(message) if errors else self.style.SUCCESS(message))
