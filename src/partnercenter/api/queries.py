"""Query parameters are single values: `?level=a&level=b` is refused, never "the last one wins"."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse


def single_query_values(run: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (422, naming the parameter) a query parameter given more than once.

    Every query parameter the API documents is a single value; silently using one of
    several would answer a question the caller did not ask.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = getattr(request, "user", None)
        if "Authorization" not in request.headers and not (user and user.is_authenticated):
            return run(request, *args, **kwargs)  # anonymous: authentication answers first
        for key, values in request.GET.lists():
            if len(values) > 1:
                message = "Give this parameter once."
                return JsonResponse(
                    {
                        "code": "invalid",
                        "message": f"{key}: {message}",
                        "field": key,
                        "errors": [{"loc": ["query", key], "msg": message}],
                    },
                    status=422,
                )
        return run(request, *args, **kwargs)

    return wrapper
