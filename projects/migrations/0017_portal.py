# The enterprise's side was built in parallel topics (projects.portal.*); this joins their migrations.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0016_enterprise_access_threads"),
        ("projects", "0016_enterprise_submissions"),
        ("projects", "0016_delivery_receipt"),
        ("projects", "0016_status_lookup"),
    ]

    operations = []
