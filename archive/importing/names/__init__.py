"""
Finding names in a text: the names the archive already knows, and those it may not know yet.

By step: `forms` (the forms of a name texts use: honorifics, surnames, initials, a topic's
terms), `index` (every known name folded into one automaton, NameIndex), `known` (the spans of a
text naming known records), `new` (capitalised names that match nobody) and `sentences` (where
forms occur, and the sentences around them). Callers import from here:
`from archive.importing.names import NameIndex`.
"""

from .forms import *  # noqa: F403
from .index import *  # noqa: F403
from .known import *  # noqa: F403
from .new import *  # noqa: F403
from .sentences import *  # noqa: F403
