"""The six axes of the regional animation; each section page and knowledge page has one."""

from django.db import models


class Axis(models.TextChoices):
    KNOWLEDGE = "savoirs", "Axe 1 · Échanges de savoirs et méthodes"
    COMMUNICATION = "communication", "Axe 2 · Communication"
    TRAINING = "formation", "Axe 3 · Formation"
    MONITORING = "veille", "Axe 4 · Veille"
    INDICATORS = "indicateurs", "Axe 5 · Indicateurs"
    TRANSVERSAL = "ressources", "Axe transversal · Outils et capitalisation"


AXIS_SHORT_LABELS = {
    Axis.KNOWLEDGE: "Savoirs et méthodes",
    Axis.COMMUNICATION: "Communication",
    Axis.TRAINING: "Formation",
    Axis.MONITORING: "Veille",
    Axis.INDICATORS: "Indicateurs",
    Axis.TRANSVERSAL: "Ressources",
}
