"""
Text folding: the one place that decides when two spellings count as the same; and the one
form curated text is kept in.

The seed texts use typographic quotes and apostrophes (« » ‘ ’), dashes (–) and, in names,
letters with accents; readers type straight quotes and plain letters. Folding maps both to one
form, so that `D'Hose` finds `D’Hose` and `Ms kuspan` finds `Ms Kuspan`, in search, in name
matching and in the hints given to editors.
"""

import hashlib
import re
import unicodedata

# Typographic marks and their plain keyboard equivalents.
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u02bc": "'",  # ʼ
        "\u0060": "'",  # `
        "\u00b4": "'",  # ´
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2039": '"',  # ‹
        "\u203a": '"',  # ›
        "\u2010": "-",  # ‐
        "\u2011": "-",  # ‑
        "\u2012": "-",  # ‒
        "\u2013": "-",  # –
        "\u2014": "-",  # —
        "\u2212": "-",  # −
        "\u00a0": " ",  # no-break space
    }
)
_SPACES = re.compile(r"\s+")


def fold(text):
    """Case-, accent-, quote- and dash-insensitive form of `text`, with spaces collapsed."""
    text = text.translate(_PUNCTUATION)
    if not text.isascii():  # plain ASCII has nothing to decompose: skip the slow path
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return _SPACES.sub(" ", text).casefold().strip()


def normalise_text(text):
    """
    `text` in the one form the archive keeps curated text in: `\\n` line ends (a browser's
    textarea posts `\\r\\n`, old Mac files have a lone `\\r`) and Unicode NFC (an accented
    letter is one character, however it was typed or pasted). Anything not a string is returned
    as it is.
    """
    if not isinstance(text, str):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_digest(original):
    """
    SHA-256 of an original as the archive compares texts: normalised (see normalise_text),
    without a byte-order mark or white space around it. The same text pasted in a browser
    (`\\r\\n`), saved on Windows or in decomposed Unicode gives the same digest.
    """
    text = normalise_text(original.lstrip("\ufeff")).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
