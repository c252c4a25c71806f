"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against
pytest-django's live server. Screenshots go to var/screenshots/ for review."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (fixtures, assertions on the database) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
]


def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Debian's chromium is required for the browser tests "
            "(apt-get install chromium, or set CHROMIUM_PATH)."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") saves var/screenshots/<test name>/<n>-<step>.png."""
    directory = Path(settings.VAR_DIR) / "screenshots" / request.node.name
    directory.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(page, step):
        path = directory / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def open_page(browser, live_server):
    """open_page() gives a page in a new browser context (another person, own cookies)."""
    contexts = []

    def open_new():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_new
    for context in contexts:
        context.close()


@pytest.fixture
def mobile_page(browser, live_server):
    """A page in a phone-sized context: 375 × 812 CSS pixels, touch, device scale 2."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def wagtail_root(transactional_db):
    """Wagtail's root page and root collection, which the flush after a previous
    transactional test removed (use it before site_tree or seed_demo)."""
    from tests.support.wagtail_data import wagtail_base_data

    wagtail_base_data()
