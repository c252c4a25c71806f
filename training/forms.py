"""The survey form: Wagtail's form builder plus our question types.

Question types added to Wagtail's own (see `QUESTION_TYPES`):
- `skill_scale`: several skills rated 1 to 5 in one question; `choices` lists the
  skills, one per line; the answer is a dict skill → score.
- `territory`, `structure_type`, `role`: the respondent's profile. The territory is a
  select of the Territory snippets (stored by slug), the structure type a fixed list;
  the role is a list when the question has choices, free text otherwise.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES

from portal.forms import CleanTextFormMixin, IsoDateInput
from portal.models import Territory
from portal.query_forms import QueryForm, SlugChoiceField

SCALE = range(1, 6)
SCALE_HINT = "De 1 (pas de besoin) à 5 (besoin prioritaire)."

QUESTION_TYPES = (
    *FORM_FIELD_CHOICES,
    ("skill_scale", "Échelle de 1 à 5 par compétence (une compétence par ligne)"),
    ("territory", "Profil : territoire"),
    ("structure_type", "Profil : type de structure"),
    ("role", "Profil : fonction"),
)

STRUCTURE_TYPES = (
    ("collectivite", "Collectivité"),
    ("chambre_consulaire", "Chambre consulaire (CCI, CMA)"),
    ("association", "Association"),
    ("bureau_etudes", "Bureau d'études"),
    ("entreprise", "Entreprise"),
)

CONSENT_FIELD = "consentement"
HONEYPOT_FIELD = "site_web_confirmation"


def skills_of(question):
    """The skills of a `skill_scale` question, in their order, blank lines dropped."""
    return [line.strip() for line in (question.choices or "").splitlines() if line.strip()]


class SkillScaleWidget(forms.Widget):
    """One fieldset per skill, each with five labelled radio buttons (1 to 5).

    Rendered in Python so that it needs no template of the form renderer; the question's
    own label is the enclosing legend (`use_fieldset`).
    """

    use_fieldset = True

    def __init__(self, skills=(), attrs=None):
        super().__init__(attrs)
        self.skills = list(skills)

    def __deepcopy__(self, memo):
        widget = super().__deepcopy__(memo)
        widget.skills = list(self.skills)
        return widget

    def subname(self, name, index):
        return f"{name}__{index}"

    def value_from_datadict(self, data, files, name):
        return {
            skill: data.get(self.subname(name, index), "")
            for index, skill in enumerate(self.skills)
        }

    def value_omitted_from_data(self, data, files, name):
        return not any(self.subname(name, index) in data for index in range(len(self.skills)))

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        value = value if isinstance(value, dict) else {}
        base_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        described = (attrs or {}).get("aria-describedby")
        items = []
        for index, skill in enumerate(self.skills):
            current = str(value.get(skill, ""))
            legend_id = f"{base_id}_skill_{index}"
            radios = format_html_join(
                "",
                '<label for="{0}"><input type="radio" name="{1}" value="{2}" id="{0}"{3}>'
                ' {2}<span class="visually-hidden"> sur 5</span></label> ',
                (
                    (
                        f"{base_id}_{index * len(SCALE) + score - 1}",
                        self.subname(name, index),
                        score,
                        mark_safe(" checked") if current == str(score) else "",  # noqa: S308
                    )
                    for score in SCALE
                ),
            )
            items.append(
                format_html(
                    '<fieldset class="skill-scale__item" aria-labelledby="{}"{}>'
                    '<legend id="{}">{}</legend><div class="skill-scale__choices">{}</div>'
                    "</fieldset>",
                    legend_id,
                    format_html(' aria-describedby="{}"', described) if described else "",
                    legend_id,
                    skill,
                    radios,
                )
            )
        return format_html(
            '<p class="hint skill-scale__hint">{}</p><div class="skill-scale">{}</div>',
            SCALE_HINT,
            mark_safe("".join(items)),  # noqa: S308 (each item built with format_html)
        )


class SkillScaleField(forms.Field):
    """A dict skill → score (1 to 5). Required: every skill must be rated."""

    widget = SkillScaleWidget

    def __init__(self, *, skills, **kwargs):
        self.skills = list(skills)
        kwargs.setdefault("widget", SkillScaleWidget(skills=self.skills))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value if isinstance(value, dict) else {}

    def to_python(self, value):
        if not isinstance(value, dict):
            return {}
        scores, invalid = {}, []
        for skill in self.skills:
            raw = str(value.get(skill, "") or "").strip()
            if not raw:
                continue
            if raw not in {str(score) for score in SCALE}:
                invalid.append(skill)
                continue
            scores[skill] = int(raw)
        if invalid:
            raise forms.ValidationError(
                "Choisissez une note de 1 à 5 pour : %(skills)s.",
                code="invalid",
                params={"skills": ", ".join(invalid)},
            )
        return scores

    def validate(self, value):
        if self.required:
            missing = [skill for skill in self.skills if skill not in value]
            if missing:
                raise forms.ValidationError(
                    "Donnez une note de 1 à 5 à chaque compétence ; il manque : %(skills)s.",
                    code="required",
                    params={"skills": ", ".join(missing)},
                )

    def has_changed(self, initial, data):
        return (initial or {}) != self.to_python(data)


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SurveyForm(CleanTextFormMixin, BaseForm):
    """Base of every survey form: French messages, the consent box when the page asks."""

    default_error_messages_fr = {
        "required": "Ce champ est obligatoire.",
        "invalid_choice": "Choisissez une des propositions.",
        "max_length": "%(limit_value)d caractères au plus.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for code, message in self.default_error_messages_fr.items():
                if code in field.error_messages:
                    field.error_messages[code] = message
        consent_text = getattr(self.page, "consent_text", "")
        if consent_text:
            self.fields[CONSENT_FIELD] = forms.BooleanField(
                label=consent_text,
                required=True,
                error_messages={"required": "Cochez la case pour accepter et envoyer."},
            )

    def answer_data(self):
        """What is stored: JSON-ready answers, without the consent box."""
        data = {}
        for name, value in self.cleaned_data.items():
            if name == CONSENT_FIELD:
                continue
            if isinstance(value, Territory):
                value = value.slug
            elif value is None:
                value = ""
            data[name] = value
        return data


class CustomFormBuilder(FormBuilder):
    def create_skill_scale_field(self, field, options):
        options.pop("initial", None)
        return SkillScaleField(skills=skills_of(field), **options)

    def create_territory_field(self, field, options):
        options.pop("initial", None)
        return TerritoryChoiceField(
            queryset=Territory.objects.order_by("name"),
            to_field_name="slug",
            empty_label="Choisissez votre territoire",
            **options,
        )

    def create_structure_type_field(self, field, options):
        options.pop("initial", None)
        options["choices"] = [("", "Choisissez un type de structure"), *STRUCTURE_TYPES]
        return forms.ChoiceField(**options)

    def create_date_field(self, field, options):
        return forms.DateField(widget=IsoDateInput, **options)

    def create_role_field(self, field, options):
        if field.choices.strip():
            return self.create_dropdown_field(field, options)
        return self.create_singleline_field(field, options)

    def get_form_class(self):
        return type("SurveyForm", (SurveyForm,), self.formfields)


class SelectionForm(QueryForm):
    """`?territoire=<slug>&structure=<type>` of a survey's results, exports and comparison:
    a value that is not a territory or a structure type is ignored (every answer)."""

    territoire = SlugChoiceField(Territory.objects.all())
    structure = forms.ChoiceField(choices=STRUCTURE_TYPES, required=False)


class ComparisonForm(QueryForm):
    """`?avec=<id>`: the campaign to compare with, among the comparable ones (the first of
    them when absent or unknown)."""

    avec = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, candidates):
        super().__init__(data)
        self.fields["avec"].choices = [(str(survey.pk), survey.title) for survey in candidates]
        self.candidates = candidates

    def other(self):
        chosen = self.valid_values().get("avec")
        found = next((survey for survey in self.candidates if survey.pk == chosen), None)
        return found or next(iter(self.candidates), None)
