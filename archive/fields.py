"""
Model fields for the text editors type, kept in one form whatever way it arrives.

A browser's textarea posts `\\r\\n` line ends; a text pasted from a PDF may carry decomposed
accents. Saved as they come, paragraphs vanish on the public page (it splits on blank lines)
and a quote no longer matches the body it was copied from. These fields normalise their value
(see archive.text.normalise_text) at every way in:

- `to_python`: model validation (the admin and every ModelForm) and fixtures (loaddata);
- `pre_save`: any `save()` or `create()`, from the importer, merges or the shell;
- their form field: a form's cleaned data, so a form that only changed line ends has not
  changed.

A bulk `QuerySet.update()` bypasses all three, as it bypasses `save()`.

For migrations these are the plain Django fields: normalising is Python behaviour with no
schema of its own, so no migration needs to name these classes (and migrations that alter the
same fields stay as Django writes them).
"""

from django import forms
from django.db import models

from .text import normalise_text


class NormalisedFormField(forms.CharField):
    def to_python(self, value):
        return normalise_text(super().to_python(value))


class NormalisedTextMixin:
    plain_field_path = None  # what migrations see

    def to_python(self, value):
        return normalise_text(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = normalise_text(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NormalisedFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_field_path, args, kwargs


class NormalisedCharField(NormalisedTextMixin, models.CharField):
    """A CharField whose text is kept with `\\n` line ends and in Unicode NFC."""

    plain_field_path = "django.db.models.CharField"


class NormalisedTextField(NormalisedTextMixin, models.TextField):
    """A TextField whose text is kept with `\\n` line ends and in Unicode NFC."""

    plain_field_path = "django.db.models.TextField"
