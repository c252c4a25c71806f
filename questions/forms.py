from django import forms
from django.urls import reverse

from portal.forms import CleanTextFormMixin
from portal.models import Territory, Theme
from portal.sanitize import safe_http_url
from questions.capitalise import KINDS
from questions.models import Answer, Frequency, Question

MAX_LINKS = 10


class QuestionFilterForm(CleanTextFormMixin, forms.Form):
    """The list's filters, read from the query string (?thematique=&territoire=&statut=)."""

    STATUSES = [
        ("", "Toutes"),
        ("sans-reponse", "Sans réponse"),
        ("avec-reponse", "Avec réponse"),
        ("acceptee", "Réponse acceptée"),
    ]

    thematique = forms.ModelChoiceField(
        label="Thématique",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Toutes",
    )
    territoire = forms.ModelChoiceField(
        label="Territoire",
        queryset=Territory.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Tous",
    )
    statut = forms.ChoiceField(label="Réponses", choices=STATUSES, required=False)

    def filter(self, questions):
        """`questions` narrowed by the valid filters (an invalid one is reported, ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("thematique"):
            questions = questions.filter(themes=data["thematique"])
        if data.get("territoire"):
            questions = questions.filter(territory=data["territoire"])
        status = data.get("statut")
        if status == "sans-reponse":
            questions = questions.unanswered()
        elif status == "avec-reponse":
            questions = questions.answered()
        elif status == "acceptee":
            questions = questions.filter(accepted_answer__isnull=False)
        return questions


class QuestionForm(CleanTextFormMixin, forms.ModelForm):
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Question
        fields = ["title", "body", "themes", "territory", "links", "sign_publicly"]
        labels = {
            "title": "Votre question",
            "body": "Précisez le contexte",
        }
        help_texts = {
            "title": "Une phrase qui se termine par un point d'interrogation.",
            "body": "Markdown : **gras**, listes, [liens](https://…). "
            "Dites ce que vous avez déjà essayé.",
            "territory": "Le territoire concerné (le vôtre par défaut).",
            "sign_publicly": "Les questions sont réservées aux membres ; si l'animation en "
            "rend une publique, les auteurs n'y apparaissent que par leur territoire, "
            "sauf s'ils cochent cette case.",
        }
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "body": forms.Textarea(attrs={"rows": 8}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["territory"].queryset = Territory.objects.order_by("name")
        self.fields["title"].widget.attrs.update(
            {"autocomplete": "off", "data-similar-url": reverse("questions:similar")}
        )
        if user is not None and not self.is_bound and getattr(user, "territory_id", None):
            self.initial.setdefault("territory", user.territory_id)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 10:
            raise forms.ValidationError("Formulez votre question en au moins 10 caractères.")
        return title

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(f"{MAX_LINKS} liens au plus.")
        for line in lines:
            internal = line.startswith("/") and not line.startswith("//")
            if not internal and not safe_http_url(line):
                raise forms.ValidationError(
                    f"« {line[:80]} » n'est ni une adresse du portail (/flux/…) "
                    "ni une adresse web en http:// ou https://."
                )
        return "\n".join(lines)


class AnswerForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["body", "sign_publicly"]
        labels = {"body": "Votre réponse"}
        help_texts = {"body": "Markdown : **gras**, listes, [liens](https://…)."}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 5:
            raise forms.ValidationError("Votre réponse est trop courte.")
        return body


class FollowForm(CleanTextFormMixin, forms.Form):
    frequency = forms.ChoiceField(
        label="Être prévenu", choices=Frequency.choices, initial=Frequency.IMMEDIATE
    )


class ThemeFollowForm(FollowForm):
    theme = forms.ModelChoiceField(
        label="Thématique", queryset=Theme.objects.order_by("name"), empty_label=None
    )


class ReportForm(CleanTextFormMixin, forms.Form):
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Motif du signalement",
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "Propos déplacé, donnée confidentielle…"}),
    )


class ModerationForm(CleanTextFormMixin, forms.Form):
    ACTIONS = [
        ("masquer", "Masquer"),
        ("afficher", "Afficher"),
        ("publique", "Rendre publique"),
        ("membres", "Réserver aux membres"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    answer = forms.IntegerField(required=False)


class CapitaliseForm(CleanTextFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Créer un brouillon de", choices=list(KINDS.items()), widget=forms.RadioSelect
    )
