"""Where each user lands after signing in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from crm.accounts.roles import HOME_URL_NAMES, primary_role


@login_required
def home(request):
    role = primary_role(request.user)
    if role is None:
        return render(request, "crm/no_role.html", status=403)
    return redirect(HOME_URL_NAMES[role])
