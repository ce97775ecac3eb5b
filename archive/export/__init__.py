"""
The bulk export: the whole published archive as a Frictionless Tabular Data Package.

`write_package(directory)` writes one CSV file per table under `data/`, the same rows as JSON
Lines beside them, and a `datapackage.json` describing every column, primary key and foreign
key, so that tools (frictionless, pandas, R, a spreadsheet) can load and check the data without
reading this code. Only what the public may see is exported: published articles, the facts
resting on them, and the events they report; people, organisations, places, topics and
indicators as far as the site shows them (`public()`: not those only drafts rest on).

`python manage.py export_archive DIR` writes the package to a folder. `/api/export/` serves it
as a zip that `python manage.py build_export` builds out of band (after changes and on a
schedule: docs/operations.md), never a request: at tens of thousands of articles a build takes
longer than a worker may spend on one request. The command rebuilds only when the data version
changed since the last build: a generation that every save or delete of an archive record renews
once its transaction commits, and a digest of the published articles' ids and update times,
which also catches bulk publishing and withdrawing (`QuerySet.update()` sends no signals). A
build is written beside the served zip and swapped in whole (`os.replace()`), so the endpoint
serves either the previous package or the new one, never a part of one; until a first build
exists it answers 503 with `Retry-After`. The package also holds `popolo.json`, the same
records in the Popolo standard (`archive/popolo.py`), which /api/popolo/ serves out of the
built zip.
"""

from .build import (
    RETRY_AFTER_SECONDS,
    BuildInProgress,
    build_export,
    build_lock,
    built_path,
    cache_dir,
)
from .response import built_export_response, built_popolo_response
from .tables import TABLES
from .writers import write_package, write_zip

__all__ = [
    "RETRY_AFTER_SECONDS",
    "TABLES",
    "BuildInProgress",
    "build_export",
    "build_lock",
    "built_export_response",
    "built_path",
    "built_popolo_response",
    "cache_dir",
    "write_package",
    "write_zip",
]
