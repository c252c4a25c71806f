"""`manage.py setup_roles`: groups, permissions, members' collection and review workflow."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.permissions_setup import ensure_roles


class Command(BaseCommand):
    help = (
        "Crée ou complète les groupes du réseau, leurs permissions, la collection "
        "« Espace membres » et le workflow de relecture ; sans effet si tout existe déjà."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                report = ensure_roles()
        except LookupError as error:
            raise CommandError(str(error)) from error
        for kind, count in sorted(report.created.items()):
            self.stdout.write(f"  {kind:<28} créés : {count:>3}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS("Rôles et workflow à jour."))
