"""plotly.js served from the installed plotly package: charts work offline, no CDN."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from resonanz.web.app import bridge


@require_GET
@cache_control(public=True, max_age=86400)
def plotly_js(request: HttpRequest) -> FileResponse:
    """The plotly.min.js the report embeds, with a day of browser caching."""
    return FileResponse(bridge.plotly_js_path().open("rb"), content_type="text/javascript")
