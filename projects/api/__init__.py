"""The versioned JSON API (``/api/v1/``) the provincial one-network platform (一网通办)
integrates with; OpenAPI schema at ``/api/schema/``, Swagger UI at ``/api/docs/``.

Same rules as the pages: lists hold only what the user may see, anything else is a
404 (never a 403, so ids cannot be probed); a visible object the user may not act on
is a 403; every write goes through ``projects.services``.

A machine client is an ordinary user holding the role whose scope it needs (a
zone-committee account sees its zone's projects, an agent account acts on its own
cases). An administrator issues its token with ``python manage.py drf_create_token
<username>`` (``-r`` replaces it) or in the admin (认证令牌 › 令牌); the client sends
``Authorization: Token <key>`` with every request.
"""
