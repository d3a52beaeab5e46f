from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")


def editor_page_permissions_sync(sender, **kwargs) -> None:
    """Editors may add, edit and publish anywhere in the page tree (from its root);
    added on every migrate if missing, never removed."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Page

    from crm.accounts.roles import GROUP_NAMES, Role

    root = Page.get_first_root_node()
    if root is None:
        return
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.EDITOR])
    have = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
    )
    for kind in EDITOR_PAGE_PERMISSIONS:
        if f"{kind}_page" not in have:
            GroupPagePermission.objects.create(group=group, page=root, permission_type=kind)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from django.apps import apps

        # This app has no models, so it gets no post_migrate of its own: follow Wagtail's.
        post_migrate.connect(
            editor_page_permissions_sync,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="cms.editor_page_permissions",
        )
