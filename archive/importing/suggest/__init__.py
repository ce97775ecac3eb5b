"""
Suggesting the links of an article, and acting on an editor's decision.

By step: `finding` (the pending suggestions an article's text gives), `decisions` (accepting,
rejecting, creating or linking the record a name stands for) and `rematching` (pending names
read again when a record or alias is saved). Callers import from here:
`from archive.importing import suggest`, then `suggest.accept(...)`.
"""

from .decisions import *  # noqa: F403
from .finding import *  # noqa: F403
from .rematching import *  # noqa: F403
