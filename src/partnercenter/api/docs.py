"""Interactive docs at /api/v1/docs with Swagger UI served from this server, not a CDN.

django-ninja only serves its bundled Swagger UI when "ninja" is an installed
app; otherwise its page loads the UI from a CDN, which fails offline and on
networks that block it. This page uses the same bundled files, served by the
API itself at /api/v1/docs/assets/<name>.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger, _csrf_needed

from partnercenter.api.errors import NotFound

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"}

router = Router(tags=["docs"])


class LocalSwagger(Swagger):
    """Swagger UI whose scripts and styles come from this server."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        import json

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, "api/swagger.html", context)


@router.get("/docs/assets/{name}", auth=None, include_in_schema=False)
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise NotFound(f"No asset {name!r}.", field="name")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
