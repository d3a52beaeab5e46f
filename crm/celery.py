import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The spine keeps its tasks beside their services (Django apps only get "<app>.tasks").
app.autodiscover_tasks(["crm.calendar", "crm.notifications", "crm.supervision"])

if app.conf.broker_url.startswith("filesystem://"):
    # The filesystem transport has no fan-out exchange: no remote control, no gossip.
    app.conf.worker_enable_remote_control = False
