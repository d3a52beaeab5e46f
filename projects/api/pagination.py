from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """``?page=2``; ``PAGE_SIZE`` rows a page unless the client asks for up to 200
    with ``?page_size=``."""

    page_size_query_param = "page_size"
    max_page_size = 200
