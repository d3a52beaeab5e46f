from django.shortcuts import render
from wagtail.models import Page, Revision

from crm.accounts.roles import Role, role_required


@role_required(Role.EDITOR)
def editor_home(request):
    """The editor's landing page: what is in the portal and what changed lately;
    editing itself happens in the Wagtail admin."""
    return render(
        request,
        "cms/editor_home.html",
        {
            "live_pages": Page.objects.live().filter(depth__gt=1).count(),
            "draft_pages": Page.objects.filter(depth__gt=1, live=False).count(),
            "recent_revisions": Revision.page_revisions.select_related("user").order_by("-created_at")[:10],
        },
    )
