"""
What the fuzzing found, pinned down: each of these once answered with a server error or broke
the API's rule that its errors come as JSON.
"""

import pytest

from .problems import refused_parameters

# A NUL byte in a record's address went to the database to look for a merged-away record;
# PostgreSQL refuses NUL in text ("DataError: PostgreSQL text fields cannot contain NUL"), a 500.
ADDRESSES_NO_SLUG_HAS = [
    "/people/a%00b/",
    "/organisations/%00/",
    "/places/%E2%80%AE/",
    "/events/%27%20OR%201=1--/",
    "/api/people/%00/",
    "/api/events/%00/",
]


@pytest.mark.parametrize("path", ADDRESSES_NO_SLUG_HAS)
def test_an_address_no_slug_can_have_is_a_404_without_asking_the_database(
    client, corpus, path, django_assert_num_queries
):
    # 0 queries: no lookup of moved records for a path that cannot be a record's.
    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 404


def test_a_merged_records_slug_address_is_still_looked_up(client, corpus):
    """The check above must not stop the redirects of merged-away records."""
    from archive.models import MovedRecord

    MovedRecord.objects.create(old_path="/people/m-baimukhan/", new_path="/people/x/")

    response = client.get("/people/m-baimukhan/?ref=feed")

    assert response.status_code == 301
    assert response["Location"] == "/people/x/?ref=feed"


# The schema and docs views answered an unknown `format` with a 404 in YAML ("detail:\n
# string: Not found.") or with the website's HTML page, unlike every other API address; now
# it is a 400 naming the parameter, as everywhere in the API.
@pytest.mark.parametrize("path", ["/api/schema/?format=xml", "/api/docs/?format=xml"])
def test_the_api_description_answers_errors_in_json(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(refused_parameters(response)) == ["format"]


def test_the_api_description_still_comes_as_yaml_json_and_a_page(client):
    assert client.get("/api/schema/").content.startswith(b"openapi: 3.1.0")
    assert client.get("/api/schema/?format=json").json()["openapi"] == "3.1.0"
    assert b"swagger-ui" in client.get("/api/docs/").content
