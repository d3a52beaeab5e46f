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


def a_working_monday() -> dt.date:
    return dt.date(2026, 3, 2)
