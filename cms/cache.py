"""The public site's pages, cached whole for the public: an anonymous GET without a
query string (no session, no messages) is answered from the cache when it can be, and
only answers that are the same for every visitor are kept (a 200 that sets no cookie
and holds no CSRF token: the contact form's page is never cached).

Every page is stamped with the cache's generation; publishing, unpublishing, moving or
deleting a page or a biography, and any change to what the pages show from the CRM
(catalogue, zones and their reports, agents and their centres, the "3550" targets)
moves the generation on, so every page is rendered afresh: pages list one another
(sections, search), so one counter is both simpler and right. The generation moves at
once and again after the commit (a reader in between would otherwise keep the old page
under the new generation). The home page's figures of milestones finished are kept at
most ``CMS_PAGE_CACHE_SECONDS``."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from crm.transactions import after_commit_once

log = logging.getLogger(__name__)


def _generation_key() -> str:
    return f"{settings.CMS_PAGE_CACHE_PREFIX}generation"


def _page_key(request) -> str:
    """Per site, language and address (hashed: an address may be long or hold Chinese)."""
    address = f"{request.get_host()}\n{translation.get_language()}\n{request.path}"
    return f"{settings.CMS_PAGE_CACHE_PREFIX}page:{hashlib.sha256(address.encode()).hexdigest()}"


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _same_for_everyone(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def serve(request, path: str = ""):
    """Wagtail's page serving, through the cache when the request is the public's."""
    if not _cacheable_request(request):
        return wagtail_views.serve(request, path)
    key, generation_key = _page_key(request), _generation_key()
    try:
        found = cache.get_many([key, generation_key])
    except Exception as error:  # noqa: BLE001  (cache down: the page is rendered as if uncached)
        log.warning("page cache not read (%s)", error)
        return wagtail_views.serve(request, path)
    generation = found.get(generation_key, 0)
    stamped = found.get(key)
    if stamped is not None and stamped[0] == generation:
        return stamped[1]
    response = wagtail_views.serve(request, path)
    if request.method == "GET":

        def keep(rendered):
            if _same_for_everyone(request, rendered):
                try:
                    cache.set(key, (generation, rendered), settings.CMS_PAGE_CACHE_SECONDS)
                except Exception as error:  # noqa: BLE001
                    log.warning("page not cached (%s)", error)

        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(keep)
        else:
            keep(response)
    return response


def _generation_move(_state=None) -> None:
    """A CRM write never fails for the page cache: with the cache down, pages may be kept
    stale for at most ``CMS_PAGE_CACHE_SECONDS``."""
    key = _generation_key()
    try:
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # expired or evicted between the two calls
                cache.set(key, 1, timeout=None)
    except Exception as error:  # noqa: BLE001
        log.warning("cached pages not made stale (%s)", error)


def pages_stale() -> None:
    """Every cached page is stale now and again once the current transaction commits."""
    _generation_move()
    after_commit_once("cms.pages_stale", update=lambda state: None, make_state=lambda: None, run=_generation_move)


def _on_change(sender, **kwargs) -> None:
    pages_stale()


def _on_user_saved(sender, update_fields=None, **kwargs) -> None:
    """An agent's name or login shown in the directory (a sign-in saves only last_login)."""
    if update_fields is None or {"full_name", "is_active"} & set(update_fields):
        pages_stale()


def _on_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        pages_stale()


def _crm_models():
    from agents.models import ProxyAgent, ServiceCentre
    from crm.organisation.models import Department, Zone
    from projects.models import (
        ApprovalItem,
        ItemBundle,
        Material,
        MaterialRequirement,
        MilestoneDefinition,
        ProcessStep,
    )
    from regional_assessments.reports.models import AssessmentType, ZoneReport

    return (
        ApprovalItem,
        ProcessStep,
        Material,
        MaterialRequirement,
        ItemBundle,
        Department,
        Zone,
        ZoneReport,
        AssessmentType,
        ProxyAgent,
        ServiceCentre,
        MilestoneDefinition,
    )


def invalidation_connect() -> None:
    """Called from CmsConfig.ready: what makes the cached pages stale."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from cms.models import AgentBiography
    from projects.models import ItemBundle
    from regional_assessments.reports.models import ZoneReport

    uid = "cms.cache"
    for name, signal in (("published", page_published), ("unpublished", page_unpublished), ("moved", post_page_move)):
        signal.connect(_on_change, dispatch_uid=f"{uid}.page_{name}")
    post_delete.connect(_on_deleted, dispatch_uid=f"{uid}.page_deleted")
    for name, signal in (("published", published), ("unpublished", unpublished)):
        signal.connect(_on_change, sender=AgentBiography, dispatch_uid=f"{uid}.biography_{name}")
    for model in (*_crm_models(), Site):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.saved")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.{model._meta.label}.deleted")
    for through in (ItemBundle.items.through, ZoneReport.assessment_types.through):
        m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"{uid}.{through._meta.label}")
    post_save.connect(_on_user_saved, sender=get_user_model(), dispatch_uid=f"{uid}.user_saved")
