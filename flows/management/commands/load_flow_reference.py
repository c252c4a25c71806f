"""`manage.py load_flow_reference`: (re)load the waste codes, treatments and communes."""

from django.core.management.base import BaseCommand

from flows.models import Commune, TreatmentOperation, WasteCode
from flows.reference import load_reference
from portal.caching import bump_content_generation


class Command(BaseCommand):
    help = (
        "Charge la liste européenne des déchets, les opérations R/D et les communes (idempotent)."
    )

    def handle(self, *args, **options):
        for name, (created, updated) in load_reference(
            WasteCode, TreatmentOperation, Commune
        ).items():
            self.stdout.write(f"{name} : {created} créé(s), {updated} mis à jour")
        bump_content_generation()  # bulk writes send no signal
