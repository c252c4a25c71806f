"""The admin form of a template page and the visitor's personalisation form."""

from django import forms

from communication_kits.placeholders import (
    malformed_placeholders,
    normalise_value,
    used_placeholders,
)
from portal.forms import CleanTextFormMixin, KnowledgePageForm
from portal.models import Territory
from portal.query_forms import SlugChoiceField

PLACEHOLDER_FORMSET = "placeholders"


class CommunicationTemplatePageForm(KnowledgePageForm):
    """Every `{{ name }}` of the body must be declared in the placeholders panel."""

    def clean(self):
        cleaned_data = super().clean()
        body = cleaned_data.get("template_body")
        if body is not None and not body.strip():
            self.add_error(
                "template_body",
                "Le texte du modèle est vide : écrivez le texte que chaque territoire adaptera.",
            )
            return cleaned_data
        declared = self.declared_names()
        if body and declared is not None:
            malformed = malformed_placeholders(body)
            if malformed:
                self.add_error(
                    "template_body",
                    "Élément mal écrit : "
                    + ", ".join(f"{{{{ {name} }}}}" for name in malformed)
                    + ". Un identifiant ne contient que des lettres minuscules sans accent, "
                    "des chiffres et _.",
                )
            missing = [name for name in used_placeholders(body) if name not in declared]
            if missing:
                self.add_error(
                    "template_body",
                    "Le texte utilise des éléments non déclarés : "
                    + ", ".join(f"{{{{ {name} }}}}" for name in missing)
                    + ". Déclarez-les dans « Éléments à personnaliser » ou corrigez leur nom.",
                )
        return cleaned_data

    def declared_names(self):
        """Names in the placeholders formset (not deleted); None if it cannot be read."""
        formset = self.formsets.get(PLACEHOLDER_FORMSET)
        if formset is None:
            return None
        formset.is_valid()  # cleans each child form once; errors show on the formset
        names = []
        duplicates = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("name"):
                continue
            if data["name"] in names:
                duplicates.add(data["name"])
            names.append(data["name"])
        if duplicates:
            self.add_error(
                None,
                "Éléments à personnaliser déclarés deux fois : " + ", ".join(sorted(duplicates)),
            )
        return set(names)


def field_name(placeholder_name):
    return f"v_{placeholder_name}"


def _with_note(help_text, note):
    """The editor's help, then where the pre-filled value comes from, as sentences."""
    help_text = (help_text or "").strip()
    if not note:
        return help_text
    if help_text and not help_text.endswith((".", "!", "?", ":", ")")):
        help_text += "."
    return f"{help_text} Pré-rempli : {note}".strip()


class PersonaliseForm(CleanTextFormMixin, forms.Form):
    """The territory and one text field per declared placeholder of the template."""

    territoire = SlugChoiceField(
        Territory.objects.order_by("name"),
        label="Votre territoire",
        empty_label="— Choisir un territoire —",
        help_text="Les informations que le portail connaît sur ce territoire sont "
        "pré-remplies ; vous pouvez toutes les modifier.",
    )

    def __init__(self, *args, placeholders=(), notes=None, **kwargs):
        """`notes`: {placeholder name: where its pre-filled value comes from}."""
        super().__init__(*args, **kwargs)
        self.placeholders = list(placeholders)
        notes = notes or {}
        for placeholder in self.placeholders:
            note = notes.get(placeholder.name, "")
            self.fields[field_name(placeholder.name)] = forms.CharField(
                label=placeholder.label or placeholder.name,
                help_text=_with_note(placeholder.help_text, note),
                required=placeholder.required,
                max_length=placeholder.max_length,
                error_messages={
                    "required": f"Indiquez « {placeholder.label or placeholder.name} ».",
                    "max_length": f"« {placeholder.label or placeholder.name} » ne doit pas "
                    "dépasser %(limit_value)d caractères (vous en avez saisi %(show_value)d).",
                },
            )

    def clean(self):
        cleaned_data = super().clean()
        for placeholder in self.placeholders:
            key = field_name(placeholder.name)
            if key in cleaned_data:
                cleaned_data[key] = normalise_value(cleaned_data[key])
                if placeholder.required and not cleaned_data[key]:
                    self.add_error(key, f"Indiquez « {placeholder.label or placeholder.name} ».")
        return cleaned_data

    def values(self):
        """Placeholder name -> value, from valid data."""
        return {
            placeholder.name: self.cleaned_data.get(field_name(placeholder.name), "")
            for placeholder in self.placeholders
        }

    def raw_values(self):
        """Placeholder name -> what the form shows now (bound data or initial values)."""
        values = {}
        for placeholder in self.placeholders:
            bound = self[field_name(placeholder.name)]
            values[placeholder.name] = normalise_value(bound.value() or "")
        return values

    @property
    def placeholder_fields(self):
        return [self[field_name(placeholder.name)] for placeholder in self.placeholders]
