"""
A page's text as its reader meets it, and the archive's own data told apart from it: what
tests/test_page_translations.py reads to find English the interface left untranslated.
"""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

MASK = "\x00"  # where something was taken out: no word runs across it
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")


def as_pattern(text):
    """
    A msgid as a regular expression over visible text: its tags dropped, a short value in each
    placeholder, its first letter in either case (a label is often capitalised).
    """
    text = " ".join(TAG.sub("", text).split())
    pattern = f"[^{MASK}]{{1,80}}?".join(re.escape(part) for part in PLACEHOLDER.split(text))
    if text[:1].isalpha():
        pattern = f"[{text[0].lower()}{text[0].upper()}]" + pattern[len(re.escape(text[0])) :]
    return pattern


def words(pattern):
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


# Phrasing content: its text joins the text around it, as a reader reads it.
# fmt: off
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr",
}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}
# fmt: on
# What a reader meets besides text: shown on hover, read aloud, or shown by site.js.
SPOKEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-scroll-hint"}
# Not words of the interface: scripts, and a parameter's name in <code> (the address's).
SILENT = {"script", "style", "template", "code"}


class VisibleText(HTMLParser):
    """
    What a reader meets on a page, as pieces: the text of each block (its links, marks and
    spans joined in), and the attributes above. Text marked as another language than the
    page's (an article's body, a language's own name in the menu) is left out: it is not the
    interface's.
    """

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.pieces = []
        self._buffer = []
        self._stack = [("", language, False)]  # (tag, its language, silent)

    @property
    def _muted(self):
        _tag, language, silent = self._stack[-1]
        return silent or language != self.language

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        if text:
            self.pieces.append(text)
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        _parent, language, silent = self._stack[-1]
        if attributes.get("lang"):
            language = attributes["lang"].split("-")[0]
        silent = silent or tag in SILENT
        if tag not in INLINE:
            self._flush()
        if not silent and language == self.language:
            self.pieces += [value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
                self.pieces.append(attributes.get("value") or "")
            if tag == "meta" and attributes.get("name") == "description":
                self.pieces.append(attributes.get("content") or "")
        if tag == "br":
            self._buffer.append(" ")
        if tag not in VOID:
            self._stack.append((tag, language, silent))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self._flush()
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break

    def handle_data(self, data):
        if not self._muted:
            self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def visible_text(html, language):
    reader = VisibleText(language)
    reader.feed(html)
    reader.close()
    return [" ".join(piece.split()) for piece in reader.pieces if piece.strip()]


def database_strings():
    """Every text the archive's records hold, whole and line by line: what pages quote."""
    strings = set()
    for model in apps.get_app_config("archive").get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            # A choice is stored as a code and shown by its translated label; a slug is shown
            # in addresses only.
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and not field.choices
            and not isinstance(field, models.SlugField)
        ]
        for row in model._default_manager.values_list(*fields) if fields else ():
            for value in row:
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str):
                        strings.add(" ".join(text.split()))
                        strings.update(" ".join(line.split()) for line in text.splitlines())
    # A code of two letters ("en", "BE") would hide a word of the interface's language.
    return {text for text in strings if len(text) > 2}


ADDRESS = re.compile(r"https?://\S+")  # a citation's link: the archive's address, not words
EDGES = " …·,.;:!?()[]“”\"'’‘«»—–-/|"


class Data:
    """The database's strings, to take out of a page's text before looking for English."""

    def __init__(self):
        self.strings = database_strings()
        ordered = sorted(self.strings, key=len, reverse=True)
        # A name and a role in two spans meet without a space ("Margulan BaimukhanAmbassador
        # of …"), so a value is found inside a word too; but a lower-case word ("date", a
        # correction's field) only as a word.
        self.pattern = re.compile(
            "|".join(
                rf"(?<!\w){re.escape(text)}(?!\w)"
                if text.islower() and " " not in text
                else re.escape(text)
                for text in ordered
            )
        )

    def quotes(self, text):
        return any(text in string for string in self.strings)

    def masked(self, piece, msgids):
        """
        `piece` with the database's strings masked: every whole value (a name, a title, a
        paragraph, a note), and a passage between "…" that the database holds in part (a
        search result's snippet, a shortened title) unless it is a msgid on its own.
        """
        piece = ADDRESS.sub(MASK, piece)
        spans = [match.span() for match in self.pattern.finditer(piece)]
        start = 0
        for part in piece.split("…"):
            core = part.strip(EDGES)
            if " " in core and core not in msgids and self.quotes(core):
                spans.append((start, start + len(part)))
            start += len(part) + 1
        characters = list(piece)
        for begin, end in spans:
            characters[begin:end] = MASK * (end - begin)
        return "".join(characters)
