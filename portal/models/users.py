from django.contrib.auth.models import AbstractUser
from django.db import models

from portal.fields import territory_field


class User(AbstractUser):
    """A network member, attached to the territory of their local programme; what they tell the
    network about themselves is in `MemberProfile`."""

    territory = territory_field(related_name="members")
    structure = models.CharField("structure", max_length=200, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "membre"
        verbose_name_plural = "membres"
