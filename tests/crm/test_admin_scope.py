"""The Django admin is scoped like the pages: a supervisor sees their own centre, a
zone committee its own zone, editors, reviewers, agents and enterprise contacts no
model of another centre or zone, administrators everything; admin edits reach the
audit trail. Two sides (zone, centre, agents, enterprise, project, closed case, zone
report, material on file): every row the second side adds must stay out of reach of
the first side's users, through every registered model admin."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.urls import reverse

from crm.accounts.roles import Role
from crm.admin import ScopedAdminMixin, administrators_only, every_row, third_party_admins_scope
from crm.audit.models import AuditEntry
from projects.models import Enterprise, Material, Project
from projects.notice.services import material_on_file_record
from regional_assessments.reports.models import AssessmentType, ReportReuse, ZoneReport
from regional_assessments.reports.services import zone_report_register
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
    ZoneFactory,
)
from tests.projects.ratings.scenario import closed_case

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)
PROJECT_INLINES = {
    "milestones-TOTAL_FORMS": 0,
    "milestones-INITIAL_FORMS": 0,
    "code_changes-TOTAL_FORMS": 0,
    "code_changes-INITIAL_FORMS": 0,
}
ROLES = ("administrator", "supervisor", "agent", "zone_committee", "reviewer", "editor", "enterprise")


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _rows() -> dict:
    return {model: set(model._default_manager.values_list("pk", flat=True)) for model, _ in REGISTERED}


def _side(name: str, admin_user, phone: str) -> dict:
    """A zone with its centre, supervisor, agent, enterprise (and its contact), project,
    a closed case, a zone report with one reuse, and a material on file."""
    zone = ZoneFactory(name=f"{name}区")
    centre = ServiceCentreFactory(zone=zone, name=f"{name}代办中心")
    supervisor = SupervisorFactory(centre=centre, user__username=f"supervisor_{name}")
    agent = ProxyAgentFactory(
        centre=centre, user=UserFactory(username=f"agent_{name}", roles=[Role.AGENT]), phone=phone
    )
    enterprise = EnterpriseFactory(zone=zone, assigned_agent=agent, name=f"{name}科技有限公司")
    contact = EnterpriseContactFactory(enterprise=enterprise, user__username=f"enterprise_{name}")
    project = ProjectFactory(enterprise=enterprise, agent=agent, name=f"{name}精密部件项目")
    case = closed_case(agent=agent, enterprise=enterprise)
    report = zone_report_register(
        report=ZoneReport(
            zone=zone, title=f"{name}区域评估报告", issuing_body="管委会", valid_from=dt.date(2026, 1, 5)
        ),
        assessment_types=list(AssessmentType.objects.all()[:1]),
        by=admin_user,
    )
    ReportReuse.objects.create(
        project=project,
        report=report,
        assessment_type=report.assessment_types.get(),
        days_saved=10,
        fee_saved=Decimal(20000),
        reused_on=dt.date(2026, 2, 2),
        recorded_by=admin_user,
    )
    material, _ = Material.objects.get_or_create(name="营业执照")
    material_on_file_record(enterprise=enterprise, material=material, received_on=dt.date(2026, 2, 2), by=agent.user)
    committee = UserFactory(username=f"zone_{name}", roles=[Role.ZONE_COMMITTEE], zone=zone)
    return {
        "zone": zone,
        "centre": centre,
        "supervisor": supervisor,
        "agent": agent,
        "enterprise": enterprise,
        "contact": contact,
        "project": project,
        "case": case,
        "report": report,
        "committee": committee,
    }


@pytest.fixture
def two_sides(db):
    administrator = UserFactory(username="administrator", roles=[Role.ADMINISTRATOR])
    a = _side("甲", administrator, "13900000001")
    before = _rows()
    b = _side("乙", administrator, "13900000002")
    b_rows = {model: pks - before[model] for model, pks in _rows().items()}
    users = {
        "administrator": administrator,
        "supervisor": a["supervisor"].user,
        "agent": a["agent"].user,
        "zone_committee": a["committee"],
        "reviewer": UserFactory(username="reviewer", roles=[Role.REVIEWER]),
        "editor": UserFactory(username="editor", roles=[Role.EDITOR]),
        "enterprise": a["contact"].user,
    }
    for user in users.values():  # staff, so what keeps them out is the scope, not the login
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return {"a": a, "b": b, "b_rows": b_rows, "users": users}


def test_every_model_admin_declares_its_scope():
    """A new admin (ours or a third-party app's) must say whose rows it shows."""
    undeclared = [
        model._meta.label
        for model, model_admin in REGISTERED
        if not isinstance(model_admin, ScopedAdminMixin) or not callable(getattr(type(model_admin), "scope", None))
    ]
    assert undeclared == []


def test_third_party_admins_become_administrators_only():
    site = admin.AdminSite(name="probe")
    site.register(Group, GroupAdmin)
    third_party_admins_scope(site)
    scoped = site._registry[Group]
    assert isinstance(scoped, GroupAdmin) and type(scoped).scope is administrators_only


@pytest.mark.parametrize("role", ROLES)
def test_admin_shows_no_row_of_another_centre_or_zone(client, two_sides, role):
    """For every registered admin: the list shows none of side B's rows (all of them to
    an administrator), and B's change, history and delete pages are refused."""
    user = two_sides["users"][role]
    client.force_login(user)
    leaks, open_pages = [], []
    for model, model_admin in REGISTERED:
        changelist = client.get(_url(model, "changelist"))
        assert changelist.status_code in (200, 403), model._meta.label
        b_rows = two_sides["b_rows"][model]
        if changelist.status_code == 200:
            shown = {obj.pk for obj in changelist.context["cl"].result_list}
            if role == "administrator":
                assert b_rows <= shown, model._meta.label
            elif type(model_admin).scope is not every_row and shown & b_rows:
                leaks.append(model._meta.label)
        if role == "administrator" or type(model_admin).scope is every_row or not b_rows:
            continue
        pk = min(b_rows)
        for view in ("change", "history", "delete"):
            if client.get(_url(model, view, pk)).status_code == 200:
                open_pages.append(f"{model._meta.label} {view}")
    assert leaks == [] and open_pages == []


@pytest.mark.parametrize("role", [r for r in ROLES if r != "administrator"])
def test_posting_a_change_to_another_centres_rows_changes_nothing(client, two_sides, role):
    client.force_login(two_sides["users"][role])
    project, enterprise, report = two_sides["b"]["project"], two_sides["b"]["enterprise"], two_sides["b"]["report"]
    before = [model_to_dict(obj) for obj in (project, enterprise, report)]
    audited = AuditEntry.objects.count()
    posts = [
        (
            "projects",
            "project",
            project.pk,
            {
                **model_to_dict(project),
                "name": "改名",
                **PROJECT_INLINES,
            },
        ),
        (
            "projects",
            "enterprise",
            enterprise.pk,
            {**model_to_dict(enterprise), "name": "改名", "contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0},
        ),
        (
            "regional_assessments",
            "zonereport",
            report.pk,
            {
                "title": "改名",
                "zone": report.zone_id,
                "issuing_body": "x",
                "valid_from": "2026-01-05",
                "assessment_types": [t.pk for t in report.assessment_types.all()],
            },
        ),
    ]
    for app_label, model_name, pk, data in posts:
        data = {k: v for k, v in data.items() if v is not None}
        response = client.post(reverse(f"admin:{app_label}_{model_name}_change", args=[pk]), data)
        assert response.status_code in (302, 403)
        assert client.post(
            reverse(f"admin:{app_label}_{model_name}_delete", args=[pk]), {"post": "yes"}
        ).status_code in (302, 403)
    for obj in (project, enterprise, report):
        obj.refresh_from_db()
    assert [model_to_dict(obj) for obj in (project, enterprise, report)] == before
    assert AuditEntry.objects.count() == audited


def _change_form_data(client, url: str) -> dict:
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    return {k: v for k, v in data.items() if v is not None and not isinstance(v, FieldFile)}


def test_supervisor_edits_own_project_and_enterprise_through_audited_services(client, two_sides):
    a = two_sides["a"]
    supervisor = two_sides["users"]["supervisor"]
    client.force_login(supervisor)
    url = reverse("admin:projects_project_change", args=[a["project"].pk])
    data = _change_form_data(client, url)
    data.update(
        {
            "name": "甲精密部件扩建项目",
            **PROJECT_INLINES,
        }
    )
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.filter(event="project.updated", subject_id=str(a["project"].pk)).get()
    assert entry.actor == supervisor
    assert entry.before == {"name": "甲精密部件项目"} and entry.after == {"name": "甲精密部件扩建项目"}

    url = reverse("admin:projects_enterprise_change", args=[a["enterprise"].pk])
    data = _change_form_data(client, url)
    data.update({"responsible_leader": "李副区长", "contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0})
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.filter(event="enterprise.updated", subject_id=str(a["enterprise"].pk)).get()
    assert entry.actor == supervisor and entry.after == {"responsible_leader": "李副区长"}


def test_supervisor_cannot_pick_another_centres_agent_or_enterprise(client, two_sides):
    a, b = two_sides["a"], two_sides["b"]
    client.force_login(two_sides["users"]["supervisor"])
    url = reverse("admin:projects_project_change", args=[a["project"].pk])
    page = client.get(url)
    form = page.context["adminform"].form
    assert set(form.fields["agent"].queryset) == {a["supervisor"], a["agent"]}
    assert set(form.fields["enterprise"].queryset) == {a["enterprise"]}
    data = _change_form_data(client, url)
    data.update(
        {
            "agent": b["agent"].pk,
            "enterprise": b["enterprise"].pk,
            **PROJECT_INLINES,
        }
    )
    refused = client.post(url, data)
    assert refused.status_code == 200 and set(refused.context["adminform"].form.errors) == {"agent", "enterprise"}
    a["project"].refresh_from_db()
    assert a["project"].agent == a["agent"] and a["project"].enterprise == a["enterprise"]


def test_autocomplete_offers_only_rows_in_scope(client, two_sides):
    a = two_sides["a"]
    client.force_login(two_sides["users"]["supervisor"])

    def autocomplete(app_label, model_name, field_name):
        return client.get(
            "/admin/autocomplete/",
            {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""},
        )

    agents = autocomplete("projects", "project", "agent")
    assert agents.status_code == 200
    assert {int(row["id"]) for row in agents.json()["results"]} == {a["supervisor"].pk, a["agent"].pk}
    enterprises = autocomplete("projects", "project", "enterprise")
    assert {int(row["id"]) for row in enterprises.json()["results"]} == {a["enterprise"].pk}
    assert autocomplete("agents", "proxyagent", "user").status_code == 403  # accounts: administrators only
    client.force_login(two_sides["users"]["zone_committee"])
    assert autocomplete("projects", "project", "agent").status_code == 403
    client.force_login(two_sides["users"]["administrator"])
    assert len(autocomplete("projects", "project", "enterprise").json()["results"]) == Enterprise.objects.count()


def test_list_filters_name_only_the_supervisors_own_centre(client, two_sides):
    client.force_login(two_sides["users"]["supervisor"])
    page = client.get("/admin/agents/proxyagent/").content.decode()
    assert "甲代办中心" in page and "乙代办中心" not in page
    for url in ("/admin/projects/project/", "/admin/projects/enterprise/"):
        page = client.get(url).content.decode()
        assert "甲区" in page and "乙区" not in page
    client.force_login(two_sides["users"]["administrator"])
    assert "乙代办中心" in client.get("/admin/agents/proxyagent/").content.decode()


def test_supervisor_reads_only_own_centres_agents_and_no_audit_trail(client, two_sides):
    a, b = two_sides["a"], two_sides["b"]
    client.force_login(two_sides["users"]["supervisor"])
    agents = client.get("/admin/agents/proxyagent/")
    assert set(agents.context["cl"].result_list) == {a["supervisor"], a["agent"]}
    assert b["agent"].phone not in agents.content.decode()
    assert client.get("/admin/crm/auditentry/").status_code == 403
    assert "/admin/crm/auditentry/" not in client.get("/admin/").content.decode()
    projects = client.get("/admin/projects/project/")
    assert set(projects.context["cl"].result_list) == {a["project"]}


def test_zone_committee_keeps_own_zones_reports_audited(client, two_sides):
    a, b = two_sides["a"], two_sides["b"]
    committee = two_sides["users"]["zone_committee"]
    client.force_login(committee)
    listed = client.get("/admin/regional_assessments/zonereport/")
    assert set(listed.context["cl"].result_list) == {a["report"]}
    add = client.get("/admin/regional_assessments/zonereport/add/").context["adminform"].form
    assert set(add.fields["zone"].queryset) == {a["zone"]}
    url = reverse("admin:regional_assessments_zonereport_change", args=[a["report"].pk])
    data = _change_form_data(client, url)
    data.update({"approval_no": "甲管发〔2026〕3号"})
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(event="regional_report.updated", subject_id=str(a["report"].pk))
    assert entry.actor == committee and entry.after == {"approval_no": "甲管发〔2026〕3号"}
    reuses = client.get("/admin/regional_assessments/reportreuse/")
    assert {reuse.report for reuse in reuses.context["cl"].result_list} == {a["report"]}
    assert b["report"].title not in reuses.content.decode()


def test_calendar_import_and_export_need_the_permissions(client, two_sides):
    client.force_login(two_sides["users"]["supervisor"])
    assert client.get("/admin/crm/calendarday/import/").status_code == 403
    assert client.post("/admin/crm/calendarday/export/", {"format": 0}).status_code == 403
    client.force_login(two_sides["users"]["administrator"])
    assert client.get("/admin/crm/calendarday/import/").status_code == 200


def test_administrator_edit_of_a_project_is_audited(client, two_sides):
    b = two_sides["b"]
    client.force_login(two_sides["users"]["administrator"])
    url = reverse("admin:projects_project_change", args=[b["project"].pk])
    data = _change_form_data(client, url)
    data.update(
        {
            "investment_amount": "15000.00",
            **PROJECT_INLINES,
        }
    )
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(event="project.updated", subject_id=str(b["project"].pk))
    assert entry.before == {"investment_amount": "12000.00"} and entry.after == {"investment_amount": "15000.00"}
    assert Project.objects.get(pk=b["project"].pk).investment_amount == Decimal("15000.00")


def test_administrator_registers_an_enterprise_with_a_contact_audited(client, two_sides):
    a = two_sides["a"]
    client.force_login(two_sides["users"]["administrator"])
    data = {
        "name": "丙新材料有限公司",
        "credit_code": "",
        "zone": a["zone"].pk,
        "industry": "C",
        "legal_representative": "孙丙",
        "registered_address": "",
        "registered_capital": "",
        "assigned_agent": a["agent"].pk,
        "responsible_leader": "",
        "contacts-TOTAL_FORMS": 1,
        "contacts-INITIAL_FORMS": 0,
        "contacts-0-name": "钱经理",
        "contacts-0-phone": "13800000009",
    }
    response = client.post(reverse("admin:projects_enterprise_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise = Enterprise.objects.get(name="丙新材料有限公司")
    assert (enterprise.legal_representative, enterprise.assigned_agent) == ("孙丙", a["agent"])
    assert list(enterprise.contacts.values_list("name", flat=True)) == ["钱经理"]
    events = set(AuditEntry.objects.filter(subject_id=str(enterprise.pk)).values_list("event", flat=True))
    assert events == {"enterprise.registered", "enterprise.updated", "enterprise.contact_added"}


def test_giving_an_account_access_to_an_enterprise_is_audited(client, two_sides):
    """A contact's account signs in for the enterprise: adding, changing and removing one
    in the admin each reach the audit trail, whoever does it."""
    from projects.models import EnterpriseContact

    a, users = two_sides["a"], two_sides["users"]
    enterprise, administrator = a["enterprise"], users["administrator"]
    client.force_login(administrator)
    url = reverse("admin:projects_enterprise_change", args=[enterprise.pk])
    account = UserFactory(username="new_contact_account", roles=["enterprise"])

    def post(**contacts):
        data = _change_form_data(client, url)
        existing = list(enterprise.contacts.order_by("pk"))
        data.update({"contacts-TOTAL_FORMS": len(existing) + 1, "contacts-INITIAL_FORMS": len(existing)})
        for n, contact in enumerate(existing):
            data.update(
                {
                    f"contacts-{n}-id": contact.pk,
                    f"contacts-{n}-enterprise": enterprise.pk,
                    f"contacts-{n}-name": contact.name,
                    f"contacts-{n}-phone": contact.phone,
                    f"contacts-{n}-user": contact.user_id or "",
                }
            )
        data.update(contacts)
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        return len(existing)

    new = post()
    post(
        **{f"contacts-{new}-name": "周助理", f"contacts-{new}-phone": "13800000010", f"contacts-{new}-user": account.pk}
    )
    contact = EnterpriseContact.objects.get(name="周助理")
    added = AuditEntry.objects.get(event="enterprise.contact_added", subject_id=str(enterprise.pk))
    assert added.actor == administrator and added.after["user"] == str(account.pk)

    n = list(enterprise.contacts.order_by("pk")).index(contact)
    post(**{f"contacts-{n}-phone": "13800000011"})
    changed = AuditEntry.objects.get(event="enterprise.contact_changed", subject_id=str(enterprise.pk))
    assert changed.before == {"phone": "13800000010"} and changed.after == {"phone": "13800000011"}

    post(**{f"contacts-{n}-DELETE": "on"})
    assert not EnterpriseContact.objects.filter(pk=contact.pk).exists()
    removed = AuditEntry.objects.get(event="enterprise.contact_removed", subject_id=str(enterprise.pk))
    assert removed.before["user"] == str(account.pk)


def test_a_value_outside_the_choices_already_on_the_row_still_saves(client, two_sides):
    """A project of the supervisor's zone with no agent yet is theirs, while its
    enterprise (no agent, no case) is not: the form keeps that enterprise selectable."""
    a = two_sides["a"]
    unassigned = EnterpriseFactory(zone=a["zone"])
    project = ProjectFactory(enterprise=unassigned, name="甲待分配项目")
    client.force_login(two_sides["users"]["supervisor"])
    url = reverse("admin:projects_project_change", args=[project.pk])
    choices = set(client.get(url).context["adminform"].form.fields["enterprise"].queryset)
    assert choices == {a["enterprise"], unassigned}
    data = _change_form_data(client, url)
    data.update({"name": "甲待分配项目（一期）", **PROJECT_INLINES})
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.enterprise) == ("甲待分配项目（一期）", unassigned)


def test_an_enterprise_seen_through_an_old_case_is_read_only_for_that_centre(client, two_sides):
    """Centre A once served enterprise B (a closed case): A's supervisor may read it
    in the admin, not correct it or give it to one of A's agents."""
    a, b = two_sides["a"], two_sides["b"]
    closed_case(agent=a["agent"], enterprise=b["enterprise"])
    supervisor = two_sides["users"]["supervisor"]
    client.force_login(supervisor)
    url = reverse("admin:projects_enterprise_change", args=[b["enterprise"].pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = {"name": "被改名", "assigned_agent": a["agent"].pk, "contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0}
    client.post(url, data)
    b["enterprise"].refresh_from_db()
    assert (b["enterprise"].name, b["enterprise"].assigned_agent) == ("乙科技有限公司", b["agent"])


def test_administrator_edits_of_agents_and_deletions_are_audited(client, two_sides):
    """An agent's centre decides whose cases it sees: moving one is in the audit trail,
    and so is whatever the admin deletes."""
    a, b = two_sides["a"], two_sides["b"]
    administrator = two_sides["users"]["administrator"]
    client.force_login(administrator)
    agent = a["agent"]
    url = reverse("admin:agents_proxyagent_change", args=[agent.pk])
    data = _change_form_data(client, url)
    data["centre"] = b["centre"].pk
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(event="proxyagent.updated", subject_id=str(agent.pk))
    assert entry.actor == administrator
    assert entry.before == {"centre": a["centre"].pk} and entry.after == {"centre": b["centre"].pk}

    tag = Group.objects.create(name="临时组")
    client.post(reverse("admin:auth_group_delete", args=[tag.pk]), {"post": "yes"})
    assert not Group.objects.filter(pk=tag.pk).exists()
    assert AuditEntry.objects.filter(event="group.deleted", subject_id=str(tag.pk), actor=administrator).exists()
