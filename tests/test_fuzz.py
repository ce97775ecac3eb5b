"""
Hostile and random requests to every public address: never a server error.

Hypothesis sends requests through Django's test client to the real database (SQLite here,
PostgreSQL under `make test-postgres`): every website list, detail, feed, the sitemap, robots.txt,
the citation downloads, every API list and detail, the API's root, schema and docs, OAI-PMH,
the bulk export and the reconciliation service (its batches drawn as JSON, well formed or not).
Parameters are the real ones, read from each list's FilterSet, so a filter added later is
fuzzed without touching this file, with values mixing valid ones (real slugs, choices,
ordering fields) and hostile ones: overlong strings, NUL bytes and other control characters,
unicode confusables and direction marks, SQL fragments, full-text query operators and unbalanced
quotes, `%` and `_`, negative, huge and non-numeric page numbers and sizes, malformed dates,
repeated parameters and broken percent-encoding.

Every answer must be a 2xx, 3xx or 4xx: a 3xx says where to go, anything else has a body, an
API error is JSON, and nothing shows a traceback. The runs are derandomized (the same examples
on every machine, so CI is reproducible); `FUZZ_EXAMPLES=500 FUZZ_RANDOM=1` explores further.
"""

import json
import os
import re
import string
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django_filters import ChoiceFilter, DateFilter, ModelChoiceFilter, NumberFilter
from django_filters.filters import OrderingFilter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.api.problems import PROBLEM_TYPES
from archive.api.urls import router
from archive.models import Article, Event, Indicator, Organisation, Person, Place, Statistic, Topic

SCALE = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def examples(count):
    return settings(FUZZ, max_examples=SCALE or count)


# --- Values -----------------------------------------------------------------------------------

HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "kazakhstan\x00belgium",
    "\x01\x08\x0b\x0c\x1b\x1f\x7f",
    "\r\n",
    "\t",
    "\u202egnp.exe",  # right-to-left override
    "\u200f\u200e\u061c",  # direction marks
    "\u200b\ufeff\u2060",  # zero-width characters
    "\ufffe\uffff",  # non-characters
    "Кazakhstan",  # a Cyrillic К among Latin letters
    "Ⅾ’Hose",  # a Roman numeral for D
    "ｋａｚａｋｈｓｔａｎ",  # full-width letters
    "ﬁnance",  # a ligature
    "İstanbul ß ǅ",  # letters whose case folding changes their length
    "𝐁𝐞𝐥𝐠𝐢𝐮𝐦",  # mathematical bold, outside the BMP
    "\U0001f1f0\U0001f1ff",  # a flag: two regional indicators
    "e\u0301\u0301\u0301\u0301",  # stacked combining accents
    "'",
    '"',
    '"unbalanced',
    'cultural "ties',
    "''",
    '""',
    "\\",
    "\\'",
    "' OR '1'='1",
    "1; DROP TABLE archive_article; --",
    "1 UNION SELECT password FROM auth_user --",
    "/* comment */",
    "%",
    "_",
    "%_%",
    "100%",
    "a_b%c",
    "NEAR(kazakhstan belgium)",
    "kazakhstan AND",
    "OR",
    "NOT belgium",
    "AND OR NOT",
    "*",
    "kaz*",
    "^kazakhstan",
    "title:belgium",
    "{title body}: belgium",
    "(",
    ")",
    "()",
    "!belgium",
    "kazakhstan & !belgium",
    "a | b",
    "a <-> b",
    "kaz:*",
    "a <2> b",
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "javascript:alert(1)",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "0",
    "-0",
    "-1",
    "1.5",
    "1e3",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "99999999999999999999999999999999",
    "-99999999999999999999999999999999",
    "last",
    "first",
    "2021-02-30",
    "2021-13-01",
    "2021-00-10",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2021-01-01",
    "2021-1-1",
    "2021/06/22",
    "22.06.2021",
    "2021-06-22T10:00:00Z",
    "yesterday",
    "2021-23",
    "2022~",
    "[..2021-10-17]",
    "x" * 201,
    "kazakhstan " * 500,
    "ö" * 5000,
    "a" * 100_000,
]

# Characters a query string can carry that are not text: controls, surrogates excluded.
CONTROL_CHARACTERS = "".join(chr(code) for code in [*range(0, 32), 127, *range(128, 160)])

numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-3, max_value=200),
).map(str)
any_text = st.text(
    st.characters(exclude_categories=["Cs"]),  # lone surrogates cannot be UTF-8 encoded
    max_size=300,
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    any_text,
    st.text(st.sampled_from(CONTROL_CHARACTERS + "%_'\"*():^-&|!<>"), max_size=20),
    numbers,
    st.dates().map(lambda day: day.isoformat()),
)

# Query strings no form would send: broken escapes, invalid UTF-8, stray separators.
RAW_QUERY_PIECES = [
    "%",
    "%%",
    "%zz",
    "%0",
    "%00",
    "%ff%fe",
    "%C0%AF",
    "%ED%A0%80",  # an encoded surrogate
    "%E2%80%AE",
    "&",
    "&&",
    "=",
    "==",
    "=x",
    ";",
    "+",
    "%2B",
    "q",
    "q=",
    "page=%00",
    "page=%FF",
    "page_size=-1",
    "format=%00",
]
raw_query = st.lists(st.sampled_from(RAW_QUERY_PIECES), max_size=4).map("&".join)

SLUG_CHARACTERS = string.ascii_letters + string.digits + "-_"
slug_like = st.text(st.sampled_from(SLUG_CHARACTERS), min_size=1, max_size=250)


# --- What each address accepts ----------------------------------------------------------------

PAGINATION = ["page"]
API_PAGINATION = ["page", "page_size", "format"]


def filter_values(filterset_class):
    """{parameter: valid values} for a FilterSet: real slugs, choices, ordering fields."""
    values = {}
    if filterset_class is None:
        return values
    for name, declared in filterset_class.base_filters.items():
        if isinstance(declared, OrderingFilter):
            fields = list(declared.param_map)
            values[name] = fields + [f"-{field}" for field in fields] + [",".join(fields)]
        elif isinstance(declared, ModelChoiceFilter):
            queryset = declared.extra.get("queryset") or declared.queryset
            values[name] = list(queryset.values_list("slug", flat=True)[:20])
        elif isinstance(declared, ChoiceFilter):
            values[name] = [str(value) for value, _label in declared.extra["choices"]][:30]
        elif isinstance(declared, DateFilter):
            values[name] = ["2021-06-22", "2021-10-01", "2022-01-01"]
        elif isinstance(declared, NumberFilter):
            values[name] = ["2021", "2022", "1"]
        else:
            values[name] = ["kazakhstan", "D'Hose", '"bilateral cooperation"', "belgium senate"]
    return values


def query_string(data, valid_values, extra_names=()):
    """Draw a query string over the given parameters, valid and hostile values mixed."""
    names = [*valid_values, *extra_names]
    name = st.one_of(
        st.sampled_from(names) if names else st.nothing(),
        st.sampled_from(["q", "page", "page_size", "format", "ordering", "p", "verb"]),
        any_text.filter(bool),
    )

    def value_for(chosen):
        valid = valid_values.get(chosen)
        if valid:
            return st.one_of(st.sampled_from(valid), hostile_text)
        return hostile_text

    pairs = data.draw(
        st.lists(
            name.flatmap(lambda chosen: value_for(chosen).map(lambda v: (chosen, v))), max_size=6
        ),
        label="parameters",
    )
    encoded = urlencode(pairs)
    broken = data.draw(raw_query, label="raw query")
    return "&".join(part for part in (encoded, broken) if part)


def filterset_of(path):
    """The FilterSet behind a website list, found from the URL map (None for plain lists)."""
    return getattr(resolve(path).func.view_class, "filterset_class", None)


API_RESOURCES = {prefix: viewset for prefix, viewset, _basename in router.registry}
DETAIL_MODELS = {
    "articles": Article,
    "people": Person,
    "organisations": Organisation,
    "places": Place,
    "events": Event,
    "statistics": Indicator,  # /statistics/<slug>/ is an indicator's page
    "topics": Topic,
}
API_DETAIL_MODELS = {**DETAIL_MODELS, "statistics": Statistic, "indicators": Indicator}


def real_keys(model):
    if model is Statistic:
        return [str(pk) for pk in Statistic.objects.values_list("pk", flat=True)]
    manager = Event.objects.public() if model is Event else model.objects
    return list(manager.values_list("slug", flat=True))


KEYS = ["real-key", "hostile-key"]


def path_segment(data, model, keys):
    """A record's key as it appears in a path: a real one, or slug-like junk, or anything."""
    if keys == "real-key":
        segment = data.draw(st.sampled_from(real_keys(model)), label="key")
    else:
        segment = data.draw(st.one_of(slug_like, numbers, hostile_text.filter(bool)), label="key")
    return quote(segment, safe="")


# --- Checking an answer -----------------------------------------------------------------------


def body_of(response):
    # Read to the end: the test client closes a streamed response (and finishes the request)
    # only once its content has been consumed.
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_answers_sensibly(response, path):
    status = response.status_code
    assert status < 500, f"{status} for {path}"
    assert status >= 200
    if 300 <= status < 400:
        if status != 304:
            assert response.get("Location"), f"{status} without a Location for {path}"
        return
    body = body_of(response)
    assert body, f"an empty {status} for {path}"
    assert b"Traceback" not in body
    if response.get("Content-Type", "").startswith("text/html"):
        # A hostile value may be shown back (a search for it, a rejected filter), escaped.
        assert b"<script>alert" not in body
        assert b'" onmouseover="' not in body
    if path.startswith("/api/") and status >= 400:
        # The API's errors are problem details (JSON), whatever was asked for.
        assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
        assert json.loads(body), f"an empty JSON error for {path}"


def fetch(client, path, query="", **headers):
    url = f"{path}?{query}" if query else path
    response = client.get(url, headers=headers)
    assert_answers_sensibly(response, url)
    return response


# --- The addresses ----------------------------------------------------------------------------

WEBSITE_LISTS = [
    "/",
    "/articles/",
    "/people/",
    "/organisations/",
    "/places/",
    "/events/",
    "/statistics/",
    "/topics/",
    "/network/",
]
# Citations, editions side by side, the versions and one of them.
ARTICLE_SUFFIXES = [
    "cite.bib",
    "cite.json",
    "editions/",
    "versions/",
    "versions/1/",
    "versions/1/cite.bib",
    "versions/1/cite.json",
]
PREVIEW_MODELS = {"articles": Article, "events": Event}  # /preview/<segment>/<slug>/, for staff
MACHINE_READABLE = [
    "/feeds/articles/",
    "/feeds/articles/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-people.xml",
    "/robots.txt",
    "/api/",
    "/api/export/",
    "/dump.nt.gz",
    "/void.ttl",
    "/.well-known/void",
    "/api/popolo/",
]
# Built by `build_export`: before its first build each answers 503.
BUILT_BY_THE_EXPORT = {
    "/api/export/",
    "/api/popolo/",
    "/dump.nt.gz",
    "/void.ttl",
    "/.well-known/void",
}
# A record's page, its Turtle and its JSON-LD; the page's address also answers by Accept.
DETAIL_FORMS = ["/", ".ttl", ".jsonld"]
ACCEPT_HEADERS = ["text/html", "text/turtle", "application/ld+json;q=0.9, */*;q=0.1", "*/*"]
API_DESCRIPTION = ["/api/schema/", "/api/docs/"]
API_NETWORK = "/api/network/"  # one graph, not a list: filtered, cut at `limit`, never paginated
API_RELATED = "/api/articles/<key>/related/"  # an article's related reports


@pytest.mark.parametrize("path", WEBSITE_LISTS)
def test_website_lists_survive_hostile_parameters(client, corpus, path):
    valid = filter_values(filterset_of(path))

    @examples(50 if path == "/articles/" else 30)
    @given(data=st.data())
    def check(data):
        fetch(client, path, query_string(data, valid, PAGINATION))

    check()


@pytest.mark.parametrize("prefix", list(API_RESOURCES))
def test_api_lists_survive_hostile_parameters(client, corpus, prefix):
    valid = filter_values(API_RESOURCES[prefix].filterset_class)
    valid["format"] = ["json", "csv", "csv-excel", "api", "xml"]
    valid["page_size"] = ["1", "100", "101", "0", "all"]
    accept = st.one_of(
        st.sampled_from(["", "application/json", "text/csv", "*/*"]),
        st.sampled_from(
            ["text/html", "text/csv; q=abc", "application/json; version=../..", "garbage"]
        ),
    )

    @examples(50 if prefix == "articles" else 30)
    @given(data=st.data())
    def check(data):
        query = query_string(data, valid, API_PAGINATION)
        fetch(client, f"/api/{prefix}/", query, accept=data.draw(accept, label="Accept"))

    check()


def test_the_api_network_survives_hostile_parameters(client, corpus):
    valid = filter_values(resolve(API_NETWORK).func.view_class.filterset_class)
    valid["format"] = ["json", "gexf", "csv", "xml"]
    valid["limit"] = ["1", "500", "5000", "5001", "0", "-3"]
    valid["min_weight"] = ["1", "2", "0", "99999999999999999999"]
    accept = st.sampled_from(["", "application/json", "application/gexf+xml", "*/*", "garbage"])

    @examples(30)
    @given(data=st.data())
    def check(data):
        query = query_string(data, valid)
        fetch(client, API_NETWORK, query, accept=data.draw(accept, label="Accept"))

    check()


@pytest.mark.parametrize("segment", list(DETAIL_MODELS))
@pytest.mark.parametrize("keys", KEYS)
def test_website_details_survive_hostile_requests(client, corpus, segment, keys):
    model = DETAIL_MODELS[segment]

    @examples(12)
    @given(data=st.data())
    def check(data):
        form = data.draw(st.sampled_from(DETAIL_FORMS), label="form")
        path = f"/{segment}/{path_segment(data, model, keys)}{form}"
        accept = data.draw(st.sampled_from(ACCEPT_HEADERS), label="accept")
        fetch(client, path, query_string(data, {}), Accept=accept)

    check()


@pytest.mark.parametrize("segment", list(PREVIEW_MODELS))
@pytest.mark.parametrize("keys", KEYS)
def test_previews_survive_hostile_requests(editor_client, corpus, segment, keys):
    # An editor, for whom previews answer: a draft's preview, or a public record's redirect.
    Article.objects.filter(pk=Article.objects.order_by("pk")[0].pk).update(status="draft")
    model = PREVIEW_MODELS[segment]

    @examples(12)
    @given(data=st.data())
    def check(data):
        path = f"/preview/{segment}/{path_segment(data, model, keys)}/"
        fetch(editor_client, path, query_string(data, {}))

    check()


@pytest.mark.parametrize("suffix", ARTICLE_SUFFIXES)
@pytest.mark.parametrize("keys", KEYS)
def test_article_citations_and_editions_survive_hostile_requests(client, corpus, suffix, keys):
    @examples(15)
    @given(data=st.data())
    def check(data):
        path = f"/articles/{path_segment(data, Article, keys)}/{suffix}"
        fetch(client, path, query_string(data, {}))

    check()


@pytest.mark.parametrize("prefix", list(API_DETAIL_MODELS))
@pytest.mark.parametrize("keys", KEYS)
def test_api_details_survive_hostile_requests(client, corpus, prefix, keys):
    model = API_DETAIL_MODELS[prefix]

    @examples(15)
    @given(data=st.data())
    def check(data):
        path = f"/api/{prefix}/{path_segment(data, model, keys)}/"
        fetch(client, path, query_string(data, {"format": ["json", "csv"]}))

    check()


@pytest.mark.parametrize("keys", KEYS)
def test_an_articles_related_reports_survive_hostile_requests(client, corpus, keys):
    call_command("rebuild_related", verbosity=0)

    @examples(15)
    @given(data=st.data())
    def check(data):
        path = API_RELATED.replace("<key>", path_segment(data, Article, keys))
        fetch(client, path, query_string(data, {"format": ["json", "csv", "api"]}))

    check()


@pytest.mark.parametrize("path", MACHINE_READABLE)
def test_machine_readable_addresses_survive_hostile_parameters(client, corpus, path, request):
    if path in BUILT_BY_THE_EXPORT:
        request.getfixturevalue("built_export")  # before its first build it answers 503
    valid = {"p": ["1", "2", "0", "-1"], "format": ["json", "csv"]}

    @examples(20)
    @given(data=st.data())
    def check(data):
        fetch(client, path, query_string(data, valid))

    check()


@pytest.mark.parametrize("path", API_DESCRIPTION)
def test_the_api_description_survives_hostile_parameters(client, corpus, path):
    valid = {"format": ["json", "yaml", "openapi", "openapi-json"], "lang": ["en", "xx"]}

    @examples(4)
    @given(data=st.data())
    def check(data):
        fetch(client, path, query_string(data, valid))

    check()


def test_the_problem_type_pages_survive_hostile_requests(client, db):
    @examples(15)
    @given(data=st.data())
    def check(data):
        slug = data.draw(st.one_of(st.sampled_from(list(PROBLEM_TYPES)), hostile_text))
        path = f"/api/problems/{quote(slug, safe='')}/" if slug else "/api/problems/"
        fetch(client, path, query_string(data, {"format": ["json", "csv"]}))

    check()


# --- The reconciliation service ---------------------------------------------------------------

RECONCILIATION = {
    "/api/reconcile/": {"queries": []},  # its batches are drawn below
    "/api/reconcile/preview/": {"id": ["people/margulan-baimukhan", "places/astana", "people/"]},
    "/api/reconcile/suggest/entity/": {
        "prefix": ["Марг", "baim", "Parl"],
        "type": ["person", "organisation", "place"],
        "cursor": ["0", "10"],
    },
    "/api/reconcile/suggest/type/": {"prefix": ["p", "org"], "cursor": ["0", "1"]},
    "/api/reconcile/suggest/property/": {"prefix": ["wiki", "role"], "cursor": ["0", "3"]},
}
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers.map(int), st.floats(allow_nan=False), hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile_text, inner, max_size=3)
    ),
    max_leaves=8,
)
reconciliation_queries = st.fixed_dictionaries(
    {},
    optional={
        "query": st.one_of(st.sampled_from(["Margulan Baimukhan", "Мажилис"]), hostile_text),
        "type": st.one_of(st.sampled_from(["person", "place", ["organisation"]]), json_values),
        "limit": st.one_of(st.integers(min_value=-5, max_value=200), json_values),
        "type_strict": st.one_of(st.just("should"), json_values),
        "properties": st.lists(
            st.fixed_dictionaries(
                {
                    "pid": st.one_of(
                        st.sampled_from(["role", "organisation", "year", "date", "wikidata"]),
                        json_values,
                    ),
                    "v": json_values,
                }
            ),
            max_size=3,
        ),
    },
)
reconciliation_batches = st.one_of(
    st.dictionaries(st.text(max_size=5), reconciliation_queries, max_size=4).map(json.dumps),
    json_values.map(json.dumps),
    hostile_text,
)


def test_the_reconciliation_service_survives_hostile_batches(client, corpus):
    @examples(60)
    @given(data=st.data())
    def check(data):
        batch = data.draw(reconciliation_batches, label="queries")
        if data.draw(st.booleans(), label="posted"):
            response = client.post("/api/reconcile/", {"queries": batch})
            assert_answers_sensibly(response, "/api/reconcile/")
        else:
            fetch(client, "/api/reconcile/", urlencode({"queries": batch}))

    check()


@pytest.mark.parametrize("path", [path for path in RECONCILIATION if path != "/api/reconcile/"])
def test_the_reconciliation_preview_and_suggestions_survive_hostile_parameters(
    client, corpus, path
):
    @examples(20)
    @given(data=st.data())
    def check(data):
        fetch(client, path, query_string(data, RECONCILIATION[path]))

    check()


def test_unknown_addresses_under_the_api_and_site_are_404s(client, corpus):
    @examples(30)
    @given(data=st.data())
    def check(data):
        parts = data.draw(st.lists(hostile_text.filter(bool), min_size=1, max_size=3))
        prefix = data.draw(st.sampled_from(["/", "/api/", "/people/", "/api/people/", "/oai/"]))
        path = prefix + "/".join(quote(part, safe="") for part in parts)
        fetch(client, path, query_string(data, {}))

    check()


OAI_ARGUMENTS = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken"]


def test_oai_pmh_survives_hostile_arguments(client, corpus):
    slugs = list(Article.objects.published().values_list("slug", flat=True))
    valid = {
        "verb": [
            "Identify",
            "ListMetadataFormats",
            "ListSets",
            "ListIdentifiers",
            "ListRecords",
            "GetRecord",
        ],
        "metadataPrefix": ["oai_dc", "marc21"],
        "identifier": [
            f"oai:{django_settings.OAI_REPOSITORY_IDENTIFIER}:article/{slug}" for slug in slugs
        ],
        "from": ["2020-01-01", "2020-01-01T00:00:00Z", "2999-01-01"],
        "until": ["2999-12-31", "2020-01-01T00:00:00Z"],
        "set": list(Topic.objects.values_list("slug", flat=True)),
        "resumptionToken": ["eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ:1:abc", "x"],
    }

    @examples(60)
    @given(data=st.data())
    def check(data):
        query = query_string(data, valid)
        response = fetch(client, "/oai/", query)
        assert response.status_code == 200  # OAI-PMH reports errors inside a 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"

    check()


def test_the_language_choice_survives_hostile_posts(client, corpus):
    languages = st.one_of(
        st.sampled_from(["kk", "ru", "fr", "nl", "en", "de", "", "ru-RU", "../..", "kk\x00"]),
        st.text(max_size=30),
    )
    destinations = st.one_of(
        st.sampled_from(
            [
                f"/{django_settings.ADMIN_URL}",
                "/kk/articles/",
                "https://elsewhere.example/",
                "//elsewhere.example/",
                "javascript:alert(1)",
                "/\\elsewhere.example",
            ]
        ),
        st.text(max_size=60),
    )

    @examples(40)
    @given(language=languages, destination=destinations)
    def check(language, destination):
        response = client.post(
            "/i18n/setlang/",
            {"language": language, "next": destination},
            headers={"accept": "text/html"},
        )
        assert response.status_code == 302, response.status_code
        # Never sent to another site, whatever `next` says (a browser reads "\" as "/").
        location = response["Location"].replace("\\", "/")
        landing = urljoin("http://testserver/i18n/setlang/", location)
        assert urlsplit(landing).netloc == "testserver", response["Location"]

    check()


# --- Every public address is fuzzed -----------------------------------------------------------


def normalised(route):
    """A route with its key written `<key>`: `people/<slug:slug>/` → `people/<key>/`."""
    route = re.sub(r"<\w+:\w+>|\(\?P<\w+>[^)]*\)", "<key>", route)
    return "/" + route.replace("^", "").replace("$", "")


def fuzzed_routes():
    """The addresses the tests above send requests to, in the same form."""
    return {
        *WEBSITE_LISTS,
        *(f"/{segment}/<key>{form}" for segment in DETAIL_MODELS for form in DETAIL_FORMS),
        *(
            f"/articles/<key>/{suffix.replace('versions/1/', 'versions/<key>/')}"
            for suffix in ARTICLE_SUFFIXES
        ),
        *(f"/preview/{segment}/<key>/" for segment in PREVIEW_MODELS),
        *(f"/api/{prefix}/" for prefix in API_RESOURCES),
        *(f"/api/{prefix}/<key>/" for prefix in API_DETAIL_MODELS),
        *MACHINE_READABLE,
        "/sitemap-<key>.xml",  # its sections, as in MACHINE_READABLE
        *API_DESCRIPTION,
        API_NETWORK,
        API_RELATED,
        "/oai/",
        "/i18n/setlang/",
        "/api/",  # its own 404 for whatever is left: the unknown-address test
        "/api/problems/",
        "/api/problems/<key>/",
        *RECONCILIATION,
    }


def public_routes(patterns=None, prefix=""):
    """Every route outside the admin, as one string per address pattern."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            yield from public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_every_public_address_is_fuzzed():
    """A new address must join the fuzzing above; this names any that has not."""
    routes = {normalised(route) for route in public_routes()}
    assert len(routes) > 30
    assert routes - fuzzed_routes() == set()
