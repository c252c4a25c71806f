"""The forms of the members' area: directory filters and "Mon profil"."""

from django import forms
from django.contrib.auth import get_user_model

from portal.forms import CleanTextFormMixin
from portal.models import MemberProfile, Territory, Theme


class DirectoryFilterForm(CleanTextFormMixin, forms.Form):
    territory = forms.ModelChoiceField(
        label="Territoire",
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tous les territoires",
        error_messages={"invalid_choice": "Ce territoire n'existe pas."},
    )
    theme = forms.ModelChoiceField(
        label="Thématique d'expertise",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Toutes les thématiques",
        error_messages={"invalid_choice": "Cette thématique n'existe pas."},
    )

    def filter(self, users):
        if not self.is_valid():
            return users
        if territory := self.cleaned_data["territory"]:
            users = users.filter(territory=territory)
        if theme := self.cleaned_data["theme"]:
            users = users.filter(member_profile__expertise_themes=theme)
        return users


class AccountForm(CleanTextFormMixin, forms.ModelForm):
    """What a member may change on his account; territory and structure stay with the
    animation, since the territory decides which pages he may edit."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        labels = {"first_name": "Prénom", "last_name": "Nom"}


class ProfileForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = [
            "role",
            "skills",
            "expertise_themes",
            "bio",
            "phone",
            "show_email",
            "show_phone",
        ]
        widgets = {
            "expertise_themes": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_phone") and not cleaned.get("phone"):
            self.add_error("phone", "Indiquez un numéro pour pouvoir le montrer aux membres.")
        return cleaned
