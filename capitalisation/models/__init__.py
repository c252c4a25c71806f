from capitalisation.models.experience_feedback import ExperienceFeedbackPage
from capitalisation.models.indicator_guide import (
    IndicatorAggregation,
    IndicatorGuidePage,
    IndicatorVisibility,
)
from capitalisation.models.indicator_value import IndicatorValue, IndicatorValueHistory
from capitalisation.models.methodology_sheet import MethodologySheetPage

__all__ = [
    "ExperienceFeedbackPage",
    "IndicatorAggregation",
    "IndicatorGuidePage",
    "IndicatorValue",
    "IndicatorValueHistory",
    "IndicatorVisibility",
    "MethodologySheetPage",
]
