"""
Property-based testing of the whole API against its own OpenAPI schema, over real HTTP.

schemathesis reads /api/schema/ from a live server and sends generated requests, valid and
invalid, to every operation: no response may be a server error, and every response must match
what the schema documents (status code, content type, body, headers). Bounded so that the run
stays well under a minute.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES = 25  # per operation and generation mode: 17 operations, about 800 requests
# A filter naming a slug the archive does not have is refused with a 400 on purpose (the issue
# asks for it), though any string fits the schema; so this one check does not apply here.
# Every other check does: no server error, documented status codes, content types, headers and
# bodies, and invalid input refused.
NOT_APPLICABLE = [positive_data_acceptance]


def test_the_api_keeps_to_its_schema_and_never_fails(
    transactional_db, live_server, corpus, built_export
):
    # The export is built, as a deployment's schedule does: before that it answers 503.
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17  # 8 lists, 8 details, the export
    skipped = []

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate(excluded_checks=NOT_APPLICABLE)

            try:
                check()
            except Unsatisfiable:
                # Nothing to make invalid (the export takes no parameters at all).
                assert mode is GenerationMode.NEGATIVE and not operation.query
                skipped.append(operation.path)
            except Exception as failure:
                failure.add_note(f"{operation.method.upper()} {operation.path} ({mode.value})")
                raise
    assert skipped in ([], ["/api/export/"])
