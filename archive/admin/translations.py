"""The columns holding a record's name and description in the other languages, in its admin."""

from django.utils.translation import gettext_lazy as _

from ..models.translations import OTHER_LANGUAGES


class InOtherLanguagesAdmin:
    """
    A record's name (or title) and description in the other languages, in a folded section of
    its form, language by language; an editor's search also looks in its names there.
    """

    def get_fieldsets(self, request, obj=None):
        columns = {column for names in self.model.translated_fields.values() for column in names}
        fieldsets = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in columns]})
            for title, options in super().get_fieldsets(request, obj)
        ]
        by_language = [
            f"{field}_{code}" for code in OTHER_LANGUAGES for field in self.model.translated_fields
        ]
        section = {
            "classes": ["collapse"],
            "fields": by_language,
            "description": _(
                "Leave a language empty until it is known: the website then shows the English, "
                "marked as English."
            ),
        }
        return [*fieldsets, (_("In other languages"), section)]

    def get_search_fields(self, request):
        name = next(iter(self.model.translated_fields))
        return [*super().get_search_fields(request), *self.model.translated_fields[name]]
