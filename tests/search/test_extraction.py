"""Attachments: their text is searchable; broken files are logged, never raised."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search import service
from search.engines import elasticsearch as es
from search.engines.base import SearchQuery
from search.extraction import extract_bytes
from tests.search.pdf import pdf_bytes

pytestmark = pytest.mark.django_db


def test_pdf_docx_and_broken_files():
    assert "pneumatiques usagés" in extract_bytes(
        pdf_bytes("Collecte des pneumatiques usag\xe9s"), "pdf"
    )
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Charte de la mutualisation des achats")
    document.save(buffer)
    assert extract_bytes(buffer.getvalue(), "docx") == "Charte de la mutualisation des achats"
    assert extract_bytes(b"not a pdf", "pdf") == ""
    assert extract_bytes(b"data", "exe") == ""


@pytest.mark.parametrize("engine_name", ["elasticsearch", "database"])
def test_pdf_attachment_phrase_finds_its_page(engine_name, build, settings):
    document = get_document_model().objects.create(
        title="Rapport annuel",
        file=ContentFile(pdf_bytes("Inventaire des palettes consignees"), name="rapport.pdf"),
    )
    build.page("Page avec rapport", attachments=[document])
    build.page("Page sans rapport")
    if engine_name == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        es.refresh()
    response = service.search(SearchQuery(q="palettes consignées"), None)
    assert [r.title for r in response.results] == ["Page avec rapport"]
    assert any("<mark>" in fragment for fragment in response.results[0].highlight)
