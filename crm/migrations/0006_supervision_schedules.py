"""The supervision sweep (every 5 minutes) and the supervisors' daily digest (08:30),
stored with django-celery-beat so administrators can change them in the admin."""

from django.db import migrations


def up(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="电子监察巡检（每5分钟）",
        defaults={
            "task": "crm.tasks.supervision_sweep",
            "interval": every_five,
            "kwargs": "{}",
            "description": "找出等级变化（正常→预警→超时）的期限并各发一次提醒；补发代理或工作进程中断时未发出的通知",
        },
    )
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="代办中心监察日报（每日）",
        defaults={
            "task": "crm.tasks.supervisors_digest",
            "crontab": morning,
            "kwargs": "{}",
            "description": "向各代办中心负责人发送本中心超时和预警事项清单",
        },
    )


def down(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=["crm.tasks.supervision_sweep", "crm.tasks.supervisors_digest"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("crm", "0005_supervision_outbox"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(up, down)]
