"""
OAI-PMH 2.0 at /oai/: aggregators and library systems harvest the published articles as
simple Dublin Core (`oai_dc`), the way they harvest ArchivesSpace or AtoM.

- Records are published articles, identified as `oai:<OAI_REPOSITORY_IDENTIFIER>:article/<slug>`;
  a record's datestamp is the article's last update (a correction counts as one). Drafts never
  appear. Each correction is a `dc:description` "Correction (YYYY-MM-DD): why (changed: what)".
- Sets are the archive's topics (setSpec = the topic's slug).
- Lists come `settings.OAI_PAGE_SIZE` records at a time. The resumption token is signed and
  carries the request's arguments and the id of the last record sent: paging is by id, so
  records added or removed while a harvest runs never shift the pages.
- Deleted records are not tracked (`deletedRecord` is "no"): a withdrawn article disappears.
- Bad requests get the protocol's own error codes, inside an ordinary 200 response, as the
  protocol requires.

The XML is built with ElementTree, never by pasting strings. Longer than the website's other
modules because it is the whole protocol (its six verbs, their arguments and errors, the
Dublin Core record, the tokens), best read in one place beside the specification.
"""

import datetime
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core import signing
from django.db.models import Min, Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import Article, Authorship, Topic

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
# ElementTree's prefixes are process-wide; OAI-PMH's own namespace is the default one.
ET.register_namespace("", OAI)
ET.register_namespace("xsi", XSI)
ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("oai-identifier", OAI_IDENTIFIER)

METADATA_FORMATS = {
    "oai_dc": {
        "schema": "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "metadataNamespace": OAI_DC,
    }
}
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
UTC = datetime.timezone.utc
TOKEN_SALT = "archive.oai.resumption"

# Which arguments each verb takes besides `verb`: required, optional, exclusive.
VERBS = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
}

# Characters XML 1.0 cannot carry, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OAIError(Exception):
    """A protocol error: its code is one of OAI-PMH's, its message says what to fix."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


# --- XML helpers ------------------------------------------------------------------------------


def q(namespace, name):
    return f"{{{namespace}}}{name}"


def sub(parent, namespace, name, text=None, **attributes):
    element = ET.SubElement(parent, q(namespace, name), attributes)
    if text is not None:
        element.text = _NOT_XML.sub("", str(text))
    return element


def datestamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(name, value):
    """A `from`/`until` argument as (moment, granularity); badArgument if malformed."""
    try:
        if _DAY.match(value):
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=UTC)
            return moment, "day"
        if _SECOND.match(value):
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
            return moment.replace(tzinfo=UTC), "second"
    except ValueError:
        pass
    raise OAIError(
        "badArgument",
        f"The “{name}” argument must be a date (YYYY-MM-DD) or a UTC moment "
        f"(YYYY-MM-DDThh:mm:ssZ), not “{value}”.",
    )


# --- Records ----------------------------------------------------------------------------------


def oai_identifier(article):
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:article/{article.slug}"


def article_for_identifier(identifier):
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:article/"
    if identifier.startswith(prefix):
        try:
            return records().get(slug=identifier[len(prefix) :])
        except Article.DoesNotExist:
            pass
    raise OAIError(
        "idDoesNotExist", f"No published article has the identifier “{identifier}” here."
    )


def records():
    """Published articles, with everything their Dublin Core reads, in a fixed number of queries."""
    return (
        Article.objects.published()
        .select_related("source", "relayed_from", "dateline_place")
        .prefetch_related(
            "topics",
            "places",
            Prefetch("authorships", queryset=Authorship.objects.select_related("person")),
            "corrections",
        )
        .order_by("id")
    )


def add_header(parent, article):
    header = sub(parent, OAI, "header")
    sub(header, OAI, "identifier", oai_identifier(article))
    sub(header, OAI, "datestamp", datestamp(article.updated_at))
    for topic in article.topics.all():
        sub(header, OAI, "setSpec", topic.slug)
    return header


def first_paragraph(text):
    return text.strip().split("\n\n", 1)[0].strip()


def correction_note(correction):
    """A correction as a description line: "Correction (2026-12-04): why (changed: what)"."""
    day = timezone.localdate(correction.made_at).isoformat()
    return f"Correction ({day}): {correction.reason} (changed: {correction.changed})"


def add_dublin_core(parent, article, request):
    """Simple Dublin Core for an article, each element from the record, nothing invented."""
    metadata = sub(parent, OAI, "metadata")
    dc = sub(
        metadata,
        OAI_DC,
        "dc",
        **{q(XSI, "schemaLocation"): f"{OAI_DC} {METADATA_FORMATS['oai_dc']['schema']}"},
    )
    sub(dc, DC, "title", article.display_title)
    for authorship in article.authorships.all():
        sub(dc, DC, "creator", authorship.person.name)
    for topic in article.topics.all():
        sub(dc, DC, "subject", topic.name)
    if article.body:
        sub(dc, DC, "description", first_paragraph(article.body))
    for correction in article.corrections.all():
        sub(dc, DC, "description", correction_note(correction))
    if article.source:
        sub(dc, DC, "publisher", article.source.name)
    if article.relayed_from:
        sub(dc, DC, "contributor", article.relayed_from.name)
    if article.date_edtf:
        sub(dc, DC, "date", article.date_edtf)
    sub(dc, DC, "type", "Text")
    sub(dc, DC, "format", "text/plain")
    sub(dc, DC, "identifier", request.build_absolute_uri(article.get_absolute_url()))
    if article.original_url:
        sub(dc, DC, "source", article.original_url)
    sub(dc, DC, "language", article.language)
    places = [article.dateline_place] if article.dateline_place else []
    places += [place for place in article.places.all() if place not in places]
    for place in places:
        sub(dc, DC, "coverage", place.name)


def add_record(parent, article, request):
    record = sub(parent, OAI, "record")
    add_header(record, article)
    add_dublin_core(record, article, request)


# --- Verbs ------------------------------------------------------------------------------------


def check_prefix(prefix):
    if prefix not in METADATA_FORMATS:
        raise OAIError(
            "cannotDisseminateFormat",
            f"The metadata format “{prefix}” is not offered here; use one of: "
            + ", ".join(METADATA_FORMATS)
            + ".",
        )


def identify(body, arguments, request):
    element = sub(body, OAI, "Identify")
    sub(element, OAI, "repositoryName", "Kazakhstan–Belgium Relations Archive")
    sub(element, OAI, "baseURL", base_url(request))
    sub(element, OAI, "protocolVersion", "2.0")
    sub(element, OAI, "adminEmail", settings.OAI_ADMIN_EMAIL)
    earliest = Article.objects.published().aggregate(earliest=Min("updated_at"))["earliest"]
    sub(element, OAI, "earliestDatestamp", datestamp(earliest or timezone.now()))
    sub(element, OAI, "deletedRecord", "no")
    sub(element, OAI, "granularity", GRANULARITY)
    description = sub(element, OAI, "description")
    scheme = sub(
        description,
        OAI_IDENTIFIER,
        "oai-identifier",
        **{q(XSI, "schemaLocation"): f"{OAI_IDENTIFIER} {OAI_IDENTIFIER}.xsd"},
    )
    sub(scheme, OAI_IDENTIFIER, "scheme", "oai")
    sub(scheme, OAI_IDENTIFIER, "repositoryIdentifier", settings.OAI_REPOSITORY_IDENTIFIER)
    sub(scheme, OAI_IDENTIFIER, "delimiter", ":")
    sub(
        scheme,
        OAI_IDENTIFIER,
        "sampleIdentifier",
        f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:article/an-article-slug",
    )


def list_metadata_formats(body, arguments, request):
    if "identifier" in arguments:
        article_for_identifier(arguments["identifier"])
    element = sub(body, OAI, "ListMetadataFormats")
    for prefix, details in METADATA_FORMATS.items():
        described = sub(element, OAI, "metadataFormat")
        sub(described, OAI, "metadataPrefix", prefix)
        sub(described, OAI, "schema", details["schema"])
        sub(described, OAI, "metadataNamespace", details["metadataNamespace"])


def list_sets(body, arguments, request):
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "All sets are listed at once; there is no next part.")
    element = sub(body, OAI, "ListSets")
    for topic in Topic.objects.public().order_by("slug"):
        described = sub(element, OAI, "set")
        sub(described, OAI, "setSpec", topic.slug)
        sub(described, OAI, "setName", topic.name)
        if topic.description:
            set_description = sub(described, OAI, "setDescription")
            dc = sub(
                set_description,
                OAI_DC,
                "dc",
                **{q(XSI, "schemaLocation"): f"{OAI_DC} {METADATA_FORMATS['oai_dc']['schema']}"},
            )
            sub(dc, DC, "description", topic.description)


def list_request(verb, arguments):
    """The harvest a list request asks for: from its arguments, or from its resumption token."""
    if "resumptionToken" in arguments:
        try:
            harvest = signing.loads(arguments["resumptionToken"], salt=TOKEN_SALT)
        except signing.BadSignature:
            harvest = None
        if not isinstance(harvest, dict) or harvest.get("verb") != verb:
            raise OAIError(
                "badResumptionToken",
                "This resumption token is not one this repository issued for this verb; "
                "start the list again without it.",
            )
        return harvest
    check_prefix(arguments["metadataPrefix"])
    harvest = {"verb": verb, "prefix": arguments["metadataPrefix"], "after": 0, "cursor": 0}
    granularities = []
    for name in ("from", "until"):
        if name in arguments:
            moment, granularity = parse_datestamp(name, arguments[name])
            if name == "until" and granularity == "day":
                moment += datetime.timedelta(days=1)  # the whole day is included
            elif name == "until":
                moment += datetime.timedelta(seconds=1)  # the whole second is included
            harvest[name] = moment.isoformat()
            granularities.append(granularity)
    if len(set(granularities)) > 1:
        raise OAIError("badArgument", "“from” and “until” must have the same granularity.")
    if "from" in harvest and "until" in harvest and harvest["from"] >= harvest["until"]:
        raise OAIError("badArgument", "“from” must not be later than “until”.")
    if "set" in arguments:
        if not Topic.objects.public().filter(slug=arguments["set"]).exists():
            raise OAIError("badArgument", f"There is no set “{arguments['set']}” here.")
        harvest["set"] = arguments["set"]
    return harvest


def matching(harvest):
    articles = records()
    if "from" in harvest:
        articles = articles.filter(updated_at__gte=datetime.datetime.fromisoformat(harvest["from"]))
    if "until" in harvest:
        articles = articles.filter(updated_at__lt=datetime.datetime.fromisoformat(harvest["until"]))
    if "set" in harvest:
        articles = articles.filter(topics__slug=harvest["set"])
    return articles


def list_items(body, arguments, request, verb):
    harvest = list_request(verb, arguments)
    articles = matching(harvest)
    total = articles.count()
    page = list(articles.filter(id__gt=harvest["after"])[: settings.OAI_PAGE_SIZE])
    if not page:
        raise OAIError("noRecordsMatch", "No published article matches these arguments.")
    element = sub(body, OAI, verb)
    for article in page:
        if verb == "ListRecords":
            add_record(element, article, request)
        else:
            add_header(element, article)
    cursor = harvest["cursor"]
    sent = cursor + len(page)
    if sent < total:
        following = {**harvest, "after": page[-1].id, "cursor": sent}
        token = signing.dumps(following, salt=TOKEN_SALT, compress=True)
        sub(element, OAI, "resumptionToken", token, completeListSize=str(total), cursor=str(cursor))
    elif cursor:
        # The last part of a list given in parts ends with an empty token.
        sub(element, OAI, "resumptionToken", completeListSize=str(total), cursor=str(cursor))


def list_identifiers(body, arguments, request):
    list_items(body, arguments, request, "ListIdentifiers")


def list_records(body, arguments, request):
    list_items(body, arguments, request, "ListRecords")


def get_record(body, arguments, request):
    check_prefix(arguments["metadataPrefix"])
    article = article_for_identifier(arguments["identifier"])
    element = sub(body, OAI, "GetRecord")
    add_record(element, article, request)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}


# --- The endpoint -----------------------------------------------------------------------------


def base_url(request):
    return request.build_absolute_uri(request.path)


def checked_arguments(query):
    """The verb and its arguments, or the protocol error that they earn."""
    if len(query.getlist("verb")) > 1:
        raise OAIError("badVerb", "Give the verb once.")
    verb = query.get("verb")
    if verb not in VERBS:
        raise OAIError(
            "badVerb",
            "Missing or unknown verb; use one of: " + ", ".join(VERBS) + "."
            if verb is None
            else f"“{verb}” is not an OAI-PMH verb; use one of: " + ", ".join(VERBS) + ".",
        )
    required, optional, exclusive = VERBS[verb]
    names = [name for name in query if name != "verb"]
    repeated = [name for name in names if len(query.getlist(name)) > 1]
    if repeated:
        raise OAIError("badArgument", f"Give each argument once: {', '.join(repeated)}.")
    arguments = {name: query[name] for name in names}
    unreadable = sorted(name for name, value in arguments.items() if _NOT_XML.search(value))
    if unreadable:
        raise OAIError(
            "badArgument", f"Control characters are not allowed in: {', '.join(unreadable)}."
        )
    if exclusive and exclusive in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", f"“{exclusive}” cannot be combined with other arguments.")
        return verb, arguments
    unknown = set(arguments) - required - optional
    if unknown:
        raise OAIError("badArgument", f"{verb} does not take: {', '.join(sorted(unknown))}.")
    missing = required - set(arguments)
    if missing:
        raise OAIError("badArgument", f"{verb} needs: {', '.join(sorted(missing))}.")
    return verb, arguments


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    """The OAI-PMH endpoint: requests by GET or by POST (form-encoded), as the protocol allows."""
    query = request.POST if request.method == "POST" else request.GET
    root = ET.Element(
        q(OAI, "OAI-PMH"),
        {q(XSI, "schemaLocation"): f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"},
    )
    sub(root, OAI, "responseDate", datestamp(timezone.now()))
    echo = sub(root, OAI, "request", base_url(request))
    try:
        verb, arguments = checked_arguments(query)
        # Arguments are echoed only when they were accepted as such (not for badVerb and
        # badArgument), as the protocol requires.
        echo.attrib.update({"verb": verb, **arguments})
        HANDLERS[verb](root, arguments, request)
    except OAIError as error:
        for child in list(root)[2:]:
            root.remove(child)
        if error.code in ("badVerb", "badArgument"):
            echo.attrib.clear()
        sub(root, OAI, "error", error.message, code=error.code)
    xml = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return HttpResponse(xml, content_type="text/xml; charset=utf-8")
