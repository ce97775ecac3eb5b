"""
What a client knows that an OpenAPI schema cannot say, for schemathesis (loaded through
`SCHEMATHESIS_HOOKS` by tests/test_api_schemathesis.py).

OpenAPI has no way to relate two parameters, so the schema can only say in words that
`date_after` may not be later than `date_before` (the API refuses such a range with a 400). A
client that means its request puts the earlier date first; so does this hook, before every call
in every phase. A case whose dates are malformed is left as it is.

Likewise `page_size=all` (every row at once) is for CSV only and takes no `page`: a client
asking for every row asks for CSV and no page, and so does this hook.
"""

import datetime

import schemathesis


def as_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    query = case.query or {}
    after, before = as_date(query.get("date_after")), as_date(query.get("date_before"))
    if after and before and after > before:
        query["date_after"], query["date_before"] = query["date_before"], query["date_after"]
    if query.get("page_size") == "all":
        # Only what makes a valid case invalid is changed: a malformed page or format is kept.
        if query.get("format") in (None, "", "json"):  # empty counts as not given
            query["format"] = "csv"
        if str(query.get("page", "")).isdecimal() and int(query["page"]) >= 1:
            del query["page"]
