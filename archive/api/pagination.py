"""Page-number pagination for every API list, with the neighbouring pages in a `Link` header too."""

from rest_framework.pagination import PageNumberPagination


class ArchivePagination(PageNumberPagination):
    """
    DRF's usual shape (`count`, `next`, `previous`, `results`), `?page_size=` up to 100.

    The next and previous pages are also given as an RFC 8288 `Link` header, so that a CSV
    reader, which sees only the rows, can still walk the pages.
    """

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
