"""Audit events of the public site (registered from cms' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteEvent(models.TextChoices):
    CONTACT_REQUESTED = "contactrequest.created", _("公众请代办员联系")
