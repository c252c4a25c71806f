"""Uploads through the Wagtail admin: only the allowed document and image types and sizes."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.factories import UserFactory

pytestmark = pytest.mark.django_db

XSS = b"<script>window.__xss=1</script>"


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def png(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def form_errors(response):
    assert response.status_code == 200, "the form is shown again, with its errors"
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


def test_an_allowed_document_is_stored(editor):
    response = upload_document(editor, "compte-rendu.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="compte-rendu.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("piege.html", XSS),
        ("piege.htm", XSS),
        ("piege.svg", b'<svg xmlns="http://www.w3.org/2000/svg">' + XSS + b"</svg>"),
        ("piege.xml", b"<?xml version='1.0'?><x/>"),
        ("piege.js", b"alert(1)"),
        ("piege.exe", b"MZ"),
    ],
)
def test_script_carrying_documents_are_refused(editor, name, content):
    errors = form_errors(upload_document(editor, name, content))
    assert "Extension" in errors or "extension" in errors
    assert not get_document_model().objects.filter(title=name).exists()


def test_documents_over_the_size_limit_are_refused(editor):
    too_big = b"0" * (settings.WAGTAILDOCS_MAX_UPLOAD_SIZE + 1)
    errors = form_errors(upload_document(editor, "enorme.csv", too_big))
    assert "20" in errors  # the message states the limit in MB
    assert not get_document_model().objects.filter(title="enorme.csv").exists()


def test_an_allowed_image_is_stored(editor):
    response = upload_image(editor, "photo.png", png())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="photo.png").exists()


def test_svg_images_are_refused(editor):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">' + XSS + b"</svg>"
    errors = form_errors(upload_image(editor, "logo.svg", svg))
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert errors
    assert not get_image_model().objects.filter(title="logo.svg").exists()


def test_images_over_the_size_limit_are_refused(editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024  # the rule, on a small file
    errors = form_errors(upload_image(editor, "grande.png", png((600, 600)) + b"\0" * 2048))
    assert errors
    assert not get_image_model().objects.filter(title="grande.png").exists()
