"""What the API shows and accepts. Reads are plain representations; the input
serializers only check shape, the services decide (and say why they refuse)."""

import datetime as dt

from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agents.models import ProxyAgent
from crm.calendar.clock import ClockParty
from crm.calendar.selectors import clock_rows
from projects.cases.actions import ITEM_ACTIONS, VERIFY
from projects.investment.events import ITEM_EVENTS, MilestoneEvent
from projects.models import (
    ApprovalItem,
    DeadlineLevel,
    DeliveryMethod,
    Enterprise,
    ItemState,
    Material,
    Milestone,
    Project,
    ProjectItem,
    ProxyAuthorisation,
    ProxyCase,
    ServiceCommitment,
    deadline_level,
    working_days_left,
)

# --- errors ------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """所有错误的响应体：稳定的错误代码和页面上显示的同一句中文说明。"""

    code = serializers.CharField(help_text=_("错误代码，如 transition_not_allowed、concurrent_change、not_found"))
    detail = serializers.CharField(help_text=_("给用户看的中文说明"))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("逐字段的错误（仅请求数据有误时）"),
    )


# --- references ------------------------------------------------------------------------------


class EnterpriseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code"]


class AgentRefSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    centre = serializers.CharField(source="centre.name", read_only=True)

    class Meta:
        model = ProxyAgent
        fields = ["id", "name", "employee_no", "phone", "centre"]

    def get_name(self, agent: ProxyAgent) -> str:
        return str(agent)


class ProjectRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "code", "name"]


class ApprovalItemRefSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = ApprovalItem
        fields = ["id", "code", "name", "department", "kind", "statutory_days", "committed_days"]


class _ClockMixin(serializers.Serializer):
    """Working days left and urgency of a deadline clock, as of the request's day."""

    days_left = serializers.SerializerMethodField(
        help_text=_("距到期日的工作日数（负数为已超时；暂停时为暂停当日剩余）；未计时为 null")
    )
    level = serializers.SerializerMethodField()

    def _today(self) -> dt.date:
        return self.context.get("today") or timezone.localdate()

    def get_days_left(self, clock) -> int | None:
        return working_days_left(clock, self._today())

    @extend_schema_field(serializers.ChoiceField(choices=DeadlineLevel.choices, allow_null=True))
    def get_level(self, clock) -> str | None:
        return deadline_level(clock, self._today())

    # The two clocks (DOMAIN §3): the government's working days against the target,
    # the enterprise's and the others' apart; whom a stopped clock waits on.
    government_days = serializers.SerializerMethodField(
        help_text=_(
            "政府用时：起算后（不含起算日）至完成日或今天的工作日，扣除企业、中介机构和法定特别程序的暂停；未起算为 null"
        )
    )
    enterprise_days = serializers.SerializerMethodField(
        help_text=_("企业用时（补正、企业自身准备）工作日；未起算为 null")
    )
    other_days = serializers.SerializerMethodField(
        help_text=_("其他用时（中介机构、专家评审、听证、公示、现场勘验）工作日；未起算为 null")
    )
    within_target = serializers.SerializerMethodField(help_text=_("政府用时是否在目标时限之内；未起算为 null"))
    waiting_on = serializers.SerializerMethodField(help_text=_("暂停时等待的一方；未暂停为 null"))
    waiting_reason = serializers.SerializerMethodField(help_text=_("暂停原因；未暂停为 null"))

    def _clock(self, clock):
        if not hasattr(clock, "figures"):
            clock_rows([clock], today=self._today())
        return clock

    def get_government_days(self, clock) -> int | None:
        figures = self._clock(clock).figures
        return None if figures is None else figures.government

    def get_enterprise_days(self, clock) -> int | None:
        figures = self._clock(clock).figures
        return None if figures is None else figures.enterprise

    def get_other_days(self, clock) -> int | None:
        figures = self._clock(clock).figures
        return None if figures is None else figures.other

    def get_within_target(self, clock) -> bool | None:
        figures = self._clock(clock).figures
        return None if figures is None else figures.within_target

    @extend_schema_field(serializers.ChoiceField(choices=ClockParty.choices, allow_null=True))
    def get_waiting_on(self, clock) -> str | None:
        wait = self._clock(clock).wait
        return None if wait is None else wait.party

    def get_waiting_reason(self, clock) -> str | None:
        wait = self._clock(clock).wait
        return None if wait is None else wait.reason


# --- projects and milestones ---------------------------------------------------------------


class MilestoneSerializer(_ClockMixin, serializers.ModelSerializer):
    """“3550”里程碑：状态、到期日（暂定标记）和剩余工作日。"""

    code = serializers.CharField(source="definition.code", read_only=True)
    name = serializers.CharField(source="definition.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "code",
            "name",
            "state",
            "state_label",
            "target_working_days",
            "started_on",
            "due_date",
            "due_provisional",
            "paused_working_days",
            "paused_on",
            "days_left",
            "level",
            "government_days",
            "enterprise_days",
            "other_days",
            "within_target",
            "waiting_on",
            "waiting_reason",
            "finished_on",
            "outcome",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseRefSerializer(read_only=True)
    zone = serializers.CharField(source="zone.name", read_only=True)
    agent = AgentRefSerializer(read_only=True, allow_null=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "enterprise",
            "zone",
            "location",
            "industry",
            "project_type",
            "investment_amount",
            "land_area",
            "floor_area",
            "agent",
            "created_at",
            "milestones",
        ]


class ProjectEventSerializer(serializers.Serializer):
    """An event outside the system (the item events are recorded with the item's own
    transitions, which move the milestones their triggers name)."""

    event = serializers.ChoiceField(choices=[(v, l) for v, l in MilestoneEvent.choices if v not in ITEM_EVENTS])
    on = serializers.DateField(required=False, help_text=_("事件发生日期，默认今天；不能晚于今天"))


# --- cases and items ---------------------------------------------------------------------------


class ItemSerializer(_ClockMixin, serializers.ModelSerializer):
    """办件：状态、部门承诺时限的到期日和剩余工作日、受理/决定/送达信息。"""

    case = serializers.SerializerMethodField()
    approval_item = ApprovalItemRefSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = ProjectItem
        fields = [
            "id",
            "case",
            "approval_item",
            "state",
            "state_label",
            "committed_days",
            "by_commitment",
            "submitted_on",
            "acceptance_no",
            "started_on",
            "due_date",
            "due_provisional",
            "paused_working_days",
            "paused_on",
            "days_left",
            "level",
            "government_days",
            "enterprise_days",
            "other_days",
            "within_target",
            "waiting_on",
            "waiting_reason",
            "decided_on",
            "decision_no",
            "decision_note",
            "verification_due",
            "verified_on",
            "delivery_method",
            "carrier",
            "tracking_no",
            "delivered_on",
            "trips",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "number": {"type": "string"}},
            "required": ["id", "number"],
        }
    )
    def get_case(self, item: ProjectItem) -> dict:
        return {"id": item.case_id, "number": item.case.number}


class CaseItemSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        fields = [name for name in ItemSerializer.Meta.fields if name != "case"]


class AuthorisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProxyAuthorisation
        fields = ["signed_on", "signatory", "scope"]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceCommitment
        fields = ["content", "committed_on", "working_days", "due_date", "due_provisional"]


class CaseSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    enterprise = EnterpriseRefSerializer(read_only=True)
    project = ProjectRefSerializer(read_only=True, allow_null=True)
    agent = AgentRefSerializer(read_only=True)

    class Meta:
        model = ProxyCase
        fields = [
            "id",
            "number",
            "state",
            "state_label",
            "enterprise",
            "project",
            "agent",
            "first_contact_channel",
            "first_contact_on",
            "summary",
            "closed_on",
            "created_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    authorisation = AuthorisationSerializer(read_only=True, allow_null=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    items = CaseItemSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "authorisation", "commitments", "items"]


# --- item transitions --------------------------------------------------------------------------


# The item actions' names and labels, from the one table the case page uses too.
ACTION_CHOICES = [(name, action.label) for name, action in ITEM_ACTIONS.items()]

# What the schema promises about free text: something besides spaces, no NUL
# characters (PostgreSQL cannot store them), at most the column's length. The
# serializer refuses the same values, so a body the schema accepts is never refused
# as malformed.
NO_NUL = _("不能包含空字符（NUL）")
TEXT = RegexValidator(r"^[^\x00]*[^\s\x00][^\x00]*$", message=NO_NUL)
OPTIONAL_TEXT = RegexValidator(r"^[^\x00]*$", message=NO_NUL)


class TextField(serializers.CharField):
    """Text as the schema says: a JSON string. DRF would turn a number into its
    digits; a client sending one has made a mistake worth naming."""

    def to_internal_value(self, data) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _text(max_length: int, **kwargs) -> TextField:
    optional = kwargs.get("allow_blank", False)
    return TextField(max_length=max_length, validators=[OPTIONAL_TEXT if optional else TEXT], **kwargs)


def _action(*names: str) -> serializers.ChoiceField:
    """The ``action`` field of one body shape: only the actions that take it, so
    the schema's ``oneOf`` matches exactly one shape for any action."""
    labels = dict(ACTION_CHOICES)
    return serializers.ChoiceField(choices=[(name, labels[name]) for name in names])


@extend_schema_field({"type": "integer", "enum": [0, 1]})
class TripsField(serializers.IntegerField):
    """Documented as 0 or 1; any other whole number reaches the service, which says
    why it is refused (``trips_range``)."""


class ItemActionChoiceSerializer(serializers.Serializer):
    """Which action a body asks for, before the body is checked against its shape."""

    action = serializers.ChoiceField(choices=ACTION_CHOICES)


class ItemActionSerializer(serializers.Serializer):
    """corrected、pass_prereview、submit、start_review、resubmit：只需日期。

    每个操作都可带 expected_state（客户端最后看到的办件状态）。"""

    action = _action("corrected", "pass_prereview", "submit", "start_review", "resubmit")
    on = serializers.DateField(required=False, help_text=_("发生日期，默认今天；不能晚于今天"))
    expected_state = serializers.ChoiceField(
        choices=ItemState.choices,
        required=False,
        write_only=True,
        help_text=_("客户端看到的办件状态；办件已被他人改变时返回 409 concurrent_change"),
    )


class IdListField(serializers.ListField):
    """A list of ids; any wrong element is one sentence about the field (the error
    body keeps a list of sentences per field, never a map by position)."""

    child = serializers.IntegerField(min_value=1, max_value=2_147_483_647)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):
                raise serializers.ValidationError(_("请填写 id 的列表（正整数）")) from error
            raise


class ItemReasonActionSerializer(ItemActionSerializer):
    """request_correction（预审要求补正）、return_for_correction（部门退回补正）：须写明原因；
    可列出须补正的材料（该事项所需材料的 id），企业将逐项看到并上传。"""

    action = _action("request_correction", "return_for_correction")
    reason = _text(300)
    materials = IdListField(required=False, max_length=50, help_text=_("须补正的材料 id（须为该事项所需的材料）"))

    def validate_materials(self, ids: list[int]) -> list[Material]:
        found = list(Material.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise serializers.ValidationError(_("所列材料不存在"))
        return found


class ItemAcceptActionSerializer(ItemActionSerializer):
    """accept（部门受理）：受理编号；承诺时限自受理日起算。"""

    action = _action("accept")
    acceptance_no = _text(60)


class ItemApproveActionSerializer(ItemActionSerializer):
    """approve（准予许可）：决定文书编号。"""

    action = _action("approve")
    decision_no = _text(60)
    note = _text(300, required=False, allow_blank=True)


class ItemRejectActionSerializer(ItemActionSerializer):
    """reject（不予许可）：决定文书编号和理由。"""

    action = _action("reject")
    decision_no = _text(60)
    note = _text(300, help_text=_("不予许可的理由"))


class ItemDeliverActionSerializer(ItemActionSerializer):
    """deliver（送达）：送达方式和企业跑动次数；快递送达须填快递公司和单号。"""

    action = _action("deliver")
    delivery_method = serializers.ChoiceField(choices=DeliveryMethod.choices, source="method")
    trips = TripsField(help_text=_("企业跑动次数：0（零跑动）或1（最多跑一次）"))
    carrier = _text(30, required=False, allow_blank=True, help_text=_("快递送达时必填"))
    tracking_no = _text(40, required=False, allow_blank=True, help_text=_("快递送达时必填"))


class ItemVerifyActionSerializer(ItemActionSerializer):
    """verify（告知承诺制核查）。"""

    action = _action(VERIFY)
    note = _text(300, required=False, allow_blank=True)


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTION_CHOICES)
    label = serializers.CharField()
