"""Small builders and page readers shared by the website's tests."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from archive.models import Article, Event, EventReport, Person, PersonMention, Topic

_EXTERNAL = re.compile(r"^(https?:)?//")

ARTICLE_0 = "kazakhstani-belgian-mps-keen-to-strengthen-bilateral-cooperation"  # 22 June 2021
ARTICLE_1 = (
    "prospects-of-expanding-cooperation-with-kazakhstan-discussed-with-belgian-senates-speaker"
)
ARTICLE_2 = "inter-parliamentary-diplomacy-btw-kazakhstan-and-belgium-discussed"  # [2022-09..]
ARTICLE_3 = (  # devised title, 16 July 2021
    "ambassador-margulan-baimukhan-meets-william-de-baets-diplomatic-advisor-to-the-king-of-belgium"
)
ARTICLE_4 = (
    "kazakhstan-and-belgium-mark-the-30th-anniversary-of-diplomatic-relations"  # 2022, inferred
)


def make_article(slug, *, status=Article.Status.PUBLISHED, date_edtf="2023-05-04", **fields):
    """A minimal article, saved (so its date bounds and search text are derived)."""
    values = {
        "title": f"Report {slug}",
        "body": "Kazakhstan and Belgium met again.\n\nA second paragraph.",
        "raw_text": "Kazakhstan and Belgium met again.",
        "language": "en",
    }
    values.update(fields)
    return Article.objects.create(slug=slug, status=status, date_edtf=date_edtf, **values)


def set_status(slug, status):
    Article.objects.filter(slug=slug).update(status=status)


def make_undated_event(slug="undated-talk"):
    """
    A public event that no report dates: every event of the seed corpus is dated, if only "on
    or before" its report.
    """
    event = Event.objects.create(title="A talk no report dates", slug=slug, kind="other")
    EventReport.objects.create(
        event=event,
        article=Article.objects.get(slug=ARTICLE_1),
        quote="The Belgian Senate has 60 senators",
    )
    return event


def add_published_articles(count, prefix="extra"):
    """`count` more published articles, each with a topic and a person mentioned."""
    topic = Topic.objects.get(slug="trade-and-investment")
    person = Person.objects.get(slug="aigul-kuspan")
    for number in range(count):
        article = make_article(
            f"{prefix}-{number}",
            date_edtf=f"2019-01-{number % 28 + 1:02d}",
            body=f"Aigul Kuspan spoke, number {number}.",
        )
        article.topics.add(topic)
        PersonMention.objects.create(article=article, person=person, surface_forms=["Aigul Kuspan"])


class PageReader(HTMLParser):
    """Collects what the tests look at: scripts, inline styles, handlers, links and JSON-LD."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.json_ld, self.style_elements = [], [], 0
        self.script_sources = []
        self.inline_styles, self.handlers, self.links, self.external = [], [], [], []
        self.headings, self.meta = [], {}
        self._in_json_ld, self._buffer = False, []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.inline_styles.append((tag, value))
            if name.startswith("on"):
                self.handlers.append((tag, name))
            loads_from = tag in ("script", "link", "img", "iframe", "form", "source", "video")
            # A page's other versions (hreflang) are named, not loaded: absolute, as search
            # engines want them.
            loads_from = loads_from and attributes.get("rel") != "alternate"
            if loads_from and name in ("src", "href", "action") and _EXTERNAL.match(value or ""):
                self.external.append((tag, value))
        if tag == "script":
            self.scripts.append(attributes.get("type", ""))
            self.script_sources.append(attributes.get("src", ""))
            self._in_json_ld = attributes.get("type") == "application/ld+json"
            self._buffer = []
        if tag == "style":
            self.style_elements += 1
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag == "meta" and attributes.get("property"):
            self.meta.setdefault(attributes["property"], attributes.get("content"))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._in_json_ld:
            self.json_ld.append(json.loads("".join(self._buffer)))
            self._in_json_ld = False
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._in_json_ld:
            self._buffer.append(data)
        if self._heading is not None:
            self._heading[1] += data


def read_page(response):
    reader = PageReader()
    reader.feed(response.content.decode())
    reader.close()
    return reader


def heading_texts(response, level=None):
    return [text for found, text in read_page(response).headings if level in (None, found)]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_index(client, path="/sitemap.xml"):
    """The addresses of the sitemap pages the index lists."""
    response = client.get(path)
    assert response.status_code == 200
    return [element.text for element in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def sitemap_locations(client):
    """Every address the sitemap lists: the index, then every page of every section it names."""
    locations = []
    for page in sitemap_index(client):
        response = client.get(page.removeprefix("http://testserver"))
        assert response.status_code == 200, page
        root = ET.fromstring(response.content)
        locations += [element.text for element in root.iter(f"{SITEMAP}loc")]
    return locations
