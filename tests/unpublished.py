"""Draft articles with facts resting on them, to prove that none of them reaches the public."""

from archive.models import (
    Article,
    Authorship,
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

DRAFT_BODY = (
    "Ambassador Margulan Baimukhan held secret talks in Vienna.\n\n"
    "Trade reached 99 billion US dollars, the ambassador said."
)


def make_draft_with_facts():
    """
    A draft mentioning Margulan Baimukhan and Vienna, filed under a topic, with a role, a
    figure and a report of an existing public event, and the only report of a new event.
    """
    baimukhan = Person.objects.get(slug="margulan-baimukhan")
    draft = Article.objects.create(
        title="Secret talks in Vienna",
        slug="secret-talks-in-vienna",
        date_edtf="2021-10-20",
        body=DRAFT_BODY,
        raw_text=DRAFT_BODY,
        status=Article.Status.DRAFT,
        source=Organisation.objects.get(slug="kazinform"),
        dateline_place=Place.objects.get(slug="vienna"),
    )
    draft.topics.add(Topic.objects.get(slug="regional-security"))
    PersonMention.objects.create(
        article=draft, person=baimukhan, surface_forms=["Margulan Baimukhan"]
    )
    PlaceMention.objects.create(
        article=draft, place=Place.objects.get(slug="vienna"), surface_forms=["Vienna"]
    )
    Role.objects.create(
        person=baimukhan,
        organisation=Organisation.objects.get(slug="osce"),
        title="Secret envoy",
        article=draft,
        quote="Ambassador Margulan Baimukhan",
        date_edtf="2021-10-20",
    )
    Statistic.objects.create(
        indicator=Indicator.objects.get(slug="trade-turnover"),
        value=99,
        scale=Statistic.Scale.BILLION,
        unit="USD",
        period_edtf="2021",
        article=draft,
        quote="Trade reached 99 billion US dollars",
    )
    EventReport.objects.create(
        event=Event.objects.get(slug="trilateral-meeting-of-speakers-vienna-2021"),
        article=draft,
        quote="held secret talks in Vienna",
    )
    secret_event = Event.objects.create(
        title="Secret talks in Vienna",
        slug="secret-talks-in-vienna-2021",
        kind=Event.Kind.MEETING,
        date_edtf="2021-10",
        place=Place.objects.get(slug="vienna"),
    )
    EventReport.objects.create(event=secret_event, article=draft, quote="held secret talks")
    EventParticipant.objects.create(event=secret_event, person=baimukhan)
    return draft


NEW_RECORDS_BODY = (
    "QUILLON BAY. Aster Quillon of the Quillon Foundation opened the Quillon summit, "
    "as the OSCE's Quillon envoy.\n\n"
    "Quillon exports reached 777 million US dollars, Aster Quillon said."
)


def make_draft_with_new_records():
    """
    A draft that brings records of its own, all named Quillon and found nowhere else: a person
    (its author), a body (its source), a place (its dateline), a topic, an event it alone
    reports, the person's roles at that body and at the OSCE (a public body), and a figure on
    an indicator of its own. Each is linked in every way the archive links such a record.
    """
    person = Person.objects.create(
        name="Aster Quillon", sort_name="Quillon, Aster", slug="aster-quillon"
    )
    body = Organisation.objects.create(
        name="Quillon Foundation", slug="quillon-foundation", kind="agency", country="BE"
    )
    place = Place.objects.create(name="Quillon Bay", slug="quillon-bay", kind="city", country="BE")
    topic = Topic.objects.create(name="Quillon studies", slug="quillon-studies")
    indicator = Indicator.objects.create(name="Quillon exports", slug="quillon-exports")
    draft = Article.objects.create(
        title="Quillon summit opens",
        slug="quillon-summit-opens",
        date_edtf="2024-03-01",
        body=NEW_RECORDS_BODY,
        raw_text=NEW_RECORDS_BODY,
        status=Article.Status.DRAFT,
        source=body,
        relayed_from=body,
        dateline_place=place,
    )
    draft.topics.add(topic)
    Authorship.objects.create(article=draft, person=person, byline="Aster Quillon")
    PersonMention.objects.create(article=draft, person=person, surface_forms=["Aster Quillon"])
    OrganisationMention.objects.create(
        article=draft, organisation=body, surface_forms=["Quillon Foundation"]
    )
    PlaceMention.objects.create(article=draft, place=place, surface_forms=["QUILLON BAY"])
    for organisation, title in (
        (body, "Founder"),
        (Organisation.objects.get(slug="osce"), "Quillon envoy"),
    ):
        Role.objects.create(
            person=person,
            organisation=organisation,
            title=title,
            article=draft,
            quote="Aster Quillon of the Quillon Foundation",
            date_edtf="2024-03-01",
        )
    Statistic.objects.create(
        indicator=indicator,
        value=777,
        scale=Statistic.Scale.MILLION,
        unit="USD",
        period_edtf="2023",
        article=draft,
        quote="Quillon exports reached 777 million US dollars",
    )
    summit = Event.objects.create(
        title="Quillon summit",
        slug="quillon-summit-2024",
        kind=Event.Kind.CONFERENCE,
        date_edtf="2024-03-01",
        place=place,
    )
    summit.topics.add(topic)
    EventReport.objects.create(event=summit, article=draft, quote="opened the Quillon summit")
    EventParticipant.objects.create(event=summit, person=person)
    EventParticipant.objects.create(event=summit, organisation=body)
    return draft
