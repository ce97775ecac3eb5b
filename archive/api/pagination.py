"""Page-number pagination for every API list, with the neighbouring pages in a `Link` header too."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from ..pagination import ArchivePaginator


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
