from capitalisation.models.experience_feedback import ExperienceFeedbackPage
from capitalisation.models.indicator_guide import IndicatorGuidePage
from capitalisation.models.methodology_sheet import MethodologySheetPage

__all__ = ["ExperienceFeedbackPage", "IndicatorGuidePage", "MethodologySheetPage"]
