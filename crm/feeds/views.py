from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
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
from crm.forms import CalendarFeedForm, form_errors

FEED_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ENTERPRISE)


@require_safe
def calendar_ics(request, token: str):
    user = feed_user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(feed_calendar(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@role_required(*FEED_ROLES)
def calendar_page(request):
    if request.method == "POST":
        form = CalendarFeedForm(request.POST)
        action = form.cleaned_data["action"] if form.is_valid() else None
        if action is None:
            for message in form_errors(form):
                messages.error(request, message)
        elif action == "enable":
            feed_token_ensure(user=request.user)
            messages.success(request, _("日历订阅地址已生成。"))
        elif action == "regenerate":
            feed_token_regenerate(user=request.user)
            messages.success(request, _("已生成新的订阅地址，原地址已失效。请在日历应用中改用新地址。"))
        elif action == "revoke" and feed_token_revoke(user=request.user):
            messages.success(request, _("日历订阅已停用，原地址已失效。"))
        return redirect("calendar_feed")
    token = feed_token_active(request.user)
    url, webcal_url = feed_urls(token) if token else ("", "")
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
