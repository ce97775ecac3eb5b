"""
The building blocks of the API's serializers: the fields every record shares (its API and web
addresses, its date, country and aliases), what each model field means to a reader
(DESCRIPTIONS), and the helpers for the lists a detail embeds (EMBEDDED_LIMIT).
"""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...identifiers import same_as
from ...models import Alias, Correction
from ...models.translations import OTHER_LANGUAGES

__all__ = (
    "BLANK_AS_NULL",
    "DESCRIPTIONS",
    "EMBEDDED_LIMIT",
    "APIURLField",
    "AliasSerializer",
    "BlankAsNull",
    "BlankAsNullCharField",
    "BlankAsNullChoiceField",
    "BlankAsNullURLField",
    "CorrectionSerializer",
    "CountrySerializer",
    "DateSerializer",
    "FilteredListURLField",
    "LocalTimeField",
    "NameTranslationsField",
    "PeriodSerializer",
    "ReadOnlyModelSerializer",
    "SameAsField",
    "TitleTranslationsField",
    "WebURLField",
    "api_url",
    "corrections_field",
    "country_field",
    "date_field",
    "embedded_count",
    "sample",
    "surface_forms_field",
)

# --- Building blocks --------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.Field):
    """The absolute address of the record's page on the website."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record):
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


class BlankAsNull:
    """A value the archive leaves blank for "none" or "not known", given as null, not ""."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class BlankAsNullCharField(BlankAsNull, serializers.CharField):
    pass


class BlankAsNullURLField(BlankAsNull, serializers.URLField):
    pass


class BlankAsNullChoiceField(BlankAsNull, serializers.ChoiceField):
    pass


# The field a model field that may be left blank is shown with.
BLANK_AS_NULL = {
    serializers.CharField: BlankAsNullCharField,
    serializers.URLField: BlankAsNullURLField,
    serializers.ChoiceField: BlankAsNullChoiceField,
}

# What each model field means to a reader of the API, by "Model.field" or, for a field that
# means the same on every model, by its name. The models' own help texts are written for
# editors ("Tick when…", "Leave empty unless…") and stay in the admin.
DESCRIPTIONS = {
    "slug": "Its key in the API's and the website's addresses.",
    "name": "The name the archive files it under.",
    "description": "What the archive says about it; null when nothing.",
    "quote": "The article's own words this rests on, verbatim.",
    "wikidata_id": "Its Wikidata item (e.g. `Q31`), as checked by an editor; null when none "
    "is recorded.",
    "viaf_id": "Its VIAF cluster (e.g. `102333412`), as checked by an editor; null when none "
    "is recorded.",
    "isni": "Its ISNI, 16 characters without spaces (e.g. `0000000121032683`), check digit "
    "verified; null when none is recorded.",
    "orcid": "Their ORCID iD (e.g. `0000-0002-1825-0097`), check digit verified; null when none "
    "is recorded.",
    "geonames_id": "Its GeoNames feature (e.g. `2800866`), as checked by an editor; null when "
    "none is recorded.",
    "Alias.language": "Its language, as a BCP 47 tag; null if not known.",
    "Alias.script": "Its script, as an ISO 15924 code; null if not known.",
    "Alias.note": "When the name was in use, or which text uses it; null when not said.",
    "Alias.origin": "Where the name comes from: `text`, a text the archive holds uses it; "
    "`editor`, an editor added it (a form in another language or script that no text gives); "
    "null when not recorded.",
    "Alias.basis": "For an editor's addition, what it rests on (e.g. “the chamber's official "
    "French name”); null otherwise.",
    "Article.title": "The title as the source printed it, or as the archive devised it when "
    "the source printed none.",
    "Article.title_is_devised": "True when the source printed no title and the archive devised "
    "this one.",
    "Article.dateline": "The dateline as printed, e.g. “BRUSSELS. KAZINFORM -”; null when "
    "there is none.",
    "Article.language": "The language of the text, as a BCP 47 tag (e.g. `en`, `ru`).",
    "Article.original_url": "The address where the source published the text; null when not known.",
    "Article.attribution": "The text's own words naming its source, verbatim; null when it has "
    "none.",
    "Article.source_tags": "The line of tags the source printed under the text, verbatim; null "
    "when none.",
    "Article.body": "The text cleaned of the source's page furniture; derived from `raw_text`.",
    "Article.raw_text": "The text exactly as the archive received it.",
    "Article.original_filename": "The name of the file the text came in; null when not recorded.",
    "Article.raw_sha256": "The SHA-256 of the original as received, in hexadecimal; null when "
    "not recorded.",
    "Article.imported_at": "When the text came into the archive; null when not recorded.",
    "Article.updated_at": "When the record last changed.",
    "Authorship.byline": "The author's name as the byline prints it.",
    "Correction.made_at": "When the correction was made.",
    "Correction.changed": "Which parts of the record changed, e.g. “text; date”.",
    "Correction.reason": "Why the record changed, in one line.",
    "Event.title": "What happened, in a few words.",
    "Event.kind": "What kind of event it is.",
    "Event.status": "Whether it took place, is planned or was announced, according to its "
    "most recent report.",
    "EventParticipant.part": "Their part in the event.",
    "Indicator.description": "What the indicator measures; null when not defined.",
    "Organisation.acronym": "Its acronym; null when it has none.",
    "Organisation.kind": "What kind of body it is.",
    "Person.name": "Their name as usually written.",
    "Person.sort_name": "Their name surname first, for sorting, e.g. “Kuspan, Aigul”.",
    "Place.kind": "What kind of place it is.",
    "Role.title": "The title as the article gives it, e.g. “Ambassador of Kazakhstan to Belgium”.",
    "Statistic.scale": "The power of ten `value` is given in (9 for billions): `value` × "
    "10^`scale` is `absolute_value`.",
    "Statistic.unit": "A currency as its ISO 4217 code (e.g. `USD`), otherwise what is counted, "
    "as a plural noun (e.g. `enterprises`).",
    "Statistic.qualifier": "The hedge the source puts on the figure (exactly, approximately, "
    "more than…).",
    "Statistic.direction": "How the figure relates `country_a` and `country_b`; null when it "
    "does not.",
    "Statistic.rank": "How the archive weighs this figure against others for the same measure.",
    "Statistic.rank_reason": "Why the figure is preferred or deprecated; null otherwise.",
}


# A record as the API shows it: every field read-only and always sent; a blank value as null;
# each field described for readers (DESCRIPTIONS), not with the model's help for editors.
# (A comment, not a docstring: the schema would give it as the description of every record.)
class ReadOnlyModelSerializer(serializers.ModelSerializer):
    def get_extra_kwargs(self):
        extra_kwargs = super().get_extra_kwargs()
        for name in self.Meta.fields:
            extra_kwargs.setdefault(name, {})["read_only"] = True
        return extra_kwargs

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        model = self.Meta.model.__name__
        kwargs["help_text"] = DESCRIPTIONS.get(
            f"{model}.{field_name}", DESCRIPTIONS.get(field_name)
        )
        if model_field.blank and field_class in BLANK_AS_NULL:
            field_class = BLANK_AS_NULL[field_class]
        return field_class, kwargs


def surface_forms_field():
    return serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Every form of the name the article uses, verbatim.",
    )


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$",
        "example": "17:44:00",
        "description": "Time of day as printed by the source; its time zone is not stated.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day with no time zone (so not an RFC 3339 `time`, which requires one)."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True, format="%H:%M:%S")
        super().__init__(**kwargs)


class CountrySerializer(serializers.Serializer):
    """An ISO 3166 country: its code and English name; null when none is recorded."""

    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)

    def to_representation(self, country):
        if not country:
            return None
        return {"code": country.code, "name": str(country.name)}


def country_field(**kwargs):
    return CountrySerializer(read_only=True, allow_null=True, **kwargs)


class DateSerializer(serializers.Serializer):
    """A record's date: the EDTF expression, its bounds, and how a reader sees it."""

    edtf = BlankAsNullCharField(source="date_edtf", help_text="EDTF; null when unknown.")
    lower = serializers.DateField(
        source="date_lower",
        read_only=True,
        allow_null=True,
        help_text="Earliest possible day; null if open or unknown.",
    )
    upper = serializers.DateField(
        source="date_upper",
        read_only=True,
        allow_null=True,
        help_text="Latest possible day; null if open or unknown.",
    )
    sort = serializers.DateField(
        source="date_sort",
        read_only=True,
        allow_null=True,
        help_text="The day the API sorts by (`ordering=date`): the earliest possible day, or "
        "the latest when only that is known; null when unknown (sorted last).",
    )
    label = serializers.CharField(source="date_label", read_only=True)
    inferred = serializers.BooleanField(
        source="date_is_inferred",
        read_only=True,
        help_text="True when the source does not state the date and an editor worked it out.",
    )
    note = BlankAsNullCharField(
        source="date_note", help_text="The evidence for the date; null when none is given."
    )


def date_field():
    return DateSerializer(source="*", read_only=True)


class PeriodSerializer(serializers.Serializer):
    """The period a figure covers, as EDTF with its bounds and label."""

    edtf = BlankAsNullCharField(source="period_edtf")
    lower = serializers.DateField(source="period_lower", read_only=True, allow_null=True)
    upper = serializers.DateField(source="period_upper", read_only=True, allow_null=True)
    sort = serializers.DateField(
        source="period_sort",  # as `ordering=date` computes it (filtersets.STATISTIC_SORT_DAY)
        read_only=True,
        allow_null=True,
        help_text="The day the API sorts by (`ordering=date`): the period's start, or its end "
        "when only that is known; null when unknown (sorted last).",
    )
    label = serializers.CharField(source="period_label", read_only=True)


class AliasSerializer(serializers.Serializer):
    """
    Another name the record is known by, with its language and script if known, and where it
    comes from: a text the archive holds, or an editor, who says what the name rests on.
    """

    name = serializers.CharField(read_only=True)
    language = BlankAsNullCharField(help_text=DESCRIPTIONS["Alias.language"])
    script = BlankAsNullCharField(help_text=DESCRIPTIONS["Alias.script"])
    note = BlankAsNullCharField(help_text=DESCRIPTIONS["Alias.note"])
    origin = BlankAsNullChoiceField(
        choices=Alias.Origin.choices, help_text=DESCRIPTIONS["Alias.origin"]
    )
    basis = BlankAsNullCharField(help_text=DESCRIPTIONS["Alias.basis"])


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
class SameAsField(serializers.Field):
    """The addresses of its identifiers elsewhere (Wikidata, VIAF, ISNI, ORCID, GeoNames)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "The same thing in other archives and authority files: the address of each "
            "identifier recorded for it (schema.org's `sameAs`); an empty list when none.",
        )
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return same_as(record)


class NameTranslationSerializer(serializers.Serializer):
    """Its name and description in another language, as editors gave them."""

    language = serializers.CharField(read_only=True, help_text="The language, as a BCP 47 tag.")
    name = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null when not given: the English applies."
    )
    description = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null when not given: the English applies."
    )


class TitleTranslationSerializer(serializers.Serializer):
    """Its title and description in another language, as editors gave them."""

    language = serializers.CharField(read_only=True, help_text="The language, as a BCP 47 tag.")
    title = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null when not given: the English applies."
    )
    description = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null when not given: the English applies."
    )


class TranslationsField(serializers.Field):
    """
    The languages other than English that the record's name (or title) or description is given
    in, one object each; an empty list when none. Its own fields stay the English of record
    whatever `Accept-Language` asks for: they are what lookups, citations and the export use.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Its name or title and description in the other languages editors gave them in; "
            "the record's own fields stay in English.",
        )
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        translations = []
        for code in OTHER_LANGUAGES:
            given = {
                field: getattr(record, f"{field}_{code}") or None
                for field in record.translated_fields
            }
            if any(given.values()):
                translations.append({"language": code, **given})
        return translations


@extend_schema_field(NameTranslationSerializer(many=True))
class NameTranslationsField(TranslationsField):
    pass


@extend_schema_field(TitleTranslationSerializer(many=True))
class TitleTranslationsField(TranslationsField):
    pass


class APIURLField(serializers.HyperlinkedIdentityField):
    """
    The record's API address. Unlike DRF's own field it does not carry the request's
    `?format=` along: the CSV of a list links each row to its (JSON) detail.
    """

    def get_url(self, obj, view_name, request, format):
        path = reverse(view_name, kwargs={self.lookup_url_kwarg: getattr(obj, self.lookup_field)})
        return request.build_absolute_uri(path)


def api_url(basename, lookup_field="slug"):
    return APIURLField(view_name=f"api:{basename}-detail", lookup_field=lookup_field)


class CorrectionSerializer(ReadOnlyModelSerializer):
    """A change to the record after it was public: when, what changed and why (one line)."""

    class Meta:
        model = Correction
        fields = ("made_at", "changed", "reason")


# --- Lists a detail embeds -------------------------------------------------------------------

# A detail embeds at most this many records of a list that can grow without bound (an
# indicator's figures, a topic's articles), with how many there are and, where the API has
# that list, its address: a detail stays small and quick however much the archive holds.
EMBEDDED_LIMIT = 20


def sample(serializer_class, source, what, **kwargs):
    return serializer_class(
        source=source,
        many=True,
        read_only=True,
        help_text=f"{what}: the first {EMBEDDED_LIMIT} at most; the `_count` beside it says "
        "how many there are.",
        **kwargs,
    )


def embedded_count(source):
    """How many records the embedded list has in all (the views count it: `Embedded`)."""
    return serializers.IntegerField(
        source=f"{source}_count", read_only=True, help_text="How many there are in all."
    )


@extend_schema_field(OpenApiTypes.URI)
class FilteredListURLField(serializers.Field):
    """The API list of every record the embedded sample was taken from, e.g. ?topic=energy."""

    def __init__(self, basename, filter_name, **kwargs):
        self.basename, self.filter_name = basename, filter_name
        kwargs.update(source="slug", read_only=True)
        kwargs.setdefault("help_text", "The API list of them all.")
        super().__init__(**kwargs)

    def to_representation(self, slug):
        query = urlencode({self.filter_name: slug})
        path = reverse(f"api:{self.basename}-list")
        return self.context["request"].build_absolute_uri(f"{path}?{query}")


def corrections_field():
    return CorrectionSerializer(
        many=True, read_only=True, help_text="Changes made since it was public, newest first."
    )
