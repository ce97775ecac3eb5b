"""
Who meets whom: the people and bodies of the archive as a network. Two of them are linked
when they took part in the same public event (a strong link), and more lightly when the same
published article names them both. The website draws it (archive/website/network_drawing.py)
and lists its pairs; the API gives it as JSON and as GEXF (archive/api/views/network.py).

Counted by the database, not in Python: the participations of each event are joined to the
other participations of the same event (the mentions of each article likewise), one row per
pair and event, and the database keeps for each pair how many events (articles) link it and
only the latest `EXAMPLES` of them (window functions, which SQLite and PostgreSQL both have).
So the network costs 2 queries whatever the archive's size, and what it holds, and what the
cache keeps, grows with its pairs rather than with every event and article behind them. The
whole list of what links a pair is the event or article list, filtered by the pair where its
filters can say so (Edge.events_query).

Every person or body reached that way is public: an event reported by a published article, or
a published article, rests on it (RecordQuerySet.public()).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import CharField, Count, F, Value, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
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
EXAMPLES = 3  # the latest events, and articles, that a pair shows: the lists have the rest
PARTICIPANTS = ("person", "organisation")  # who a participation's row may be


def translated(path):
    """The text at `path` in the reader's language where it has one, else in the default."""
    language = get_language()
    if language and language != settings.LANGUAGE_CODE:
        return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))
    return F(path)


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
    status: str = ""  # an event's status: took place, planned, announced

    @property
    def url(self):
        return reverse(f"archive:{self.kind}_detail", kwargs={"slug": self.slug})

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


@dataclass(eq=False)
class Edge:
    """
    Two nodes and what links them: how many events and articles (`event_count`,
    `article_count`; `weight` counts both alike) and the latest few of each (`events`,
    `articles`, at most EXAMPLES). `kind` says whether an event links them ("event") or only
    articles do ("article"). `list_filters` are the network's years and kind as the event and
    article lists' filters, shared by every edge of one network.
    """

    source: Node
    target: Node
    event_count: int = 0
    article_count: int = 0
    events: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    list_filters: dict = field(default_factory=dict, repr=False)

    @property
    def weight(self):
        return self.event_count + self.article_count

    @property
    def kind(self):
        return "event" if self.event_count else "article"

    @property
    def more_events(self):
        """How many of the events linking the pair are not among its examples."""
        return self.event_count - len(self.events)

    @property
    def pair_filters(self):
        """
        The filters of the event and article lists that choose what links both, or None. Those
        lists take one person and one body (`person=`, `organisation=`), so they can say "both
        of these" of a person and a body, but not of two people or two bodies: such a pair has
        no list of everything linking it, only its examples and counts.
        """
        members = {self.source.kind: self.source.slug, self.target.kind: self.target.slug}
        return members if len(members) == 2 else None

    @property
    def events_query(self):
        """The event list's query string for every event linking the pair; "" when none can."""
        return self._query(self.event_count, self.list_filters)

    @property
    def articles_query(self):
        """The article list's query string for every article naming both; "" when none can."""
        # A kind of event leaves the articles out of the network: it is no article filter.
        filters = {name: value for name, value in self.list_filters.items() if name != "kind"}
        return self._query(self.article_count, filters)

    def _query(self, count, filters):
        pair = self.pair_filters
        if not count or pair is None:
            return ""
        # In canonical order (by name), as the page cache keeps pages (archive/cache.py).
        return urlencode(sorted({**filters, **pair}.items()))


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


def _number(prefix, kinds):
    """
    The person's or body's number at `prefix` among people and bodies alike (people even,
    bodies odd): one order in which each pair is counted once.
    """
    numbers = {
        "person": F(f"{prefix}person") * 2,
        "organisation": F(f"{prefix}organisation") * 2 + 1,
    }
    chosen = [numbers[kind] for kind in kinds]
    return Coalesce(*chosen) if len(chosen) > 1 else chosen[0]


def _member(side, prefix, kinds):
    """The columns naming one member of a pair: its slug as a person or as a body, its name."""
    columns = {
        f"{side}_{kind}": F(f"{prefix}{kind}__slug")
        if kind in kinds
        else Value(None, output_field=CharField())
        for kind in PARTICIPANTS
    }
    labels = [translated(f"{prefix}{kind}__name") for kind in kinds]
    columns[f"{side}_label"] = Coalesce(*labels) if len(labels) > 1 else labels[0]
    return columns


def _pairs(rows, link, first, second, link_columns):
    """
    The pairs that `rows` (participations or mentions) make with the rows at `second`'s prefix
    (those of the same event or article, at `link`): one row per pair and each of its latest
    EXAMPLES links (`rank` 1 the latest, as the lists order them), with how many links the
    pair has (`links`). `first` and `second` are each a (prefix, kinds) of a member.
    """
    (first_prefix, first_kinds), (second_prefix, second_kinds) = first, second
    rows = rows.alias(
        first=_number(first_prefix, first_kinds), second=_number(second_prefix, second_kinds)
    )
    if set(first_kinds) & set(second_kinds):
        rows = rows.filter(first__lt=F("second"))  # each pair once, and nobody with themself
    pair = [F("first"), F("second")]
    latest_first = [F(f"{link}__date_sort").desc(nulls_last=True), F(link).desc()]
    return (
        rows.annotate(
            links=Window(Count("pk"), partition_by=pair),
            rank=Window(RowNumber(), partition_by=pair, order_by=latest_first),
        )
        .filter(rank__lte=EXAMPLES)
        .values(
            "links",
            "rank",
            **_member("first", first_prefix, first_kinds),
            **_member("second", second_prefix, second_kinds),
            **link_columns,
        )
    )


def _event_columns():
    """The columns of a participation's event that its Link shows."""
    return {
        "link_slug": F("event__slug"),
        "link_title": translated("event__title"),
        "link_date": F("event__date_edtf"),
        "link_status": F("event__status"),
    }


def _event_pairs(events):
    """The pairs the participations in `events` make, with their latest events: 1 query."""
    rows = EventParticipant.objects.filter(event__in=events.order_by().values("pk"))
    return _pairs(
        rows.order_by(),
        "event",
        ("", PARTICIPANTS),
        ("event__participants__", PARTICIPANTS),
        _event_columns(),
    )


def _article_pairs(articles):
    """
    The pairs the mentions in `articles` make (two people, a person and a body, two bodies),
    with their latest articles: 1 query, a union of the three.
    """
    ids = articles.order_by().values("pk")
    columns = {
        "link_slug": F("article__slug"),
        "link_title": F("article__title"),
        "link_devised": F("article__title_is_devised"),
        "link_date": F("article__date_edtf"),
    }
    people = PersonMention.objects.filter(article__in=ids).order_by()
    bodies = OrganisationMention.objects.filter(article__in=ids).order_by()
    person, body = ("", ("person",)), ("", ("organisation",))
    return _pairs(
        people, "article", person, ("article__person_mentions__", ("person",)), columns
    ).union(
        _pairs(bodies, "article", body, ("article__person_mentions__", ("person",)), columns),
        _pairs(
            bodies,
            "article",
            body,
            ("article__organisation_mentions__", ("organisation",)),
            columns,
        ),
        all=True,
    )


def _node(row, side, nodes):
    """The node of `side` ("first" or "second") of a pair's row, one object per node."""
    kind = "person" if row[f"{side}_person"] else "organisation"
    node = Node(kind, row[f"{side}_{kind}"], row[f"{side}_label"])
    return nodes.setdefault(node.key, node)


def _event_link(row):
    return Link("event", row["link_slug"], row["link_title"], row["link_date"], row["link_status"])


def _article_link(row):
    # A devised title is the archive's, not the text's: in brackets.
    title = f"[{row['link_title']}]" if row["link_devised"] else row["link_title"]
    return Link("article", row["link_slug"], title, row["link_date"])


def build(events, articles, list_filters=None):
    """
    The network made by `events` (public events, already filtered) and `articles` (published
    articles, already filtered): 2 queries. Nodes and edges come in a fixed order (the
    strongest first, then by name), so that the same records always give the same network.
    `list_filters` are the event and article lists' filters for the same years and kind
    (NetworkFilterSet.list_filters), which each edge's "all of them" links carry.
    """
    list_filters = list_filters or {}
    nodes, edges, links = {}, {}, {}
    for rows, make_link, count, examples in (
        (_event_pairs(events), _event_link, "event_count", "events"),
        (_article_pairs(articles), _article_link, "article_count", "articles"),
    ):
        for row in sorted(rows, key=lambda row: row["rank"]):
            source, target = sorted(
                (_node(row, "first", nodes), _node(row, "second", nodes)), key=lambda node: node.key
            )
            edge = edges.get((source.key, target.key))
            if edge is None:
                edge = edges[(source.key, target.key)] = Edge(
                    source, target, list_filters=list_filters
                )
            setattr(edge, count, row["links"])
            # One object per event or article, however many pairs it links: a smaller cache.
            link = make_link(row)
            getattr(edge, examples).append(links.setdefault(link, link))
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
        lambda: build(filterset.qs, filterset.articles_in_period(), filterset.list_filters()),
        get_language(),
        *chosen,
    )


def neighbours_of(**record):
    """
    Whom one person or body (`person=…` or `organisation=…`) took part in public events with,
    the most shared first: an Edge from the record to each, with how many events they shared
    and the latest EXAMPLES of them. 1 query, whose rows grow with the people and bodies met
    rather than with every event shared.
    """
    ((kind, instance),) = record.items()
    own = Node(kind, instance.slug, str(instance))
    theirs = EventParticipant.objects.public().filter(**record).order_by().values("event")
    rows = EventParticipant.objects.filter(event__in=theirs).exclude(**record).order_by()
    rows = rows.alias(neighbour=_number("", PARTICIPANTS))
    neighbour = [F("neighbour")]
    latest_first = [F("event__date_sort").desc(nulls_last=True), F("event").desc()]
    rows = (
        rows.annotate(
            links=Window(Count("pk"), partition_by=neighbour),
            rank=Window(RowNumber(), partition_by=neighbour, order_by=latest_first),
        )
        .filter(rank__lte=EXAMPLES)
        .values("links", "rank", **_member("second", "", PARTICIPANTS), **_event_columns())
    )
    nodes, met = {}, {}
    for row in sorted(rows, key=lambda row: row["rank"]):
        node = _node(row, "second", nodes)
        edge = met.setdefault(node.key, Edge(own, node, event_count=row["links"]))
        edge.events.append(_event_link(row))
    return sorted(
        met.values(), key=lambda edge: (-edge.event_count, edge.target.label, edge.target.key)
    )
