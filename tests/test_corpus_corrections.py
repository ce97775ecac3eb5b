"""The corpus as corrected after a record-by-record review against the five texts (issue 20)."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from archive import dates
from archive.models import (
    Article,
    Correction,
    Event,
    EventReport,
    Organisation,
    OrganisationAlias,
    Person,
    Role,
    Statistic,
)
from archive.text import fold

from .site_helpers import ARTICLE_0, ARTICLE_1, ARTICLE_2, ARTICLE_3, ARTICLE_4

pytestmark = pytest.mark.django_db

# The five seed texts, by short names.
JUNE, OCTOBER, ASTANA, JULY, ANNIVERSARY = ARTICLE_0, ARTICLE_1, ARTICLE_2, ARTICLE_3, ARTICLE_4


def investment_totals():
    return Statistic.objects.filter(indicator__slug="direct-investment-cumulative").order_by(
        "period_upper"
    )


# --- Figures ----------------------------------------------------------------------------------


def test_no_figure_covers_time_after_its_report(corpus):
    for statistic in Statistic.objects.select_related("article"):
        assert statistic.period_upper <= statistic.article.date_upper, statistic


def test_the_running_totals_end_at_their_reports_and_keep_their_approximate_start(corpus):
    almost, more_than, exact = investment_totals()

    assert (almost.period_edtf, almost.period_label) == (
        "2006~/2021-06-22",
        "c. 2006 – 22 June 2021",
    )
    assert more_than.period_edtf == "2006~/2021-10-17"
    assert exact.period_edtf == "2005/2021"


def test_the_preferred_figure_says_the_others_are_earlier_running_totals(corpus):
    almost, more_than, exact = investment_totals()

    assert (almost.rank, more_than.rank, exact.rank) == ("normal", "normal", "preferred")
    assert "running totals" in exact.rank_reason
    assert "agree with it" not in exact.rank_reason
    # Overlapping periods of one indicator and direction: they still compete, so one is preferred.
    assert almost.period_lower < exact.period_upper and exact.period_lower < almost.period_upper


# --- People, roles ----------------------------------------------------------------------------


def test_shakirovs_description_does_not_date_the_election_the_text_calls_recent(corpus):
    description = Person.objects.get(slug="askar-shakirov").description

    assert "in 2021" not in description
    assert "recent" in description


# Titles a text gives by a verb rather than a noun ("Ms D’Hose, who represents Open Vld").
TITLES_GIVEN_BY_A_VERB = {"Member": "represents"}


def test_every_roles_quote_supports_its_title(corpus):
    for role in Role.objects.all():
        words = TITLES_GIVEN_BY_A_VERB.get(role.title, role.title)
        assert fold(words) in fold(role.quote), (role.title, role.quote)


def test_baimukhans_title_in_the_july_text_is_the_one_that_text_gives(corpus):
    role = Role.objects.get(person__slug="margulan-baimukhan", article__slug=JULY)

    assert role.title == "Ambassador of Kazakhstan"


def names_of(organisation):
    names = [organisation.name, organisation.acronym]
    names += list(organisation.aliases.values_list("name", flat=True))
    # A minister's title names the ministry by its portfolio.
    names += [name.replace("Ministry of", "Minister of") for name in names]
    return [fold(name) for name in names if name]


def test_a_role_is_held_at_a_body_its_quote_names_or_else_at_the_state(corpus):
    for role in Role.objects.select_related("organisation"):
        if role.organisation.kind == Organisation.Kind.STATE:
            continue
        quote = fold(role.quote)
        assert any(name in quote for name in names_of(role.organisation)), role


def test_a_title_that_names_only_a_state_is_held_at_the_state(corpus):
    ambassador = Role.objects.filter(person__slug="margulan-baimukhan")

    assert set(ambassador.values_list("organisation__slug", flat=True)) == {
        "republic-of-kazakhstan"
    }


def test_every_role_is_dated_by_the_words_of_its_quote_or_else_by_its_article(corpus):
    for role in Role.objects.select_related("article"):
        if role.date_edtf == role.article.date_edtf:
            assert role.date_is_inferred == role.article.date_is_inferred, role
        else:
            assert str(dates.edtf_label(role.date_edtf)) in role.quote, role


# --- Events -----------------------------------------------------------------------------------


def test_the_qazvac_suggestion_keeps_its_condition(corpus):
    session = Event.objects.get(slug="inter-parliamentary-groups-videoconference-2021")

    assert "QazVac after its approval by WHO" in session.description


def test_the_belgian_parliaments_group_held_the_session_not_the_whole_parliament(corpus):
    session = Event.objects.get(slug="inter-parliamentary-groups-videoconference-2021")
    bodies = set(session.participants.values_list("organisation__slug", flat=True))
    group = Organisation.objects.get(slug="belgian-parliament-inter-parliamentary-group-kazakhstan")

    assert group.parent.slug == "belgian-federal-parliament"
    assert group.kind == Organisation.Kind.PARLIAMENTARY_GROUP
    assert {"majilis-kazakhstan-belgium-friendship-group", group.slug} <= bodies
    assert "belgian-federal-parliament" not in bodies
    assert group.mentions.filter(article__slug=JUNE).exists()


def test_the_vassilenko_meeting_lists_the_bodies_whose_chairs_made_up_the_delegation(corpus):
    meeting = Event.objects.get(slug="vassilenko-meets-belgian-parliamentary-delegation")
    parts = {
        participant.participant.slug: participant.part
        for participant in meeting.participants.select_related("person", "organisation")
    }

    assert parts["tim-vandenput"] == "head_of_delegation"
    assert parts["belgian-parliament-committee-on-foreign-affairs"] == "participant"
    assert parts["belgian-parliament-committee-on-constitutional-development"] == "participant"
    assert parts["belgian-parliament-friendship-group-central-asia"] == "participant"


def test_every_event_is_dated_at_least_as_on_or_before_its_report(corpus):
    assert not Event.objects.filter(date_edtf="").exists()
    appointment = Event.objects.get(slug="stephanie-dhose-appointed-senate-speaker")
    assert appointment.date_label == "on or before 17 October 2021"


RELATIVE_DATES = ("this year", "last year", "In August", "Today")


def test_a_date_worked_out_from_words_like_this_year_is_flagged_with_its_evidence(corpus):
    for report in EventReport.objects.select_related("event"):
        if any(words in report.quote for words in RELATIVE_DATES):
            assert report.event.date_is_inferred, report.event
            assert report.event.date_note, report.event


# --- Topics -----------------------------------------------------------------------------------

# Words that, in a text or a description, mean it speaks of a topic.
TOPIC_WORDS = {
    "health-and-vaccination": r"vaccin",
    "european-union": r"\bEU\b|European Union",
    "political-reforms": r"\breforms\b",
    "culture-and-education": r"\beducation",
    "regional-security": r"Afghanistan",
    "multilateral-diplomacy": r"\bOSCE\b|\bUN\b|multilateral (track|platforms|formats)",
    "political-parties": r"political parties",
}


def missing_topics(text, tagged):
    return {slug for slug, words in TOPIC_WORDS.items() if re.search(words, text)} - tagged


def test_articles_are_tagged_with_the_topics_their_texts_speak_of(corpus):
    for article in Article.objects.prefetch_related("topics"):
        tagged = {topic.slug for topic in article.topics.all()}
        assert missing_topics(article.body, tagged) == set(), article.slug


def test_events_are_tagged_with_the_topics_their_descriptions_speak_of(corpus):
    for event in Event.objects.prefetch_related("topics"):
        tagged = {topic.slug for topic in event.topics.all()}
        assert missing_topics(event.description, tagged) == set(), event.slug


# --- Names and mentions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        ("kazakhstan-mfa", "MFA"),
        ("kazakhstan-mfa-press-service", "press service of the MFA"),
        ("belgian-chamber-of-representatives", "House of Representatives"),
    ],
)
def test_generic_names_are_kept_but_need_context(corpus, owner, name):
    alias = OrganisationAlias.objects.get(organisation__slug=owner, name=name)

    assert alias.needs_context


def test_mfa_is_no_longer_shown_as_the_ministrys_own_acronym(client, corpus):
    response = client.get("/organisations/kazakhstan-mfa/")

    assertNotContains(response, '<span class="acronym">(MFA)</span>')


def test_the_king_of_belgium_is_not_taken_for_the_belgian_state(corpus):
    article = Article.objects.get(slug=JULY)

    assert not article.organisation_mentions.filter(organisation__slug="kingdom-of-belgium")


def test_the_parliamentary_assemblies_are_mentioned_not_their_parent_bodies(client, corpus):
    article = Article.objects.get(slug=ASTANA)
    mentioned = {
        mention.organisation.slug: mention.surface_forms
        for mention in article.organisation_mentions.select_related("organisation")
    }
    words = ["OSCE and the Council of Europe parliamentary assemblies"]

    assert "osce" not in mentioned and "council-of-europe" not in mentioned
    assert mentioned["osce-parliamentary-assembly"] == words
    assert mentioned["parliamentary-assembly-of-the-council-of-europe"] == words
    # Words naming two bodies are left unlinked rather than pointing at one of them only.
    response = client.get(article.get_absolute_url())
    assertContains(response, "the OSCE and the Council of Europe parliamentary assemblies, as")
    assertNotContains(response, "Council of Europe parliamentary assemblies</a>")


# --- Corrections in the open -----------------------------------------------------------------

CORRECTED = [
    ("article", JUNE, "figure: period"),
    ("article", OCTOBER, "figure: period"),
    ("article", ANNIVERSARY, "figure: reason for the preferred rank"),
    ("person", "askar-shakirov", "description"),
    ("article", JULY, "role: Margulan Baimukhan's title and body"),
    ("article", OCTOBER, "role: Margulan Baimukhan's body"),
    ("article", OCTOBER, "role: Stephanie D’Hose's title"),
    ("article", OCTOBER, "role: Nurlan Nigmatulin's date and quote"),
    ("article", ASTANA, "role: King Philippe's quote"),
    ("event", "inter-parliamentary-groups-videoconference-2021", "description"),
    ("event", "inter-parliamentary-groups-videoconference-2021", "participants"),
    ("event", "inter-parliamentary-groups-videoconference-2021", "topics"),
    ("article", JUNE, "organisations mentioned"),
    ("event", "vassilenko-meets-belgian-parliamentary-delegation", "participants"),
    ("event", "vassilenko-meets-belgian-parliamentary-delegation", "description; topics"),
    ("event", "baimukhan-de-baets-meeting-2021", "topics"),
    ("event", "baimukhan-dhose-meeting-2021", "description; topics"),
    ("article", ASTANA, "topics"),
    ("article", JULY, "topics"),
    ("event", "stephanie-dhose-appointed-senate-speaker", "date"),
    ("event", "open-vld-175th-anniversary", "date: flagged as inferred"),
    ("organisation", "kazakhstan-mfa", "acronym"),
    ("article", JULY, "organisations mentioned"),
    ("article", ASTANA, "organisations mentioned"),
]


@pytest.mark.parametrize(("kind", "slug", "changed"), CORRECTED)
def test_the_corrections_note_lists_each_change(corpus, kind, slug, changed):
    corrections = Correction.objects.filter(**{f"{kind}__slug": slug})

    assert [c for c in corrections if c.changed.startswith(changed)], (kind, slug, changed)


def test_every_correction_is_one_line_for_readers(corpus):
    assert Correction.objects.count() == len(CORRECTED)
    for correction in Correction.objects.all():
        assert correction.made_by is None
        assert "\n" not in correction.reason and correction.reason.endswith(".")
        correction.full_clean()
