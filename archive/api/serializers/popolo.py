"""
What /api/popolo/ answers, described for the API's schema: the Popolo document `archive/popolo.py`
writes into the export. These serializers describe it and serialize nothing (the document is
written a chunk at a time, outside DRF); the suite checks every answer against them and against
Popolo's own JSON Schemas (tests/test_popolo.py).
"""

from rest_framework import serializers

from ...models import Event, EventParticipant, Organisation, Place

__all__ = ("PopoloDocumentSerializer",)

# Popolo's date pattern, as far as the archive uses it: a year, a month or a day.
ISO_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}){0,2}$"


def text(description, null=True):
    return serializers.CharField(read_only=True, allow_null=null, help_text=description)


def iso_date(description):
    return serializers.RegexField(
        ISO_DATE_PATTERN, read_only=True, allow_null=True, help_text=description
    )


class PopoloOtherNameSerializer(serializers.Serializer):
    name = text("Another name it goes by.", null=False)
    lang = text(
        "Its language (BCP 47), if known: not a Popolo property, as EveryPolitician has it."
    )
    note = text("Where the name comes from, or when it was used.")


class PopoloIdentifierSerializer(serializers.Serializer):
    scheme = text("wikidata, viaf, isni, orcid or geonames.", null=False)
    identifier = text("As the scheme writes it: Q31, 0000-0002-1825-0097.", null=False)


class PopoloLinkSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True)
    note = text("What is there.", null=False)


class PopoloQuotedSourceSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True, help_text="The article in the archive.")
    note = text("The article's title ([in brackets] when devised).", null=False)
    quote = text("The article's exact words this rests on (not a Popolo property).", null=False)


class PopoloDatedSerializer(serializers.Serializer):
    """Popolo's dates where the archive states them plainly, and the archive's own date."""

    date_edtf = text("The archive's date as EDTF; null when unknown (not a Popolo property).")
    date_label = text("The archive's date in words (not a Popolo property).", null=False)
    date_is_inferred = serializers.BooleanField(
        read_only=True, help_text="The source does not state the date; the archive worked it out."
    )


class PopoloPersonSerializer(serializers.Serializer):
    id = text("The person's slug, as in the API.", null=False)
    name = text("The name the archive files them under.", null=False)
    sort_name = text("Surname first.")
    other_names = PopoloOtherNameSerializer(many=True, read_only=True)
    identifiers = PopoloIdentifierSerializer(many=True, read_only=True)
    summary = text("Who they are.")
    links = PopoloLinkSerializer(many=True, read_only=True, help_text="Their page in the archive.")
    sources = PopoloLinkSerializer(
        many=True, read_only=True, help_text="The list of the published articles naming them."
    )


class PopoloOrganizationSerializer(serializers.Serializer):
    id = text("The organisation's slug, as in the API.", null=False)
    name = text("Its name of record.", null=False)
    other_names = PopoloOtherNameSerializer(many=True, read_only=True)
    identifiers = PopoloIdentifierSerializer(many=True, read_only=True)
    classification = serializers.ChoiceField(Organisation.Kind.choices, read_only=True)
    parent_id = text("The body it sits inside.")
    description = text("What it is.")
    links = PopoloLinkSerializer(many=True, read_only=True, help_text="Its page in the archive.")
    sources = PopoloLinkSerializer(
        many=True, read_only=True, help_text="The list of the published articles naming it."
    )


class PopoloMembershipSerializer(PopoloDatedSerializer):
    id = text("The role's permanent number.", null=False)
    label = text("The title and the body.", null=False)
    role = text("The title, as the source gives it.", null=False)
    person_id = text("The person.", null=False)
    organization_id = text("The body the title is held at.", null=False)
    start_date = iso_date(
        "When the term began, only where the archive states a term; a role attested as of a "
        "date has none (see `date_label`)."
    )
    end_date = iso_date("When the term ended, only where the archive states it.")
    sources = PopoloQuotedSourceSerializer(many=True, read_only=True)


class PopoloAttendeeSerializer(serializers.Serializer):
    id = text("The person's slug.", null=False)
    name = text("Their name.", null=False)


class PopoloParticipantSerializer(serializers.Serializer):
    person_id = text("The person taking part, or null for a body.")
    organization_id = text("The body taking part, or null for a person.")
    role = serializers.ChoiceField(EventParticipant.Part.choices, read_only=True)


class PopoloEventSerializer(PopoloDatedSerializer):
    id = text("The event's slug, as in the API.", null=False)
    name = text("Its title.", null=False)
    description = text("What happened.")
    start_date = iso_date("When it began, where the archive states a plain day, month or year.")
    end_date = iso_date("When it ended, where the archive states a span.")
    status = serializers.ChoiceField(Event.Status.choices, read_only=True)
    classification = serializers.ChoiceField(Event.Kind.choices, read_only=True)
    location = text("Where it happened: the place's name.")
    area_id = text("Where it happened: the area (not a Popolo property of events).")
    organization_id = text("Its organiser, when exactly one body organised it.")
    identifiers = PopoloIdentifierSerializer(many=True, read_only=True)
    attendees = PopoloAttendeeSerializer(many=True, read_only=True)
    participants = PopoloParticipantSerializer(
        many=True,
        read_only=True,
        help_text="Every person and body taking part, with their part (not a Popolo property).",
    )
    links = PopoloLinkSerializer(many=True, read_only=True, help_text="Its page in the archive.")
    sources = PopoloQuotedSourceSerializer(many=True, read_only=True)


class PopoloAreaSerializer(serializers.Serializer):
    id = text("The place's slug, as in the API.", null=False)
    name = text("Its name of record.", null=False)
    classification = serializers.ChoiceField(Place.Kind.choices, read_only=True)
    other_names = PopoloOtherNameSerializer(many=True, read_only=True)
    identifiers = PopoloIdentifierSerializer(many=True, read_only=True)
    links = PopoloLinkSerializer(many=True, read_only=True, help_text="Its page in the archive.")


class PopoloDocumentSerializer(serializers.Serializer):
    """The published archive in the Popolo standard (popoloproject.com, 1.0.1)."""

    persons = PopoloPersonSerializer(many=True, read_only=True)
    organizations = PopoloOrganizationSerializer(many=True, read_only=True)
    memberships = PopoloMembershipSerializer(many=True, read_only=True)
    events = PopoloEventSerializer(many=True, read_only=True)
    areas = PopoloAreaSerializer(many=True, read_only=True)
