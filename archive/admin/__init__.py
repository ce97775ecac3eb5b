"""
The editors' admin: every record of the archive, curated by people who are not programmers.

The site itself is `archive.admin_site` (with the data-quality page); `records` registers the
records themselves, with history, merging and the article workflow and import; `curation`
registers the suggested links and the status log.
"""

from archive import history

# Register the curated models with their followed parts before any admin class would do it
# on its own (django-reversion's VersionAdmin registers unregistered models without them).
history.register_curated_models()

from . import curation, records  # noqa: E402, F401
