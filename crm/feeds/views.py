from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from crm.accounts.roles import Role, has_role, role_required
from crm.feeds.services import (
    feed_calendar,
    feed_deadlines,
    feed_token_active,
    feed_token_ensure,
    feed_token_regenerate,
    feed_token_revoke,
    feed_urls,
    feed_user_for_token,
)
from crm.forms import CalendarFeedForm
from crm.pages import Done, page_act

FEED_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ENTERPRISE)


@require_safe
def calendar_ics(request, token: str):
    user = feed_user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(feed_calendar(user, request), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_act(user):
    def run(data):
        if data["action"] == "enable":
            feed_token_ensure(user=user)
            return _("日历订阅地址已生成。")
        if data["action"] == "regenerate":
            feed_token_regenerate(user=user)
            return _("已生成新的订阅地址，原地址已失效。请在日历应用中改用新地址。")
        # Revoking a feed that was never on says nothing.
        return Done(_("日历订阅已停用，原地址已失效。") if feed_token_revoke(user=user) else "")

    return run


@role_required(*FEED_ROLES)
def calendar_page(request):
    if request.method == "POST":
        return page_act(
            request,
            _feed_act(request.user),
            form=CalendarFeedForm(request.POST),
            back=reverse("calendar_feed"),
            keep=False,
        )
    token = feed_token_active(request.user)
    url, webcal_url = feed_urls(token, request) if token else ("", "")
    return render(
        request,
        "crm/calendar_feed.html",
        {
            "token": token,
            "feed_url": url,
            "webcal_url": webcal_url,
            "deadline_count": feed_deadlines(request.user).count(),
            "staff_feed": has_role(request.user, Role.AGENT, Role.SUPERVISOR),
        },
    )
