from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
MODERATOR_PAGE_PERMISSIONS = ("change", "publish")
EDITOR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
# Moderators open and approve what editors submit (agents' biographies included; Wagtail
# creates the snippet's "publish" permission after migrating, so the sync runs on every
# app's post_migrate).
MODERATOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "cms.view_agentbiography",
    "cms.change_agentbiography",
    "cms.publish_agentbiography",
)
# Who approves explainers in Wagtail's workflow (administrators may too: Wagtail lets
# superusers approve any task).
MODERATOR_GROUP = "门户审核"


def _page_permissions(group, root, kinds) -> None:
    from wagtail.models import GroupPagePermission

    have = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
    )
    for kind in kinds:
        if f"{kind}_page" not in have:
            GroupPagePermission.objects.create(group=group, page=root, permission_type=kind)


def editor_page_permissions_sync(sender, **kwargs) -> None:
    """Editors may add, edit and publish anywhere in the page tree (from its root) and
    use the image and document libraries; moderators may review and publish. Added on
    every migrate if missing, never removed."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, Page

    from crm.accounts.roles import GROUP_NAMES, Role

    root = Page.get_first_root_node()
    if root is None:
        return
    editors, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.EDITOR])
    _page_permissions(editors, root, EDITOR_PAGE_PERMISSIONS)
    moderators, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    _page_permissions(moderators, root, MODERATOR_PAGE_PERMISSIONS)
    for dotted in MODERATOR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            moderators.permissions.add(permission)
    collection = Collection.get_first_root_node()
    if collection is None:
        return
    for dotted in EDITOR_COLLECTION_PERMISSIONS:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(group=editors, collection=collection, permission=permission)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from cms.events import SiteEvent
        from crm.audit.events import audit_events_register

        audit_events_register(SiteEvent)

        post_migrate.connect(editor_page_permissions_sync, dispatch_uid="cms.editor_page_permissions")

        from cms.cache import invalidation_connect

        invalidation_connect()
