"""Beat schedules, stored with django-celery-beat so administrators can edit them."""

from django.db import migrations


def up(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="重新计算暂定期限（每日）",
        defaults={
            "task": "crm.tasks.deadlines_recompute",
            "crontab": nightly,
            "kwargs": "{}",
            "description": "节假日安排更新（含软件升级带来的新年度数据）后，暂定到期日重新计算并去掉“暂定”标记",
        },
    )


def down(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="crm.tasks.deadlines_recompute").delete()


class Migration(migrations.Migration):
    dependencies = [("crm", "0002_audit_append_only"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(up, down)]
