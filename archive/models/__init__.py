"""
The archive's records, by domain.

Two layers: the *sources* (articles, kept verbatim with their provenance) and the *facts*
editors draw out of them (people, organisations, places, events, roles, statistics). Every fact
points at the article(s) it rests on with a verbatim quote, and deleting anything a fact points
to is refused (PROTECT), never cascaded: nothing curated disappears as a side effect.

- base: validators and the abstract bases every record shares;
- records: topics, places, people, organisations and their aliases;
- texts: articles, their authors and the records they mention;
- originals: the files articles were imported from, kept byte for byte;
- facts: roles, events, their participants and reports;
- figures: indicators and statistics;
- curation: suggestions, the publication log, moved records, corrections;
- related: related reports, computed ahead of time;
- querysets: every QuerySet and manager, and so every visibility rule.

Callers import from here (`from archive.models import Article`), as Django does.
"""

from .base import *  # noqa: F403
from .curation import *  # noqa: F403
from .facts import *  # noqa: F403
from .figures import *  # noqa: F403
from .originals import *  # noqa: F403
from .querysets import *  # noqa: F403
from .records import *  # noqa: F403
from .related import *  # noqa: F403
from .texts import *  # noqa: F403

# The migrations name this validator by its historical path, archive.models.
from .base import _surface_form_list_validator  # noqa: F401  isort: skip
