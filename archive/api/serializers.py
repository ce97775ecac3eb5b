"""
How the API shows each record.

Every record carries `url` (its API detail), `slug` and `web_url` (its page on the website).
Related records appear as small summaries (slug, name, url), never as database ids. Dates come
as the EDTF expression the archive asserts, its lower/upper bounds and the words a reader sees.
Every field is always sent; a value the archive does not have is null, never "".

A detail embeds at most 20 records of a list that grows with the archive (`EMBEDDED_LIMIT`),
with `<list>_count` and, where the API lists them, `<list>_url`: the whole list, filtered.

The serializers only read what the viewsets fetched: lists that must show published material
only (a person's articles, an event's reports) are read from `Prefetch(..., to_attr=...)`
attributes prepared in `archive/api/views.py`, so no draft can slip in through a relation.
"""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Article,
    Authorship,
    Correction,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    Role,
    Statistic,
    Topic,
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
    """Another name the record is known by, with its language and script if known."""

    name = serializers.CharField(read_only=True)
    language = BlankAsNullCharField(help_text="Its language, as a BCP 47 tag; null if not known.")
    script = BlankAsNullCharField(help_text="Its script, as an ISO 15924 code; null if not known.")
    note = BlankAsNullCharField(
        help_text="When the name was in use, or which text uses it; null when not said."
    )


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


# --- Summaries, for relations -----------------------------------------------------------------


class TopicSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("topic")

    class Meta:
        model = Topic
        fields = ("slug", "name", "url")


class PersonSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("person")

    class Meta:
        model = Person
        fields = ("slug", "name", "url")


class OrganisationSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("organisation")

    class Meta:
        model = Organisation
        fields = ("slug", "name", "acronym", "url")


class PlaceSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("place")

    class Meta:
        model = Place
        fields = ("slug", "name", "url")


class IndicatorSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("indicator")

    class Meta:
        model = Indicator
        fields = ("slug", "name", "url")


class ArticleSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("article")
    title = serializers.CharField(
        source="display_title", read_only=True, help_text="A devised title is in [brackets]."
    )
    date = date_field()

    class Meta:
        model = Article
        fields = ("slug", "title", "date", "url")


class EventSummarySerializer(ReadOnlyModelSerializer):
    url = api_url("event")
    date = date_field()

    class Meta:
        model = Event
        fields = ("slug", "title", "date", "url")


# --- Facts, each with its source and quote ----------------------------------------------------


class RoleSerializer(ReadOnlyModelSerializer):
    """A title a person held at an organisation, as of a date, as one article reports it."""

    person = PersonSummarySerializer(read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    date = date_field()
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Role
        fields = ("person", "title", "organisation", "date", "article", "quote")


class EventReportSerializer(ReadOnlyModelSerializer):
    """A published article reporting the event, with the words it uses."""

    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = EventReport
        fields = ("article", "quote")


class ReportedEventSerializer(ReadOnlyModelSerializer):
    """An event the article reports, with the words it uses."""

    event = EventSummarySerializer(read_only=True)

    class Meta:
        model = EventReport
        fields = ("event", "quote")


class EventParticipantSerializer(ReadOnlyModelSerializer):
    """A person or an organisation (the other is null) taking part in the event."""

    person = PersonSummarySerializer(read_only=True, allow_null=True)
    organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = EventParticipant
        fields = ("part", "person", "organisation")


class ParticipationSerializer(ReadOnlyModelSerializer):
    """An event the person or organisation took part in, and their part in it."""

    event = EventSummarySerializer(read_only=True)

    class Meta:
        model = EventParticipant
        fields = ("event", "part")


class StatisticSerializer(ReadOnlyModelSerializer):
    """
    One figure as one source reports it, hedge and all. `value` is as stated, with its
    `scale` (a power of ten: 9.96 and 9 = 9.96 billion); `absolute_value` is the full number.
    Statistics have no name to make a slug from: their `slug` is their permanent number.
    """

    url = api_url("statistic", lookup_field="pk")
    web_url = WebURLField()
    slug = serializers.CharField(source="pk", read_only=True)
    indicator = IndicatorSummarySerializer(read_only=True)
    value = serializers.DecimalField(
        max_digits=24, decimal_places=6, normalize_output=True, read_only=True
    )
    scale_label = serializers.CharField(source="get_scale_display", read_only=True)
    absolute_value = serializers.DecimalField(
        max_digits=40, decimal_places=6, normalize_output=True, read_only=True
    )
    value_label = serializers.CharField(read_only=True)
    period = PeriodSerializer(source="*", read_only=True)
    country_a = country_field()
    country_b = country_field()
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Statistic
        fields = (
            "url",
            "web_url",
            "slug",
            "indicator",
            "value",
            "scale",
            "scale_label",
            "absolute_value",
            "unit",
            "qualifier",
            "value_label",
            "period",
            "direction",
            "country_a",
            "country_b",
            "article",
            "quote",
            "rank",
            "rank_reason",
        )


# --- Articles ---------------------------------------------------------------------------------


class AuthorSerializer(ReadOnlyModelSerializer):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = Authorship
        fields = ("person", "byline")


class PersonMentionSerializer(ReadOnlyModelSerializer):
    person = PersonSummarySerializer(read_only=True)
    surface_forms = surface_forms_field()

    class Meta:
        model = PersonMention
        fields = ("person", "surface_forms")


class OrganisationMentionSerializer(ReadOnlyModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    surface_forms = surface_forms_field()

    class Meta:
        model = OrganisationMention
        fields = ("organisation", "surface_forms")


class PlaceMentionSerializer(ReadOnlyModelSerializer):
    place = PlaceSummarySerializer(read_only=True)
    surface_forms = surface_forms_field()

    class Meta:
        model = PlaceMention
        fields = ("place", "surface_forms")


class ArticleSerializer(ReadOnlyModelSerializer):
    url = api_url("article")
    web_url = WebURLField()
    date = date_field()
    dateline_place = PlaceSummarySerializer(read_only=True, allow_null=True)
    source = OrganisationSummarySerializer(read_only=True, allow_null=True)
    topics = TopicSummarySerializer(many=True, read_only=True)
    display_title = serializers.CharField(
        read_only=True, help_text="The title, in [brackets] when an editor devised it."
    )
    published_time = LocalTimeField()

    class Meta:
        model = Article
        fields = (
            "url",
            "web_url",
            "slug",
            "title",
            "title_is_devised",
            "display_title",
            "date",
            "published_time",
            "dateline",
            "dateline_place",
            "source",
            "language",
            "original_url",
            "topics",
        )


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its text, its original and everything the archive draws from it."""

    relayed_from = OrganisationSummarySerializer(read_only=True, allow_null=True)
    authors = AuthorSerializer(source="authorships", many=True, read_only=True)
    people = PersonMentionSerializer(source="person_mentions", many=True, read_only=True)
    organisations = OrganisationMentionSerializer(
        source="organisation_mentions", many=True, read_only=True
    )
    places = PlaceMentionSerializer(source="place_mentions", many=True, read_only=True)
    roles = RoleSerializer(many=True, read_only=True)
    events = ReportedEventSerializer(source="event_reports", many=True, read_only=True)
    statistics = StatisticSerializer(many=True, read_only=True)
    corrections = corrections_field()

    class Meta(ArticleSerializer.Meta):
        fields = (
            *ArticleSerializer.Meta.fields,
            "relayed_from",
            "attribution",
            "authors",
            "source_tags",
            "body",
            "raw_text",
            "original_filename",
            "raw_sha256",
            "imported_at",
            "people",
            "organisations",
            "places",
            "roles",
            "events",
            "statistics",
            "corrections",
            "updated_at",
        )


# --- People, organisations, places, topics ----------------------------------------------------


class PersonSerializer(ReadOnlyModelSerializer):
    url = api_url("person")
    web_url = WebURLField()
    country = country_field()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Person
        fields = (
            "url",
            "web_url",
            "slug",
            "name",
            "sort_name",
            "country",
            "wikidata_id",
            "aliases",
        )


class PersonDetailSerializer(PersonSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    roles = sample(RoleSerializer, "public_roles", "Their roles")
    roles_count = embedded_count("public_roles")
    events = sample(ParticipationSerializer, "public_participations", "Events they took part in")
    events_count = embedded_count("public_participations")
    events_url = FilteredListURLField("event", "person")
    articles = sample(ArticleSummarySerializer, "published_mentions", "Articles naming them")
    articles_count = embedded_count("published_mentions")
    articles_url = FilteredListURLField("article", "person")
    authored_articles = sample(ArticleSummarySerializer, "published_authored", "Their articles")
    authored_articles_count = embedded_count("published_authored")
    authored_articles_url = FilteredListURLField("article", "author")
    corrections = corrections_field()

    class Meta(PersonSerializer.Meta):
        fields = (
            *PersonSerializer.Meta.fields,
            "description",
            "roles",
            "roles_count",
            "events",
            "events_count",
            "events_url",
            "articles",
            "articles_count",
            "articles_url",
            "authored_articles",
            "authored_articles_count",
            "authored_articles_url",
            "corrections",
        )


class OrganisationSerializer(ReadOnlyModelSerializer):
    url = api_url("organisation")
    web_url = WebURLField()
    country = country_field()
    parent = OrganisationSummarySerializer(read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Organisation
        fields = (
            "url",
            "web_url",
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "wikidata_id",
            "aliases",
        )


class OrganisationDetailSerializer(OrganisationSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    children = sample(OrganisationSummarySerializer, "public_children", "Bodies inside it")
    children_count = embedded_count("public_children")
    children_url = FilteredListURLField("organisation", "parent")
    roles = sample(RoleSerializer, "public_roles", "Roles held at it")
    roles_count = embedded_count("public_roles")
    events = sample(ParticipationSerializer, "public_participations", "Events it took part in")
    events_count = embedded_count("public_participations")
    events_url = FilteredListURLField("event", "organisation")
    articles = sample(ArticleSummarySerializer, "published_mentions", "Articles naming it")
    articles_count = embedded_count("published_mentions")
    articles_url = FilteredListURLField("article", "organisation")
    published_articles = sample(
        ArticleSummarySerializer, "published_as_source", "Articles it published"
    )
    published_articles_count = embedded_count("published_as_source")
    published_articles_url = FilteredListURLField("article", "source")
    corrections = corrections_field()

    class Meta(OrganisationSerializer.Meta):
        fields = (
            *OrganisationSerializer.Meta.fields,
            "description",
            "children",
            "children_count",
            "children_url",
            "roles",
            "roles_count",
            "events",
            "events_count",
            "events_url",
            "articles",
            "articles_count",
            "articles_url",
            "published_articles",
            "published_articles_count",
            "published_articles_url",
            "corrections",
        )


class PlaceSerializer(ReadOnlyModelSerializer):
    url = api_url("place")
    web_url = WebURLField()
    country = country_field()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Place
        fields = ("url", "web_url", "slug", "name", "kind", "country", "wikidata_id", "aliases")


class PlaceDetailSerializer(PlaceSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    events = sample(EventSummarySerializer, "public_events", "Events held there")
    events_count = embedded_count("public_events")
    events_url = FilteredListURLField("event", "place")
    articles = sample(ArticleSummarySerializer, "published_mentions", "Articles naming it")
    articles_count = embedded_count("published_mentions")
    datelined_articles = sample(
        ArticleSummarySerializer, "published_datelined", "Articles datelined there"
    )
    datelined_articles_count = embedded_count("published_datelined")
    corrections = corrections_field()

    class Meta(PlaceSerializer.Meta):
        fields = (
            *PlaceSerializer.Meta.fields,
            "description",
            "events",
            "events_count",
            "events_url",
            "articles",
            "articles_count",
            "datelined_articles",
            "datelined_articles_count",
            "corrections",
        )


class TopicSerializer(ReadOnlyModelSerializer):
    url = api_url("topic")
    web_url = WebURLField()

    class Meta:
        model = Topic
        fields = ("url", "web_url", "slug", "name", "description")


class TopicDetailSerializer(TopicSerializer):
    articles = sample(ArticleSummarySerializer, "published_articles", "Articles filed under it")
    articles_count = embedded_count("published_articles")
    articles_url = FilteredListURLField("article", "topic")
    events = sample(EventSummarySerializer, "public_events", "Events filed under it")
    events_count = embedded_count("public_events")
    events_url = FilteredListURLField("event", "topic")

    class Meta(TopicSerializer.Meta):
        fields = (
            *TopicSerializer.Meta.fields,
            "articles",
            "articles_count",
            "articles_url",
            "events",
            "events_count",
            "events_url",
        )


# --- Events and statistics --------------------------------------------------------------------


class EventSerializer(ReadOnlyModelSerializer):
    url = api_url("event")
    web_url = WebURLField()
    date = date_field()
    place = PlaceSummarySerializer(read_only=True, allow_null=True)
    topics = TopicSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = ("url", "web_url", "slug", "title", "kind", "status", "date", "place", "topics")


class EventDetailSerializer(EventSerializer):
    """An event with who took part (and their part) and the published reports of it."""

    participants = sample(EventParticipantSerializer, "all_participants", "Who took part")
    participants_count = embedded_count("all_participants")
    reports = sample(EventReportSerializer, "published_reports", "Articles reporting it")
    reports_count = embedded_count("published_reports")
    reports_url = FilteredListURLField(
        "article", "event", help_text="The API list of the articles reporting it."
    )
    corrections = corrections_field()

    class Meta(EventSerializer.Meta):
        fields = (
            *EventSerializer.Meta.fields,
            "description",
            "participants",
            "participants_count",
            "reports",
            "reports_count",
            "reports_url",
            "corrections",
        )


class IndicatorSerializer(ReadOnlyModelSerializer):
    url = api_url("indicator")
    web_url = WebURLField()

    class Meta:
        model = Indicator
        fields = ("url", "web_url", "slug", "name", "description")


class IndicatorDetailSerializer(IndicatorSerializer):
    """An indicator with every published figure for it, side by side, never merged."""

    statistics = sample(StatisticSerializer, "public_statistics", "Its figures, side by side")
    statistics_count = embedded_count("public_statistics")
    statistics_url = FilteredListURLField("statistic", "indicator")
    corrections = corrections_field()

    class Meta(IndicatorSerializer.Meta):
        fields = (
            *IndicatorSerializer.Meta.fields,
            "statistics",
            "statistics_count",
            "statistics_url",
            "corrections",
        )
