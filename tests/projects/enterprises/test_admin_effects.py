"""Changes the admin makes itself (no service of their own) reach the open pages too:
the app that knows its pages registers its announcer with the spine's admin."""

import pytest

from crm.models import AuditEntry
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_enterprise_deleted_in_the_admin_refreshes_its_pages(client, effects):
    enterprise = EnterpriseFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    def delete():
        response = client.post(f"/admin/projects/enterprise/{enterprise.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302

    seen = effects(delete, enterprise)
    assert seen.live == {f"enterprise-{enterprise.pk}": ["enterprise.deleted"]}
    assert AuditEntry.objects.filter(event="enterprise.deleted", subject_id=str(enterprise.pk)).exists()
