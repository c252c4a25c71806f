"""Personalisation and download of a template: the page routes here and hands itself over."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from communication_kits.documents import CONTENT_TYPES, DocumentFormat, render_document
from communication_kits.forms import PersonaliseForm, field_name
from communication_kits.placeholders import substitute, territory_prefill
from portal.models import Territory
from portal.query_forms import TerritoryQueryForm
from portal.sanitize import render_markdown

# Visitor values must not fill the shared memo of render_markdown: call the function
# beneath the cache (same Markdown settings, same sanitiser).
_render_markdown_uncached = render_markdown.__wrapped__


def fill(page, values):
    """The template's body with the values, as sanitised HTML."""
    names = [placeholder.name for placeholder in page.declared_placeholders()]
    return _render_markdown_uncached(substitute(page.template_body, values, names))


def initial_values(page, territory):
    """(initial form values, {placeholder name: the year and source of its pre-filled figure})."""
    placeholders = page.declared_placeholders()
    known, notes = territory_prefill(territory, [placeholder.name for placeholder in placeholders])
    initial = {"territoire": territory.slug if territory else None}
    for placeholder in placeholders:
        initial[field_name(placeholder.name)] = known.get(placeholder.name, placeholder.default)
    return initial, notes


def _render(request, page, form, *, status=200, preview=None):
    if preview is None and page.template_body.strip():
        preview = fill(page, form.raw_values())
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "preview": preview,
            "has_body": bool(page.template_body.strip()),
            "page_url": page.url,
            "personalise_url": page.url + page.reverse_subpage("personalise"),
            "download_urls": [
                (value, label, page.url + page.reverse_subpage("download", args=[value]))
                for value, label in DocumentFormat.choices
            ],
            "territories": Territory.objects.order_by("name"),
        }
    )
    return TemplateResponse(request, "communication_kits/personalise.html", context, status=status)


@require_http_methods(["GET", "POST"])
def personalise(request, page):
    """GET: the form, pre-filled from ?territoire=; POST: the preview of what was typed."""
    placeholders = page.declared_placeholders()
    if request.method == "POST":
        form = PersonaliseForm(request.POST, placeholders=placeholders)
        if form.is_valid():
            return _render(request, page, form, preview=fill(page, form.values()))
        return _render(request, page, form)
    territory = TerritoryQueryForm(request.GET).valid_values().get("territoire")
    initial, notes = initial_values(page, territory)
    form = PersonaliseForm(initial=initial, placeholders=placeholders, notes=notes)
    return _render(request, page, form)


@require_http_methods(["GET", "POST"])
def download(request, page, fmt):
    """POST the filled form: the document, or the form again with its errors."""
    if request.method == "GET":
        return redirect(page.url + page.reverse_subpage("personalise"))
    if not page.template_body.strip():
        form = PersonaliseForm(request.POST, placeholders=page.declared_placeholders())
        form.is_valid()
        return _render(request, page, form, status=400)
    form = PersonaliseForm(request.POST, placeholders=page.declared_placeholders())
    if not form.is_valid():
        return _render(request, page, form, status=400)
    territory = form.cleaned_data.get("territoire")
    content = render_document(fill(page, form.values()), fmt, title=page.title)
    page.downloads.create(territory=territory, format=fmt)
    filename = download_filename(page, territory, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def download_filename(page, territory, fmt):
    parts = [slugify(page.slug) or "modele"]
    if territory is not None:
        parts.append(slugify(territory.slug))
    return "-".join(part for part in parts if part) + f".{fmt}"
