"""Page-number pagination for every API list, with the neighbouring pages in a `Link` header too."""

from django.core.paginator import InvalidPage
from django.utils.translation import ngettext
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from ..pagination import ArchivePaginator
from .problems import PageNotFound


class ArchivePagination(PageNumberPagination):
    """
    DRF's usual shape (`count`, `next`, `previous`, `results`), `?page_size=` up to 100 (a
    larger size gives 100, as in DRF); a size that is not a whole number of at least 1 is
    refused with a 400 rather than silently replaced.

    The next and previous pages are also given as an RFC 8288 `Link` header, so that a CSV
    reader, which sees only the rows, can still walk the pages.

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
        return response

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
        try:
            size = int(given)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Records a page, from 1 to {self.max_page_size} (more gives "
                    f"{self.max_page_size})."
                )
        return parameters
