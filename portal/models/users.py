from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A network member, attached to the territory of their local programme; what they tell the
    network about themselves is in `MemberProfile`."""

    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    structure = models.CharField("structure", max_length=200, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "membre"
        verbose_name_plural = "membres"
