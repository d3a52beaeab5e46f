"""API endpoints. Thin, like the pages: the API selectors read, the services write."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.api.permissions import CaseStaffOrReadOnly, ProjectStaffOrReadOnly
from projects.api.selectors import api_cases, api_items, api_projects
from projects.api.serializers import (
    AvailableActionSerializer,
    CaseDetailSerializer,
    CaseSerializer,
    ErrorSerializer,
    ItemSerializer,
    MilestoneSerializer,
    ProjectEventSerializer,
    ProjectSerializer,
)
from projects.api.transitions import ACTION_SERIALIZERS, item_action_apply, item_actions_available
from projects.investment.services import project_event_record

# The project page says the same when an event changes nothing.
NO_MILESTONE_FOR_EVENT = _("该事件没有对应的待开始或计时中的里程碑")


ERRORS = {
    400: _("请求数据有误，或业务规则不允许（code 说明原因）"),
    401: _("未提供或无效的令牌/会话"),
    403: _("可以查看但无权执行该操作"),
    404: _("不存在或无权查看"),
    409: _("办件当前状态不允许该操作（transition_not_allowed），或已被他人修改（concurrent_change）"),
}
PAGING_ERRORS = {
    400: _("分页参数有误：page 须为正整数，page_size 须为1至200的整数（code 为 invalid）"),
    404: _("页码超过了最后一页（not_found）"),
}


def _errors(*codes: int, described: dict | None = None) -> dict:
    described = {**ERRORS, **(described or {})}
    return {code: OpenApiResponse(ErrorSerializer, description=described[code]) for code in codes}


def _list_errors() -> dict:
    return _errors(400, 401, 404, described=PAGING_ERRORS)


class _ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    # Ids are whole numbers (``<int:pk>``); any other path is answered by NotFoundView.
    lookup_value_converter = "int"

    def get_serializer_context(self) -> dict:
        # One "today" for every row, so days-left agree within a response.
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema(tags=["projects"])
@extend_schema_view(
    list=extend_schema(
        summary="可查看的投资项目及其里程碑", responses={200: ProjectSerializer(many=True), **_list_errors()}
    ),
    retrieve=extend_schema(summary="投资项目及其里程碑", responses={200: ProjectSerializer, **_errors(401, 404)}),
)
class ProjectViewSet(_ReadOnlyViewSet):
    """投资项目及其 "3550" 里程碑。列表只含当前用户有权查看的项目；其他项目返回 404。"""

    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticated, ProjectStaffOrReadOnly]

    def get_queryset(self):
        return api_projects(self.request.user)

    @extend_schema(
        summary="记录项目事件（开始或完成相应的里程碑）",
        request=ProjectEventSerializer,
        responses={200: MilestoneSerializer(many=True), **_errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def events(self, request, pk=None):
        project = self.get_object()
        body = ProjectEventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = project_event_record(project=project, by=request.user, **body.validated_data)
        if not changed:
            raise ValidationError(NO_MILESTONE_FOR_EVENT, code="event_not_applicable")
        return Response(MilestoneSerializer(changed, many=True, context=self.get_serializer_context()).data)


@extend_schema(tags=["cases"])
@extend_schema_view(
    list=extend_schema(summary="可查看的代办案件", responses={200: CaseSerializer(many=True), **_list_errors()}),
    retrieve=extend_schema(
        summary="代办案件及其委托书、服务承诺和办件", responses={200: CaseDetailSerializer, **_errors(401, 404)}
    ),
)
class CaseViewSet(_ReadOnlyViewSet):
    """代办案件：本案代办员、所在代办中心负责人、系统管理员，以及企业自己的联系人（只读）可查看；其他返回 404。"""

    def get_queryset(self):
        return api_cases(self.request.user, with_items=self.action == "retrieve")

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer


@extend_schema(tags=["items"])
@extend_schema_view(
    list=extend_schema(summary="可查看的办件", responses={200: ItemSerializer(many=True), **_list_errors()}),
    retrieve=extend_schema(summary="办件", responses={200: ItemSerializer, **_errors(401, 404)}),
)
class ItemViewSet(_ReadOnlyViewSet):
    """办件及其状态流转：可查看案件的用户可查看其办件；只有本案工作人员可以执行操作（否则 403）。"""

    serializer_class = ItemSerializer
    permission_classes = [IsAuthenticated, CaseStaffOrReadOnly]

    def get_queryset(self):
        return api_items(self.request.user)

    @extend_schema(
        operation_id="items_transitions_available",
        summary="当前用户现在可以执行的办件操作",
        responses={200: AvailableActionSerializer(many=True), **_errors(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request, pk=None):
        item = self.get_object()
        return Response(AvailableActionSerializer(item_actions_available(item, request.user), many=True).data)

    @extend_schema(
        operation_id="items_transitions_apply",
        summary="执行办件操作（受理、审查、退回、决定、送达……）",
        request=PolymorphicProxySerializer(
            component_name="ItemTransition",
            serializers=ACTION_SERIALIZERS,
            resource_type_field_name="action",
        ),
        responses={200: ItemSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    @transitions.mapping.post
    def transition_apply(self, request, pk=None):
        item = item_action_apply(item=self.get_object(), by=request.user, data=request.data)
        # Read again, with its clocks as the move left them (the pause it began or ended).
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/v1/ (an id that is not a whole number, a misspelt
    name), whatever the method: the API's own 404 body, not the site's HTML page."""

    permission_classes = (AllowAny,)

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        raise NotFound()
