"""
Which of the archive's five languages a press text is written in, as an inference.

Lingua (lingua-language-detector) is restricted to English, Kazakh, Russian, French and Dutch:
among five it is surer, and a Kazakh text is never taken for Kyrgyz or Tatar, which the archive
does not hold. Its models are inside the wheel (nothing is downloaded), and
are loaded on the first detection only, so a web worker that never imports never holds them
(about 170 MB once loaded, kept for the process).

A guess is refused rather than made up: a text with too few letters, or in which no language
reaches MIN_CONFIDENCE, or where the longest language covers less than MIN_SHARE of the
letters (a text in two languages), is not given a language; the article keeps the default,
and the reason is shown to the editor.
"""

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = (
    "LANGUAGES",
    "MAX_SAMPLE",
    "MIN_CONFIDENCE",
    "MIN_LETTERS",
    "MIN_SHARE",
    "MIXED_FROM_LETTERS",
    "LanguageGuess",
    "choose_language",
    "detect_language",
)

# The archive's languages, as Django knows them (settings.LANGUAGES): en, kk, ru, fr, nl.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# Measured on the seed texts and on short sentences written in each language (see the commit
# adding this module): below 20 letters, two-word phrases ("Депутаты парламента") are mistaken.
MIN_LETTERS = 20
# Its mistakes on short phrases came at 50-54%; its right answers on sentences at 80% or more.
MIN_CONFIDENCE = 0.8
MIN_SHARE = 0.75
# Sections of a sentence or two are unreliable ("Trade turnover amounted to 419.7 million US
# dollars." splits into English and French): shorter texts are judged by confidence alone.
MIXED_FROM_LETTERS = 80
# The language of a long text is read from its opening: enough to be sure, and quick.
MAX_SAMPLE = 5000


class Basis:
    """How an article's language was set: by the editor, detected, or kept by default (why)."""

    GIVEN = "given"
    DETECTED = "detected"
    TOO_SHORT = "too short"
    MIXED = "mixed"
    UNSURE = "unsure"


@dataclass
class LanguageGuess:
    """The language an article was given at import, and on what basis."""

    code: str
    basis: str
    confidence: float | None = None
    shares: dict = field(default_factory=dict)  # language code -> share of the letters

    @property
    def detected(self):
        return self.basis == Basis.DETECTED

    @property
    def kept_default(self):
        return self.basis in (Basis.TOO_SHORT, Basis.MIXED, Basis.UNSURE)

    def describe(self):
        """One line for the import summary."""
        if self.basis == Basis.GIVEN:
            return _("%(code)s, given by the editor") % {"code": self.code}
        if self.detected:
            return _("%(code)s, detected (confidence %(confidence)d%%)") % {
                "code": self.code,
                "confidence": round(self.confidence * 100),
            }
        return _("%(code)s kept by default: %(reason)s") % {
            "code": self.code,
            "reason": self.reason(),
        }

    def reason(self):
        if self.basis == Basis.TOO_SHORT:
            return _("the text is too short to tell its language")
        if self.basis == Basis.MIXED:
            mix = ", ".join(
                f"{code} {round(share * 100)}%"
                for code, share in sorted(self.shares.items(), key=lambda item: -item[1])
            )
            return _("the text mixes languages (%s)") % mix
        return _("no language is likely enough (at best %(code)s, %(confidence)d%%)") % {
            "code": next(iter(self.shares), "?"),
            "confidence": round((self.confidence or 0) * 100),
        }

    def editorial_note(self):
        """The line the article's editorial note keeps about a detected language."""
        return _(
            "Language (%(code)s) detected automatically at import, confidence %(confidence)d%%; "
            "not checked by an editor."
        ) % {"code": self.code, "confidence": round(self.confidence * 100)}


_detector = None
_detector_lock = threading.Lock()


def _lingua():
    """The detector and its languages by code, built once per process on first use."""
    global _detector
    with _detector_lock:
        if _detector is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            languages = {
                Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())): code
                for code in LANGUAGES
            }
            _detector = (
                LanguageDetectorBuilder.from_languages(*languages).build(),
                languages,
            )
    return _detector


def _letters(text):
    return sum(1 for char in text if char.isalpha())


def detect_language(text, default=None):
    """A LanguageGuess for `text`: its language if the detector is sure, else the default."""
    default = default or settings.LANGUAGE_CODE
    sample = text[:MAX_SAMPLE]
    letters = _letters(sample)
    if letters < MIN_LETTERS:
        return LanguageGuess(default, Basis.TOO_SHORT)
    detector, languages = _lingua()
    shares = _shares(detector, languages, sample) if letters >= MIXED_FROM_LETTERS else {}
    top = max(shares, key=shares.get, default=None)
    if top is not None and shares[top] < MIN_SHARE:
        return LanguageGuess(default, Basis.MIXED, shares=shares)
    best = detector.compute_language_confidence_values(sample)[0]
    code, confidence = languages[best.language], best.value
    if (top is not None and code != top) or confidence < MIN_CONFIDENCE:
        return LanguageGuess(default, Basis.UNSURE, confidence, {code: confidence})
    return LanguageGuess(code, Basis.DETECTED, confidence, shares)


def _shares(detector, languages, sample):
    """The share of the letters of `sample` in each language its sections are written in."""
    letters = {}
    for section in detector.detect_multiple_languages_of(sample):
        code = languages[section.language]
        count = _letters(sample[section.start_index : section.end_index])
        letters[code] = letters.get(code, 0) + count
    total = sum(letters.values())
    return {code: count / total for code, count in letters.items()} if total else {}


def choose_language(text, given=""):
    """The editor's language if given, else the detected one (see detect_language)."""
    if given:
        return LanguageGuess(given, Basis.GIVEN)
    return detect_language(text)
