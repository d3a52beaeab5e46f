import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks live beside their services, in topic packages (Django apps only get "<app>.tasks").
app.autodiscover_tasks(
    [
        "crm.calendar",
        "crm.imports",
        "crm.notifications",
        "crm.supervision",
        "projects.ratings",
        "projects.monthly_reports",
    ]
)

if app.conf.broker_url.startswith("filesystem://"):
    # The filesystem transport has no fan-out exchange: no remote control, no gossip.
    app.conf.worker_enable_remote_control = False
