"""
Names, titles and descriptions in the interface's other languages.

A record's own field (`name`, `title`, `description`) stays its name of record, in English: the
one every lookup, natural key, alias, citation and export uses, whatever language the reader or
the editor has chosen. Beside it, one plain column per other language (`name_kk`, `name_ru`,
`name_fr`, `name_nl`), empty until an editor gives it. A page in Kazakh shows `name_kk`, or the
English name marked as such where there is none yet.

Why columns added here rather than a library that swaps `name` itself for the reader's
language: swapping it rewrites every query that names the field (`filter(name=…)`,
`order_by("name")`, `values("name")`) to the current language's column, so the importer's
matching, a merge or the admin's ordering would quietly change meaning with the editor's
language. Here nothing changes meaning; only what a page chooses to show does.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language, pgettext_lazy

__all__ = ("OTHER_LANGUAGES", "InLanguage", "in_every_language", "in_language", "translatable")

# The interface languages other than the one names of record are written in.
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translatable(*field_names):
    """
    Class decorator: for each of `field_names`, a blank column per other language, of the
    field's own kind and length (`description_ru` beside `description`). The model lists them
    in `translated_fields`.
    """

    def add_columns(model):
        added = {}
        for name in field_names:
            original = model._meta.get_field(name)
            columns = []
            _name, _path, args, kwargs = original.deconstruct()
            for code in OTHER_LANGUAGES:
                kwargs.update(
                    verbose_name=format_lazy(
                        pgettext_lazy("a field of a record, in a language", "{field} ({language})"),
                        field=original.verbose_name,
                        language=dict(settings.LANGUAGES)[code],
                    ),
                    blank=True,
                    unique=False,
                    help_text="",
                )
                column = type(original)(*args, **kwargs)
                column.contribute_to_class(model, f"{name}_{code}")
                columns.append(f"{name}_{code}")
            added[name] = columns
        model.translated_fields = added
        return model

    return add_columns


@dataclass(frozen=True)
class InLanguage:
    """A value as a page shows it, and the language it is really in."""

    text: str
    language: str

    @property
    def is_fallback(self):
        return self.language != get_language()

    def __str__(self):
        return self.text


def in_language(record, field, language=None):
    """
    `record`'s `field` in `language` (the active one by default), else its English value: never
    a third language, so a reader who sees English knows it is the name of record.
    """
    language = language or get_language()
    if language != settings.LANGUAGE_CODE:
        text = getattr(record, f"{field}_{language}", "")
        if text:
            return InLanguage(text, language)
    return InLanguage(getattr(record, field), settings.LANGUAGE_CODE)


def in_every_language(model, *fields):
    """The columns holding `fields` in every language: `["name", "name_kk", …, "name_nl"]`."""
    return [column for field in fields for column in (field, *model.translated_fields[field])]
