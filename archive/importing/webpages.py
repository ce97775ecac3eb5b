"""
Reading a web page (Kazinform, an MFA press release, a Belgian federal page) as a press text.

The page's HTML is the original, kept byte for byte (ReceivedFile). From it come:

- the text: the page's main text as trafilatura finds it (menus, footers and comments left
  out), one paragraph to a block, which becomes the article's `raw_text` and goes through the
  same parser as a pasted text (dateline, printed date, "Author:" block);
- the title, date and authors, from the page's own statements about itself, in this order:
  OpenGraph (`og:title`, `article:published_time`), schema.org JSON-LD (`headline`,
  `datePublished`, `author`), `<meta name="author">`, the first `<time datetime>`, then the
  page's first `<h1>` or its `<title>` for a title. Each value found records where it came
  from ("og:title"); a value the page does not state stays empty and is flagged, as for a
  pasted text. Nothing is guessed: no date from the address or the text's wording, no title
  made up.
"""

import json
import re
from datetime import date, time

import lxml.html
import trafilatura
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml.etree import ParserError

from archive.text import normalise_text

from .fetching import FetchError, fetch
from .importer import (
    FileResult,
    Outcome,
    PageStatements,
    ReceivedOriginal,
    UnreadableFile,
    import_one,
)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


class Source:
    """The part of a page a value was read from, named for the editor."""

    OG_TITLE = "og:title"
    OG_PUBLISHED = "og:article:published_time"
    JSONLD_HEADLINE = "JSON-LD headline"
    JSONLD_PUBLISHED = "JSON-LD datePublished"
    JSONLD_AUTHOR = "JSON-LD author"
    META_AUTHOR = '<meta name="author">'
    TIME_ELEMENT = "<time datetime>"
    H1 = "<h1>"
    TITLE_ELEMENT = "<title>"
    MAIN_TEXT = gettext_noop("trafilatura main text")


def looks_like_html_name(name):
    return name.lower().endswith(HTML_SUFFIXES)


def decode_html(data, charset=""):
    """
    The page's text: in the charset its server named, else the one its <meta> names, else
    UTF-8; raises UnreadableFile when it is none of these.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(_("binary file (it contains NUL bytes), not a web page"))
    candidates = [charset]
    if found := _META_CHARSET.search(data[:4096]):
        candidates.append(found.group(1).decode("ascii"))
    candidates.append("utf-8")
    for candidate in filter(None, candidates):
        try:
            return data.decode(candidate.strip().lower().replace("utf8", "utf-8"))
        except (LookupError, UnicodeDecodeError):
            continue
    raise UnreadableFile(_("not a web page this archive can read: its characters are not UTF-8"))


def _clean(value):
    return " ".join(normalise_text(str(value)).split()) if value else ""


def _iso_date(value):
    """A date (and a time of day) the page states in ISO 8601, as written; or (None, None)."""
    found = _ISO_DATE.match(str(value or ""))
    if not found:
        return None, None
    try:
        day = date.fromisoformat(found[1])
        moment = time(int(found[2]), int(found[3]), int(found[4] or 0)) if found[2] else None
    except ValueError:
        return None, None
    return day, moment


def _json_ld_items(tree):
    """Every JSON-LD object on the page, @graph entries included."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def _names(value):
    """schema.org author(s): a name, a Person or Organization, or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and (name := _clean(name)) and not name.startswith("http"):
            names.append(name)
    return names


def _first(tree, xpath):
    for value in tree.xpath(xpath):
        if cleaned := _clean(value if isinstance(value, str) else value.text_content()):
            return cleaned
    return ""


def _json_ld_value(items, key):
    return next((item[key] for item in items if item.get(key)), None)


def read_statements(tree):
    """The title, date and authors the page states about itself, with where each came from."""
    statements = PageStatements()
    json_ld = list(_json_ld_items(tree))
    titles = [
        (_first(tree, '//meta[@property="og:title"]/@content'), Source.OG_TITLE),
        (_clean(_json_ld_value(json_ld, "headline")), Source.JSONLD_HEADLINE),
        (_first(tree, "//h1"), Source.H1),
        (_first(tree, "//title"), Source.TITLE_ELEMENT),
    ]
    for title, source in titles:
        if title:
            statements.title, statements.provenance["title"] = title[:500], source
            break

    dates = [
        (_first(tree, '//meta[@property="article:published_time"]/@content'), Source.OG_PUBLISHED),
        (str(_json_ld_value(json_ld, "datePublished") or ""), Source.JSONLD_PUBLISHED),
        (_first(tree, "//time/@datetime"), Source.TIME_ELEMENT),
    ]
    for value, source in dates:
        day, moment = _iso_date(value)
        if day:
            statements.published_date, statements.published_time = day, moment
            statements.provenance["date"] = f"{source} ({value.strip()[:60]})"
            break

    authors = [
        (_names(_json_ld_value(json_ld, "author") or []), Source.JSONLD_AUTHOR),
        ([_first(tree, '//meta[@name="author"]/@content')], Source.META_AUTHOR),
    ]
    for names, source in authors:
        if names := [name for name in names if name]:
            statements.bylines, statements.provenance["authors"] = names, source
            break
    return statements


def read_page(data, charset="", url=""):
    """
    The page's main text and its statements (PageStatements); raises UnreadableFile when the
    bytes are not a web page or it has no main text.
    """
    html = decode_html(data, charset)
    if not re.search(r"<(html|body|p|div|article)\b", html[:200_000], re.I):
        raise UnreadableFile(_("not a web page: no HTML found in it"))
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8"))
    except (ParserError, ValueError) as error:
        raise UnreadableFile(_("not a web page: %s") % error) from error
    statements = read_statements(tree)
    extracted = trafilatura.extract(
        html, url=url or None, include_comments=False, include_tables=True, with_metadata=False
    )
    paragraphs = [line.strip() for line in (extracted or "").split("\n") if line.strip()]
    if not paragraphs:
        raise UnreadableFile(_("no main text found in the page"))
    statements.provenance = {"text": Source.MAIN_TEXT, **statements.provenance}
    return "\n\n".join(paragraphs) + "\n", statements


def import_page(data, name, *, fetched=None, **options):
    """
    Import a web page's bytes (uploaded as `name`, or `fetched`: a fetching.Fetched) through
    the importer (import_one), keeping the bytes as the article's received file.
    """
    charset, url = (fetched.charset, fetched.url) if fetched else ("", "")
    try:
        text, statements = read_page(data, charset, url)
    except UnreadableFile as error:
        return FileResult(name, Outcome.FAILED, str(error))
    received = ReceivedOriginal(
        data=data,
        name=name,
        media_type=fetched.media_type if fetched else "text/html",
        statements=statements,
        url=url,
        requested_url=fetched.requested_url if fetched else "",
        fetched_at=fetched.fetched_at if fetched else None,
    )
    return import_one(text.encode("utf-8"), name, received=received, **options)


def import_url(url, **options):
    """Fetch the page at `url` and import it; a page that cannot be fetched says why."""
    try:
        fetched = fetch(url)
    except FetchError as error:
        return FileResult(url, Outcome.FAILED, str(error))
    return import_page(fetched.data, fetched.name, fetched=fetched, **options)
