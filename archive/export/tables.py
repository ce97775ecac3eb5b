"""The archive's tables in the export: what the public may see, one table per kind of record."""

from django.utils.translation import get_language_info

from ..identifiers import same_as
from ..models import (
    Alias,
    Article,
    Authorship,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
    Topic,
    article_is_published,
    reported_publicly,
)
from ..models.translations import OTHER_LANGUAGES
from .schema import (
    INFERRED_DATE_COLUMNS,
    Column,
    ForeignKey,
    Table,
    choices,
    date_columns,
    slug_column,
)


def alias_table(name, owner, model, resource):
    return Table(
        name=name,
        title=f"Other names of {resource}",
        description="Names a record is also known by: forms the texts use, former names, "
        "spellings in other languages. `origin` says where each comes from; an editor's "
        "addition gives its `basis`.",
        records=lambda: (
            model.objects.filter(
                **{f"{owner}__in": model._meta.get_field(owner).related_model.objects.public()}
            )
            .select_related(owner)
            .order_by(f"{owner}__slug", "name")
        ),
        columns=(
            slug_column(owner, f"The {owner} (slug).", required=True),
            Column("name", required=True),
            Column("language", description="BCP 47 tag, if known."),
            Column("script", description="ISO 15924 code, if known."),
            Column("note", description="When the name was in use, or which text uses it."),
            Column(
                "origin",
                description="text: a text the archive holds uses it; editor: an editor added "
                "it (a form in another language or script that no text gives); empty when not "
                "recorded.",
                enum=("", *choices(Alias.Origin)),
            ),
            Column("basis", description="For an editor's addition, what it rests on."),
        ),
        primary_key=(owner, "name"),
        foreign_keys=(ForeignKey(owner, resource),),
    )


def mention_table(name, entity, model, resource):
    return Table(
        name=name,
        title=f"{resource.capitalize()} mentioned in articles",
        description="That a published article names the record, with the exact words it uses.",
        records=lambda: (
            model.objects.public()
            .select_related("article", entity)
            .order_by("article__slug", f"{entity}__slug")
        ),
        columns=(
            slug_column("article", "The article (slug).", required=True),
            slug_column(entity, f"The {entity} (slug).", required=True),
            Column(
                "surface_forms",
                "array",
                'The exact strings the text uses (in CSV joined by "; ", in JSON Lines a list).',
            ),
        ),
        primary_key=("article", entity),
        foreign_keys=(ForeignKey("article", "articles"), ForeignKey(entity, resource)),
    )


def published_articles():
    return Article.objects.published().select_related(
        "dateline_place", "source", "relayed_from", "edition_of"
    )


def in_other_languages(model, *fields):
    """A column per other language for each of `fields`, as editors gave them (`name_kk`, …)."""
    return tuple(
        Column(
            column,
            description=f"The {field} in {get_language_info(code)['name']}; empty when not given "
            f"(the English `{field}` applies).",
        )
        for field in fields
        for code, column in zip(OTHER_LANGUAGES, model.translated_fields[field], strict=True)
    )


def published_first_edition(article):
    """The first edition's slug, when that edition is published (the export holds no other)."""
    first = article.edition_of
    return first.slug if first is not None and first.is_public else None


TABLES = (
    Table(
        name="topics",
        title="Topics",
        description="The archive's subject headings.",
        records=lambda: Topic.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("description", description="Scope note."),
            *in_other_languages(Topic, "name", "description"),
        ),
    ),
    Table(
        name="places",
        title="Places",
        description="Cities, regions and countries; one record whatever they were called.",
        records=lambda: Place.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("kind", enum=choices(Place.Kind)),
            Column(
                "country", description="ISO 3166-1 alpha-2 code.", compute=lambda r: r.country.code
            ),
            Column("description"),
            Column("wikidata_id"),
            Column("geonames_id"),
            Column("latitude", "number", "Decimal degrees (WGS 84), north positive."),
            Column("longitude", "number", "Decimal degrees (WGS 84), east positive."),
            Column("coordinates_source", description="Where the coordinates come from."),
            Column(
                "same_as",
                "array",
                "The address of each identifier elsewhere (schema.org's sameAs).",
                compute=same_as,
            ),
            *in_other_languages(Place, "name", "description"),
        ),
    ),
    alias_table("place_aliases", "place", PlaceAlias, "places"),
    Table(
        name="people",
        title="People",
        description="People the texts name. Titles are not here: they are dated, in roles.",
        records=lambda: Person.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("sort_name", description="Surname first."),
            Column(
                "country",
                description="ISO 3166-1 alpha-2: the country they act for.",
                compute=lambda r: r.country.code,
            ),
            Column("description"),
            Column("wikidata_id"),
            Column("viaf_id"),
            Column("isni", description="16 characters, no spaces."),
            Column("orcid"),
            Column(
                "same_as",
                "array",
                "The address of each identifier elsewhere (schema.org's sameAs).",
                compute=same_as,
            ),
            *in_other_languages(Person, "name", "description"),
        ),
    ),
    alias_table("person_aliases", "person", PersonAlias, "people"),
    Table(
        name="organisations",
        title="Organisations",
        description="States, parliaments and their chambers and committees, ministries, "
        "agencies, parties, news agencies; `parent` is the body one sits inside.",
        records=lambda: Organisation.objects.public().select_related("parent").order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("acronym"),
            Column("kind", enum=choices(Organisation.Kind)),
            Column(
                "country",
                description="ISO 3166-1 alpha-2; empty for an international body.",
                compute=lambda r: r.country.code,
            ),
            slug_column("parent", "The body this one sits inside (slug)."),
            Column("description"),
            Column("wikidata_id"),
            Column("viaf_id"),
            Column("isni", description="16 characters, no spaces."),
            Column(
                "same_as",
                "array",
                "The address of each identifier elsewhere (schema.org's sameAs).",
                compute=same_as,
            ),
            *in_other_languages(Organisation, "name", "description"),
        ),
        foreign_keys=(ForeignKey("parent", ""),),
    ),
    alias_table("organisation_aliases", "organisation", OrganisationAlias, "organisations"),
    Table(
        name="indicators",
        title="Indicators",
        description="Measures that figures are reported for.",
        records=lambda: Indicator.objects.public().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("name", required=True),
            Column("description", description="Definition."),
            *in_other_languages(Indicator, "name", "description"),
        ),
    ),
    Table(
        name="articles",
        title="Articles",
        description="Published news reports: the clean text readers see and quotes are checked "
        "against, and the original exactly as received, with its provenance.",
        records=lambda: published_articles().order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("title", required=True),
            Column("title_is_devised", "boolean", "The source has no title; an editor wrote it."),
            Column("display_title", description="The title, in [brackets] when devised."),
            *date_columns(),
            *INFERRED_DATE_COLUMNS,
            Column("published_time", "time", "Time of day as printed (time zone not stated)."),
            Column("dateline", description="As printed."),
            slug_column("dateline_place", "The dateline's place (slug)."),
            slug_column("source", "The publisher (organisation slug)."),
            slug_column("relayed_from", "The body whose information it passes on (slug)."),
            Column("attribution", description="The text's own words naming its source."),
            Column("language", description="BCP 47 tag."),
            Column(
                "edition_of",
                description="The first edition of the same report, in another language (slug); "
                "empty for a first edition, or when that edition is not published.",
                compute=published_first_edition,
            ),
            Column("original_url"),
            Column("source_tags", description="The tag line printed by the source."),
            Column("body", description="Clean text; paragraphs separated by blank lines."),
            Column("raw_text", description="The original text, verbatim."),
            Column("original_filename"),
            Column("raw_sha256", description="SHA-256 of the original."),
            Column("imported_at", "datetime"),
            Column("updated_at", "datetime"),
        ),
        foreign_keys=(
            ForeignKey("dateline_place", "places"),
            ForeignKey("source", "organisations"),
            ForeignKey("relayed_from", "organisations"),
            ForeignKey("edition_of", "articles"),
        ),
    ),
    Table(
        name="article_topics",
        title="Topics of articles",
        description="Which topics each published article is filed under.",
        records=lambda: (
            Article.topics.through.objects.filter(article_is_published("article__"))
            .select_related("article", "topic")
            .order_by("article__slug", "topic__slug")
        ),
        columns=(
            slug_column("article", "The article (slug).", required=True),
            slug_column("topic", "The topic (slug).", required=True),
        ),
        primary_key=("article", "topic"),
        foreign_keys=(ForeignKey("article", "articles"), ForeignKey("topic", "topics")),
    ),
    Table(
        name="authorships",
        title="Authors of articles",
        description="Authors, with the byline exactly as printed.",
        records=lambda: (
            Authorship.objects.public()
            .select_related("article", "person")
            .order_by("article__slug", "position", "id")
        ),
        columns=(
            slug_column("article", "The article (slug).", required=True),
            slug_column("person", "The author (slug).", required=True),
            Column("byline", description="As printed."),
            Column("position", "integer", "Order among the authors, from 1."),
        ),
        primary_key=("article", "person"),
        foreign_keys=(ForeignKey("article", "articles"), ForeignKey("person", "people")),
    ),
    mention_table("person_mentions", "person", PersonMention, "people"),
    mention_table("organisation_mentions", "organisation", OrganisationMention, "organisations"),
    mention_table("place_mentions", "place", PlaceMention, "places"),
    Table(
        name="roles",
        title="Roles",
        description="One attestation that a person held a title at an organisation, as of a "
        "date, as one published article reports it, with its verbatim quote.",
        records=lambda: (
            Role.objects.public().select_related("person", "organisation", "article").order_by("id")
        ),
        columns=(
            Column("id", "integer", "The role's permanent number.", required=True),
            slug_column("person", "The person (slug).", required=True),
            Column("title", required=True),
            slug_column("organisation", "The organisation (slug).", required=True),
            *date_columns(label=lambda role: str(role.date_label)),
            *INFERRED_DATE_COLUMNS,
            slug_column("article", "The source article (slug).", required=True),
            Column("quote", description="The source's exact words."),
        ),
        primary_key=("id",),
        foreign_keys=(
            ForeignKey("person", "people"),
            ForeignKey("organisation", "organisations"),
            ForeignKey("article", "articles"),
        ),
    ),
    Table(
        name="events",
        title="Events",
        description="Meetings, visits, sessions, anniversaries… reported by at least one "
        "published article; one record however many articles report it.",
        records=lambda: Event.objects.public().select_related("place").order_by("slug"),
        columns=(
            Column("slug", required=True),
            Column("title", required=True),
            Column("kind", enum=choices(Event.Kind)),
            Column("status", enum=choices(Event.Status)),
            *date_columns(),
            *INFERRED_DATE_COLUMNS,
            slug_column("place", "Where it happened (slug)."),
            Column("description"),
            Column("wikidata_id"),
            Column(
                "same_as",
                "array",
                "The address of each identifier elsewhere (schema.org's sameAs).",
                compute=same_as,
            ),
            *in_other_languages(Event, "title", "description"),
        ),
        foreign_keys=(ForeignKey("place", "places"),),
    ),
    Table(
        name="event_topics",
        title="Topics of events",
        description="Which topics each event is filed under.",
        records=lambda: (
            Event.topics.through.objects.filter(reported_publicly("event"))
            .select_related("event", "topic")
            .order_by("event__slug", "topic__slug")
        ),
        columns=(
            slug_column("event", "The event (slug).", required=True),
            slug_column("topic", "The topic (slug).", required=True),
        ),
        primary_key=("event", "topic"),
        foreign_keys=(ForeignKey("event", "events"), ForeignKey("topic", "topics")),
    ),
    Table(
        name="event_participants",
        title="Participants in events",
        description="A person or an organisation (never both) taking part in an event.",
        records=lambda: (
            EventParticipant.objects.filter(reported_publicly("event"))
            .select_related("event", "person", "organisation")
            .order_by("event__slug", "part", "id")
        ),
        columns=(
            slug_column("event", "The event (slug).", required=True),
            Column("part", enum=choices(EventParticipant.Part)),
            slug_column("person", "The person (slug), or empty."),
            slug_column("organisation", "The organisation (slug), or empty."),
        ),
        primary_key=(),
        foreign_keys=(
            ForeignKey("event", "events"),
            ForeignKey("person", "people"),
            ForeignKey("organisation", "organisations"),
        ),
    ),
    Table(
        name="event_reports",
        title="Reports of events",
        description="A published article reporting an event, with the words it uses.",
        records=lambda: (
            EventReport.objects.public()
            .select_related("event", "article")
            .order_by("event__slug", "article__slug")
        ),
        columns=(
            slug_column("event", "The event (slug).", required=True),
            slug_column("article", "The article (slug).", required=True),
            Column("quote", description="The article's exact words."),
        ),
        primary_key=("event", "article"),
        foreign_keys=(ForeignKey("event", "events"), ForeignKey("article", "articles")),
    ),
    Table(
        name="statistics",
        title="Statistics",
        description="One figure as one published source reports it, hedge and all: value as "
        "stated with its scale (a power of ten), unit, qualifier, period and direction.",
        records=lambda: (
            Statistic.objects.public().select_related("indicator", "article").order_by("id")
        ),
        columns=(
            Column("id", "integer", "The figure's permanent number.", required=True),
            slug_column("indicator", "The indicator (slug).", required=True),
            Column("value", "number", "As stated, e.g. 9.96 for “9.96 billion”.", required=True),
            Column("scale", "integer", "Power of ten: 0, 3, 6 or 9.", enum=(0, 3, 6, 9)),
            Column("absolute_value", "number", "value × 10^scale."),
            Column("unit", description="ISO 4217 code for money, otherwise a plural noun."),
            Column("qualifier", enum=choices(Statistic.Qualifier)),
            Column("value_label", description="The claim in words."),
            *date_columns("period", label=lambda statistic: statistic.period_label),
            Column("direction", enum=("", *choices(Statistic.Direction))),
            Column(
                "country_a", description="ISO 3166-1 alpha-2.", compute=lambda r: r.country_a.code
            ),
            Column(
                "country_b", description="ISO 3166-1 alpha-2.", compute=lambda r: r.country_b.code
            ),
            slug_column("article", "The source article (slug).", required=True),
            Column("quote", description="The source's exact words."),
            Column("rank", enum=choices(Statistic.Rank)),
            Column("rank_reason"),
        ),
        primary_key=("id",),
        foreign_keys=(ForeignKey("indicator", "indicators"), ForeignKey("article", "articles")),
    ),
)
