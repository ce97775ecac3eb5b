"""
Data quality: the records that need an editor's attention, found with a bounded number of
queries whatever the size of the archive (one or two per check).

Each check returns Findings: the record, and what is wrong with it. The admin's data-quality
page lists them, each linking to the record's change page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Trim
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz, process

from .models import (
    Article,
    Authorship,
    EventParticipant,
    EventReport,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    Role,
    Statistic,
    Suggestion,
)
from .text import fold

SIMILAR_NAME_SCORE = 90  # rapidfuzz ratio (0–100) of folded names counted as likely the same


@dataclass
class Finding:
    record: object
    problem: str
    others: list = field(default_factory=list)  # for likely duplicates: the other records


@dataclass
class Check:
    title: str
    findings: list


def articles_without_date():
    return [
        Finding(article, _("no date"))
        for article in Article.objects.filter(date_edtf="").only(
            "pk", "title", "title_is_devised", "slug", "original_filename"
        )
    ]


def inferred_dates_without_evidence():
    articles = (
        Article.objects.annotate(evidence=Trim("date_note"))
        .filter(date_is_inferred=True, evidence="")
        .only("pk", "title", "title_is_devised", "slug")
    )
    return [Finding(article, _("inferred date without evidence")) for article in articles]


def misquoted_facts():
    """Roles, statistics and event reports whose quote is empty or not in their article."""
    findings = []
    for model, related in (
        (Role, ("person", "organisation")),
        (Statistic, ("indicator",)),
        (EventReport, ("event",)),
    ):
        facts = list(model.objects.select_related(*related))
        bodies = dict(
            Article.objects.filter(pk__in={fact.article_id for fact in facts}).values_list(
                "pk", "body"
            )
        )
        for fact in facts:
            if not fact.quote.strip():
                findings.append(Finding(fact, _("no quote from its source")))
            elif fact.quote not in bodies.get(fact.article_id, ""):
                findings.append(Finding(fact, _("the quote is not in the article's text")))
    return findings


def competing_statistics():
    """Rival figures (`Statistic.competes_with`) in force, none of them preferred."""
    statistics = Statistic.objects.exclude(rank=Statistic.Rank.DEPRECATED).select_related(
        "indicator"
    )
    return [
        Finding(
            figures[0].indicator,
            _("%(count)d competing figures, none preferred") % {"count": len(figures)},
            figures,
        )
        for figures in Statistic.competing_groups(statistics)
        if len(figures) > 1 and not any(s.rank == Statistic.Rank.PREFERRED for s in figures)
    ]


def unmentioned_people():
    """People no article mentions, has as author, or reports a role of."""
    people = Person.objects.filter(
        ~Exists(PersonMention.objects.filter(person=OuterRef("pk"))),
        ~Exists(Authorship.objects.filter(person=OuterRef("pk"))),
        ~Exists(Role.objects.filter(person=OuterRef("pk"))),
    )
    return [Finding(person, _("no article mentions them")) for person in people]


def unmentioned_organisations():
    """
    Organisations no article mentions, publishes, relays or reports a role at, and that no
    other body sits inside: a parent is kept for the structure (the Council of Europe for its
    Parliamentary Assembly) even where the texts name only its part.
    """
    organisations = Organisation.objects.filter(
        ~Exists(OrganisationMention.objects.filter(organisation=OuterRef("pk"))),
        ~Exists(Organisation.objects.filter(parent=OuterRef("pk"))),
        ~Exists(Role.objects.filter(organisation=OuterRef("pk"))),
        ~Exists(EventParticipant.objects.filter(organisation=OuterRef("pk"))),
        ~Exists(Article.objects.filter(Q(source=OuterRef("pk")) | Q(relayed_from=OuterRef("pk")))),
    )
    return [Finding(organisation, _("no article mentions it")) for organisation in organisations]


def likely_duplicates(model, alias_model):
    """Pairs of records sharing a name or alias (folded), or with very similar names."""
    records = {record.pk: record for record in model.objects.all()}
    if len(records) < 2:
        return []
    owner = f"{model._meta.model_name}_id"
    names_by_key = defaultdict(set)
    for pk, record in records.items():
        names_by_key[fold(record.name)].add(pk)
    for pk, name in alias_model.objects.values_list(owner, "name"):
        names_by_key[fold(name)].add(pk)
    pairs = {}
    for key, pks in names_by_key.items():
        for first, second in combinations(sorted(pks), 2):
            pairs.setdefault((first, second), _("both are called “%s”") % key)

    pks = list(records)
    names = [fold(records[pk].name) for pk in pks]
    for i, name in enumerate(names):
        similar = process.extract(
            name, names, scorer=fuzz.ratio, score_cutoff=SIMILAR_NAME_SCORE, limit=None
        )
        for _other, score, j in similar:
            if i < j:
                pairs.setdefault(tuple(sorted((pks[i], pks[j]))), _("similar names (%d%%)") % score)
    return [
        Finding(records[first], problem, [records[second]])
        for (first, second), problem in sorted(pairs.items())
    ]


def pending_suggestions():
    articles = (
        Article.objects.annotate(
            pending=Count("suggestions", filter=Q(suggestions__status=Suggestion.Status.PENDING))
        )
        .filter(pending__gt=0)
        .only("pk", "title", "title_is_devised", "slug", "original_filename")
    )
    return [
        Finding(article, _("%d suggested links waiting") % article.pending) for article in articles
    ]


def all_checks():
    return [
        Check(gettext_lazy("Articles without a date"), articles_without_date()),
        Check(
            gettext_lazy("Articles with an inferred date lacking evidence"),
            inferred_dates_without_evidence(),
        ),
        Check(
            gettext_lazy(
                "Roles, statistics and event reports whose quote is missing or no longer "
                "matches the text"
            ),
            misquoted_facts(),
        ),
        Check(
            gettext_lazy("Competing statistics with no preferred figure"), competing_statistics()
        ),
        Check(gettext_lazy("People no article mentions"), unmentioned_people()),
        Check(gettext_lazy("Organisations no article mentions"), unmentioned_organisations()),
        Check(gettext_lazy("Likely duplicate people"), likely_duplicates(Person, PersonAlias)),
        Check(
            gettext_lazy("Likely duplicate organisations"),
            likely_duplicates(Organisation, OrganisationAlias),
        ),
        Check(gettext_lazy("Likely duplicate places"), likely_duplicates(Place, PlaceAlias)),
        Check(gettext_lazy("Articles with suggested links waiting"), pending_suggestions()),
    ]
