"""
What a client knows that an OpenAPI schema cannot say, for schemathesis (loaded through
`SCHEMATHESIS_HOOKS` by tests/test_api_schemathesis.py).

OpenAPI has no way to relate two parameters, so the schema can only say in words that
`date_after` may not be later than `date_before`, nor `year_from` than `year_to` (the API
refuses such a range with a 400). A
client that means its request puts the earlier date first; so does this hook, before every call
in every phase. A case whose dates are malformed is left as it is.

An ISNI or an ORCID iD ends with a check character computed from the rest (ISO 7064 MOD 11-2),
which a pattern cannot say: the API refuses a wrong one. A client sends one it has read
somewhere, with its check character right; this hook writes it so.

Likewise `page_size=all` (every row at once) is for CSV only and takes no `page`: a client
asking for every row asks for CSV and no page, and so does this hook.

A reconciliation batch posted as a form is a JSON document in the field `queries`, as the
schema's `encoding` says; schemathesis writes an object in a form as nested fields instead, so
this hook writes the field as JSON, as a reconciliation client does.
"""

import datetime
import json
import re

import schemathesis

# The identifiers' forms, as the schema gives them, and their check character: written here
# again, as a client would write them from the standard (ISO 7064 MOD 11-2), not imported.
CHECKED_IDENTIFIERS = {
    "isni": re.compile(r"[0-9]{15}[0-9X]"),
    "orcid": re.compile(r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]"),
}


def check_character(digits):
    remainder = 0
    for digit in digits:
        remainder = (remainder + int(digit)) * 2 % 11
    value = (12 - remainder) % 11
    return "X" if value == 10 else str(value)


def as_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def as_year(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if (
        case.method.upper() == "POST"
        and case.path == "/api/reconcile/"
        and isinstance(case.body, dict)
        and "queries" in case.body
    ):
        case.body = {**case.body, "queries": json.dumps(case.body["queries"])}
    query = case.query or {}
    after, before = as_date(query.get("date_after")), as_date(query.get("date_before"))
    if after and before and after > before:
        query["date_after"], query["date_before"] = query["date_before"], query["date_after"]
    # Likewise a span of years (/api/network/): the earlier year first.
    first, last = as_year(query.get("year_from")), as_year(query.get("year_to"))
    if first is not None and last is not None and first > last:
        query["year_from"], query["year_to"] = query["year_to"], query["year_from"]
    for name, form in CHECKED_IDENTIFIERS.items():
        value = query.get(name)
        if isinstance(value, str) and form.fullmatch(value):
            query[name] = value[:-1] + check_character(value[:-1].replace("-", ""))
    if query.get("page_size") == "all":
        # Only what makes a valid case invalid is changed: a malformed page or format is kept.
        if query.get("format") in (None, "", "json"):  # empty counts as not given
            query["format"] = "csv"
        if str(query.get("page", "")).isdecimal() and int(query["page"]) >= 1:
            del query["page"]
