from flows.models.impact import (
    BusinessCase,
    Confidence,
    EmissionFactor,
    ImpactNature,
    ImpactRecord,
)
from flows.models.reference import Commune, TreatmentOperation, WasteCode
from flows.models.register import (
    Category,
    Direction,
    Establishment,
    Flow,
    FlowStatus,
    Frequency,
    Unit,
)
from flows.models.synergies import (
    EndReason,
    PoolingOpportunity,
    PoolingStatus,
    RegulatoryStatus,
    StageChange,
    Synergy,
    SynergyStage,
)

__all__ = [
    "BusinessCase",
    "Confidence",
    "EmissionFactor",
    "EndReason",
    "ImpactNature",
    "ImpactRecord",
    "RegulatoryStatus",
    "StageChange",
    "Category",
    "Commune",
    "Direction",
    "Establishment",
    "Flow",
    "FlowStatus",
    "Frequency",
    "PoolingOpportunity",
    "PoolingStatus",
    "Synergy",
    "SynergyStage",
    "TreatmentOperation",
    "Unit",
    "WasteCode",
]
