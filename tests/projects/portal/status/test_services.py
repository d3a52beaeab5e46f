"""The verification code: made at creation, regenerated (audited, the old card stops
working, the cached answer goes), and the count of lookups."""

import pytest
from django.core.cache import cache

from crm.audit.models import AuditEntry
from projects.models import VERIFICATION_ALPHABET, VERIFICATION_LENGTH, Project
from projects.portal.status.services import status_lookup_count, verification_code_regenerate
from projects.public_status import status_lookups_key, status_lookups_of
from tests.factories import ProjectFactory
from tests.projects.portal.status.pages import answer_shown

pytestmark = pytest.mark.django_db


def test_every_project_gets_its_own_code_from_an_alphabet_without_look_alikes():
    codes = [ProjectFactory().verification_code for _ in range(20)]
    assert len(set(codes)) == 20
    for code in codes:
        assert len(code) == VERIFICATION_LENGTH and set(code) <= set(VERIFICATION_ALPHABET)
    assert not set("0O1IL") & set(VERIFICATION_ALPHABET)


@pytest.mark.django_db(transaction=True)  # the cached lookup goes after commit: real commits
def test_regenerate_changes_the_code_and_audits_who_without_the_codes(status_project, client, lookup_url):
    old_url = lookup_url(status_project)
    assert answer_shown(client.get(old_url)) != ""
    agent = status_project.agent.user
    old = status_project.verification_code

    project = verification_code_regenerate(project=status_project, by=agent)

    project.refresh_from_db()
    assert project.verification_code != old and len(project.verification_code) == VERIFICATION_LENGTH
    entry = AuditEntry.objects.get(event="project.verification_code_regenerated")
    assert entry.actor == agent and entry.subject_id == str(project.pk)
    assert old not in str(entry.before) + str(entry.after) + entry.reason
    assert project.verification_code not in str(entry.before) + str(entry.after) + entry.reason
    # the old card stops working at once; the new one works
    assert answer_shown(client.get(old_url)) == ""
    assert answer_shown(client.get(lookup_url(project))) != ""


def test_each_lookup_is_counted_in_the_cache_and_written_every_so_many(settings):
    settings.STATUS_LOOKUPS_FLUSH_EVERY = 5
    project = ProjectFactory()
    for _ in range(3):
        status_lookup_count(project_pk=project.pk)
    project.refresh_from_db()
    assert project.status_lookups == 0 and status_lookups_of(project) == 3
    for _ in range(9):
        status_lookup_count(project_pk=project.pk)
    project.refresh_from_db()
    assert project.status_lookups == 10 and status_lookups_of(project) == 12
    cache.delete(status_lookups_key(project.pk))  # a lost cache loses fewer than 5
    assert status_lookups_of(project) == 10
    status_lookup_count(project_pk=project.pk)
    assert status_lookups_of(project) == 11


def test_the_migration_gave_existing_projects_codes_of_their_own():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("projects.migrations.0016_status_lookup")
    projects = [ProjectFactory() for _ in range(3)]
    Project.objects.update(verification_code="SAMECODE")
    migration.codes_of_their_own(apps, None)
    codes = set(Project.objects.filter(pk__in=[p.pk for p in projects]).values_list("verification_code", flat=True))
    assert len(codes) == 3 and "SAMECODE" not in codes
