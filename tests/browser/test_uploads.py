"""In Chromium: a document carrying script never runs it in the portal's origin.

The admin refuses HTML and SVG uploads (tests/portal/test_uploads.py); these documents are
stored directly, as an import or an older upload could, to prove the serving side too."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Error as PlaywrightError
from wagtail.documents import get_document_model

# wagtail_root: the root page and collection a previous transactional test flushed away.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

PAYLOAD = b"<script>window.__xss=1</script>"
HTML = b"<!DOCTYPE html><html><head><title>Piege</title></head><body><h1>Piege</h1>" + PAYLOAD
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' + PAYLOAD + b"</svg>"


def document(name, content):
    return get_document_model().objects.create(title=name, file=ContentFile(content, name=name))


def download_of(page, url):
    """Navigates to `url`, which the browser must save as a file rather than open."""
    with page.expect_download(timeout=10_000) as download:
        try:
            page.goto(url)
        except PlaywrightError as error:  # the download aborts the navigation
            if "Download is starting" not in str(error):
                raise
    return download.value


def xss_ran(page):
    return page.evaluate("() => window.__xss !== undefined")


@pytest.mark.parametrize(
    ("name", "content"), [("piege.html", HTML), ("piege.svg", SVG), ("piege.xml", SVG)]
)
def test_script_documents_are_downloaded_not_run(page, site_tree, name, content):
    stored = document(name, content)
    page.goto("/")
    download = download_of(page, stored.url)
    assert download.suggested_filename == name
    assert page.url.endswith("/")  # still on the portal's page, which ran nothing
    assert not xss_ran(page)


def test_an_inline_html_document_is_sandboxed(page, site_tree, settings):
    # Even if someone allowed HTML inline, the sandbox policy keeps its script from running.
    settings.WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain", "text/html"]
    stored = document("inline.html", HTML)
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))

    response = page.goto(stored.url)

    assert response.status == 200
    assert "sandbox" in response.headers["content-security-policy"]
    assert page.get_by_role("heading", name="Piege").is_visible()  # rendered...
    assert not xss_ran(page)  # ...without its script
    assert page.evaluate("() => window.origin") == "null"  # an opaque origin, not ours


def test_a_text_document_shows_the_script_as_text(page, site_tree):
    stored = document("notes.txt", HTML)
    response = page.goto(stored.url)
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>window.__xss=1</script>" in page.locator("body").inner_text()
    assert not xss_ran(page)
