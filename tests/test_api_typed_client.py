"""
The API as a client developer meets it: openapi-python-client generates a typed Python client
from the live /api/schema/ (failing on any warning), and that client pages through every list
and fetches every record of the corpus. The generated models parse each answer by the schema's
types, so a field typed wrong, a null where the schema promises a value, or a field the schema
says may be left out (which the client would type `X | Unset`) fails here.

The one setting a client developer gives the generator: the export's zip is to be handed over
as bytes (the generator knows application/octet-stream by name, not application/zip).
"""

import importlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import attrs
import pytest

from .api_schema import API_LISTS
from .processes import project_environment

pytestmark = pytest.mark.slow

GENERATOR_CONFIG = {
    "package_name_override": "kzbe_client",
    "post_hooks": [],
    "content_type_overrides": {"application/zip": "application/octet-stream"},
}


def generate_client(schema_url, folder):
    """The client openapi-python-client generates from the schema at `schema_url`, imported."""
    with urllib.request.urlopen(schema_url) as answer:
        (folder / "schema.json").write_bytes(answer.read())
    (folder / "config.json").write_text(json.dumps(GENERATOR_CONFIG))
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path=schema.json",
            "--config=config.json",
            "--meta=none",
            "--output-path=kzbe_client",
            "--fail-on-warning",
        ],
        cwd=folder,
        env=project_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module("kzbe_client")
    finally:
        sys.path.remove(str(folder))


def unset_fields(record, where="record"):
    """Every field of a parsed record (nested ones too) that the client left `Unset`."""
    from kzbe_client.types import Unset

    if isinstance(record, list):
        return [
            name
            for index, item in enumerate(record)
            for name in unset_fields(item, f"{where}[{index}]")
        ]
    if not attrs.has(type(record)):
        return []
    found = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if isinstance(value, Unset):
            found.append(f"{where}.{field.name}")
        else:
            found += unset_fields(value, f"{where}.{field.name}")
    return found


def test_a_generated_client_pages_every_list_and_fetches_every_record(
    transactional_db, live_server, corpus, tmp_path
):
    kzbe_client = generate_client(f"{live_server.url}/api/schema/?format=json", tmp_path)
    client = kzbe_client.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    for resource in API_LISTS:
        listing = importlib.import_module(f"kzbe_client.api.{resource}.{resource}_list")
        detail = importlib.import_module(f"kzbe_client.api.{resource}.{resource}_retrieve")
        records, page, count = [], 1, None
        while page:
            answer = listing.sync(client=client, page=page, page_size=2)
            assert type(answer).__name__.startswith("Paginated"), answer
            assert unset_fields(answer) == []
            count = answer.count
            records += answer.results
            page = page + 1 if answer.next_ else None
        assert count > 0 and len(records) == count, resource
        assert len({record.slug for record in records}) == count, resource

        for record in records:
            key = {"id": record.slug} if resource == "statistics" else {"slug": record.slug}
            answer = detail.sync(client=client, **key)
            assert answer.slug == record.slug
            assert answer.url == record.url
            assert unset_fields(answer, f"{resource}/{record.slug}") == []
