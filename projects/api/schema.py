"""OpenAPI generation hooks (drf-spectacular)."""


def only_api_v1(endpoints):
    """Document the versioned API only: the Wagtail admin's internal DRF views
    under /cms/ are no part of the contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
