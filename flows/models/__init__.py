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
from flows.models.synergies import PoolingOpportunity, PoolingStatus, Synergy, SynergyStage

__all__ = [
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
