"""A draft article with facts resting on it, to prove that none of them reaches the public."""

from archive.models import (
    Article,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
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
