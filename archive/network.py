"""
Who meets whom: the people and bodies of the archive as a network. Two of them are linked
when they took part in the same public event (a strong link), and more lightly when the same
published article names them both. The website draws it (archive/website/network_drawing.py)
and lists its pairs; the API gives it as JSON and as GEXF (archive/api/views/network.py).

Counted by the database, not in Python: the participations of each event are joined to the
other participations of the same event (the mentions of each article likewise), and the
database counts the events (articles) of each pair. That is the network's Ranking: every pair
in order, the heaviest first, with its counts but none of its events and articles, kept as one
array of numbers so that the cache (which remembers it until the archive changes, per
language and filters) reads it back quickly (50,000 pairs: 1.7 MB, under 2 ms). What a
page of the table, or the API, shows of a pair beyond its counts (its latest `EXAMPLES` events
and articles) is asked for only for the pairs it shows: 2 queries, the latest few kept per pair
by window functions (which SQLite and PostgreSQL both have). The drawing needs only the
`CORE` most strongly linked nodes and the pairs among them, which the Ranking picks once. The
whole list of what links a pair is the event or article list, filtered by the pair where its
filters can say so (Edge.events_query).

Every person or body reached that way is public: an event reported by a published article, or
a published article, rests on it (RecordQuerySet.public()).
"""

from array import array
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value, Window
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
CORE = 30  # the most strongly linked nodes, which the drawing shows
# A pair's key: its members' numbers (_number) as one, the first times this plus the second.
KEYSPACE = 2**31
EVENT_PARTNERS = "event__participants__"  # the other participations of the same event
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
    number: int = 0  # its number among people and bodies alike (_number): a pair's key

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


class Ranking:
    """
    Every pair a network's filters give, the heaviest first, with how many events and articles
    link it, but none of them: what the cache keeps of a network, as small as it can be (a node
    list and one array of numbers), so that reading it back costs little however many pairs
    there are. `core` are the pairs among the CORE most strongly linked nodes, the drawing's.
    """

    def __init__(self, nodes, pairs, list_filters):
        self.nodes = nodes  # the most strongly linked first
        self.list_filters = list_filters
        # Per pair: its source's and its target's place in `nodes`, its events, its articles.
        self.pairs = array("L", (number for pair in pairs for number in pair))
        core = set(range(min(CORE, len(nodes))))
        self.core = [
            index
            for index, (source, target, _events, _articles) in enumerate(pairs)
            if source in core and target in core
        ]

    def __len__(self):
        return len(self.pairs) // 4

    def edge(self, index):
        """The pair at `index` as an Edge, without its examples."""
        source, target, events, articles = self.pairs[4 * index : 4 * index + 4]
        return Edge(
            self.nodes[source],
            self.nodes[target],
            event_count=events,
            article_count=articles,
            list_filters=self.list_filters,
        )


class Network:
    """
    A network's pairs, the heaviest first, for a page of the table or the API to slice
    (`network[50:75]`): a slice gives its Edges with their latest events and articles, which
    it asks the database for then (2 queries), for those pairs only. Its counts and order come
    from its Ranking, which the cache keeps (for_filters). Given a `key` (its language and
    filters), each slice is remembered too, until the archive changes, like the Ranking.
    """

    def __init__(self, ranking, events, articles, key=None):
        self.ranking = ranking
        self.events = events
        self.articles = articles
        self.key = key

    @property
    def nodes(self):
        return self.ranking.nodes

    def count(self):
        return len(self.ranking)

    def __len__(self):
        return len(self.ranking)

    def __getitem__(self, chosen):
        if not isinstance(chosen, slice):
            index = range(len(self.ranking))[chosen]
            return self[index : index + 1][0]
        indexes = range(len(self.ranking))[chosen]

        def edges():
            chosen_edges = [self.ranking.edge(index) for index in indexes]
            return with_examples(chosen_edges, self.events, self.articles)

        if self.key is None:
            return edges()
        return cache.remember("network-pairs", edges, *self.key, indexes.start, indexes.stop)

    @property
    def edges(self):
        """Every pair, with its examples: for a small network only (2 queries)."""
        return self[:]

    def core(self):
        """
        The CORE most strongly linked nodes and the pairs among them, without examples: what
        the drawing shows, read from the ranking alone.
        """
        return (
            self.nodes[:CORE],
            [self.ranking.edge(index) for index in self.ranking.core],
        )

    def strongest(self, limit):
        """
        The `limit` heaviest pairs, with their examples, and the nodes they touch, the most
        strongly linked first (their strength still over every pair).
        """
        edges = self[:limit]
        touched = {node.key for edge in edges for node in (edge.source, edge.target)}
        return [node for node in self.nodes if node.key in touched], edges


def _number(prefix, kinds):
    """
    The person's or body's number at `prefix` among people and bodies alike (people even,
    bodies odd): one order in which each pair is counted once, and by which a pair is named.
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


def _numbered(rows, first, second):
    """
    `rows` (participations or mentions) joined to the rows at `second`'s prefix (those of the
    same event or article), each member numbered (`first`, `second`), each pair once. `first`
    and `second` are each a (prefix, kinds) of a member.
    """
    (first_prefix, first_kinds), (second_prefix, second_kinds) = first, second
    rows = rows.annotate(
        first=_number(first_prefix, first_kinds), second=_number(second_prefix, second_kinds)
    )
    if set(first_kinds) & set(second_kinds):
        rows = rows.filter(first__lt=F("second"))  # each pair once, and nobody with themself
    return rows


def _counts(rows, first, second):
    """The pairs of `rows`, one row each, with its members and how many links make it."""
    return (
        _numbered(rows, first, second)
        .values("first", "second", **_member("first", *first), **_member("second", *second))
        .annotate(links=Count("pk"))
    )


def _examples(rows, link, first, second, pairs, link_columns):
    """
    The latest EXAMPLES links (events or articles, at `link`) of each of `pairs` (the keys of
    the pairs wanted, both ways round) that `rows` make: one row per pair and link, `rank` 1
    the latest, as the lists order them.
    """
    rows = _numbered(rows, first, second).alias(pair=F("first") * KEYSPACE + F("second"))
    latest_first = [F(f"{link}__date_sort").desc(nulls_last=True), F(link).desc()]
    return (
        rows.filter(pair__in=pairs)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("first"), F("second")], order_by=latest_first)
        )
        .filter(rank__lte=EXAMPLES)
        .values("first", "second", "rank", **link_columns)
    )


def _event_columns():
    """The columns of a participation's event that its Link shows."""
    return {
        "link_slug": F("event__slug"),
        "link_title": translated("event__title"),
        "link_date": F("event__date_edtf"),
        "link_status": F("event__status"),
    }


def _article_columns():
    return {
        "link_slug": F("article__slug"),
        "link_title": F("article__title"),
        "link_devised": F("article__title_is_devised"),
        "link_date": F("article__date_edtf"),
    }


EVERYONE = ("", PARTICIPANTS)
PERSON, BODY = ("", ("person",)), ("", ("organisation",))
# The members an article's mentions pair each mention with: other people, other bodies.
MENTIONED_PEOPLE = ("article__person_mentions__", ("person",))
MENTIONED_BODIES = ("article__organisation_mentions__", ("organisation",))


def _event_rows(events, *members):
    """
    The participations in `events`, of `members` (conditions) if given: then each is checked
    against `events` on its own (EXISTS), not the whole list of events built first.
    """
    rows = EventParticipant.objects.order_by()
    if not members:
        return rows.filter(event__in=events.order_by().values("pk"))
    return rows.filter(*members, Exists(events.order_by().filter(pk=OuterRef("event"))))


def _mention_rows(model, articles, **members):
    rows = model.objects.order_by()
    if not members:
        return rows.filter(article__in=articles.order_by().values("pk"))
    return rows.filter(Exists(articles.order_by().filter(pk=OuterRef("article"))), **members)


def _article_union(articles, each, people=None, bodies=None):
    """
    `each(rows, first, second)` for the three kinds of pairs the mentions in `articles` make
    (two people, a body and a person, two bodies), as one query: their union.
    """
    person_rows = {} if people is None else {"person__in": people}
    body_rows = {} if bodies is None else {"organisation__in": bodies}
    named = _mention_rows(PersonMention, articles, **person_rows)
    bodies_named = _mention_rows(OrganisationMention, articles, **body_rows)
    return each(named, PERSON, MENTIONED_PEOPLE).union(
        each(bodies_named, BODY, MENTIONED_PEOPLE),
        each(bodies_named, BODY, MENTIONED_BODIES),
        all=True,
    )


def _node(row, side, nodes):
    """The node of `side` ("first" or "second") of a pair's row, one object per node."""
    kind = "person" if row[f"{side}_person"] else "organisation"
    node = Node(kind, row[f"{side}_{kind}"], row[f"{side}_label"], number=row.get(side, 0))
    return nodes.setdefault(node.key, node)


def _event_link(row):
    return Link("event", row["link_slug"], row["link_title"], row["link_date"], row["link_status"])


def _article_link(row):
    # A devised title is the archive's, not the text's: in brackets.
    title = f"[{row['link_title']}]" if row["link_devised"] else row["link_title"]
    return Link("article", row["link_slug"], title, row["link_date"])


def build(events, articles, list_filters=None, min_weight=None):
    """
    The network made by `events` (public events, already filtered) and `articles` (published
    articles, already filtered), without the pairs weighing less than `min_weight`: its
    Ranking in 2 queries (the pairs of participants, the pairs named together, each counted by
    the database), the examples of each pair when a slice of it is read. Nodes and pairs come
    in a fixed order (the strongest first, then by name), so that the same records always give
    the same network. `list_filters` are the event and article lists' filters for the same
    years and kind (NetworkFilterSet.list_filters), which each edge's "all of them" links carry.
    """
    return Network(ranking(events, articles, list_filters, min_weight), events, articles)


def ranking(events, articles, list_filters=None, min_weight=None):
    """The Ranking of the network `build` gives: 2 queries."""
    nodes, counts = {}, {}
    for rows, index in (
        (_counts(_event_rows(events), EVERYONE, (EVENT_PARTNERS, PARTICIPANTS)), 0),
        (_article_union(articles, _counts), 1),
    ):
        for row in rows:
            source, target = sorted(
                (_node(row, "first", nodes), _node(row, "second", nodes)), key=lambda node: node.key
            )
            counts.setdefault((source.key, target.key), [0, 0])[index] = row["links"]
    kept = [
        (nodes[source], nodes[target], events_, articles_)
        for (source, target), (events_, articles_) in counts.items()
        if events_ + articles_ >= (min_weight or 1)
    ]
    for source, target, events_, articles_ in kept:
        for node in (source, target):
            node.neighbours += 1
            node.strength += events_ + articles_
    linked = sorted(
        (node for node in nodes.values() if node.neighbours),
        key=lambda node: (-node.strength, -node.neighbours, node.label, node.key),
    )
    place = {node.key: index for index, node in enumerate(linked)}
    kept.sort(key=lambda pair: (-pair[2] - pair[3], pair[0].label, pair[1].label, pair[0].key))
    return Ranking(
        linked,
        [(place[s.key], place[t.key], events_, articles_) for s, t, events_, articles_ in kept],
        list_filters or {},
    )


def with_examples(edges, events, articles):
    """
    `edges`, each given the latest EXAMPLES events and articles that link its pair (of
    `events` and `articles`): 2 queries, whose rows are those of these pairs only.
    """
    if not edges:
        return edges
    by_pair, people, bodies = {}, set(), set()
    for edge in edges:
        first, second = edge.source.number, edge.target.number
        by_pair[(first, second)] = by_pair[(second, first)] = edge
        for number in (first, second):
            (bodies if number % 2 else people).add(number // 2)
    pairs = sorted(first * KEYSPACE + second for first, second in by_pair)
    people, bodies = sorted(people), sorted(bodies)

    def examples(rows, first, second):
        return _examples(rows, "article", first, second, pairs, _article_columns())

    event_rows = _event_rows(events, Q(person__in=people) | Q(organisation__in=bodies))
    for rows, make_link, attribute in (
        (
            _examples(
                event_rows,
                "event",
                EVERYONE,
                (EVENT_PARTNERS, PARTICIPANTS),
                pairs,
                _event_columns(),
            ),
            _event_link,
            "events",
        ),
        (_article_union(articles, examples, people, bodies), _article_link, "articles"),
    ):
        for row in sorted(rows, key=lambda row: row["rank"]):
            getattr(by_pair[(row["first"], row["second"])], attribute).append(make_link(row))
    return edges


def for_filters(filterset):
    """
    The network a valid NetworkFilterSet chooses. Its Ranking is remembered until the archive
    changes (archive/cache.py), so that each page of its table, its drawing and the API share
    one count of its pairs; each then reads the examples of its own pairs, remembered as well.
    """
    chosen = []
    if filterset.is_bound:
        data = filterset.form.cleaned_data
        chosen = sorted((name, str(value)) for name, value in data.items() if value)
    events, articles = filterset.qs, filterset.articles_in_period()
    key = (get_language(), *chosen)
    kept = cache.remember(
        "network",
        lambda: ranking(events, articles, filterset.list_filters(), filterset.chosen("min_weight")),
        *key,
    )
    return Network(kept, events, articles, key)


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
