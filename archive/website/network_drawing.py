"""
The network of who meets whom (archive/network.py), drawn on the server as SVG (no script),
with the table of its pairs as its text equivalent.

The layout is a circle: the nodes in a fixed order (bodies, then people, each by name) at
equal angles, their names outwards along the radius, every link a straight chord. It needs no
library and no random start, so the same records always give the same drawing, and a chord
never hides a node. A link made by a shared event is a solid line, one made only by articles
naming both a thinner dashed line (told apart by more than colour); either grows thicker with
its weight. A person is a circle, a body a square.

Up to `MOST_NODES_DRAWN` nodes are drawn, the most strongly linked; the figure says how many
people, bodies and links are left out, and the table lists every pair. They and the links among
them are read from the network's remembered ranking (Network.core), so drawing costs the same
whatever the size of the archive.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import network as archive_network

MOST_NODES_DRAWN = archive_network.CORE  # beyond this the names around the circle would overlap
RADIUS = 190
LABEL_ROOM = 235  # the longest name drawn (LONGEST_LABEL characters) beyond the circle
LONGEST_LABEL = 26
NODE_SIZE = 7
SIZE = 2 * (RADIUS + LABEL_ROOM)
CENTRE = SIZE / 2
THICKEST_EVENT_LINE, THICKEST_ARTICLE_LINE = 6.0, 3.0


@dataclass
class DrawnNode:
    node: object  # archive.network.Node
    x: float
    y: float
    label_x: float
    label_y: float
    angle: float  # of the name, in degrees: along the radius, never upside down
    anchor: str  # "start" on the right half, "end" on the left
    short_label: str
    name: str  # the accessible name: its name and how many it is linked to

    @property
    def square(self):
        """A body's square: its top-left corner and side."""
        return (round(self.x - NODE_SIZE, 1), round(self.y - NODE_SIZE, 1), 2 * NODE_SIZE)


@dataclass
class DrawnEdge:
    edge: object  # archive.network.Edge
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    name: str


@dataclass
class Drawing:
    nodes: list
    edges: list
    size: float
    nodes_left_out: int
    edges_left_out: int

    @property
    def has_people(self):
        return any(drawn.node.kind == "person" for drawn in self.nodes)

    @property
    def has_bodies(self):
        return any(drawn.node.kind == "organisation" for drawn in self.nodes)

    @property
    def has_event_links(self):
        return any(drawn.edge.event_count for drawn in self.edges)

    @property
    def has_article_links(self):
        return any(not drawn.edge.event_count for drawn in self.edges)

    @property
    def left_out(self):
        """What the figure says is not drawn, in words; "" when everything is."""
        if not self.nodes_left_out:
            return ""
        return ngettext(
            "The %(nodes)s less strongly linked person or body and %(edges)s links are not "
            "drawn; the table lists every pair.",
            "The %(nodes)s less strongly linked people and bodies and %(edges)s links are not "
            "drawn; the table lists every pair.",
            self.nodes_left_out,
        ) % {"nodes": self.nodes_left_out, "edges": self.edges_left_out}


def shortened(label):
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1].rstrip() + "…"


def line_width(edge):
    if edge.event_count:
        return round(min(1.0 + (edge.event_count - 1) * 1.25, THICKEST_EVENT_LINE), 2)
    return round(min(0.75 + (edge.article_count - 1) * 0.5, THICKEST_ARTICLE_LINE), 2)


def node_name(node):
    return ngettext(
        "%(name)s: linked to %(count)s person or body",
        "%(name)s: linked to %(count)s people and bodies",
        node.neighbours,
    ) % {"name": node.label, "count": node.neighbours}


def edge_name(edge):
    events = ngettext("%(count)s event together", "%(count)s events together", edge.event_count)
    articles = ngettext(
        "%(count)s article naming both", "%(count)s articles naming both", edge.article_count
    )
    return _("%(first)s and %(second)s: %(events)s, %(articles)s") % {
        "first": edge.source.label,
        "second": edge.target.label,
        "events": events % {"count": edge.event_count},
        "articles": articles % {"count": edge.article_count},
    }


def drawing(network):
    """The drawing of `network` (archive.network.Network), or None when it has no link."""
    if not network.count():
        return None
    shown_nodes, shown_edges = network.core()
    # Bodies, then people, each by name: a fixed order around the circle.
    ordered = sorted(shown_nodes, key=lambda node: (node.kind != "organisation", node.label))
    places = {}
    drawn_nodes = []
    for index, node in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * index / len(ordered)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = CENTRE + RADIUS * cos, CENTRE + RADIUS * sin
        right = cos >= -1e-9
        degrees = math.degrees(angle) if right else math.degrees(angle) + 180
        places[node.key] = (round(x, 1), round(y, 1))
        drawn_nodes.append(
            DrawnNode(
                node=node,
                x=round(x, 1),
                y=round(y, 1),
                label_x=round(CENTRE + (RADIUS + NODE_SIZE + 6) * cos, 1),
                label_y=round(CENTRE + (RADIUS + NODE_SIZE + 6) * sin, 1),
                angle=round(degrees, 2),
                anchor="start" if right else "end",
                short_label=shortened(node.label),
                name=node_name(node),
            )
        )
    # The lightest links first, so that a heavy one is drawn over them.
    drawn_edges = [
        DrawnEdge(
            edge,
            *places[edge.source.key],
            *places[edge.target.key],
            width=line_width(edge),
            name=edge_name(edge),
        )
        for edge in reversed(shown_edges)
    ]
    return Drawing(
        nodes=drawn_nodes,
        edges=drawn_edges,
        size=SIZE,
        nodes_left_out=len(network.nodes) - len(shown_nodes),
        edges_left_out=network.count() - len(shown_edges),
    )
