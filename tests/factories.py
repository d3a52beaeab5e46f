"""factory_boy factories, one per model that tests build."""

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from crm.accounts.roles import GROUP_NAMES, Role
from crm.identifiers import CREDIT_CODE_CHARSET, credit_code_check_character

_serial = itertools.count(100000)


def credit_code(n: int) -> str:
    """A valid unified social credit code (GB 32100) built from a number."""
    body = "913209" + "03" + f"{n:09d}"[-9:]
    body = "".join(c if c in CREDIT_CODE_CHARSET else "0" for c in body)
    return body + credit_code_check_character(body)


def project_code(n: int, year: int = 2026) -> str:
    return f"{year}-320903-04-01-{n:06d}"[-24:]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("demo-pass-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
            self.groups.add(group)


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Zone"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试高新区{n}")
    kind = "hi_tech_zone"
    division_code = "320903"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "crm.Department"

    name = factory.Sequence(lambda n: f"测试审批局{n}")
    zone = factory.SubFactory(ZoneFactory)


class ServiceCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agents.ServiceCentre"

    name = factory.Sequence(lambda n: f"代办中心{n}")
    zone = factory.SubFactory(ZoneFactory)


class ProxyAgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agents.ProxyAgent"

    user = factory.SubFactory(UserFactory, roles=[Role.AGENT])
    centre = factory.SubFactory(ServiceCentreFactory)
    employee_no = factory.Sequence(lambda n: f"DB{n:04d}")
    phone = "0515-88880000"


class SupervisorFactory(ProxyAgentFactory):
    """A centre's supervisor, who is also an agent of that centre."""

    user = factory.SubFactory(UserFactory, roles=[Role.SUPERVISOR, Role.AGENT])


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Enterprise"

    name = factory.Sequence(lambda n: f"测试科技有限公司{n}")
    credit_code = factory.LazyFunction(lambda: credit_code(next(_serial)))
    zone = factory.SubFactory(ZoneFactory)
    industry = "C"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    code = factory.LazyFunction(lambda: project_code(next(_serial)))
    name = factory.Sequence(lambda n: f"年产{n}万件精密部件项目")
    enterprise = factory.SubFactory(EnterpriseFactory)
    zone = factory.SelfAttribute("enterprise.zone")
    industry = "C"
    project_type = "industrial"
    investment_amount = Decimal("12000.00")
    land_area = Decimal("33000.00")

    @factory.post_generation
    def milestones(self, create, extracted, **kwargs):
        if create:
            from projects.investment.services import project_milestones_ensure

            project_milestones_ensure(project=self)


MON = dt.date(2026, 3, 2)  # an ordinary working Monday: the day most tests start on


def a_working_monday() -> dt.date:
    return MON


class EnterpriseContactFactory(factory.django.DjangoModelFactory):
    """An enterprise's contact person, with an account of the enterprise role."""

    class Meta:
        model = "projects.EnterpriseContact"

    enterprise = factory.SubFactory(EnterpriseFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.ENTERPRISE])
    name = "王经理"
    phone = "13800000000"


class ApprovalItemFactory(factory.django.DjangoModelFactory):
    """A catalogue item: committed (承诺件), free, fully online, its committed days half
    its statutory days unless given."""

    class Meta:
        model = "projects.ApprovalItem"

    code = factory.Sequence(lambda n: f"320903-CS-{n:05d}")
    name = factory.LazyAttribute(lambda item: f"事项{item.code}")
    department = factory.SubFactory(DepartmentFactory)
    legal_basis = "《行政许可法》"
    kind = "committed"
    committed_days = 5
    statutory_days = factory.LazyAttribute(lambda item: item.committed_days * 2)
    fee = Decimal(0)
    online_level = "fully_online"


def _assessment_types(codes):
    from regional_assessments.reports.models import AssessmentType

    return AssessmentType.objects.filter(code__in=codes)


class ZoneReportFactory(factory.django.DjangoModelFactory):
    """A zone's regional assessment report in force since 2025; ``assessment_types`` takes
    the codes of the assessments it covers."""

    class Meta:
        model = "regional_assessments.ZoneReport"
        skip_postgeneration_save = True

    zone = factory.SubFactory(ZoneFactory)
    title = factory.LazyAttribute(lambda report: f"{report.zone}区域评估报告")
    issuing_body = "管委会"
    valid_from = dt.date(2025, 1, 1)

    @factory.post_generation
    def assessment_types(self, create, extracted, **kwargs):
        if create and extracted is not None:
            self.assessment_types.set(_assessment_types(extracted))


class IntermediaryFactory(factory.django.DjangoModelFactory):
    """An intermediary in the pool; ``qualifications`` takes assessment type codes."""

    class Meta:
        model = "regional_assessments.Intermediary"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试中介{n}")

    @factory.post_generation
    def qualifications(self, create, extracted, **kwargs):
        if create and extracted is not None:
            self.qualifications.set(_assessment_types(extracted))


class ExpertFactory(factory.django.DjangoModelFactory):
    """An expert in the pool; ``specialties`` takes assessment type codes."""

    class Meta:
        model = "regional_assessments.Expert"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试专家{n}")

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted is not None:
            self.specialties.set(_assessment_types(extracted))
