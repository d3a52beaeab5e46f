from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalAssessmentsConfig(AppConfig):
    name = "regional_assessments"
    verbose_name = _("区域评估")
