from crm.roles import HOME_URL_NAMES, primary_role


def role(request) -> dict:
    user = getattr(request, "user", None)
    current = primary_role(user) if user is not None else None
    return {"current_role": current, "current_role_home": HOME_URL_NAMES.get(current) if current else None}
