"""Cases already linked to another centre's project (possible before hand-over
requests existed) lose the link: for an open case it becomes a pending hand-over
request to the owning centre's supervisor; every unlinking is in the audit trail."""

from django.db import migrations

OPEN = ("intake", "authorised")


def _zone_ids_within(Zone, zone_id):
    ids, level = [zone_id], [zone_id]
    while level:
        level = list(Zone.objects.filter(parent_id__in=level).exclude(pk__in=ids).values_list("pk", flat=True))
        ids.extend(level)
    return ids


def _centre_covering(ServiceCentre, zone):
    while zone is not None:
        centre = ServiceCentre.objects.filter(zone_id=zone.pk).order_by("pk").first()
        if centre is not None:
            return centre
        zone = zone.parent
    return None


def unlink_other_centres(apps, schema_editor):
    ProxyCase = apps.get_model("projects", "ProxyCase")
    HandoverRequest = apps.get_model("projects", "HandoverRequest")
    ServiceCentre = apps.get_model("agents", "ServiceCentre")
    Zone = apps.get_model("crm", "Zone")
    AuditEntry = apps.get_model("crm", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    within = {}
    cases = ProxyCase.objects.filter(project__isnull=False).select_related(
        "agent__centre__zone", "project__agent__centre", "project__zone", "enterprise"
    )
    case_type = None
    for case in cases.iterator():
        centre, project = case.agent.centre, case.project
        if project.agent_id is not None:
            if project.agent.centre_id == centre.pk:
                continue
            owner = project.agent.centre
        else:
            if centre.zone_id not in within:
                within[centre.zone_id] = set(_zone_ids_within(Zone, centre.zone_id))
            if project.zone_id in within[centre.zone_id]:
                continue
            owner = _centre_covering(ServiceCentre, project.zone)
        if case_type is None:
            case_type, _ = ContentType.objects.get_or_create(app_label="projects", model="proxycase")
        ProxyCase.objects.filter(pk=case.pk).update(project=None)
        requested = case.state in OPEN and owner is not None
        if requested:
            HandoverRequest.objects.create(
                project=project,
                case=case,
                centre=owner,
                requested_by=None,
                note="系统升级：原有关联属于其他代办中心的项目，转为移交申请",
            )
        AuditEntry.objects.create(
            actor=None,
            actor_label="系统",
            event="case.project_unlinked",
            subject_type=case_type,
            subject_id=str(case.pk),
            subject_label=f"{case.number} {case.enterprise.name}"[:200],
            before={"project": project.code},
            after={"project": None},
            reason="项目属于其他代办中心，" + ("已转为移交申请" if requested else "取消关联"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0011_handover_requests"),
        ("agents", "0001_initial"),
        ("crm", "0004_audit_effective_on"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(unlink_other_centres, migrations.RunPython.noop)]
