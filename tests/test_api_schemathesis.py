"""
The whole API against its own OpenAPI schema, as a real client sees it: schemathesis's command
line reads /api/schema/ from a live server and runs all its phases (the schema's examples,
coverage of each parameter's edges, random fuzzing, and stateful sequences that follow the
links between operations) with every check, none excluded:

- no server error; status codes, content types, headers and bodies as documented;
- a request the schema calls valid is accepted, and one it calls invalid is refused;
- a method the schema does not list answers 405 with an `Allow` header;
- what a response points to can be fetched.

The one rule the schema cannot state (`date_after` not later than `date_before`) is kept by a
hook, as a client would keep it: tests/schemathesis_hooks.py.

Bounded by examples per operation so that it takes a minute or two; it is marked `slow`, so
`-m "not slow"` leaves it out of a quick local run (`make test` and CI run it). A failure prints
schemathesis's report, with a `curl` line to reproduce each finding and the seed of the run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .processes import project_environment

pytestmark = pytest.mark.slow

EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")  # per operation and phase
TIME_LIMIT = 420  # seconds: far more than a run takes, so that a hang is a failure, not a stall


def test_the_api_keeps_to_its_schema_in_every_check_and_phase(
    transactional_db, live_server, corpus, built_export, tmp_path
):
    # The export is built, as a deployment's schedule does: before that it answers 503.
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        f"{live_server.url}/api/schema/?format=json",
        "--checks=all",
        "--phases=examples,coverage,fuzzing,stateful",
        f"--max-examples={EXAMPLES}",
        "--request-timeout=30",
        "--generation-database=none",
        # One request at a time: the live server shares one database connection between them.
        "--workers=1",
        "--continue-on-failure",
        "--no-color",
    ]

    run = subprocess.run(
        command,
        env=project_environment(
            SCHEMATHESIS_HOOKS=str(Path(__file__).with_name("schemathesis_hooks.py"))
        ),
        cwd=tmp_path,  # schemathesis keeps what it learns of the server in .schemathesis/ here
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "No tests were run" not in run.stdout, run.stdout  # every phase ran
