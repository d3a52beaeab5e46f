"""Every admin page (list, add, change) renders, in Chinese, for every registered model."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


@pytest.fixture
def demo(db):
    call_command("demo", verbosity=0)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_admin_pages_render(admin_client, demo, model, model_admin):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert changelist.status_code == 200
    if model_admin.has_add_permission(changelist.wsgi_request):
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    instance = model._default_manager.order_by("pk").first()
    if instance is not None:
        assert admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[instance.pk])).status_code == 200


def test_admin_speaks_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "投资项目代办服务系统" in page and "审批事项目录" in page and "里程碑定义" in page


def test_item_with_committed_days_over_half_is_refused_in_admin(admin_client, demo):
    from crm.organisation.models import Department

    response = admin_client.post(
        "/admin/projects/approvalitem/add/",
        {
            "code": "TEST-0001",
            "name": "测试事项",
            "department": Department.objects.first().pk,
            "legal_basis": "测试依据",
            "kind": "committed",
            "statutory_days": 20,
            "committed_days": 11,
            "fee": "0",
            "online_level": "fully_online",
            "steps-TOTAL_FORMS": 0,
            "steps-INITIAL_FORMS": 0,
            "requirements-TOTAL_FORMS": 0,
            "requirements-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "承诺时限不得超过法定时限的一半" in response.content.decode()


def test_project_code_change_in_admin_requires_reason_and_keeps_history(admin_client, demo):
    from projects.models import Project

    project = Project.objects.order_by("pk").first()
    page = admin_client.get(f"/admin/projects/project/{project.pk}/change/")
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"code": "2026-320903-04-01-999999", "code_change_reason": ""})
    for prefix in ("milestones", "code_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    refused = admin_client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert refused.status_code == 200 and "必须填写变更原因" in refused.content.decode()
    data["code_change_reason"] = "重新赋码"
    admin_client.post(f"/admin/projects/project/{project.pk}/change/", data)
    project.refresh_from_db()
    change = project.code_changes.last()
    assert project.code == "2026-320903-04-01-999999"
    assert change is not None and change.new_code == project.code and change.reason == "重新赋码"
