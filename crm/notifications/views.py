from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from crm.forms import PageForm, bad_request
from crm.models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    form = PageForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    notifications = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(form.cleaned_data["page"])
    return render(request, "crm/notifications.html", {"page": page})


@require_POST
@login_required
def notification_open(request, pk: int):
    """Mark read and go where it points (only within this site)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


@require_POST
@login_required
def notifications_read_all(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")
