from django.shortcuts import render
from wagtail.models import Page, Revision

from cms.cache import serve
from cms.selectors import moderation_awaiting
from crm.accounts.roles import Role, role_required
from crm.accounts.views import home


def site_home(request):
    """``/``: signed-in users go on to their role's home as before; the public gets the
    site's home page."""
    if request.user.is_authenticated:
        return home(request)
    return serve(request, "")


def site_page(request, path: str = ""):
    """Every other address: a page of the public site (cached for the public)."""
    return serve(request, path)


@role_required(Role.EDITOR)
def editor_home(request):
    """The editor's landing page: what is in the portal, what awaits moderation and
    what changed lately; editing itself happens in the Wagtail admin."""
    return render(
        request,
        "cms/editor_home.html",
        {
            "live_pages": Page.objects.live().filter(depth__gt=1).count(),
            "draft_pages": Page.objects.filter(depth__gt=1, live=False).count(),
            "recent_revisions": Revision.page_revisions.select_related("user").order_by("-created_at")[:10],
            "awaiting": moderation_awaiting(),
        },
    )


def page_not_found(request, exception=None):
    """404 in the public site's look for the public; staff keep their own page."""
    template = "404.html" if request.user.is_authenticated else "cms/404.html"
    return render(request, template, status=404)


def server_error(request):
    """500 in the public site's look, from a template that reads nothing (no database)."""
    return render(request, "cms/500.html", status=500)
