"""The item catalogue: approval items, materials, process steps, bundles."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.uploads import DOCUMENT_KINDS, UploadField, original_name_field

__all__ = [
    "MAX_PROCESS_STEPS",
    "ApprovalItem",
    "ItemBundle",
    "ItemKind",
    "Material",
    "MaterialForm",
    "MaterialRequirement",
    "MaterialSource",
    "OnlineLevel",
    "ProcessStage",
    "ProcessStep",
]


class ItemKind(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    COMMITTED = "committed", _("承诺件")


class OnlineLevel(models.TextChoices):
    FULLY_ONLINE = "fully_online", _("全程网办（零跑动）")
    ONLINE_PREREVIEW = "online_prereview", _("网上预审（最多跑一次）")
    AT_WINDOW = "at_window", _("窗口办理")


class ProcessStage(models.IntegerChoices):
    """Where an item falls in a project's life: the item picker lists items in this
    order, the order they are applied for (设立登记 → 开业 → 立项 → 用地 → 规划 → … → 施工)."""

    REGISTRATION = 10, _("设立登记")
    OPENING = 15, _("开业")
    APPROVAL = 20, _("立项")
    LAND = 30, _("用地")
    PLANNING = 40, _("规划")
    ASSESSMENT = 50, _("评估评价")
    DESIGN = 60, _("设计审查")
    CONSTRUCTION = 70, _("施工")
    COMPLETION = 80, _("竣工投产")
    OTHER = 90, _("其他")


class ApprovalItem(models.Model):
    """One entry of the published item catalogue (政务服务事项 / 审批事项)."""

    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属主项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_items",
        help_text=_("子项填写其主项"),
    )
    department = models.ForeignKey(
        "crm.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="approval_items"
    )
    legal_basis = models.TextField(_("设定依据"))
    kind = models.CharField(_("办件类型"), max_length=20, choices=ItemKind.choices, default=ItemKind.COMMITTED)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"))
    committed_days = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), help_text=_("不超过法定时限的一半；即办件为0（当日办结）")
    )
    fee = models.DecimalField(_("收费标准（元）"), max_digits=12, decimal_places=2, default=0)
    fee_basis = models.CharField(_("收费依据"), max_length=200, blank=True, help_text=_("不收费的填“不收费”"))
    online_level = models.CharField(_("网办深度"), max_length=20, choices=OnlineLevel.choices)
    proxiable = models.BooleanField(_("列入代办事项目录"), default=True)
    notification_commitment = models.BooleanField(_("可实行告知承诺制"), default=False)
    stage = models.PositiveSmallIntegerField(
        _("办理阶段"),
        choices=ProcessStage.choices,
        default=ProcessStage.OTHER,
        help_text=_("选择事项时按阶段先后排列"),
    )
    project_types = models.JSONField(
        _("通常需要的项目类型"),
        default=list,
        blank=True,
        help_text=_("为这些类型的项目选择事项时预先勾选；不选表示不预选"),
    )  # values of projects.enterprises ProjectType (the admin offers them as checkboxes)
    new_enterprise = models.BooleanField(
        _("新设企业通常需要"), default=False, help_text=_("为设立中的企业选择事项时预先勾选")
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = pgettext_lazy("plural", "审批事项目录")
        ordering = ["department", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committed_days__lte=models.F("statutory_days") / 2),
                name="item_committed_at_most_half_statutory",
                violation_error_message=_("承诺时限不得超过法定时限的一半"),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ItemKind.IMMEDIATE, committed_days=0) | Q(kind=ItemKind.COMMITTED, committed_days__gte=1)
                ),
                name="item_kind_matches_committed_days",
                violation_error_message=_("即办件的承诺时限为0；承诺件的承诺时限至少为1个工作日"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.statutory_days is not None and self.committed_days is not None:
            if self.committed_days * 2 > self.statutory_days:
                errors["committed_days"] = ValidationError(
                    _("承诺时限不得超过法定时限的一半：法定%(statutory)s个工作日，承诺时限最多%(limit)s个工作日"),
                    code="committed_over_half",
                    params={"statutory": self.statutory_days, "limit": self.statutory_days // 2},
                )
            elif self.kind == ItemKind.IMMEDIATE and self.committed_days != 0:
                errors["committed_days"] = ValidationError(_("即办件当日办结，承诺时限应为0"), code="immediate_days")
            elif self.kind == ItemKind.COMMITTED and self.committed_days == 0:
                errors["committed_days"] = ValidationError(
                    _("承诺件的承诺时限至少为1个工作日；当日办结的请选择“即办件”"), code="committed_zero"
                )
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = ValidationError(_("事项不能以自身为主项"), code="parent_self")
        if errors:
            raise ValidationError(errors)


MAX_PROCESS_STEPS = 4


class ProcessStep(models.Model):
    """A step of an item's process; at most four per item (单个事项办理环节不超过4个)."""

    item = models.ForeignKey(ApprovalItem, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(
        _("环节序号"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PROCESS_STEPS)]
    )
    name = models.CharField(_("环节名称"), max_length=50)
    description = models.CharField(_("办理要求"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = pgettext_lazy("plural", "办理环节")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="step_unique_order"),
            models.CheckConstraint(
                condition=Q(order__gte=1, order__lte=MAX_PROCESS_STEPS),
                name="step_at_most_four",
                violation_error_message=_("单个事项办理环节不超过4个"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")
    INTERMEDIARY = "intermediary", _("中介机构出具")


class Material(models.Model):
    """A kind of document (申请材料), shared across items so that one held for an
    enterprise is never asked for twice."""

    name = models.CharField(_("材料名称"), max_length=200, unique=True)
    source = models.CharField(
        _("来源"), max_length=20, choices=MaterialSource.choices, default=MaterialSource.APPLICANT
    )
    description = models.TextField(_("说明"), blank=True)
    reusable = models.BooleanField(_("可共享复用"), default=True, help_text=_("已提交过的可直接复用，不再要求重复提交"))

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = pgettext_lazy("plural", "申请材料")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ELECTRONIC = "electronic", _("电子件")


class MaterialRequirement(models.Model):
    """A material that an item requires, with its form template."""

    item = models.ForeignKey(
        ApprovalItem, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="requirements"
    )
    material = models.ForeignKey(
        Material, verbose_name=_("材料"), on_delete=models.PROTECT, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    form = models.CharField(_("材料形式"), max_length=20, choices=MaterialForm.choices, default=MaterialForm.ELECTRONIC)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必要"), default=True, help_text=_("非必要材料可容缺受理"))
    form_template = UploadField(
        _("表单模板"),
        upload_to="private/forms/",
        blank=True,
        kinds=DOCUMENT_KINDS,
        name_field="form_template_name",
        serve=("projects:form_template", "pk"),
    )
    form_template_name = original_name_field()
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("材料要求")
        verbose_name_plural = pgettext_lazy("plural", "材料要求")
        ordering = ["item", "order"]
        constraints = [models.UniqueConstraint(fields=["item", "material"], name="requirement_unique_material")]

    def __str__(self) -> str:
        return f"{self.item}：{self.material}"


class ItemBundle(models.Model):
    """A bundle (套餐 / 一件事): the items across departments that one business event
    needs, chosen together, submitted together, one trip."""

    name = models.CharField(_("套餐名称"), max_length=100, unique=True)
    description = models.TextField(_("适用情形"), blank=True)
    items = models.ManyToManyField(ApprovalItem, verbose_name=_("包含事项"), related_name="bundles")
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("事项套餐")
        verbose_name_plural = pgettext_lazy("plural", "事项套餐")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
