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
    text = plain_marks(text)
    if not text.isascii():  # plain ASCII has nothing to decompose: skip the slow path
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return _SPACES.sub(" ", text).casefold().strip()


def plain_marks(text):
    """`text` with typographic quotes, dashes and no-break spaces as typed on a keyboard."""
    return text.translate(_PUNCTUATION)


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


# --- Names across scripts ---------------------------------------------------------------------
#
# A name reaches the archive in several scripts and romanisations: Назарбаев, Nazarbayev,
# Nazarbaev, Nazarbaïev (French), Nazarbajev (Dutch). `name_key` gives all of them one form:
# the name transliterated to plain Latin letters by anyascii (ISC licence, maintained, covers
# Kazakh's own letters: Қ → Q, Ұ → U, Ә → A; Unidecode does the same but is GPL, which would bind
# the archive's own licence), folded, and then the usual romanisation variants made alike by
# the rules below. The key is for comparing names only, never shown.

# Each rule in turn, over the folded Latin form (lower-case a-z, digits and single spaces). They
# make alike what the romanisations of Kazakh and Russian (English, French, Dutch, German and
# ISO habits) spell differently, so a key may merge a few names that differ; it never separates
# two spellings of one name that these rules cover.
NAME_KEY_RULES = [
    (re.compile(r"zh|dzh|dj"), "j"),  # Zhomart, Jomart (French); Dzhambul, Djamboul
    (re.compile(r"kh"), "h"),  # Mukhtar, Muhtar
    (re.compile(r"gh"), "g"),  # Ғ: Ghabit, Gabit
    (re.compile(r"ph"), "f"),
    (re.compile(r"tch"), "ch"),  # Ч in French: Tchelyabinsk
    (re.compile(r"t[sz]"), "c"),  # Ц: Tsoy, Tsoi; Kazakh Latin writes C
    (re.compile(r"q"), "k"),  # Қ: Toqaev (ISO, Kazakh Latin), Tokayev
    (re.compile(r"x"), "ks"),  # Alexander, Aleksandr
    (re.compile(r"w"), "v"),  # Wladimir, Vladimir
    (re.compile(r"ou|oe"), "u"),  # У in French and Dutch: Noursoultan, Noersoeltan
    (re.compile(r"\by(?=[aeiou])"), ""),  # Е, Ю, Я opening a word: Yerlan, Erlan
    (re.compile(r"y"), "i"),  # Kassym, Kassim; Baymukhan, Baimukhan
    (re.compile(r"(?<=[aeiou])j(?![aeiou])"), "i"),  # Й closing a syllable: Sergej, Sergei
    (re.compile(r"(?<=[aeiou])[ij](?=[aeiou])"), ""),  # Й between vowels: Nazarbayev, Nazarbaev
    (re.compile(r"(?<=[b-df-hj-np-tv-z])iu"), "u"),  # Ю after a consonant: Bryussel, Brussel
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters: Kassym, Kasym; Yessimov, Esimov
]
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def name_key(text):
    """
    A name's search key: `Назарбаев`, `Nazarbayev`, `Nazarbaev` and `NAZARBAÏEV` all give
    `nazarbaev`. Words stay apart (`Kassym-Jomart` gives `kasim jomart`); an apostrophe is
    dropped (`D'Hose` gives `dhose`, `Бельгия`'s soft sign goes).
    """
    from anyascii import anyascii

    key = fold(anyascii(text)).replace("'", "")
    key = _NOT_KEY.sub(" ", key)
    for pattern, replacement in NAME_KEY_RULES:
        key = pattern.sub(replacement, key)
    return " ".join(key.split())


def names_search_text(names):
    """
    What a person's, body's or place's `search_text` holds, given all its names (its own and
    its aliases): the folded names, then after `||` the key of each (see name_key), every one
    ending in ` |`, so that a search can ask for a word beginning a name's key (` key`) or for a
    whole name (`| key |`).
    """
    folded = list(dict.fromkeys(fold(name) for name in names if name))
    keys = list(dict.fromkeys(key for key in map(name_key, names) if key))
    return " | ".join(folded) + " || " + "".join(f"{key} | " for key in keys).rstrip()
