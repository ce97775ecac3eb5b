"""
The API docs page's guide for Python and pandas: it is there, above the reference, and its
code does what it says against a running archive.
"""

import contextlib
import html
import io
import re

import requests

GUIDE_CODE = re.compile(r'<code class="language-python" data-guide="(\w+)">(.*?)</code>', re.S)


def guide_code(page):
    return {name: html.unescape(code) for name, code in GUIDE_CODE.findall(page)}


def test_the_docs_page_opens_with_the_python_and_pandas_guide(client, db):
    page = client.get("/api/docs/").content.decode()

    assert "<h1>Using the API from Python and pandas</h1>" in page
    assert page.index('id="python-guide"') < page.index('id="swagger-ui"')
    code = guide_code(page)
    assert set(code) == {"paging", "pandas", "errors"}
    assert 'API = "http://testserver/api"' in code["paging"]
    assert "?format=csv&page_size=all&year=2021" in code["pandas"]
    assert "pd.read_csv(" in code["pandas"]
    assert 'problem["type"]' in code["errors"]


def test_the_guides_paging_and_error_handling_run_as_shown(transactional_db, live_server, corpus):
    # The pandas example reads the CSV in one go with page_size=all; paging and errors are
    # run here against a live server, as a reader would paste them.
    page = requests.get(f"{live_server.url}/api/docs/", timeout=30).text
    code = guide_code(page)
    printed = io.StringIO()
    namespace = {}

    with contextlib.redirect_stdout(printed):
        exec(code["paging"], namespace)
        exec(code["errors"], namespace)

    lines = printed.getvalue().splitlines()
    assert lines[0].startswith("3 Kazakhstani, Belgian MPs keen to strengthen")
    assert lines[0].endswith(" 2021-06-22")
    assert lines[1] == "date_after: Enter a valid date as YYYY-MM-DD, e.g. 2021-10-01."
    assert [article["date"]["sort"] for article in namespace["articles"]] == [
        "2021-06-22",
        "2021-07-16",
        "2021-10-17",
    ]
