"""
The API's views: one read-only viewset per record type, sharing the website's FilterSets, and
the views around them.

By domain, as the serializers: `base` (ArchiveViewSet, what every viewset shares), `records`
(people, organisations, places, topics, indicators), `texts` (articles), `facts` (events,
figures), `around` (export, schema, docs, problem types, the root and the router) and
`reconciliation` (the reconciliation service for OpenRefine and the like).
`api/urls.py` reads them all from here.
"""

from .around import *  # noqa: F403
from .base import *  # noqa: F403
from .facts import *  # noqa: F403
from .network import *  # noqa: F403
from .reconciliation import *  # noqa: F403
from .records import *  # noqa: F403
from .texts import *  # noqa: F403
