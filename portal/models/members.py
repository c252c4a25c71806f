"""A network member's profile: what the directory shows to the other members."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{6,30}$",
    "Saisissez un numéro de téléphone valide, par exemple 03 26 00 00 00.",
)


class MemberProfileQuerySet(models.QuerySet):
    def for_directory(self):
        """Everything the directory and profile pages show, in three queries at most."""
        return self.select_related("user", "user__territory").prefetch_related("expertise_themes")


class MemberProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        on_delete=models.CASCADE,
        related_name="member_profile",
    )
    role = models.CharField(
        "fonction", max_length=150, blank=True, help_text="Par exemple : chargée de mission EIT"
    )
    skills = models.CharField(
        "compétences",
        max_length=300,
        blank=True,
        help_text="Séparées par des virgules, par exemple : diagnostic de flux, biomasse",
    )
    expertise_themes = models.ManyToManyField(
        "portal.Theme", verbose_name="thématiques d'expertise", blank=True, related_name="experts"
    )
    phone = models.CharField("téléphone", max_length=30, blank=True, validators=[phone_validator])
    show_email = models.BooleanField("montrer mon courriel aux membres", default=True)
    show_phone = models.BooleanField("montrer mon téléphone aux membres", default=False)
    bio = models.TextField(
        "présentation",
        max_length=1000,
        blank=True,
        help_text="Texte simple, 1 000 caractères au plus.",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = MemberProfileQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("skills"),
        FieldPanel("expertise_themes"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("show_email"), FieldPanel("show_phone")],
            heading="Coordonnées",
        ),
    ]

    class Meta:
        verbose_name = "profil de membre"
        verbose_name_plural = "profils de membres"
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def skill_list(self):
        return [skill.strip() for skill in self.skills.split(",") if skill.strip()]

    @property
    def visible_email(self):
        return self.user.email if self.show_email else ""

    @property
    def visible_phone(self):
        return self.phone if self.show_phone else ""
