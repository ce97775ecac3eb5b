"""The API docs page in a browser: the Python guide first, then the reference, within the CSP."""

from playwright.sync_api import expect

from .conftest import screenshot


def test_the_api_docs_open_with_the_python_guide_above_a_working_reference(page, site):
    page.goto("/api/docs/")

    expect(
        page.get_by_role("heading", level=1, name="Using the API from Python and pandas")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="A whole list in pandas")).to_be_visible()
    expect(page.locator("#python-guide code[data-guide='pandas']")).to_contain_text(
        'f"{API}/events/?format=csv&page_size=all&year=2021&ordering=date"'
    )
    expect(page.locator("#python-guide code[data-guide='paging']")).to_contain_text(
        f'API = "{site}/api"'
    )
    # Swagger UI still builds the reference below it (a CSP violation would stop it, and the
    # page watch would report it).
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    screenshot(page, "api-docs")
