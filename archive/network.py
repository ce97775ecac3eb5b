"""
Who meets whom: the people and bodies of the archive as a network. Two of them are linked
when they took part in the same public event (a strong link, listing the events), and more
lightly when the same published article names them both (listing the articles). The website
draws it (archive/website/network_drawing.py) and lists its pairs; the API gives it as JSON
and as GEXF (archive/api/views/network.py).

Built in three queries whatever its size: the participations in the chosen events, and the
mentions of people and of bodies in the chosen articles, each with the names and titles it
needs joined in. Every person or body reached that way is public: an event reported by a
published article, or a published article, rests on it (RecordQuerySet.public()).
"""

from dataclasses import dataclass, field
from itertools import combinations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from . import cache, dates
from .models import Event, EventParticipant, OrganisationMention, PersonMention

# Each kind of node: the path of its page under the site (and its id in the API, as the
# reconciliation service names records) and the view of its page.
KINDS = {
    "person": ("people", "archive:person_detail"),
    "organisation": ("organisations", "archive:organisation_detail"),
}


def in_language_columns(name):
    """The column `name` and, on a page in another language, its column in that language."""
    language = get_language()
    if language and language != settings.LANGUAGE_CODE:
        return [name, f"{name}_{language}"]
    return [name]


@dataclass
class Node:
    """A person or a body, with how strongly it is linked (`strength`, its links' weights)."""

    kind: str
    slug: str
    label: str
    neighbours: int = 0
    strength: int = 0

    @property
    def key(self):
        return (self.kind, self.slug)

    @property
    def id(self):
        return f"{KINDS[self.kind][0]}/{self.slug}"

    @property
    def url(self):
        return reverse(KINDS[self.kind][1], kwargs={"slug": self.slug})


@dataclass(frozen=True)
class Link:
    """An event or an article that links a pair."""

    kind: str  # "event" or "article"
    slug: str
    title: str
    date: str  # its EDTF date, "" when unknown
    url: str
    status: str = ""  # an event's status: took place, planned, announced

    @property
    def date_label(self):
        """Its date as the archive knows it, in the reader's language ("November 2021")."""
        return dates.edtf_label(self.date) if self.date else ""

    @property
    def not_yet_held(self):
        return self.status in (Event.Status.PLANNED, Event.Status.ANNOUNCED)

    @property
    def status_label(self):
        """ "planned" or "announced" for an event not known to have taken place, else ""."""
        return Event.Status(self.status).label if self.not_yet_held else ""


@dataclass
class Edge:
    """
    Two nodes and what links them. Its `weight` counts the events and the articles alike;
    `kind` says whether an event links them ("event") or only articles do ("article").
    """

    source: Node
    target: Node
    events: list = field(default_factory=list)
    articles: list = field(default_factory=list)

    @property
    def weight(self):
        return len(self.events) + len(self.articles)

    @property
    def kind(self):
        return "event" if self.events else "article"


@dataclass
class Network:
    nodes: list  # the most strongly linked first
    edges: list  # the heaviest first

    def neighbourhood(self, keys):
        """The nodes with `keys` and the edges between them, as a network of its own."""
        keys = set(keys)
        return Network(
            nodes=[node for node in self.nodes if node.key in keys],
            edges=[
                edge for edge in self.edges if edge.source.key in keys and edge.target.key in keys
            ],
        )


def _participations(events):
    """(event Link, node rows) per event of the `events` queryset: 1 query."""
    titles = in_language_columns("event__title")
    people = in_language_columns("person__name")
    bodies = in_language_columns("organisation__name")
    rows = (
        EventParticipant.objects.filter(event__in=events.order_by().values("pk"))
        .order_by("event_id", "id")
        .values(
            "event_id",
            "event__slug",
            "event__date_edtf",
            "event__status",
            *titles,
            "person__slug",
            *people,
            "organisation__slug",
            *bodies,
        )
    )
    by_event = {}
    for row in rows:
        if row["event_id"] not in by_event:
            by_event[row["event_id"]] = (
                Link(
                    kind="event",
                    slug=row["event__slug"],
                    title=row[titles[-1]] or row["event__title"],
                    date=row["event__date_edtf"],
                    url=reverse("archive:event_detail", kwargs={"slug": row["event__slug"]}),
                    status=row["event__status"],
                ),
                [],
            )
        by_event[row["event_id"]][1].append(_node_of(row, people, bodies))
    return list(by_event.values())


def _node_of(row, people, bodies):
    if row["person__slug"]:
        return Node("person", row["person__slug"], row[people[-1]] or row["person__name"])
    return Node(
        "organisation", row["organisation__slug"], row[bodies[-1]] or row["organisation__name"]
    )


def _mentions(articles):
    """(article Link, node rows) per article of the `articles` queryset: 2 queries."""
    ids = articles.order_by().values("pk")
    by_article = {}
    for model, kind in ((PersonMention, "person"), (OrganisationMention, "organisation")):
        names = in_language_columns(f"{kind}__name")
        rows = (
            model.objects.filter(article__in=ids)
            .order_by("article_id", "id")
            .values(
                "article_id",
                "article__slug",
                "article__title",
                "article__title_is_devised",
                "article__date_edtf",
                f"{kind}__slug",
                *names,
            )
        )
        for row in rows:
            if row["article_id"] not in by_article:
                title = row["article__title"]
                by_article[row["article_id"]] = (
                    Link(
                        kind="article",
                        slug=row["article__slug"],
                        # A devised title is the archive's, not the text's: in brackets.
                        title=f"[{title}]" if row["article__title_is_devised"] else title,
                        date=row["article__date_edtf"],
                        url=reverse(
                            "archive:article_detail", kwargs={"slug": row["article__slug"]}
                        ),
                    ),
                    [],
                )
            label = row[names[-1]] or row[f"{kind}__name"]
            by_article[row["article_id"]][1].append(Node(kind, row[f"{kind}__slug"], label))
    return [by_article[key] for key in sorted(by_article)]


def build(events, articles):
    """
    The network made by `events` (public events, already filtered) and `articles` (published
    articles, already filtered): 3 queries. Nodes and edges come in a fixed order (the
    strongest first, then by name), so that the same records always give the same network.
    """
    nodes, edges = {}, {}
    for links, attribute in (
        (_participations(events), "events"),
        (_mentions(articles), "articles"),
    ):
        for link, members in links:
            unique = {}
            for member in members:
                unique.setdefault(member.key, nodes.setdefault(member.key, member))
            for first, second in combinations(sorted(unique), 2):
                edge = edges.get((first, second))
                if edge is None:
                    edge = edges[(first, second)] = Edge(nodes[first], nodes[second])
                getattr(edge, attribute).append(link)
    for edge in edges.values():
        for node in (edge.source, edge.target):
            node.neighbours += 1
            node.strength += edge.weight
    linked = [node for node in nodes.values() if node.neighbours]
    linked.sort(key=lambda node: (-node.strength, -node.neighbours, node.label, node.key))
    ordered_edges = sorted(
        edges.values(),
        key=lambda edge: (-edge.weight, edge.source.label, edge.target.label, edge.source.key),
    )
    return Network(nodes=linked, edges=ordered_edges)


def for_filters(filterset):
    """
    The network a valid NetworkFilterSet chooses, remembered until the archive changes: each
    page of its table, and the API, then share one build (archive/cache.py).
    """
    chosen = []
    if filterset.is_bound:
        data = filterset.form.cleaned_data
        chosen = sorted((name, str(value)) for name, value in data.items() if value)
    return cache.remember(
        "network",
        lambda: build(filterset.qs, filterset.articles_in_period()),
        get_language(),
        *chosen,
    )


def neighbours_of(**record):
    """
    Whom one person or body (`person=…` or `organisation=…`) took part in public events with,
    each with those events, the most shared first: 1 query.
    """
    theirs = EventParticipant.objects.public().filter(**record).order_by().values("event")
    people = in_language_columns("person__name")
    bodies = in_language_columns("organisation__name")
    titles = in_language_columns("event__title")
    rows = (
        EventParticipant.objects.filter(event__in=theirs)
        .exclude(**record)
        .order_by("event__date_sort", "event_id", "id")
        .values(
            "event__slug",
            "event__date_edtf",
            "event__status",
            *titles,
            "person__slug",
            *people,
            "organisation__slug",
            *bodies,
        )
    )
    met = {}
    for row in rows:
        node = _node_of(row, people, bodies)
        events = met.setdefault(node.key, (node, []))[1]
        event = Link(
            kind="event",
            slug=row["event__slug"],
            title=row[titles[-1]] or row["event__title"],
            date=row["event__date_edtf"],
            url=reverse("archive:event_detail", kwargs={"slug": row["event__slug"]}),
            status=row["event__status"],
        )
        if event not in events:
            events.append(event)
    return sorted(met.values(), key=lambda pair: (-len(pair[1]), pair[0].label, pair[0].key))
