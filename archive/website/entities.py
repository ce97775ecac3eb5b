"""
People, organisations and places: their lists, each name with the published articles that
mention it, and their pages, which share one shape (`EntityDetailView`): the record with its
aliases and corrections, the published articles linked to it (the first RELATED_LIMIT and
whether there are more), and its structured data. Each kind adds only what is its own.
"""

from itertools import groupby

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from .. import network
from ..filtersets import (
    OrganisationFilterSet,
    PersonFilterSet,
    PlaceFilterSet,
    linked_ids,
)
from ..models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
)
from ..models.translations import in_language
from . import maps, structured_data
from .generic import FilteredListView
from .linked_data import LinkedDataMixin
from .queries import (
    grouped_count,
    ids_in_any,
    limited,
    person_article_counts,
    public_roles,
    published_ids,
    seen_with,
)

NEIGHBOURS_SHOWN = 12  # people and bodies met at events, on a person's or a body's page


class MentionCountsMixin:
    """
    Gives each record of the page `article_count`: the published articles that mention it,
    counted for the page's records only (1 query). Counted for every record in the archive
    before the page picks its few, it took a second at 5,000 people.
    """

    mention_model = None  # the mention rows, with a foreign key named `mentioned_field`
    mentioned_field = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(context["object_list"])
        # The published articles as a list of ids rather than a join on their status, so that
        # the database starts from the page's records, not from every published article.
        counts = grouped_count(
            self.mention_model.objects.filter(
                **{f"{self.mentioned_field}__in": [record.pk for record in records]},
                article__in=published_ids(),
            ),
            self.mentioned_field,
        )
        for record in records:
            record.article_count = counts.get(record.pk, 0)
        context["object_list"] = records
        return context


class PersonListView(MentionCountsMixin, FilteredListView):
    """People by surname, each with the published articles they wrote and that mention them."""

    filterset_class = PersonFilterSet
    paginate_by = 50
    template_name = "archive/person_list.html"
    mention_model, mentioned_field = PersonMention, "person"
    sort_orders = (
        ("name", _("By name")),
        ("-articles", _("Most mentioned first")),
    )

    def get_queryset(self):
        return Person.objects.public().order_by("sort_name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = context["object_list"]
        written = grouped_count(
            Authorship.objects.filter(
                person__in=[record.pk for record in records], article__in=published_ids()
            ),
            "person",
        )
        for record in records:
            record.written_count = written.get(record.pk, 0)
        return context


class OrganisationListView(MentionCountsMixin, FilteredListView):
    """Bodies grouped by kind, each with its country and the body it sits inside."""

    filterset_class = OrganisationFilterSet
    paginate_by = 100
    template_name = "archive/organisation_list.html"
    mention_model, mentioned_field = OrganisationMention, "organisation"
    sort_orders = (
        ("", _("By kind")),
        ("name", _("By name")),
        ("-articles", _("Most mentioned first")),
    )

    def get_queryset(self):
        return Organisation.objects.public().select_related("parent").order_by("kind", "name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = dict(Organisation.Kind.choices)
        if self.request.GET.get("ordering") and self.filter_is_valid:
            # Sorted otherwise than by kind: one list, each body saying its kind.
            records = context["object_list"]
            context["groups"] = [{"kind": None, "organisations": records}] if records else []
            return context
        context["groups"] = [
            {"kind": kinds.get(kind, kind), "organisations": list(items)}
            for kind, items in groupby(context["object_list"], key=lambda item: item.kind)
        ]
        return context


class PlaceListView(MentionCountsMixin, FilteredListView):
    filterset_class = PlaceFilterSet
    paginate_by = 100
    template_name = "archive/place_list.html"
    mention_model, mentioned_field = PlaceMention, "place"
    sort_orders = (
        ("name", _("By name")),
        ("-articles", _("Most mentioned first")),
    )

    def get_queryset(self):
        return Place.objects.public().order_by("name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.filter_is_valid:
            # Every place the filters keep, not only this page's: 1 query, and 2 for the counts.
            places = maps.with_counts(list(self.object_list.order_by("name", "id")))
            context["places_map"] = maps.places_map(
                places, shown_name=lambda place: in_language(place, "name").text
            )
        return context


class EntityDetailView(LinkedDataMixin, DetailView):
    """
    A person's, a body's or a place's page. A subclass names the model, the ways an article
    links to the record (`article_links`), and what else its page shows (`entity_context`).
    """

    model = None

    def get_queryset(self):
        return self.model.objects.public().prefetch_related("aliases", "corrections")

    def article_links(self, record):
        """Querysets of the ids of the articles linked to `record`, one per kind of link."""
        raise NotImplementedError

    def entity_context(self, record):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        articles, more_articles = limited(
            Article.objects.published()
            .filter(pk__in=ids_in_any(self.article_links(record)))
            .for_list()
        )
        context.update(
            articles=articles,
            more_articles=more_articles,
            corrections=list(record.corrections.all()),
            **self.entity_context(record),
        )
        return context

    def met_at_events(self, **record):
        """Whom the record took part in public events with, the most often first (1 query)."""
        met = network.neighbours_of(**record)
        return {"met": met[:NEIGHBOURS_SHOWN], "more_met": max(len(met) - NEIGHBOURS_SHOWN, 0)}

    def participations(self, **record):
        """The public events the record took part in, in time order, and whether there are more."""
        return limited(
            EventParticipant.objects.public()
            .filter(**record)
            .select_related("event__place")
            .order_by(F("event__date_sort").asc(nulls_last=True), "event__id")
        )


class PersonDetailView(EntityDetailView):
    """A person: dated roles with their sources, articles, events and the people seen with them."""

    model = Person
    template_name = "archive/person_detail.html"

    def article_links(self, person):
        return [linked_ids(Article, "people", person), linked_ids(Article, "authors", person)]

    def roles_of(self, person):
        return list(
            public_roles()
            .filter(person=person)
            .order_by(F("date_sort").asc(nulls_last=True), "organisation__name", "id")
        )

    def describe(self, person, url):
        return structured_data.person(person, url, self.roles_of(person))

    def entity_context(self, person):
        roles = self.roles_of(person)
        participations, more_events = self.participations(person=person)
        return {
            "roles": roles,
            "article_counts": person_article_counts(person),
            "participations": participations,
            "more_events": more_events,
            "seen_with": seen_with(person),
            **self.met_at_events(person=person),
            "structured_data": self.description_with(structured_data.person, person, roles),
        }


class OrganisationDetailView(EntityDetailView):
    """A body: where it sits, what sits inside it, who holds roles there, articles, events."""

    model = Organisation
    template_name = "archive/organisation_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent__parent__parent")

    def article_links(self, organisation):
        return [
            linked_ids(Article, "organisations", organisation),
            Article.objects.filter(source=organisation).order_by().values("pk"),
            Article.objects.filter(relayed_from=organisation).order_by().values("pk"),
        ]

    def children_of(self, organisation):
        return list(organisation.children.public().order_by("name", "id"))

    def describe(self, organisation, url):
        return structured_data.organisation(organisation, url, self.children_of(organisation))

    def entity_context(self, organisation):
        children = self.children_of(organisation)
        participations, more_events = self.participations(organisation=organisation)
        return {
            "ancestors": list(reversed(organisation.ancestors())),
            "children": children,
            "roles": public_roles()
            .filter(organisation=organisation)
            .order_by("person__sort_name", F("date_sort").asc(nulls_last=True), "id"),
            "participations": participations,
            "more_events": more_events,
            **self.met_at_events(organisation=organisation),
            "structured_data": self.description_with(
                structured_data.organisation, organisation, children
            ),
        }


class PlaceDetailView(EntityDetailView):
    model = Place
    template_name = "archive/place_detail.html"

    def article_links(self, place):
        return [
            linked_ids(Article, "places", place),
            Article.objects.filter(dateline_place=place).order_by().values("pk"),
        ]

    def describe(self, place, url):
        return structured_data.place(place, url)

    def entity_context(self, place):
        events, more_events = limited(Event.objects.public().for_list().filter(place=place))
        return {
            "events": events,
            "more_events": more_events,
            "structured_data": self.page_description(place),
            "locator_map": maps.locator_map(place),
        }
