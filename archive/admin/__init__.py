"""
The editors' admin: every record of the archive, curated by people who are not programmers.

`site` is the archive's admin site (with the data-quality page and the import page);
`records` registers the records themselves, `curation` the suggestions and the status log.
"""

from archive import history

# Register the curated models with their followed parts before any admin class would do it
# on its own (django-reversion's VersionAdmin registers unregistered models without them).
history.register_curated_models()

from . import records  # noqa: E402, F401
