"""Page-number pagination for every API list, with the neighbouring pages in a `Link` header too."""

from django.core.paginator import InvalidPage
from django.utils.translation import ngettext
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from ..pagination import ArchivePaginator
from .problems import PageNotFound
from .renderers import CSVRenderer

EVERY_ROW = "all"
TOTAL_COUNT_HEADER = "X-Total-Count"


class ArchivePagination(PageNumberPagination):
    """
    DRF's usual shape (`count`, `next`, `previous`, `results`), `?page_size=` from 1 to 100;
    any other size is refused with a 400 naming the range rather than silently replaced.
    `?page_size=all` asks for every row at once, as CSV only (ArchiveViewSet streams it); in
    JSON it is a 400 saying to use CSV or the pages.

    A page says it is one: the next and previous pages are also given as an RFC 8288 `Link`
    header and the number of rows in all the pages as `X-Total-Count`, so that a CSV reader,
    which sees only the rows, can tell there is more and walk the pages.

    The count is remembered and deep pages are found through an index (ArchivePaginator).
    """

    django_paginator_class = ArchivePaginator
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{relation}"'
            for url, relation in (
                (self.get_next_link(), "next"),
                (self.get_previous_link(), "prev"),
            )
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        response[TOTAL_COUNT_HEADER] = str(self.page.paginator.count)
        return response

    def asks_for_every_row(self, request):
        """
        Whether the request asks for every row at once (`page_size=all`), which only CSV gives:
        a 400 if it asks so for JSON, or names a page as well.
        """
        if request.query_params.get(self.page_size_query_param) != EVERY_ROW:
            return False
        if not isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"“{EVERY_ROW}” gives every row at once as CSV only: add format=csv, or "
                        f"page through the JSON with page and page_size (up to "
                        f"{self.max_page_size})."
                    ]
                }
            )
        if request.query_params.get(self.page_query_param, "") != "":
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"page_size={EVERY_ROW} gives every row in one response: leave out the "
                        "page."
                    ]
                }
            )
        return True

    def get_paginated_response_schema(self, schema):
        # As OpenAPI 3.1 says it (DRF's own uses 3.0's `nullable`): every key is always sent,
        # `next` and `previous` as null at either end. The server fills in the examples
        # (archive/api/schema.py).
        link = {"type": ["string", "null"], "format": "uri", "readOnly": True}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "readOnly": True,
                    "description": "How many records match, on every page.",
                },
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The previous page; null on the first."},
                "results": {**schema, "readOnly": True},
            },
        }

    def get_page_number(self, request, paginator):
        # A page that is not a whole number of at least 1 is a malformed request (400); a page
        # past the end is a 404 that says how many there are.
        given = request.query_params.get(self.page_query_param) or "1"
        if given in self.last_page_strings:
            return paginator.num_pages
        if not given.isdecimal() or int(given) < 1:
            raise ValidationError(
                {
                    self.page_query_param: [
                        "Give a whole number of at least 1 (the first page is 1)."
                    ]
                }
            )
        return int(given)

    def paginate_queryset(self, queryset, request, view=None):
        # DRF's own, with a 404 that says how many pages there are instead of "Invalid page."
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            pages = paginator.num_pages
            raise PageNotFound(
                ngettext(
                    "Page %(number)d does not exist: there is %(pages)d page.",
                    "Page %(number)d does not exist: there are %(pages)d pages.",
                    pages,
                )
                % {"number": page_number, "pages": pages}
            ) from None
        return list(self.page)

    def get_page_size(self, request):
        given = request.query_params.get(self.page_size_query_param, "")
        if given == "":
            return self.page_size
        size = int(given) if given.isdecimal() else 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give a whole number from 1 to {self.max_page_size} (the most a page "
                        f"holds), or “{EVERY_ROW}” with format=csv for every row at once."
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "oneOf": [
                        {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
                        {"type": "string", "enum": [EVERY_ROW]},
                    ]
                }
                parameter["description"] = (
                    f"Records a page, from 1 to {self.max_page_size} (more is a 400). "
                    f"`{EVERY_ROW}` gives every row of the filtered list in one response, as "
                    "CSV only (`format=csv` or `csv-excel`, without `page`), streamed, with the "
                    "same columns as a page."
                )
        return parameters


def document_page_headers(result, generator, request, public):
    """
    drf-spectacular postprocessing hook: the headers by which a page of a list (JSON or CSV)
    says it is one page, and the file name a CSV is given.
    """
    headers = {
        TOTAL_COUNT_HEADER: {
            "description": "How many rows the filtered list has in all its pages (not sent "
            f"with page_size={EVERY_ROW}).",
            "schema": {"type": "integer", "minimum": 0},
        },
        "Content-Disposition": {
            "description": "For CSV: `attachment` with a file name, e.g. `articles.csv` "
            "(every row) or `articles-page-2.csv` (one page).",
            "schema": {"type": "string"},
        },
    }
    for operations in result.get("paths", {}).values():
        operation = operations.get("get", {})
        if not any(
            parameter["name"] == "page_size" for parameter in operation.get("parameters", [])
        ):
            continue
        ok = operation.get("responses", {}).get("200")
        if ok is not None:
            ok.setdefault("headers", {}).update(headers)
    return result
