"""
Takes the README's screenshots from a running site, with Debian's Chromium driven by
Playwright (both come with `make test`'s requirements): the home page on a desktop (1280 px
wide), an article on a phone (360 px wide, the first screen a reader sees), and the same
article on a desktop in Kazakh and in French (the interface in the reader's language, the
text as its source published it), and the network and the map of places on a desktop.

    make run                                   # in one terminal: the site with the seed corpus
    .venv/bin/python docs/screenshots/take_screenshots.py [http://127.0.0.1:8000] [NAME.png ...]

Names after the address take only those screenshots (article-kk.png article-fr.png, say).
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
DESKTOP = {"width": 1280, "height": 1100}
PHONE = {"width": 360, "height": 740}
# File name: (address, viewport, device scale factor: a phone's screen is drawn at 2x, and
# the element to show whole, or None for the first screen).
SHOTS = {
    "home.png": ("/", DESKTOP, 1, None),
    "article-phone.png": (ARTICLE, PHONE, 2, None),
    "article-kk.png": (f"/kk{ARTICLE}", DESKTOP, 1, None),
    "article-fr.png": (f"/fr{ARTICLE}", DESKTOP, 1, None),
    "network.png": ("/network/", DESKTOP, 1, ".network-figure"),
    "map.png": ("/places/", DESKTOP, 1, None),
}


def main(base_url, names=()):
    folder = Path(__file__).parent
    unknown = set(names) - set(SHOTS)
    if unknown:
        sys.exit(f"No such screenshot: {', '.join(sorted(unknown))} (there are {', '.join(SHOTS)})")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for name, (path, viewport, scale, element) in SHOTS.items():
            if names and name not in names:
                continue
            context = browser.new_context(
                viewport=viewport, device_scale_factor=scale, base_url=base_url
            )
            page = context.new_page()
            page.goto(path)
            if element:
                page.locator(element).screenshot(path=str(folder / name))
            else:
                page.screenshot(path=str(folder / name))
            context.close()
            print(f"wrote {folder / name}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000", sys.argv[2:])
