import pytest
from django.conf import settings

from flows.demo import seed_flows
from flows.importing import import_flows
from flows.matching import find_matches
from flows.models import (
    BusinessCase,
    EmissionFactor,
    EndReason,
    Flow,
    ImpactRecord,
    PoolingOpportunity,
    StageChange,
    Synergy,
    SynergyStage,
)
from portal.models import Territory

pytestmark = pytest.mark.django_db

DEMO_FILE = settings.BASE_DIR / "demo" / "flux-demo.csv"


@pytest.fixture
def demo_territories(db):
    import yaml

    data = yaml.safe_load((settings.BASE_DIR / "demo" / "taxonomy.yaml").read_text())
    for item in data["territories"]:
        Territory.objects.get_or_create(slug=item["slug"], defaults={**item, "is_demo": True})
    return Territory.objects.filter(is_demo=True)


def test_demo_seed_is_idempotent_and_shows_everything(demo_territories):
    seed_flows()
    counts = (Flow.objects.count(), Synergy.objects.count(), PoolingOpportunity.objects.count())
    seed_flows()
    assert counts == (
        Flow.objects.count(),
        Synergy.objects.count(),
        PoolingOpportunity.objects.count(),
    )
    for territory in demo_territories:
        assert Flow.objects.filter(territory=territory).count() == 14
    assert set(Synergy.objects.values_list("stage", flat=True)) == set(SynergyStage.values)
    assert PoolingOpportunity.objects.count() == 2
    offer = Flow.objects.get(territory__slug="moselle-est", reference="DEMO-metal-01")
    assert find_matches(offer), "the demo's pallets offer finds the conserverie's need"
    assert Flow.objects.to_confirm().count() == demo_territories.count()


def test_the_demo_spreadsheet_imports_and_reimports_cleanly(demo_territories):
    data = DEMO_FILE.read_bytes()
    report = import_flows(DEMO_FILE.name, data)
    assert report.ok, report.error_lines()
    assert report.created == 8 and report.establishments_created == 4
    assert import_flows(DEMO_FILE.name, data).unchanged == 8


def test_the_demo_shows_every_part(demo_territories):
    seed_flows()
    assert set(Synergy.objects.values_list("stage", flat=True)) == set(SynergyStage.values)
    abandoned = Synergy.objects.filter(stage="abandonnee").first()
    assert abandoned.end_reason == EndReason.ECONOMIC
    assert abandoned.stage_changes.last().reason == EndReason.ECONOMIC
    assert Synergy.objects.filter(flows__waste_code__hazardous=True, stage="en_fonctionnement")
    assert not Synergy.objects.filter(
        flows__waste_code__hazardous=True, stage="en_fonctionnement", regulatory_status=""
    )
    assert ImpactRecord.objects.filter(nature="mesure", co2e_tonnes_avoided__isnull=False)
    assert BusinessCase.objects.exists() and EmissionFactor.objects.exists()
    counts = (Synergy.objects.count(), ImpactRecord.objects.count(), StageChange.objects.count())
    seed_flows()
    assert counts == (
        Synergy.objects.count(),
        ImpactRecord.objects.count(),
        StageChange.objects.count(),
    )
