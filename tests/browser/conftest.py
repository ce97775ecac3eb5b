"""
The real-browser suite: Debian's Chromium, driven by Playwright, against a live server.

Chromium is not downloaded by Playwright: the suite drives the system's `/usr/bin/chromium`
(Debian package `chromium`). When it is missing every browser test FAILS with a message that
says how to install it, so that a machine without a browser never passes silently.

Every page a test opens is watched: a console error, an uncaught script error or a failed
request (4xx/5xx for a page, a stylesheet, an image) fails the test. Screenshots go to
`test-artifacts/screenshots/` (git-ignored).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# the fixtures' database work as "async unsafe". The test database is used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def pytest_collection_modifyitems(items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}, so the browser tests cannot run. "
            "Install it with: apt-get install chromium (Debian/Ubuntu). "
            "Or set CHROMIUM_PATH to another Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """What went wrong in the browser while a test ran."""

    def __init__(self):
        self.problems = []
        self.allowed = set()  # URLs a test opens on purpose with a 4xx (a 404 page, say)

    def allow(self, url):
        self.allowed.add(url)

    def on_console(self, message):
        url = message.location.get("url")
        if url in self.allowed and message.text.startswith("Failed to load resource"):
            return  # Chromium's own note on a 4xx page the test asked for
        if message.type == "error":
            self.problems.append(f"console error on {message.location.get('url')}: {message.text}")

    def on_page_error(self, error):
        self.problems.append(f"uncaught error: {error}")

    def on_response(self, response):
        if response.status >= 400 and response.url not in self.allowed:
            self.problems.append(f"{response.status} for {response.url}")

    def on_request_failed(self, request):
        # ERR_ABORTED: the browser dropped the request because the test moved on to another
        # page (a favicon still loading, say); it is navigation, not a fault of the site.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture(autouse=True)
def staff_groups(request):
    """
    The groups "Editors" and "Publishers" with their permissions, as the migrations make them.
    A live server's test flushes the database after it, groups and all, which would leave the
    next test's users (made in the test itself, not only by the fixtures) without a group.
    """
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from archive.roles import GROUP_PERMISSIONS

    from ..conftest import role_group

    for name in GROUP_PERMISSIONS:
        role_group(name)


@pytest.fixture
def site(live_server, corpus):
    """The live server's base URL, with the curated corpus loaded and its related reports."""
    from archive.models import RelatedArticle

    if not RelatedArticle.objects.exists():
        call_command("rebuild_related", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser, site, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    watch = PageWatch()
    tab = context.new_page()
    tab.on("console", watch.on_console)
    tab.on("pageerror", watch.on_page_error)
    tab.on("response", watch.on_response)
    tab.on("requestfailed", watch.on_request_failed)
    tab.watch = watch
    yield tab
    context.close()
    assert watch.problems == [], "\n".join(watch.problems)


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def java_or_fail():
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is not installed, so the Nu Html Checker (vnu.jar) cannot run. "
            "Install it with: apt-get install default-jre-headless (Debian/Ubuntu).",
            pytrace=False,
        )
    return java
