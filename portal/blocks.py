"""StreamField blocks shared by every knowledge page."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from portal.numbers import format_number
from portal.sanitize import render_markdown

BLOCK_TEMPLATES = "components/streamfield/blocks"


class MarkdownBlock(blocks.TextBlock):
    """Markdown source, rendered to HTML through the one sanitiser."""

    def render_basic(self, value, context=None):
        return render_markdown(value)

    def get_searchable_content(self, value):
        return [value]

    class Meta:
        icon = "code"
        rows = 8
        label = "Texte (Markdown)"
        description = "Texte mis en forme en Markdown : titres, listes, liens, tableaux."
        preview_value = "## Étapes clés\n\n- Cartographier les flux\n- Réunir les entreprises"


class KeyFigureValue(blocks.StructValue):
    def display(self):
        """The value in French notation with its unit, e.g. "1 250,5 t"."""
        text = format_number(self.get("value"))
        return f"{text} {self.get('unit') or ''}".strip()


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.DecimalBlock(label="Valeur", min_value=0, decimal_places=2)
    unit = blocks.CharBlock(label="Unité", max_length=30, required=False)
    label = blocks.CharBlock(label="Libellé", max_length=120)

    class Meta:
        icon = "pick"
        template = f"{BLOCK_TEMPLATES}/key_figure_block.html"
        value_class = KeyFigureValue
        label = "Chiffre clé"
        description = "Un chiffre, son unité et ce qu'il mesure."
        preview_value = {"value": "1250", "unit": "t", "label": "de déchets évités par an"}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre de l'étape", max_length=200)
    text = MarkdownBlock(label="Description", required=False)

    class Meta:
        icon = "list-ol"
        template = f"{BLOCK_TEMPLATES}/step_block.html"
        label = "Étape"
        description = "Une étape : un titre et sa description."
        preview_value = {"title": "Réaliser le diagnostic des flux", "text": "Visiter les sites."}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Document")
    title = blocks.CharBlock(label="Intitulé", required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = f"{BLOCK_TEMPLATES}/document_block.html"
        label = "Document"
        description = "Un document à télécharger."


class BaseStreamBlock(blocks.StreamBlock):
    markdown = MarkdownBlock(group="Texte")
    rich_text = blocks.RichTextBlock(
        label="Texte riche",
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        group="Texte",
        icon="pilcrow",
        template=f"{BLOCK_TEMPLATES}/rich_text_block.html",
        description="Texte mis en forme avec l'éditeur.",
    )
    image = ImageBlock(
        label="Image",
        group="Médias",
        template=f"{BLOCK_TEMPLATES}/image_block.html",
        description="Une image avec son texte alternatif.",
    )
    document = DocumentLinkBlock(group="Médias")
    key_figures = blocks.ListBlock(
        KeyFigureBlock(),
        label="Chiffres clés",
        icon="table",
        group="Données",
        template=f"{BLOCK_TEMPLATES}/key_figures_block.html",
        description="Une série de chiffres clés.",
    )
    steps = blocks.ListBlock(
        StepBlock(),
        label="Étapes ordonnées",
        icon="list-ol",
        group="Données",
        template=f"{BLOCK_TEMPLATES}/steps_block.html",
        description="Des étapes numérotées, dans l'ordre.",
    )

    class Meta:
        block_counts = {}
