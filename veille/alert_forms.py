"""The form that creates a search alert."""

from django import forms

from portal.forms import CleanTextFormMixin
from veille.forms import SubscriptionForm
from veille.models import AlertFrequency


class AlertForm(CleanTextFormMixin, forms.Form):
    # The newsletter's e-mail and honeypot fields: same labels, limits and messages.
    email = SubscriptionForm.base_fields["email"]
    label = forms.CharField(
        label="Nom de l'alerte",
        max_length=120,
        help_text="Il apparaîtra dans l'objet des messages.",
        error_messages={
            "required": "Donnez un nom à votre alerte.",
            "max_length": "Le nom de l'alerte ne peut dépasser 120 caractères.",
        },
    )
    frequency = forms.ChoiceField(
        label="Fréquence d'envoi",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une fréquence d'envoi.",
            "invalid_choice": "Choisissez « Chaque jour » ou « Chaque semaine ».",
        },
    )
    consent = forms.BooleanField(
        label=(
            "J'accepte de recevoir par courriel les nouveaux contenus correspondant à cette "
            "recherche. Chaque message permet de supprimer l'alerte en un clic."
        ),
        error_messages={"required": "Cochez cette case pour recevoir l'alerte."},
    )
    website = SubscriptionForm.base_fields["website"]

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_label(self):
        label = " ".join(self.cleaned_data["label"].split())
        if not label:
            raise forms.ValidationError("Donnez un nom à votre alerte.")
        return label

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def link_errors(self):
        """Point each invalid field at its message (aria-describedby)."""
        for name in self.errors:
            if name in self.fields:
                ids = [f"alert-{name}-error"]
                if self.fields[name].help_text:
                    ids.append(f"id_{name}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)
