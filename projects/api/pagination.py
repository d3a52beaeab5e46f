from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200

PAGE_PAST_THE_END = _("没有这一页：页码超过了最后一页")


class PageQuerySerializer(serializers.Serializer):
    """The paging parameters, checked like any other request value: a malformed one
    is a 400 naming the parameter, never silently replaced by the default."""

    page = serializers.IntegerField(min_value=1, required=False, help_text=_("页码，从1开始"))
    page_size = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, required=False, help_text=_("每页条数，1至200，默认50")
    )


class Pages(PageNumberPagination):
    """``?page=2``; ``PAGE_SIZE`` rows a page unless the client asks for 1 to 200
    with ``?page_size=``. A page number or size that is not a whole number in range
    is a 400; a page past the last one is a 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self._query = query.validated_data
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        return self._query.get("page_size", self.page_size)

    def get_page_number(self, request, paginator) -> int:
        number = self._query.get("page", 1)
        if number > paginator.num_pages:
            raise NotFound(PAGE_PAST_THE_END)
        return number

    def get_schema_operation_parameters(self, view) -> list[dict]:
        fields = PageQuerySerializer().fields
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": str(fields["page"].help_text),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": str(fields["page_size"].help_text),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
