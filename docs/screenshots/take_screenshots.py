"""
Takes the README's screenshots (home page and an article page, 1280 px wide) from a running
site, with Debian's Chromium driven by Playwright (both come with `make test`'s requirements):

    make run                                   # in one terminal: the site with the seed corpus
    .venv/bin/python docs/screenshots/take_screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE = (
    "/articles/"
    "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker/"
)
SHOTS = {"home.png": "/", "article.png": ARTICLE}


def main(base_url):
    folder = Path(__file__).parent
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1100}, base_url=base_url)
        for name, path in SHOTS.items():
            page.goto(path)
            page.screenshot(path=str(folder / name))
            print(f"wrote {folder / name}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
