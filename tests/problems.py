"""Readers for the API's errors, RFC 9457 problem details (archive/api/problems.py)."""


def problem_of(response, kind):
    """The problem a response carries, after checking its media type, status and `type`."""
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["type"] == f"http://testserver/api/problems/{kind}/"
    assert problem["title"] and problem["detail"]
    return problem


def refused_parameters(response, kind="invalid-parameters"):
    """The parameters a problem names, with their reasons: `{"page": ["Give a whole…"]}`."""
    refused = {}
    for item in problem_of(response, kind).get("invalid_params", []):
        refused.setdefault(item["name"], []).append(item["reason"])
    return refused
