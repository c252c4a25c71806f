"""The training-needs survey the tests share (training, browser, fuzz): its questions, the
skills it rates, and four answers whose aggregates the tests compute by hand."""

SKILLS = ["Cartographie des flux", "Montage financier", "Réglementation déchets"]

QUESTIONS = [
    {"label": "Votre territoire", "field_type": "territory", "required": True},
    {"label": "Type de structure", "field_type": "structure_type", "required": True},
    {"label": "Votre fonction", "field_type": "role"},
    {
        "label": "Vos besoins",
        "field_type": "skill_scale",
        "choices": "\n".join(SKILLS),
        "required": True,
    },
    {"label": "Format préféré", "field_type": "radio", "choices": "Présentiel\nDistanciel"},
    {"label": "Moments", "field_type": "checkboxes", "choices": "Matin\nAprès-midi\nSoir"},
    {"label": "Vos attentes", "field_type": "multiline"},
]

KNOWN_ANSWERS = [
    # territory, structure, scores (cartographie, montage, réglementation), format, moments, text
    ("vallee-demo", "association", (5, 4, 1), "Présentiel", ["Matin"], "Des cas concrets"),
    ("vallee-demo", "collectivite", (4, 2, 2), "Distanciel", ["Matin", "Soir"], ""),
    ("plateau-exemple", "association", (3, 5, 3), "Présentiel", [], "<script>x</script>"),
    ("plateau-exemple", "entreprise", (2, 4, 5), "Présentiel", ["Soir"], "=1+1"),
]


def store_known_answers(survey):
    """KNOWN_ANSWERS stored on `survey` (a survey of QUESTIONS, territories "vallee-demo"
    and "plateau-exemple" created)."""
    for number, (territory, structure, scores, fmt, moments, text) in enumerate(KNOWN_ANSWERS):
        survey.store_answer(
            f"test:{number}",
            {
                "votre_territoire": territory,
                "type_de_structure": structure,
                "votre_fonction": "Animatrice",
                "vos_besoins": dict(zip(SKILLS, scores, strict=True)),
                "format_prefere": fmt,
                "moments": moments,
                "vos_attentes": text,
            },
        )
    return survey
