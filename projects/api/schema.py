"""OpenAPI generation hooks (drf-spectacular)."""


def only_api_v1(endpoints):
    """Document the versioned API only: the Wagtail admin's internal DRF views
    under /cms/ are no part of the contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def bodies_required(result, generator, request, public):
    """Every body the API takes is required (an empty POST is a 400 naming the
    missing fields); drf-spectacular leaves a polymorphic body optional."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["requestBody"]["required"] = True
    return result
