"""
The editors' admin: every record of the archive, curated by people who are not programmers.

The site itself is `site.ArchiveAdminSite` (with the data-quality page). One module per domain,
as the models are: topics, articles (with their workflow actions in article_status and their
import views in article_import), entities (people, organisations, places and their aliases),
events, statistics, facts drawn from texts, suggestions, the status log, corrections and merged
records' addresses (merge). Importing them here registers them.
"""

from archive import history

# Register the curated models with their followed parts before any admin class would do it
# on its own (django-reversion's VersionAdmin registers unregistered models without them).
history.register_curated_models()

from . import (  # noqa: E402, F401
    articles,
    corrections,
    entities,
    events,
    facts,
    merge,
    statistics,
    status_log,
    suggestions,
    topics,
)
