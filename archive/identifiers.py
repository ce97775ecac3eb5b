"""
Identifiers other archives and authority files give the same person, body, place or event:
Wikidata, VIAF, ISNI, ORCID and GeoNames. Each scheme says once what its identifiers look
like, how a pasted one (an address, spaces, a lower-case letter) is written, which check digit
it carries and where it leads; the models, the admin, the pages, the JSON-LD, the API and the
export all read it here.
"""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def iso7064_mod_11_2(digits):
    """The check character ISNI and ORCID end with (ISO 7064 MOD 11-2): a digit or X."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


@dataclass(frozen=True)
class Scheme:
    key: str
    label: str
    pattern: str
    url: str
    example: str
    message: str
    # What a pasted address of the scheme's looks like, the identifier as its first group.
    address: str = ""
    has_check_digit: bool = False

    def normalise(self, value):
        """The identifier as the archive stores it, from however an editor pasted it."""
        value = (value or "").strip()
        if self.address and (found := re.search(self.address, value, re.I)):
            value = found.group(1)
        value = re.sub(r"[\s\u00a0-]", "", value).upper()
        if self.key == "orcid" and len(value) == 16:
            value = "-".join(value[i : i + 4] for i in range(0, 16, 4))
        return value

    def validate(self, value):
        if not re.fullmatch(self.pattern, value or ""):
            raise ValidationError(self.message, code="invalid", params={"value": value})
        digits = value.replace("-", "")
        if self.has_check_digit and iso7064_mod_11_2(digits[:-1]) != digits[-1]:
            raise ValidationError(
                _("%(value)s is not a valid %(scheme)s: its check digit does not match."),
                code="check_digit",
                params={"value": value, "scheme": self.label},
            )

    def link(self, value):
        return self.url.format(value)

    def shown(self, value):
        """As people write it: an ISNI in groups of four."""
        if self.key == "isni":
            return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
        return value


WIKIDATA = Scheme(
    key="wikidata",
    label=_("Wikidata"),  # the project has a name of its own in Russian and Kazakh
    pattern=r"Q[1-9][0-9]*",
    url="https://www.wikidata.org/wiki/{}",
    example="Q31",
    message=_("A Wikidata ID is a Q followed by digits, e.g. Q31."),
    address=r"wikidata\.org/(?:wiki|entity)/(Q\d+)",
)
VIAF = Scheme(
    key="viaf",
    label="VIAF",
    pattern=r"[1-9][0-9]{1,21}",
    url="https://viaf.org/viaf/{}",
    example="102333412",
    message=_("A VIAF ID is a number, e.g. 102333412."),
    address=r"viaf\.org/viaf/(\d+)",
)
ISNI = Scheme(
    key="isni",
    label="ISNI",
    pattern=r"[0-9]{15}[0-9X]",
    url="https://isni.org/isni/{}",
    example="0000000121032683",
    message=_("An ISNI is 16 characters, digits and a final digit or X: 0000000121032683."),
    address=r"isni\.org/isni/([\d\sX]+)",
    has_check_digit=True,
)
ORCID = Scheme(
    key="orcid",
    label="ORCID",
    pattern=r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]",
    url="https://orcid.org/{}",
    example="0000-0002-1825-0097",
    message=_("An ORCID iD is four groups of four characters: 0000-0002-1825-0097."),
    address=r"orcid\.org/([\d\-X]+)",
    has_check_digit=True,
)
GEONAMES = Scheme(
    key="geonames",
    label="GeoNames",
    pattern=r"[1-9][0-9]{0,9}",
    url="https://www.geonames.org/{}",
    example="2800866",
    message=_("A GeoNames ID is a number, e.g. 2800866."),
    address=r"geonames\.org/(\d+)",
)

SCHEMES = {scheme.key: scheme for scheme in (WIKIDATA, VIAF, ISNI, ORCID, GEONAMES)}


class IdentifierFormField(forms.CharField):
    """
    An identifier of one scheme as an editor types or pastes it (as the scheme writes it, or
    as its address), written the scheme's way, then checked. The API's filters are stricter
    (archive/filtersets/base.py): a client gives it as the API gave it.
    """

    def __init__(self, *, scheme, max_length=None, **kwargs):
        self.scheme = scheme
        # A pasted address is longer than the identifier it holds.
        super().__init__(max_length=200, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.scheme.normalise(value) if value else value

    def validate(self, value):
        super().validate(value)
        if value:
            self.scheme.validate(value)


class ExternalIdentifierField(models.CharField):
    """An identifier of one scheme: stored as the scheme writes it, checked, blank if unknown."""

    def __init__(self, *args, scheme, **kwargs):
        self.scheme = SCHEMES[scheme]
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _(
                    "E.g. {example}; an address pasted from its site will do. Leave empty "
                    "unless you have checked it."
                ),
                example=self.scheme.example,
            ),
        )
        kwargs["validators"] = [self.scheme.validate]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["validators"]  # the scheme's, implied by it
        kwargs["scheme"] = self.scheme.key
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return self.scheme.normalise(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": IdentifierFormField, "scheme": self.scheme, **kwargs}
        )

    def pre_save(self, model_instance, add):
        # Whatever saves it (a form, the shell, an import), it is stored in one form.
        value = self.scheme.normalise(getattr(model_instance, self.attname)) or ""
        setattr(model_instance, self.attname, value)
        return value


def unique_when_given(*fields):
    """One record per identifier: two that share one are the same thing, to be merged."""
    return [
        models.UniqueConstraint(
            fields=[field],
            condition=~models.Q(**{field: ""}),
            name=f"%(app_label)s_%(class)s_unique_{field}",
            violation_error_message=_(
                "Another record already has this identifier: if it is the same, merge the two."
            ),
        )
        for field in fields
    ]


def identifiers_of(record):
    """The record's external identifiers, as (scheme, identifier), in the schemes' order."""
    found = []
    for field in record._meta.concrete_fields:
        if isinstance(field, ExternalIdentifierField) and getattr(record, field.attname):
            found.append((field.scheme, getattr(record, field.attname)))
    return found


def same_as(record):
    """The addresses of the record's identifiers: schema.org's and the API's `sameAs`."""
    return [scheme.link(value) for scheme, value in identifiers_of(record)]
