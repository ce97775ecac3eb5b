"""
How the API shows each record.

Every record carries `url` (its API detail), `slug` and `web_url` (its page on the website).
Related records appear as small summaries (slug, name, url), never as database ids. Dates come
as the EDTF expression the archive asserts, its lower/upper bounds and the words a reader sees.
Every field is always sent; a value the archive does not have is null, never "".

A detail embeds at most 20 records of a list that grows with the archive (`EMBEDDED_LIMIT`),
with `<list>_count` and, where the API lists them, `<list>_url`: the whole list, filtered.

The serializers only read what the viewsets fetched: lists that must show published material
only (a person's articles, an event's reports) are read from `Prefetch(..., to_attr=...)`
attributes prepared in `archive/api/views/`, so no draft can slip in through a relation.

By domain, as the models: `base` (the building blocks), `summaries` (related records),
`records` (people, organisations, places, topics, indicators), `texts` (articles) and `facts`
(roles, events, figures); `related` (related reports); `popolo` describes /api/popolo/.
Callers import from here: `from archive.api import serializers`.
"""

from .base import *  # noqa: F403
from .facts import *  # noqa: F403
from .network import *  # noqa: F403
from .popolo import *  # noqa: F403
from .records import *  # noqa: F403
from .related import *  # noqa: F403
from .summaries import *  # noqa: F403
from .texts import *  # noqa: F403
